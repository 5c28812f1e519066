/**
 * Ingest
 * ======
 *
 * Paper listings in, papers out. `readInputs(["data/"])` reads every input file of the folder
 * (sorted by name, not recursive), detects each file's format, parses it, and merges entries of the
 * same paper (same id, arXiv id, DOI or normalised title) into one `Paper` that lists every source.
 * Bad records are skipped with file and line (fatal with `strict`); fatal problems (missing file,
 * empty, binary, bad UTF-8, truncated .gz, undetectable format) are one `InputError`.
 *
 * Formats: `hf-daily` (Hugging Face Daily Papers page text), `jsonl` (plain or gzip), `csv`.
 * Yearless Daily Papers dates ("Nov 10") take their year from `options.year`, else from a
 * `manifest.json` beside the file (`{"hf-daily": {"year": 2025, "files": {"x.txt": {"year": 2024}}}}`),
 * else stay undated with a warning: the year is never guessed.
 */
import { InputError, OptionsError } from "../errors.ts";
import type { Paper, SkippedRecord } from "../types.ts";
import { parseCsv } from "./csv.ts";
import { DETECT_HEAD_LENGTH, detectFormat } from "./detect.ts";
import { INPUT_FORMATS, parseFormatName, type InputFormat } from "./formats.ts";
import { parseHfDaily } from "./hfDaily.ts";
import { parseJsonlLine, type RecordOptions } from "./jsonl.ts";
import { mergePapers } from "./merge.ts";
import { defaultMaxYear, emptyResult, type ParseResult } from "./model.ts";
import { listInputFiles, manifestFolder, manifestYear, readHead, readLines, readManifest, type Manifest } from "./read.ts";

export type { InputFormat };
export { INPUT_FORMATS, parseFormatName };
export { detectFormat } from "./detect.ts";
export { parseHfDaily, HF_CHROME_LINES, type HfDailyOptions } from "./hfDaily.ts";
export { parseJsonl, parseJsonlLine, recordToPaper, type RecordOptions } from "./jsonl.ts";
export { parseCsv } from "./csv.ts";
export { mergePapers, mergeKeys } from "./merge.ts";
export { normaliseTitle, slugifyTitle, normaliseDate, arxivIdOf, normaliseDoi } from "./text.ts";
export { listInputFiles, readManifest, MANIFEST_NAME, INPUT_EXTENSIONS } from "./read.ts";
export type { ParseResult, ParseOptions } from "./model.ts";

/** Options of `readInputs`. */
export interface IngestOptions {
  /** A format for every file, or "auto" (default): by content, with the file name as a hint. */
  format?: InputFormat | "auto";
  /** Year for Daily Papers dates with no year ("Nov 10"); wins over `manifest.json`. */
  year?: number;
  /** A bad record throws an InputError (file:line: reason) instead of being skipped. */
  strict?: boolean;
  /** Keep entries that have a title but no abstract, as title-only papers (JSONL, CSV). */
  keepTitleOnly?: boolean;
  /** Called with the number of entries read so far: every 1,000 entries and after each file. */
  onProgress?: (entriesRead: number) => void;
}

/** What `readInputs` read. */
export interface IngestResult {
  /** One Paper per distinct paper, in first-seen order, each with every source it was read from. */
  papers: Paper[];
  /** Records that could not be used, each with file, line and reason. */
  skipped: SkippedRecord[];
  /** Kept papers with a note (date dropped as implausible, date without a year), with file and line. */
  warnings: SkippedRecord[];
  /** Entries read before merging (the bundled corpus: 290). */
  entries: number;
  /** The input files actually read, in order. */
  files: string[];
  /** The format each of `files` was read as. */
  formats: InputFormat[];
}

const PROGRESS_EVERY = 1000;

/**
 * Reads files and folders of paper listings into merged papers.
 * Folders: their input files (`.txt .jsonl .ndjson .csv .tsv`, each optionally `.gz`), sorted by
 * name, not recursive; files named explicitly are read whatever their extension.
 * @throws {InputError} an unreadable input (see module comment), or the first bad record with `strict`
 * @throws {OptionsError} an unknown format name, no inputs, or an implausible `year`
 */
export async function readInputs(inputs: string[], options: IngestOptions = {}): Promise<IngestResult> {
  if (inputs.length === 0) throw new OptionsError("no inputs given");
  const format = parseFormatName(options.format ?? "auto");
  const maxYear = defaultMaxYear();
  if (options.year !== undefined && (!Number.isInteger(options.year) || options.year < 1900 || options.year > maxYear)) {
    throw new OptionsError(`--year: expected a year between 1900 and ${maxYear}, found ${options.year}`);
  }
  const files = await listInputFiles(inputs);
  const manifests = new Map<string, Manifest | undefined>();
  const all: Paper[] = [];
  const result: IngestResult = { papers: [], skipped: [], warnings: [], entries: 0, files, formats: [] };
  const recordOptions: RecordOptions = { maxYear, keepTitleOnly: options.keepTitleOnly ?? false };
  let lastReported = 0;
  const progress = (entries: number, force: boolean) => {
    if (options.onProgress && (force || entries - lastReported >= PROGRESS_EVERY)) {
      lastReported = entries;
      options.onProgress(entries);
    }
  };
  const checkStrict = (parsed: ParseResult, from = 0) => {
    const bad = parsed.skipped[from];
    if (options.strict && bad) throw new InputError(bad.reason, bad.file, bad.line);
  };

  for (const file of files) {
    const fileFormat = format === "auto" ? detectFormat(await readHead(file, DETECT_HEAD_LENGTH), file) : format;
    result.formats.push(fileFormat);
    let parsed: ParseResult;
    if (fileFormat === "jsonl") {
      // streamed: an 80k-line .jsonl.gz never sits in memory as one string
      parsed = emptyResult();
      for await (const { text, line } of readLines(file)) {
        const skippedBefore = parsed.skipped.length;
        parseJsonlLine(text, line, file, recordOptions, parsed);
        checkStrict(parsed, skippedBefore);
        progress(result.entries + parsed.entries, false);
      }
    } else {
      const lines: string[] = [];
      for await (const { text } of readLines(file)) lines.push(text);
      const text = lines.join("\n");
      if (fileFormat === "hf-daily") {
        const folder = manifestFolder(file);
        if (!manifests.has(folder)) manifests.set(folder, await readManifest(folder));
        const year = options.year ?? manifestYear(manifests.get(folder), file);
        parsed = parseHfDaily(text, file, { year, maxYear });
      } else {
        parsed = parseCsv(text, file, recordOptions);
      }
      checkStrict(parsed);
    }
    for (const paper of parsed.papers) all.push(paper);
    result.skipped.push(...parsed.skipped);
    result.warnings.push(...parsed.warnings);
    result.entries += parsed.entries;
    progress(result.entries, true);
  }
  result.papers = mergePapers(all);
  return result;
}
