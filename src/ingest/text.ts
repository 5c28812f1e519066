/**
 * Ingest text helpers
 * ===================
 *
 * Small pure functions every reader shares: the normalised title that is the merge key, the slug
 * ids derive from, ISO date normalisation with plausibility checks, arXiv id and DOI
 * canonicalisation, author and category lists. No I/O, no clock (the caller passes `maxYear`).
 */

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The merge key of a title: Unicode-folded, lowercase, every run of non-letters/digits one space.
 * "Fast, Expressive SE$(n)$ Equivariant Networks" → "fast expressive se n equivariant networks".
 */
export function normaliseTitle(title: string): string {
  if (!NON_ASCII.test(title)) return title.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  return title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "") // combining accents: "é" → "e"
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Longest slug kept in a derived id; titles are cut at a word boundary below this. */
export const MAX_SLUG_LENGTH = 60;

/**
 * A stable slug of a title for derived ids, cut at a word boundary.
 * "AWQ: Activation-aware Weight Quantization for LLM Compression" → "awq-activation-aware-weight-quantization-for-llm-compression".
 */
export function slugifyTitle(title: string, maxLength = MAX_SLUG_LENGTH): string {
  const words = normaliseTitle(title).split(" ").filter(Boolean);
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) {
      if (!slug) slug = word.slice(0, maxLength); // one very long word
      break;
    }
    slug = next;
  }
  return slug || "untitled";
}

/**
 * An abstract without what databases put in or after it that is not the author's text: Scopus's
 * "[No abstract available]", and the publisher's notice ending it ("... baselines. (C) 2019
 * Elsevier B.V. All rights reserved.", "Copyright © 2020 Elsevier Inc.") → "... baselines."
 */
export function abstractText(abstract: string): string {
  if (abstract.length < 40 && /^\s*\[?no abstract available\.?\]?\s*$/i.test(abstract)) return "";
  // most abstracts have no notice: looking at the end first spares scanning every text (the 80k
  // file's abstracts: 0.06–0.2 s, against 0.44–0.51 s)
  if (!/\(c\)|©|copyright/i.test(abstract.slice(-260))) return abstract;
  return abstract.replace(/\s*(?:copyright\s*)?(?:\(c\)|©|copyright)\s*(?:19|20)\d{2}\b[^]{0,200}$/i, "");
}

/**
 * Collapses runs of whitespace (newlines inside quoted CSV fields, wrapped Atom titles) into one
 * space and composes accents (NFC): "Mu\u0308ller" → "Müller"; a dotless i with an accent, which
 * LaTeX's {\"\i} decodes to, becomes the accented i: "na\u0131\u0308ve" → "naïve".
 */
export function cleanText(text: string): string {
  // Only runs that are not already one plain space: /\s+/g would also rewrite each of an
  // abstract's ~200 single spaces (a second of 80k abstracts), to the same text.
  const collapsed = text.replace(/(?: \s|[^\S ])\s*/g, " ").trim();
  if (!NON_ASCII.test(collapsed)) return collapsed; // most abstracts: nothing to compose
  return collapsed.replace(/\u0131(?=[\u0300-\u036f])/g, "i").normalize("NFC");
}

/**
 * Text from an input made fit for a one-line message: whitespace and control characters become one
 * space, and it is cut to `max` characters (never inside an astral symbol) with "…".
 * `"a\n\tb"` → "a b"; a 2 MB title → its first 80 characters and "…".
 */
export function shorten(text: string, max = 80): string {
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text; // never scan a 20 MB value
  const flat = head.replace(/[\s\p{Cc}\p{Zl}\p{Zp}]+/gu, " ").trim();
  if (flat.length <= max && head === text) return flat;
  if (flat.length <= max) return `${flat}…`;
  const cut = /[\uD800-\uDBFF]/.test(flat[max - 1] ?? "") ? max - 1 : max;
  return `${flat.slice(0, cut)}…`;
}

/** A value from an input, quoted for a message: `quote("a\nb")` → `"a b"`; objects as JSON; long ones cut (see `shorten`). */
export function quote(value: unknown, max = 80): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return `"${shorten(text, max)}"`;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

/** Month number of an English month name or abbreviation ("Jun", "june" → 6), else undefined. */
export function monthNumber(name: string): number | undefined {
  const key = name.toLowerCase();
  return MONTHS[key] ?? MONTHS[key.slice(0, 3)];
}

/** Result of `normaliseDate`: an ISO date, or the reason the input was dropped. */
export type DateResult = { date: string } | { problem: string };

const pad = (n: number) => String(n).padStart(2, "0");

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Checks a year/month/day triple and formats it as ISO `YYYY-MM-DD` / `YYYY-MM` / `YYYY`.
 * `(2024, 6, 10)` → "2024-06-10"; `(2024, 13)` → problem "month 13"; `(1850)` → problem.
 */
export function isoDate(year: number, month: number | undefined, day: number | undefined, maxYear: number): DateResult {
  if (!Number.isInteger(year) || year < 1900 || year > maxYear) return { problem: `year ${year} is outside 1900–${maxYear}` };
  if (month === undefined) return { date: String(year) };
  if (!Number.isInteger(month) || month < 1 || month > 12) return { problem: `month ${month} does not exist` };
  if (day === undefined) return { date: `${year}-${pad(month)}` };
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    return { problem: `day ${day} does not exist in ${year}-${pad(month)}` };
  }
  return { date: `${year}-${pad(month)}-${pad(day)}` };
}

/**
 * Normalises the dates that paper listings carry to ISO, or says why it cannot:
 * "2024-06-10", "2024-06-10T17:59:59Z", "2024/06/10" → "2024-06-10"; "2024-6" → "2024-06";
 * 2024 or "2024" → "2024"; "Jun 10, 2024" / "10 Jun 2024" → "2024-06-10"; "June 2024" → "2024-06";
 * "1850-01-01" or "2024-13-01" → a problem (the caller drops the date with a warning).
 */
export function normaliseDate(value: unknown, maxYear: number): DateResult {
  if (typeof value === "number") return isoDate(value, undefined, undefined, maxYear);
  if (typeof value !== "string") return { problem: `date ${quote(value)} is not a string` };
  const s = value.trim();
  let m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (m) return isoDate(Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined, maxYear);
  m = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(s); // "Jun 10, 2024"
  if (m && monthNumber(m[1]!)) return isoDate(Number(m[3]), monthNumber(m[1]!), Number(m[2]), maxYear);
  m = /^(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})$/.exec(s); // "10 Jun 2024"
  if (m && monthNumber(m[2]!)) return isoDate(Number(m[3]), monthNumber(m[2]!), Number(m[1]), maxYear);
  m = /^([A-Za-z]{3,9})\.?,? (\d{4})$/.exec(s); // "June 2024"
  if (m && monthNumber(m[1]!)) return isoDate(Number(m[2]), monthNumber(m[1]!), undefined, maxYear);
  // PubMed and Web of Science: "2019 Nov 5", "2019 Nov-Dec", "2019 DEC 4-11", "2019 Spring", "2021 SPR"
  m = /^(\d{4}) ([A-Za-z]{3,9})\.?(?:[-/][A-Za-z]{3,9}\.?)?(?: (\d{1,2})(?:-\d{1,2})?)?$/.exec(s);
  if (m && monthNumber(m[2]!)) return isoDate(Number(m[1]), monthNumber(m[2]!), m[3] ? Number(m[3]) : undefined, maxYear);
  if (m && !m[3] && /^(spr(ing)?|sum(mer)?|fall?|aut(umn)?|win(ter)?)$/i.test(m[2]!)) return isoDate(Number(m[1]), undefined, undefined, maxYear);
  return { problem: `cannot read date ${quote(s)}` };
}

/**
 * The bare arXiv id in an id, URL or DOI, without version, else undefined:
 * "arxiv:2503.11731", "2503.11731v2", "http://arxiv.org/abs/2503.11731v1", "10.48550/arXiv.2503.11731"
 * → "2503.11731"; "hep-th/9901001v1" → "hep-th/9901001".
 */
export function arxivIdOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const s = value.trim();
  const m =
    /^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$/i.exec(s) ??
    /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?/i.exec(s) ??
    /^(?:10\.48550\/)?arxiv[:.](\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/i.exec(s) ??
    /^(?:arxiv:)?([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/i.exec(s);
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * A DOI in canonical form (lowercase, no resolver prefix), else undefined:
 * "https://doi.org/10.1000/XYZ.1" / "doi:10.1000/xyz.1" → "10.1000/xyz.1".
 */
export function normaliseDoi(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /(10\.\d{4,9}\/\S+)/.exec(value.trim());
  return m ? m[1]!.replace(/[.,;]+$/, "").toLowerCase() : undefined;
}

/**
 * Author names from a list or a string, or a count: ["A. Smith", " B. Jones "] → the trimmed names;
 * "A. Smith; B. Jones" (semicolons) or "A. Smith, B. Jones and C. Wu" (commas, "and") → names; 3 → 3.
 */
export function parseAuthors(value: unknown): string[] | number | undefined {
  // a count: 0 to 100,000 (the longest real author lists, physics collaborations, have about 5,000)
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 && value <= 100_000 ? value : undefined;
  let names: unknown[];
  if (Array.isArray(value)) names = value.map((a) => (a && typeof a === "object" && "name" in a ? (a as { name: unknown }).name : a));
  else if (typeof value === "string") names = value.includes(";") ? value.split(";") : value.split(/,|\band\b/);
  else return undefined;
  const list = names.filter((n): n is string => typeof n === "string").map(cleanText).filter(Boolean);
  return list.length ? list : undefined;
}

/** Categories from a list or a string: "cs.CL cs.LG" / "cs.CL, cs.LG" / ["cs.CL"] → ["cs.CL", "cs.LG"]. */
export function parseCategories(value: unknown): string[] | undefined {
  const parts = Array.isArray(value) ? value : typeof value === "string" ? value.split(/[\s,;]+/) : [];
  const list = parts.filter((c): c is string => typeof c === "string").map((c) => c.trim()).filter(Boolean);
  return list.length ? [...new Set(list)] : undefined;
}

/** The 1-based line of `offset`, given the sorted offsets of every newline (binary search). */
export function lineAt(newlines: readonly number[], offset: number): number {
  let lo = 0;
  let hi = newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (newlines[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** A function from a character offset in `text` to its 1-based line. */
export function lineLocator(text: string): (offset: number) => number {
  const newlines: number[] = [];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) newlines.push(i);
  return (offset) => lineAt(newlines, offset);
}
