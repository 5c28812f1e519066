/**
 * A corpus's extraction
 * =====================
 *
 * `extractCorpus` and `extractPapers`: worker threads and the content-hash cache (`run.ts`), then
 * ids resolved across papers (`resolve.ts`). Apart from `index.ts` because it does not load the
 * extractor itself (compromise takes 0.7 s to import here): the CLI imports this, and with a cache
 * its papers are parsed on a worker, so its main thread never loads it.
 */
import type { ExtractedPaper, Paper } from "../types.ts";
import { conceptsOf, type ExtractionColumns } from "./columns.ts";
import { resolveColumns, type AmbiguousAcronym } from "./resolve.ts";
import { runExtraction, type RunOptions } from "./run.ts";

export { ExtractWorker } from "./run.ts";

/** How a corpus is extracted: the extractor's options, worker threads, the cache folder (see `RunOptions`). */
export type ExtractRunOptions = RunOptions;

export interface ExtractRunResult {
  /** Input order; concept ids resolved across the whole corpus. */
  papers: ExtractedPaper[];
  ambiguousAcronyms: AmbiguousAcronym[];
  /**
   * parsed: papers extracted in this run; cached: papers read from the cache; ms: wall time;
   * lexiconEdit: when the user lexicon changed since the last run, the keys it changed and the papers that mention them.
   */
  stats: { parsed: number; cached: number; ms: number; lexiconEdit?: { keys: number; papers: number } };
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
  const stats = { parsed: run.parsed, cached: run.cached, ms: Math.round(performance.now() - t0), ...(run.lexiconEdit ? { lexiconEdit: run.lexiconEdit } : {}) };
  return { columns: resolved, ambiguousAcronyms, stats };
}

/** `extractCorpus` with each paper's concepts as objects. */
export async function extractPapers(
  papers: ReadonlyArray<Pick<Paper, "id" | "title" | "abstract">>,
  options: ExtractRunOptions = {},
): Promise<ExtractRunResult> {
  const { columns, ...rest } = await extractCorpus(papers, options);
  return { papers: papers.map((p, i) => ({ id: p.id, title: p.title, concepts: conceptsOf(columns, i, p) })), ...rest };
}
