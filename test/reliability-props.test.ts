/**
 * Reliability: readers and extractor under hostile text
 * ======================================================
 *
 * fast-check properties over every ingest reader and over `extractConcepts`, fed random and hostile
 * text: astral symbols, combining marks, RTL overrides, lone surrogates, control characters, NUL,
 * long lines, markup (`<img src=x onerror=alert(1)>`), inside each format's own skeleton so the
 * parsers go past their first check. What must hold:
 *
 * - a reader never throws anything but an `InputError` (a `TypeError` is a bug), and what it returns
 *   is well formed: every paper has a title, string fields, a source at a line that exists;
 * - the extractor never throws; every mention is `field.slice(start, end)`, in bounds, non-empty,
 *   not splitting a surrogate pair; no two mentions of one concept overlap (CONTRACT.md: one
 *   concept object per concept, "every mention of it listed", once);
 * - both are deterministic: the same text twice gives the same result.
 *
 * Run counts stay modest (the machine has 2 shared cores): 150 runs per reader, 200 for the extractor.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";

import { InputError } from "../src/errors.ts";
import { extractConcepts } from "../src/extract/index.ts";
import { parseArxivAtom, parseBibtex, parseCsv, parseHfDaily, parseJsonDocument, parseJsonl, parseMedline, parseOpenAlex, parseRis, parseWos, readInputs, type ParseResult } from "../src/ingest/index.ts";
import type { PaperConcept } from "../src/types.ts";

const RUNS = 150;

/** Pieces that broke, or could break, a text reader somewhere. */
const HOSTILE = [
  "\u0000", "\u0007", "\u001b[31m", "\b", "\f", "\v", "\r", "\r\n", "\t", "\u0085", "\u2028", "\u2029",
  "\uFEFF", "\u200B", "\u200D", "\u202E", "\u2066", "مرحبا بالعالم", "שלום", "e\u0301", "\u0301\u0301", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
  "😀", "👩‍👩‍👧", "🇫🇷", "𝕏", "𝒜𝓌𝓆", "\uD800", "\uDC00", "\uDBFF\uDBFF", "ﬁ", "İ", "ß", "Å",
  "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "</title>", "<![CDATA[x]]>", "]]>", "&amp;", "&#0;",
  "&#xD800;", "&#x110000;", "&nbsp;", "&unknown;", "{", "}", "{{", "\\", "\\\\", "\\u0000", '"', '""', "'", "%", "%%", "@",
  "@article{", "@comment{", "TY  - ", "ER  - ", "AB  - ", "T1  - ", ",", ";", "\n", "\n\n", "\n\n\n",
  '{"title":', "null", "[]", "__proto__", "constructor", "toString", "NaN", "1e309", "-0", "9999-99-99", "0000-00-00",
  "2024-02-30", "Jun 10, 2024", "Feb 30", "• 3 authors", "·", "• 99999999999999999999 authors", "Submitted by", "Upvote",
  "x".repeat(5000), "a ".repeat(2000),
];

const hostilePiece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom("ResNet-50", "BERT", "ImageNet", "the", "model", "deep", "learning", "GPT-4", "(", ")", ".", "AWQ") },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
);
/** A hostile field: a few pieces glued with or without spaces. */
const hostile = fc.tuple(fc.array(hostilePiece, { maxLength: 8 }), fc.boolean()).map(([ps, spaced]) => ps.join(spaced ? " " : ""));
/** Hostile text with no line breaks (what a single-line field can hold). */
const oneLine = hostile.map((s) => s.replace(/[\r\n\u2028\u2029\u0085]/g, " "));

const FILE = "in/hostile.input";

/** The only acceptable failure is an InputError naming the file, on one line. */
function callReader(parse: () => ParseResult, text: string): ParseResult | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(error.file).toBe(FILE);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message.length).toBeLessThan(400);
    if (error.line !== undefined) expect(error.line).toBeGreaterThanOrEqual(1);
    if (error.line !== undefined) expect(error.line).toBeLessThanOrEqual(text.split("\n").length + 1);
    return undefined;
  }
}

/** What every reader's result must look like, whatever it was fed. */
function checkResult(result: ParseResult, text: string): void {
  const lines = text.split("\n").length + 1; // a record may be reported at the end of the text
  for (const paper of result.papers) {
    expect(typeof paper.id).toBe("string");
    expect(paper.id.length).toBeGreaterThan(0);
    expect(typeof paper.title).toBe("string");
    expect(paper.title.trim().length).toBeGreaterThan(0);
    expect(typeof paper.abstract).toBe("string");
    if (paper.date !== undefined) expect(paper.date).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
    if (paper.authors !== undefined) {
      if (typeof paper.authors === "number") expect(Number.isSafeInteger(paper.authors) && paper.authors >= 0).toBe(true);
      else for (const a of paper.authors) expect(typeof a).toBe("string");
    }
    expect(paper.sources.length).toBeGreaterThan(0);
    for (const s of paper.sources) {
      expect(s.file).toBe(FILE);
      expect(Number.isInteger(s.line) && s.line >= 1 && s.line <= lines).toBe(true);
    }
  }
  for (const r of [...result.skipped, ...result.warnings]) {
    expect(r.file).toBe(FILE);
    expect(Number.isInteger(r.line) && r.line >= 1 && r.line <= lines).toBe(true);
    expect(typeof r.reason).toBe("string");
    // printed as one stderr line: one line, and short enough to read
    expect(r.reason).not.toMatch(/[\r\n]/);
    expect(r.reason.length).toBeLessThan(400);
  }
  expect(result.entries).toBeGreaterThanOrEqual(0);
}

const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const csvQuote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const anyJson = fc.oneof(hostile, fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.array(hostile, { maxLength: 3 }), fc.dictionary(hostile, hostile, { maxKeys: 3 }));

/** Text of each format: its skeleton filled with hostile fields, or hostile raw lines mixed in. */
const FORMATS: Array<{ name: string; parse: (text: string) => ParseResult; text: fc.Arbitrary<string> }> = [
  {
    name: "parseJsonl",
    parse: (t) => parseJsonl(t, FILE, { maxYear: 2026 }),
    text: fc
      .array(
        fc.oneof(
          fc.record({ id: fc.option(anyJson), title: anyJson, abstract: anyJson, date: fc.option(anyJson), authors: fc.option(anyJson), url: fc.option(anyJson), categories: fc.option(anyJson) }).map((r) => JSON.stringify(r)),
          oneLine,
        ),
        { maxLength: 8 },
      )
      .map((ls) => ls.join("\n")),
  },
  {
    name: "parseCsv",
    parse: (t) => parseCsv(t, FILE, { maxYear: 2026 }),
    text: fc
      .tuple(
        fc.constantFrom("id,title,abstract,date,authors", "title\tabstract", "title;text;date", "title,abstract", "id,title"),
        fc.array(fc.oneof(fc.array(hostile.map(csvQuote), { minLength: 1, maxLength: 6 }).map((fs) => fs.join(",")), hostile), { maxLength: 6 }),
      )
      .map(([header, rows]) => [header, ...rows].join("\n")),
  },
  {
    name: "parseArxivAtom",
    parse: (t) => parseArxivAtom(t, FILE, { maxYear: 2026 }),
    text: fc
      .array(
        fc.record({ title: hostile, summary: hostile, published: hostile, raw: fc.boolean(), id: oneLine }).map(
          ({ title, summary, published, raw, id }) =>
            `<entry><id>http://arxiv.org/abs/${xmlEscape(id)}</id><title>${raw ? title : xmlEscape(title)}</title>` +
            `<summary>${raw ? summary : xmlEscape(summary)}</summary><published>${xmlEscape(published)}</published>` +
            `<author><name>${xmlEscape(title)}</name></author></entry>`,
        ),
        { maxLength: 5 },
      )
      .map((es) => `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n${es.join("\n")}\n</feed>\n`),
  },
  {
    name: "parseBibtex",
    parse: (t) => parseBibtex(t, FILE, { maxYear: 2026 }),
    text: fc
      .array(
        fc.oneof(
          fc.record({ key: oneLine, title: hostile, abstract: hostile, year: hostile, author: hostile }).map(
            (e) => `@article{${e.key.replace(/[\s,{}]/g, "")}k,\n  title = {${e.title}},\n  abstract = {${e.abstract}},\n  year = {${e.year}},\n  author = {${e.author}}\n}`,
          ),
          hostile,
        ),
        { maxLength: 5 },
      )
      .map((es) => es.join("\n\n")),
  },
  {
    name: "parseRis",
    parse: (t) => parseRis(t, FILE, { maxYear: 2026 }),
    text: fc
      .array(
        fc.oneof(
          fc.record({ title: oneLine, abstract: oneLine, year: oneLine, author: oneLine, end: fc.boolean() }).map(
            (e) => `TY  - JOUR\nTI  - ${e.title}\nAB  - ${e.abstract}\nPY  - ${e.year}\nAU  - ${e.author}\n${e.end ? "ER  - " : ""}`,
          ),
          hostile,
        ),
        { maxLength: 5 },
      )
      .map((es) => es.join("\n")),
  },
  {
    name: "parseWos",
    parse: (t) => parseWos(t, FILE, { maxYear: 2026 }),
    text: fc
      .array(
        fc.oneof(
          fc.record({ title: oneLine, abstract: oneLine, year: oneLine, month: oneLine, author: oneLine, wrap: oneLine, end: fc.boolean() }).map(
            (e) => `PT J\nAU ${e.author}\n   ${e.wrap}\nTI ${e.title}\nAB ${e.abstract}\n   ${e.wrap}\nPD ${e.month}\nPY ${e.year}\n${e.end ? "ER" : ""}`,
          ),
          hostile,
        ),
        { maxLength: 5 },
      )
      .map((es) => `FN Clarivate Analytics Web of Science\nVR 1.0\n${es.join("\n")}\nEF`),
  },
  {
    name: "parseMedline",
    parse: (t) => parseMedline(t, FILE, { maxYear: 2026 }),
    text: fc
      .array(
        fc.oneof(
          fc.record({ pmid: oneLine, title: oneLine, abstract: oneLine, date: oneLine, author: oneLine, wrap: oneLine }).map(
            (e) => `PMID- ${e.pmid}\nDP  - ${e.date}\nTI  - ${e.title}\n      ${e.wrap}\nAB  - ${e.abstract}\nFAU - ${e.author}\nLID - ${e.wrap} [doi]\nMH  - ${e.wrap}/*methods\n`,
          ),
          hostile,
        ),
        { maxLength: 5 },
      )
      .map((es) => es.join("\n")),
  },
  {
    name: "parseOpenAlex",
    parse: (t) => parseOpenAlex(t, FILE, { maxYear: 2026 }),
    text: fc
      .tuple(
        fc.array(
          fc.record({
            id: anyJson,
            title: anyJson,
            display_name: anyJson,
            publication_date: anyJson,
            abstract_inverted_index: fc.oneof(fc.dictionary(hostile, fc.array(fc.integer({ min: -5, max: 40 }), { maxLength: 4 }), { maxKeys: 6 }), anyJson),
          }),
          { maxLength: 4 },
        ),
        fc.boolean(),
      )
      .map(([works, lines]) => (lines ? works.map((w) => JSON.stringify(w)).join("\n") : JSON.stringify({ meta: {}, results: works }))),
  },
  {
    name: "parseJsonDocument",
    parse: (t) => parseJsonDocument(t, FILE, { maxYear: 2026 }),
    text: fc
      .tuple(
        fc.array(
          fc.oneof(
            fc.record({ title: anyJson, abstract: anyJson, year: fc.option(anyJson), publicationDate: fc.option(anyJson), externalIds: fc.option(anyJson), versions: fc.option(anyJson) }),
            anyJson,
          ),
          { maxLength: 5 },
        ),
        fc.constantFrom("array", "data", "results", "pretty"),
      )
      .map(([records, shape]) => (shape === "array" ? JSON.stringify(records) : shape === "pretty" ? JSON.stringify(records, null, 2) : JSON.stringify({ total: records.length, [shape]: records }))),
  },
  {
    name: "parseHfDaily",
    parse: (t) => parseHfDaily(t, FILE, { year: 2025, maxYear: 2026 }),
    text: fc
      .array(
        fc.record({ title: oneLine, abstract: hostile, authors: fc.oneof(fc.integer({ min: -3, max: 1e6 }).map(String), oneLine), date: fc.oneof(oneLine, fc.constantFrom("Jun 10, 2024", "Nov 10", "Feb 30", "Dec 31, 9999")) }).map(
          (e) => `${e.title}\n\n${e.abstract}\n\n• ${e.authors} authors\n·\n${e.date}\n`,
        ),
        { maxLength: 5 },
      )
      .map((es) => es.join("\n")),
  },
];

describe("readers under hostile text: no crash, well-formed results, deterministic", () => {
  it.each(FORMATS)("$name", ({ parse, text }) => {
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: hostile }), (t) => {
        const first = callReader(() => parse(t), t);
        if (first) checkResult(first, t);
        const again = callReader(() => parse(t), t);
        expect(again).toEqual(first);
      }),
      { numRuns: RUNS },
    );
  });

  it.each(FORMATS)("$name: a very long line (2 MB) does not crash", ({ parse }) => {
    const long = `${"<img src=x onerror=alert(1)> Über-ResNet 😀 ".repeat(50_000)}`;
    const result = callReader(() => parse(long), long);
    if (result) checkResult(result, long);
  });
});

describe("readInputs on hostile bytes: an InputError naming the file, or papers", () => {
  const folder = mkdtempSync(join(tmpdir(), "papergraph-reliability-bytes-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const names = ["x.jsonl", "x.csv", "x.txt", "x.xml", "x.bib", "x.ris", "x.json", "x.jsonl.gz", "x.dat"];
  let n = 0;

  it("never anything but an InputError, whatever the bytes and the name", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          fc.array(hostile, { maxLength: 6 }).map((ls) => Buffer.from(ls.join("\n"), "utf8")),
          FORMATS[0]!.text.map((t) => Buffer.from(t, "utf8")),
        ),
        fc.constantFrom(...names),
        fc.boolean(),
        async (bytes, name, gzip) => {
          const file = join(folder, `${n++}-${name}`);
          writeFileSync(file, gzip ? gzipSync(bytes).subarray(0, gzip && bytes.length % 3 === 0 ? -4 : undefined) : bytes);
          try {
            const result = await readInputs([file]);
            for (const p of result.papers) expect(p.sources.every((s) => s.file === file)).toBe(true);
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
            expect(error.file).toBe(file);
            expect(error.message).not.toMatch(/[\r\n]/);
            expect(error.message.length).toBeLessThan(400 + file.length * 2);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** Checks the contract of one extraction of `paper`. */
function checkConcepts(paper: { title: string; abstract: string }, concepts: PaperConcept[]): void {
  const ids = new Set<string>();
  for (const c of concepts) {
    expect(ids.has(c.id), `concept ${c.id} listed twice`).toBe(false);
    ids.add(c.id);
    expect(c.id).toMatch(/^(method|dataset|model|task|metric):\S+$/u);
    expect(c.id.startsWith(`${c.type}:`)).toBe(true);
    expect(c.mentions.length).toBeGreaterThan(0);
    const spans = c.mentions.map((m) => {
      const field = paper[m.field];
      expect(Number.isInteger(m.start) && Number.isInteger(m.end)).toBe(true);
      expect(m.start).toBeGreaterThanOrEqual(0);
      expect(m.end).toBeLessThanOrEqual(field.length);
      expect(m.end).toBeGreaterThan(m.start);
      expect(field.slice(m.start, m.end)).toBe(m.text);
      // a span never cuts an astral symbol in half
      expect(/^[\uDC00-\uDFFF]/.test(field.slice(m.start)) && /[\uD800-\uDBFF]$/.test(field.slice(0, m.start))).toBe(false);
      expect(/[\uD800-\uDBFF]$/.test(m.text) && /^[\uDC00-\uDFFF]/.test(field.slice(m.end))).toBe(false);
      return m;
    });
    spans.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : a.start - b.start));
    for (let i = 1; i < spans.length; i++) {
      const [p, q] = [spans[i - 1]!, spans[i]!];
      if (p.field === q.field) expect(q.start, `${c.id}: mentions ${p.start}-${p.end} and ${q.start}-${q.end} overlap`).toBeGreaterThanOrEqual(p.end);
    }
  }
}

describe("extractConcepts under hostile text", () => {
  const prose = fc.constantFrom(
    "We fine-tune BERT on ImageNet-1k and report top-1 accuracy.",
    "Activation-aware Weight Quantization (AWQ) beats GPTQ on LLaMA-2-7B.",
    "Our Über-Net (ÜN) uses low-rank adaptation (LoRA) for object detection on COCO.",
    "We evaluate on MNIST, SVHN and FooSet with the F1 score.",
    "English–German translation with Transformer-XL (TXL).",
  );
  const text = fc.array(fc.oneof({ weight: 2, arbitrary: prose }, { weight: 3, arbitrary: hostilePiece }), { maxLength: 25 }).map((xs) => xs.join(" "));

  it("never throws; every mention in bounds, exact, whole code points, no overlap within a concept; deterministic", () => {
    fc.assert(
      fc.property(text, text, (abstract, title) => {
        const paper = { title, abstract };
        const concepts = extractConcepts(paper);
        checkConcepts(paper, concepts);
        expect(extractConcepts(paper)).toEqual(concepts);
      }),
      { numRuns: 200 },
    );
  });

  it("fully random strings (any code unit, lone surrogates included)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), fc.string({ unit: "binary", maxLength: 80 }), (abstract, title) => {
        const paper = { title, abstract };
        checkConcepts(paper, extractConcepts(paper));
      }),
      { numRuns: 200 },
    );
  });

  // resolveOverlaps was cubic in the candidates (100 kB of this: 3.4 s, 200 kB: 26 s); 1 MB now takes ~1 s
  it("a dense 1 MB abstract of hostile prose finishes, in bounds", () => {
    const unit =
      "We fine-tune BERT (Bidirectional Encoder Representations from Transformers) on ImageNet-1k 😀 and e\u0301 <img src=x onerror=alert(1)> " +
      "with \u202Eevil\u202C text, \u0000 NUL, GPT-4 and LoRA for object detection; top-1 accuracy 91.2%. ";
    const abstract = unit.repeat(Math.ceil(1_000_000 / unit.length)).slice(0, 1_000_000);
    const paper = { title: "Hostile: a long abstract", abstract };
    const concepts = extractConcepts(paper);
    checkConcepts(paper, concepts);
    expect(concepts.map((c) => c.id)).toEqual(expect.arrayContaining(["model:gpt-4", "task:object-detection"]));
  }, 60_000);

  // one token of 200 kB hyphen parts took 89 s (its prefixes looked up one by one, and a web
  // address searched from every "-"), dotted parts 18 s: quadratic, so 1 MB never finished
  it("1 MB abstracts: one unbroken token, hyphen and dot runs, only marks and controls, plain words, emoji and RTL marks", () => {
    for (const abstract of [
      "A".repeat(1_000_000),
      "Ab" + "-1".repeat(500_000) + "/2x",
      "A" + "1.".repeat(500_000) + "-1/2",
      "\u0301".repeat(500_000) + "\u0000\u0007".repeat(250_000),
      "the quick brown fox jumps over a lazy dog ".repeat(24_000),
      "😀 e\u0301 \u202E ".repeat(125_000),
    ]) {
      const paper = { title: "x", abstract };
      checkConcepts(paper, extractConcepts(paper));
    }
  }, 120_000);
});
