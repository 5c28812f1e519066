/**
 * Search
 * ======
 *
 * Suggestions for the search box over node labels and concept aliases. Ranking, best first:
 * exact label, exact alias, label prefix, alias prefix, a word of the label starting with the query,
 * the same in an alias, then plain substrings; ties go to the node with more papers, then the
 * shorter label. Matching ignores case, accents and punctuation, so "resnet50", "ResNet 50" and
 * "resnet-50" all find "ResNet-50". Pure: tested in Node.
 */

/** One searchable node. `weight` breaks ties (papers of a concept, 1 for a paper). */
export interface SearchEntry {
  key: string;
  label: string;
  aliases: readonly string[];
  kind: "paper" | "concept";
  /** Concept type ("method", ...) or "paper". */
  type: string;
  weight: number;
  /** Shown beside the label in suggestions: a paper's date, a concept's paper count. */
  detail?: string;
}

/** A suggestion: the entry, its rank class (lower is better) and the alias that matched, if any. */
export interface SearchHit {
  entry: SearchEntry;
  rank: number;
  alias?: string;
}

interface Indexed {
  entry: SearchEntry;
  names: Array<{ text: string; spaced: string; compact: string; alias: boolean }>;
}

/** A prepared index: names normalised once, not per keystroke. */
export interface SearchIndex {
  items: Indexed[];
}

/**
 * Lower-cases, strips accents and turns every run of non-letters/digits into one space.
 * Example: `normalize("  ImageNet-1K (ILSVRC) ")` → `"imagenet 1k ilsvrc"`.
 */
export function normalize(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Builds the index once after loading the graph. */
export function buildSearchIndex(entries: Iterable<SearchEntry>): SearchIndex {
  const items: Indexed[] = [];
  for (const entry of entries) {
    const names = [{ text: entry.label, alias: false }, ...entry.aliases.map((text) => ({ text, alias: true }))]
      .map(({ text, alias }) => {
        const spaced = normalize(text);
        return { text, spaced, compact: spaced.replace(/ /g, ""), alias };
      })
      .filter((n) => n.spaced.length > 0);
    items.push({ entry, names });
  }
  return { items };
}

/** The rank class of one name for a query (spaced and compact forms), or -1 when it does not match. */
function rankName(name: Indexed["names"][number], q: string, qc: string): number {
  const base = name.alias ? 1 : 0;
  if (name.spaced === q || name.compact === qc) return base;
  if (name.spaced.startsWith(q) || name.compact.startsWith(qc)) return 2 + base;
  if (name.spaced.includes(` ${q}`)) return 4 + base;
  if (name.spaced.includes(q) || (qc.length >= 3 && name.compact.includes(qc))) return 6 + base;
  return -1;
}

/**
 * The best `limit` matches for `query`, best first; an empty query gives no hits.
 * Example: with labels "BERT", "RoBERTa" and a paper "BERT for everyone", `search(index, "bert")`
 * gives BERT (exact), then "BERT for everyone" (prefix), then RoBERTa (substring).
 */
export function search(index: SearchIndex, query: string, limit = 10): SearchHit[] {
  const q = normalize(query);
  if (!q) return [];
  const qc = q.replace(/ /g, "");
  const hits: SearchHit[] = [];
  for (const item of index.items) {
    let best = -1;
    let alias: string | undefined;
    for (const name of item.names) {
      const r = rankName(name, q, qc);
      if (r >= 0 && (best < 0 || r < best)) {
        best = r;
        alias = name.alias ? name.text : undefined;
      }
    }
    if (best >= 0) hits.push(alias === undefined ? { entry: item.entry, rank: best } : { entry: item.entry, rank: best, alias });
  }
  hits.sort(
    (a, b) =>
      a.rank - b.rank ||
      b.entry.weight - a.entry.weight ||
      a.entry.label.length - b.entry.label.length ||
      (a.entry.label < b.entry.label ? -1 : a.entry.label > b.entry.label ? 1 : 0),
  );
  return hits.slice(0, limit);
}
