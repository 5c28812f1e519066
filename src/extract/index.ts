/**
 * Extraction stage
 * ================
 *
 * Paper text in, typed concepts with mention offsets out. `extractConcepts` does one paper;
 * `extractPapers` does a corpus (worker threads, a content-hash cache) and then resolves ids
 * across papers (resolve.ts). Rules and their order: concepts.ts. Lexicon: lexicon.ts and
 * `lexicon/README.md`. Scoring against gold spans: eval.ts.
 */
import type { ExtractedPaper, Paper } from "../types.ts";
import { extractPaper, type ExtractOptions } from "./concepts.ts";
import { conceptsOf, type ExtractionColumns } from "./columns.ts";
import { resolveAcrossPapers, resolveColumns, type AmbiguousAcronym } from "./resolve.ts";
import { runExtraction } from "./run.ts";

export { extractConcepts, extractPaper } from "./concepts.ts";
export type { ExtractOptions, Definition, PaperExtraction } from "./concepts.ts";
export { loadUserLexicon, parseUserLexicon } from "./lexicon.ts";
export type { UserLexicon } from "./lexicon.ts";
export type { AmbiguousAcronym } from "./resolve.ts";

export interface ExtractRunOptions extends ExtractOptions {
  /** Worker threads (1 runs in this thread); default: available cores from 10,000 papers to parse, else 1. */
  workers?: number;
  /** Per-abstract results cached by content hash in this folder (e.g. `output/.cache`). */
  cacheDir?: string;
  /** Called as papers finish (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface ExtractRunResult {
  /** Input order; concept ids resolved across the whole corpus. */
  papers: ExtractedPaper[];
  ambiguousAcronyms: AmbiguousAcronym[];
  /** parsed: papers extracted in this run; cached: papers read from the cache; ms: wall time. */
  stats: { parsed: number; cached: number; ms: number };
}

/** `extractPapers`, with the papers' concepts in columns (paper `i`'s are the columns' paper `i`), as the graph is built from them. */
export interface CorpusExtraction extends Omit<ExtractRunResult, "papers"> {
  columns: ExtractionColumns;
}

/** Extracts every paper (workers + cache), then resolves concept ids across papers (homonyms apart). */
export async function extractCorpus(papers: ReadonlyArray<Pick<Paper, "title" | "abstract">>, options: ExtractRunOptions = {}): Promise<CorpusExtraction> {
  const t0 = performance.now();
  const run = await runExtraction(papers, options);
  const { resolved, ambiguousAcronyms } = resolveColumns(run.columns);
  run.keep();
  return { columns: resolved, ambiguousAcronyms, stats: { parsed: run.parsed, cached: run.cached, ms: Math.round(performance.now() - t0) } };
}

/** `extractCorpus` with each paper's concepts as objects. */
export async function extractPapers(
  papers: ReadonlyArray<Pick<Paper, "id" | "title" | "abstract">>,
  options: ExtractRunOptions = {},
): Promise<ExtractRunResult> {
  const { columns, ...rest } = await extractCorpus(papers, options);
  return { papers: papers.map((p, i) => ({ id: p.id, title: p.title, concepts: conceptsOf(columns, i, p) })), ...rest };
}

/** Single-threaded, uncached extraction of a corpus (the reference the worker path must equal). */
export function extractPapersSync(papers: ReadonlyArray<Pick<Paper, "id" | "title" | "abstract">>, options: ExtractOptions = {}): ExtractRunResult {
  const t0 = performance.now();
  const { papers: resolved, ambiguousAcronyms } = resolveAcrossPapers(
    papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract, ...extractPaper(p, options) })),
  );
  return { papers: resolved, ambiguousAcronyms, stats: { parsed: papers.length, cached: 0, ms: Math.round(performance.now() - t0) } };
}
