/**
 * Ingest records
 * ==============
 *
 * What every pure parser returns: the papers it read (one per entry, not yet merged), the records it
 * had to skip, and non-fatal warnings (a dropped date, a date with no year), each with file and line.
 */
import type { Paper, SkippedRecord } from "../types.ts";

/** The output of one parser over one file's text. */
export interface ParseResult {
  /** One Paper per usable entry, in file order; `sources` holds that entry's file and line. */
  papers: Paper[];
  /** Entries that could not be used, with the reason. */
  skipped: SkippedRecord[];
  /** Kept entries with a problem worth telling (a date dropped or missing its year). */
  warnings: SkippedRecord[];
  /** Entries seen, usable or not (blank lines and page chrome do not count). */
  entries: number;
  /** Entries that had a title but no abstract (skipped, or kept as title-only papers). */
  noAbstract: number;
}

/** Options every parser understands. */
export interface ParseOptions {
  /** Dates after this year are implausible and dropped with a warning (default: this year + 1). */
  maxYear?: number;
}

/** The default `maxYear`: next year, the latest date a listing can plausibly carry. */
export function defaultMaxYear(): number {
  return new Date().getUTCFullYear() + 1;
}

/** An empty result to fill. */
export function emptyResult(): ParseResult {
  return { papers: [], skipped: [], warnings: [], entries: 0, noAbstract: 0 };
}
