/**
 * Co-occurrence
 * =============
 *
 * Concepts that appear in the same papers. Used for a concept's "appears with" list in the
 * details panel, and on large graphs, where papers are not drawn up front, for the concept
 * backbone: each concept linked to the few concepts it shares most papers with, so the map of
 * concepts alone still shows its structure. Pure: tested in Node.
 */

/**
 * The `k` concepts sharing most papers with `concept`, most first (ties by key).
 * `papersOf(concept)` lists its papers; `conceptsOf(paper)` lists a paper's concepts.
 * Example: papers p1 {lora, glue}, p2 {lora, glue, mmlu} → `topCooccurring("lora", ...)` →
 * `[["glue", 2], ["mmlu", 1]]`.
 */
export function topCooccurring(
  concept: string,
  papersOf: (concept: string) => Iterable<string>,
  conceptsOf: (paper: string) => Iterable<string>,
  k: number,
): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const paper of papersOf(concept)) {
    for (const other of conceptsOf(paper)) {
      if (other !== concept) counts.set(other, (counts.get(other) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, k);
}

/**
 * Backbone edges over concepts: for every concept, its `perConcept` strongest co-occurrences
 * (pairs counted once, `[a, b, sharedPapers]` with `a < b`). Papers with more than `maxPerPaper`
 * concepts are skipped (a survey mentioning 80 methods links nothing meaningful and costs n²).
 * Example: papers {a,b}, {a,b}, {a,c} with perConcept 1 → `[["a","b",2], ["a","c",1]]`
 * (c's best partner is a).
 */
export function conceptBackbone(
  paperConcepts: Iterable<readonly string[]>,
  perConcept: number,
  maxPerPaper = 40,
): Array<[string, string, number]> {
  // Concepts as small integers, pairs as one number (i * n + j): no string keys in the hot loop.
  const ids = new Map<string, number>();
  const names: string[] = [];
  const lists: number[][] = [];
  for (const list of paperConcepts) {
    if (list.length < 2 || list.length > maxPerPaper) continue;
    const nums: number[] = [];
    for (const c of list) {
      let id = ids.get(c);
      if (id === undefined) {
        id = names.length;
        ids.set(c, id);
        names.push(c);
      }
      nums.push(id);
    }
    lists.push(nums);
  }
  const n = names.length;
  const pair = new Map<number, number>();
  for (const nums of lists) {
    const sorted = [...new Set(nums)].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const key = sorted[i]! * n + sorted[j]!;
        pair.set(key, (pair.get(key) ?? 0) + 1);
      }
    }
  }
  const best: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  for (const [key, count] of pair) {
    const a = Math.floor(key / n);
    const b = key - a * n;
    best[a]!.push([b, count]);
    best[b]!.push([a, count]);
  }
  const chosen = new Map<string, [string, string, number]>();
  for (let a = 0; a < n; a++) {
    const list = best[a]!;
    const an = names[a]!;
    list.sort((x, y) => y[1] - x[1] || (names[x[0]]! < names[y[0]]! ? -1 : 1));
    for (const [b, count] of list.slice(0, perConcept)) {
      const bn = names[b]!;
      const [s, t] = an < bn ? [an, bn] : [bn, an];
      chosen.set(`${s}\u0000${t}`, [s, t, count]);
    }
  }
  return [...chosen.values()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
}
