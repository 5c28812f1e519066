/**
 * A paper's text hash
 * ===================
 *
 * The SHA-1 of a paper's title and abstract, hashed once per paper object and kept from build to
 * build: the ingest cache stores it with each paper it parsed, so a paper read back from there
 * is not hashed again. Extraction keys its cache on it (`extract/run.ts`), and the signature of
 * a paper's record in the output takes it in place of the title and abstract (`export/reuse.ts`).
 * Hashing the 113M characters of an 80k corpus's titles and abstracts took ~0.25 s each time, and
 * both did it.
 *
 * Papers are not changed once ingest has merged them (a merged paper is a new object), so the
 * hash of an object stays true to it.
 */
import { createHash } from "node:crypto";

const known = new WeakMap<object, string>();

/** The hash of `paper`'s title and abstract: 40 hex digits. */
export function textHash(paper: { readonly title: string; readonly abstract: string }): string {
  let hash = known.get(paper);
  if (hash === undefined) {
    hash = createHash("sha1").update(paper.title).update("\u0000").update(paper.abstract).digest("hex");
    known.set(paper, hash);
  }
  return hash;
}

/** Records `hash` as `paper`'s, as a cache that stored it with the paper gives it back. */
export function rememberTextHash(paper: object, hash: string): void {
  known.set(paper, hash);
}

/** Whether `x` looks like a `textHash` (a cache entry's field is checked before it is trusted). */
export const isTextHash = (x: unknown): x is string => typeof x === "string" && /^[0-9a-f]{40}$/.test(x);
