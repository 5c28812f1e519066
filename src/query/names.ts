/**
 * Name matching
 * =============
 *
 * How a name typed by a person ("imagenet", "Vision transformer", "imagnet") is compared with
 * the labels and aliases in the graph: normalisation, a match score in [0, 1], and the
 * similarity used for "did you mean" suggestions. Pure string functions, no graph, no Node APIs.
 */

/** `"  ImageNet–1K "` → `"imagenet–1k"`: NFKC, lower case, whitespace collapsed. */
export function normalizeName(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** `"ImageNet-1k"` and `"imagenet 1K"` → `"imagenet1k"`: letters and digits only. */
export function looseName(text: string): string {
  return normalizeName(text).replace(/[^\p{L}\p{N}]+/gu, "");
}

/** `"Low-Rank Adaptation"` → `" low rank adaptation"`: words separated by single spaces, led by one. */
function spaced(text: string): string {
  return ` ${normalizeName(text).replace(/[^\p{L}\p{N}]+/gu, " ").trim()}`;
}

/** Levenshtein distance (insert, delete, substitute), two-row dynamic programme. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let curr = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

function trigrams(text: string): Map<string, number> {
  const padded = `  ${text} `;
  const grams = new Map<string, number>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const gram = padded.slice(i, i + 3);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Dice coefficient of the two strings' character trigrams ("imagenet" vs "imagnet" ≈ 0.67). */
export function trigramSimilarity(a: string, b: string): number {
  if (!a.length || !b.length) return 0;
  const ga = trigrams(a);
  const gb = trigrams(b);
  let common = 0;
  let total = 0;
  for (const [gram, n] of ga) {
    common += Math.min(n, gb.get(gram) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  return (2 * common) / total;
}

/** A name as `matchScore` compares it, made once per name (`prepareName`). */
export interface PreparedName {
  /** `looseName`: letters and digits only. */
  loose: string;
  /** Its words, each led by one space: `" low rank adaptation"`. */
  spaced: string;
}

/** `"Low-Rank Adaptation"` → `{loose: "lowrankadaptation", spaced: " low rank adaptation"}`. */
export function prepareName(text: string): PreparedName {
  return { loose: looseName(text), spaced: spaced(text) };
}

/**
 * How well `query` matches `name`, from 0 (not at all) to 1 (same letters and digits).
 *
 * Tiers, so that a closer kind of match always outranks a looser one:
 * - 1: equal after dropping case and punctuation (`"imagenet 1k"` ~ `"ImageNet-1k"`);
 * - 0.8–0.9: the name starts with the query (`"imagenet"` in `"ImageNet-21k"`);
 * - 0.7–0.8: a word of the name starts with the query (`"adapt"` in `"Low-Rank Adaptation"`);
 * - 0.6–0.7: the query occurs inside the name (`"net"` in `"ResNet"`);
 * - below 0.7: typo tolerance, 0.7 × the best of trigram similarity and edit-distance ratio
 *   (`"imagnet"` ~ `"ImageNet"` ≈ 0.61).
 * Within a tier, names closer in length to the query score higher.
 */
export function matchScore(query: string, name: string): number {
  return preparedScore(prepareName(query), prepareName(name));
}

/** `matchScore` of two prepared names: a search over a whole graph prepares each name once, not once per query. */
export function preparedScore(query: PreparedName, name: PreparedName): number {
  const q = query.loose;
  const n = name.loose;
  if (!q.length || !n.length) return 0;
  if (q === n) return 1;
  const coverage = q.length / n.length;
  if (n.startsWith(q)) return 0.8 + 0.1 * coverage;
  if (name.spaced.includes(query.spaced)) return 0.7 + 0.1 * coverage;
  if (n.includes(q)) return 0.6 + 0.1 * Math.min(coverage, 1);
  // Typo tolerance only where lengths are comparable: a short query against a long title is noise.
  if (n.length > 3 * q.length + 4 || q.length > 3 * n.length + 4) return 0;
  const edit = 1 - levenshtein(q, n) / Math.max(q.length, n.length);
  return 0.7 * Math.max(edit, trigramSimilarity(q, n));
}

/** Compares labels for display order: case-insensitive first, then by code unit, so ties are stable. */
export function compareLabels(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
