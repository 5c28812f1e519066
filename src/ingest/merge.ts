/**
 * Merging repeated papers
 * =======================
 *
 * The same paper shows up on several Daily Papers pages, or in a JSONL dump and a BibTeX export.
 * Two entries are one paper when they share an explicit id, an arXiv id, a DOI, or a normalised
 * title ("SE$(n)$ Equivariant" and "SE(n) Equivariant" are one), directly or through other entries. The first entry seen wins for
 * title and abstract; later entries fill what is missing and add their sources.
 */
import type { Paper } from "../types.ts";
import { arxivIdOf, normaliseDoi, normaliseTitle } from "./text.ts";

/** Id prefixes of ids derived from the title rather than given by the input. */
export const DERIVED_ID_PREFIXES: readonly string[] = ["hf:", "title:"];

const isDerivedId = (id: string) => DERIVED_ID_PREFIXES.some((p) => id.startsWith(p));

/** Every key under which `paper` can be recognised again: "t:<title>", "a:<arXiv id>", "d:<doi>", "i:<id>". */
export function mergeKeys(paper: Paper): string[] {
  const keys = new Set<string>();
  const title = normaliseTitle(paper.title);
  if (title) keys.add(`t:${title}`);
  for (const arxiv of [arxivIdOf(paper.id), arxivIdOf(paper.url), arxivIdOf(paper.doi)]) if (arxiv) keys.add(`a:${arxiv}`);
  const doi = normaliseDoi(paper.doi);
  if (doi && !doi.startsWith("10.48550/")) keys.add(`d:${doi}`);
  if (!isDerivedId(paper.id)) keys.add(`i:${paper.id}`);
  return [...keys];
}

function clone(paper: Paper): Paper {
  const copy: Paper = { ...paper, sources: [...paper.sources] };
  if (Array.isArray(paper.authors)) copy.authors = [...paper.authors];
  if (paper.categories) copy.categories = [...paper.categories];
  return copy;
}

/** Folds `next` into `into` (which is ours to change). */
function absorb(into: Paper, next: Paper): void {
  if (isDerivedId(into.id) && !isDerivedId(next.id)) into.id = next.id;
  if (!into.abstract && next.abstract) into.abstract = next.abstract;
  // a more precise date with the same prefix wins ("2024" then "2024-06-10")
  if (next.date && (!into.date || (next.date.length > into.date.length && next.date.startsWith(into.date)))) into.date = next.date;
  if (Array.isArray(next.authors) ? !Array.isArray(into.authors) : into.authors === undefined && next.authors !== undefined) {
    into.authors = Array.isArray(next.authors) ? [...next.authors] : next.authors;
  }
  into.organisation ??= next.organisation;
  into.url ??= next.url;
  into.doi ??= next.doi;
  if (next.categories) into.categories = [...new Set([...(into.categories ?? []), ...next.categories])];
  into.sources.push(...next.sources);
}

/**
 * Merges entries of the same paper into one `Paper`, in first-seen order, remembering every source.
 * "Same" is transitive: if A and B share a title and B and C a DOI, A, B and C are one paper.
 * Its id is the first id an input gave (`arxiv:2306.00978`), else the first derived one (`hf:awq-…`).
 * Ids stay unique: a clash between different papers (two long titles with one slug) gets "-2", "-3".
 * Does not change its input; a paper of one entry (whose id did not clash) is that entry, not a copy.
 */
export function mergePapers(papers: readonly Paper[]): Paper[] {
  // union-find over entries that share a key; the root is always the earliest entry
  const parent = papers.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const firstWithKey = new Map<string, number>();
  papers.forEach((paper, i) => {
    for (const key of mergeKeys(paper)) {
      const first = firstWithKey.get(key);
      if (first === undefined) {
        firstWithKey.set(key, i);
        continue;
      }
      const [a, b] = [find(first), find(i)];
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  // A paper of one entry is that entry itself, so that what is known of it stays known (its text
  // hash, `util/text-hash.ts`); a paper of several is a copy of its first entry, the others folded in.
  const entries = new Int32Array(papers.length);
  papers.forEach((_, i) => entries[find(i)]!++);
  const groups = new Map<number, Paper>();
  const copies = new Set<Paper>();
  papers.forEach((paper, i) => {
    const root = find(i);
    const into = groups.get(root);
    if (into) absorb(into, paper);
    else if (entries[root]! > 1) {
      const copy = clone(paper);
      copies.add(copy);
      groups.set(root, copy);
    } else groups.set(root, paper);
  });
  const merged = [...groups.values()]; // Map keeps insertion order: by each group's first entry
  const used = new Map<string, number>();
  merged.forEach((paper, k) => {
    const seen = used.get(paper.id) ?? 0;
    used.set(paper.id, seen + 1);
    if (seen > 0) {
      let n = seen + 1;
      while (used.has(`${paper.id}-${n}`)) n++;
      const renamed = copies.has(paper) ? paper : clone(paper); // an entry of the input is not changed
      renamed.id = `${paper.id}-${n}`;
      merged[k] = renamed;
      used.set(renamed.id, 1);
    }
  });
  return merged;
}
