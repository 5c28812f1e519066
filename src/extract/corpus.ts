/**
 * A corpus's extraction
 * =====================
 *
 * `extractCorpus` and `extractPapers`: worker threads and the content-hash cache (`run.ts`), then
 * ids resolved across papers (`resolve.ts`). Apart from `index.ts` because it does not load the
 * extractor itself (compromise takes 0.7 s to import here): the CLI imports this, and an
 * incremental build whose papers all come from the cache never loads it.
 */
import type { ExtractedPaper, Paper } from "../types.ts";
import { conceptsOf, type ExtractionColumns } from "./columns.ts";
import type { ExtractOptions } from "./concepts.ts";
import { resolveColumns, type AmbiguousAcronym } from "./resolve.ts";
import { runExtraction, type ExtractWorker } from "./run.ts";

export { bootExtractor } from "./run.ts";

export interface ExtractRunOptions extends ExtractOptions {
  /**
   * Worker threads (1 runs in this thread); default: available cores from 10,000 papers to parse;
   * fewer, one worker when there is a cache folder (see `run.ts`), else this thread.
   */
  workers?: number;
  /** Per-abstract results cached by content hash in this folder (e.g. `output/.cache`). */
  cacheDir?: string;
  /** Called as papers finish (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** A worker `bootExtractor` booted ahead of the run, for the papers it has to parse. */
  booted?: ExtractWorker;
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
