/**
 * Extraction stage
 * ================
 *
 * Paper text in, typed concepts with mention offsets out. `extractConcepts` does one paper;
 * `extractPapers` does a corpus (worker threads, a content-hash cache) and then resolves ids
 * across papers (resolve.ts). Rules and their order: concepts.ts. Lexicon: lexicon.ts and
 * `lexicon/README.md`. Scoring against gold spans: eval.ts.
 */
import type { Paper } from "../types.ts";
import { extractPaper, type ExtractOptions } from "./concepts.ts";
import type { ExtractRunResult } from "./corpus.ts";
import { resolveAcrossPapers } from "./resolve.ts";

export { extractConcepts, extractPaper } from "./concepts.ts";
export type { ExtractOptions, Definition, PaperExtraction } from "./concepts.ts";
export { loadUserLexicon, parseUserLexicon } from "./lexicon.ts";
export type { UserLexicon } from "./lexicon.ts";
export type { AmbiguousAcronym } from "./resolve.ts";
export { extractCorpus, extractPapers } from "./corpus.ts";
export type { CorpusExtraction, ExtractRunOptions, ExtractRunResult } from "./corpus.ts";

/** Single-threaded, uncached extraction of a corpus (the reference the worker path must equal). */
export function extractPapersSync(papers: ReadonlyArray<Pick<Paper, "id" | "title" | "abstract">>, options: ExtractOptions = {}): ExtractRunResult {
  const t0 = performance.now();
  const { papers: resolved, ambiguousAcronyms } = resolveAcrossPapers(
    papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract, ...extractPaper(p, options) })),
  );
  return { papers: resolved, ambiguousAcronyms, stats: { parsed: papers.length, cached: 0, ms: Math.round(performance.now() - t0) } };
}
