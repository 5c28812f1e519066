/**
 * Running extraction over a corpus
 * ================================
 *
 * Single-threaded for now; workers and the cache plug in here.
 */
import type { Paper } from "../types.ts";
import { extractPaper, type ExtractOptions, type PaperExtraction } from "./concepts.ts";

export interface RunOptions extends ExtractOptions {
  workers?: number;
  cacheDir?: string;
  onProgress?: (done: number, total: number) => void;
}

/** Per-paper extractions in input order, with how many were parsed and how many came from the cache. */
export async function runExtraction(
  papers: ReadonlyArray<Pick<Paper, "title" | "abstract">>,
  options: RunOptions,
): Promise<{ results: PaperExtraction[]; parsed: number; cached: number }> {
  const results: PaperExtraction[] = [];
  papers.forEach((p, i) => {
    results.push(extractPaper(p, options));
    if (options.onProgress && ((i + 1) % 100 === 0 || i + 1 === papers.length)) options.onProgress(i + 1, papers.length);
  });
  return { results, parsed: papers.length, cached: 0 };
}
