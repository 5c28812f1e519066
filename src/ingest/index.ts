/**
 * Ingest
 * ======
 *
 * Paper listings in, papers out. `readInputs(["data/"])` reads every input file of the folder
 * (sorted by name, not recursive), detects each file's format, parses it, and merges entries of the
 * same paper (same id, arXiv id, DOI or normalised title) into one `Paper` that lists every source.
 * Bad records (and entries too big to be a paper: an abstract over 100,000 characters) are skipped
 * with file and line (fatal with `strict`); fatal problems (missing file, empty, binary, bad UTF-8,
 * truncated .gz, undetectable format) are one `InputError`.
 *
 * Formats: `hf-daily` (Hugging Face Daily Papers page text), `jsonl`, `csv`, `arxiv` (the arXiv
 * API's Atom XML), `bibtex`, `ris`, `openalex` (works as JSON or JSON Lines), `json` (one document of
 * `jsonl` records), `wos` (Web of Science plain text), `medline` (PubMed's export); any file may be gzipped, and UTF-16 with its byte order mark (read.ts).
 * Yearless Daily Papers dates ("Nov 10") take their year from `options.year`, else from a
 * `manifest.json` beside the file (`{"hf-daily": {"year": 2025, "files": {"x.txt": {"year": 2024}}}}`),
 * else stay undated with a warning: the year is never guessed.
 *
 * With `cacheDir`, each file's parsed records are kept (`cache.ts`) and a file whose bytes, path,
 * format and options are unchanged is not read again: an incremental build reads its new files.
 */
import { OptionsError, RecordError } from "../errors.ts";
import type { Paper, SkippedRecord } from "../types.ts";
import { parseCsv } from "./csv.ts";
import { DETECT_HEAD_LENGTH, detectFormat } from "./detect.ts";
import { INPUT_FORMATS, parseFormatName, type InputFormat } from "./formats.ts";
import { parseHfDaily } from "./hfDaily.ts";
import { parseJsonDocument, parseJsonl, parseJsonlLine, type RecordOptions } from "./jsonl.ts";
import { parseArxivAtom } from "./arxiv.ts";
import { parseBibtex } from "./bibtex.ts";
import { parseOpenAlex, parseOpenAlexLine } from "./openalex.ts";
import { parseMedline } from "./medline.ts";
import { parseRis } from "./ris.ts";
import { parseWos } from "./wos.ts";
import { ParsedFiles } from "./cache.ts";
import { mergePapers } from "./merge.ts";
import { defaultMaxYear, emptyResult, type ParseResult } from "./model.ts";
import { listInputFiles, manifestFolder, manifestYear, readHead, readLines, readManifest, type Manifest } from "./read.ts";

export type { InputFormat };
export { INPUT_FORMATS, parseFormatName };
export { detectFormat } from "./detect.ts";
export { parseHfDaily, HF_CHROME_LINES, type HfDailyOptions } from "./hfDaily.ts";
export { parseJsonDocument, parseJsonl, parseJsonlLine, recordToPaper, type RecordOptions } from "./jsonl.ts";
export { parseCsv } from "./csv.ts";
export { parseArxivAtom } from "./arxiv.ts";
export { parseBibtex, escapeBarePercents } from "./bibtex.ts";
export { parseRis } from "./ris.ts";
export { parseWos } from "./wos.ts";
export { parseMedline } from "./medline.ts";
export { parseOpenAlex, parseOpenAlexLine, invertedIndexToText } from "./openalex.ts";
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
  /** Keep entries that have a title but no abstract, as title-only papers (not hf-daily). */
  keepTitleOnly?: boolean;
  /** Called with the number of entries read so far: every 1,000 entries and after each file. */
  onProgress?: (entriesRead: number) => void;
  /**
   * A folder to keep each file's parsed records in (`cache.ts`): a file whose bytes, path, format
   * and options are the last run's is not read again.
   */
  cacheDir?: string;
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
  /** Entries with a title but no abstract: skipped, or kept as title-only papers with `keepTitleOnly`. */
  noAbstract: number;
  /** The input files actually read, in order. */
  files: string[];
  /** The format each of `files` was read as. */
  formats: InputFormat[];
  /** How many of `files` were taken from `cacheDir` instead of being read. */
  cached: number;
  /** How many of `files` had only grown (lines appended): taken from `cacheDir` but for their new lines. */
  grown: number;
}

const PROGRESS_EVERY = 1000;

/** Longer than any abstract (the longest real ones are a few thousand characters): a whole paper, or junk. */
export const MAX_ABSTRACT_LENGTH = 100_000;
/** Longer than any title. */
export const MAX_TITLE_LENGTH = 2_000;

/** Why a parsed paper is too big to be one, or undefined: `abstract of 20,000,000 characters; ...`. */
function oversize(paper: Paper): string | undefined {
  const what =
    paper.abstract.length > MAX_ABSTRACT_LENGTH
      ? (["abstract", paper.abstract.length, MAX_ABSTRACT_LENGTH] as const)
      : paper.title.length > MAX_TITLE_LENGTH
        ? (["title", paper.title.length, MAX_TITLE_LENGTH] as const)
        : undefined;
  if (!what) return undefined;
  const n = (x: number) => x.toLocaleString("en-US");
  return `${what[0]} of ${n(what[1])} characters is longer than any ${what[0]} (at most ${n(what[2])}); not a paper listing?`;
}

/** Moves papers from index `from` on that are too big to be papers into `skipped`. */
function dropOversize(parsed: ParseResult, from = 0): void {
  if (!parsed.papers.slice(from).some((p) => oversize(p))) return;
  const kept = parsed.papers.slice(0, from);
  for (const paper of parsed.papers.slice(from)) {
    const reason = oversize(paper);
    const where = paper.sources[0]!;
    if (reason) parsed.skipped.push({ file: where.file, line: where.line, reason });
    else kept.push(paper);
  }
  parsed.papers = kept;
  parsed.skipped.sort((a, b) => a.line - b.line);
}

/** The whole-text parsers, by format (hf-daily needs its year, JSON Lines are streamed). */
const TEXT_PARSERS: Record<Exclude<InputFormat, "hf-daily">, (text: string, file: string, options: RecordOptions) => ParseResult> = {
  jsonl: parseJsonl,
  csv: parseCsv,
  arxiv: parseArxivAtom,
  bibtex: parseBibtex,
  ris: parseRis,
  openalex: parseOpenAlex,
  json: parseJsonDocument,
  wos: parseWos,
  medline: parseMedline,
};

/** True when the first non-blank line of `head` is a whole JSON value (so the file is JSON Lines). */
function startsWithJsonLine(head: string): boolean {
  const first = head.split("\n").find((l) => l.trim());
  try {
    return first !== undefined && typeof JSON.parse(first) === "object";
  } catch {
    return false;
  }
}

/**
 * Reads files and folders of paper listings into merged papers.
 * Folders: their input files (`INPUT_EXTENSIONS`: .txt .jsonl .ndjson .csv .tsv .xml .atom .bib .ris
 * .json .nbib, each optionally `.gz`; not `manifest.json`), sorted by name, not recursive; files named
 * explicitly are read whatever their extension.
 * @throws {InputError} an unreadable input (see module comment)
 * @throws {RecordError} (an InputError) the first bad record, with `strict`
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
  const result: IngestResult = { papers: [], skipped: [], warnings: [], entries: 0, noAbstract: 0, files, formats: [], cached: 0, grown: 0 };
  const cache = options.cacheDir === undefined ? undefined : new ParsedFiles(options.cacheDir);
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
    if (options.strict && bad) throw new RecordError(bad.reason, bad.file, bad.line);
  };

  // A Daily Papers page's year for dates without one: `year`, else its folder's manifest.
  const hfYear = async (file: string): Promise<number | undefined> => {
    const folder = manifestFolder(file);
    if (!manifests.has(folder)) manifests.set(folder, await readManifest(folder));
    return options.year ?? manifestYear(manifests.get(folder), file);
  };
  /** The format's line parser, when the file is read line by line. */
  const lineParserOf = (fileFormat: InputFormat, head: string) =>
    fileFormat === "jsonl" ? parseJsonlLine : fileFormat === "openalex" && startsWithJsonLine(head) ? parseOpenAlexLine : undefined;
  /**
   * What `file` parses to, and its number of lines when it is read line by line. `grown`: the
   * records of its first lines, to go on from (the cache's, when the file only grew since).
   */
  const parseFile = async (
    file: string,
    fileFormat: InputFormat,
    head: string,
    year: number | undefined,
    grown?: { parsed: ParseResult; from: { byte: number; line: number } },
  ): Promise<{ parsed: ParseResult; lines?: number }> => {
    const lineParser = lineParserOf(fileFormat, head);
    if (lineParser) {
      // streamed: an 80k-line .jsonl.gz never sits in memory as one string
      const parsed = grown?.parsed ?? emptyResult();
      let lines = grown?.from.line ?? 0;
      for await (const { text, line } of readLines(file, grown?.from)) {
        lines = line;
        const skippedBefore = parsed.skipped.length;
        const papersBefore = parsed.papers.length;
        lineParser(text, line, file, recordOptions, parsed);
        dropOversize(parsed, papersBefore);
        checkStrict(parsed, skippedBefore);
        progress(result.entries + parsed.entries, false);
      }
      return { parsed, lines };
    }
    const lines: string[] = [];
    for await (const { text } of readLines(file)) lines.push(text);
    const text = lines.join("\n");
    const parsed = fileFormat === "hf-daily" ? parseHfDaily(text, file, { year, maxYear }) : TEXT_PARSERS[fileFormat](text, file, recordOptions);
    dropOversize(parsed);
    checkStrict(parsed);
    return { parsed };
  };

  for (const file of files) {
    const head = await readHead(file, DETECT_HEAD_LENGTH);
    const fileFormat = format === "auto" ? detectFormat(head, file) : format;
    result.formats.push(fileFormat);
    const year = fileFormat === "hf-daily" ? await hfYear(file) : undefined;
    const found = await cache?.lookup(file, { fileFormat, recordOptions, year });
    let parsed = found?.parsed;
    if (parsed && !found?.from) {
      result.cached++;
      checkStrict(parsed);
    } else {
      // a file that only grew: the cached records of its first lines, then its new lines
      const lineParser = lineParserOf(fileFormat, head);
      const grown = parsed && found?.from && lineParser ? { parsed, from: found.from } : undefined;
      if (grown) {
        result.grown++;
        checkStrict(grown.parsed);
      }
      const read = await parseFile(file, fileFormat, head, year, grown);
      parsed = read.parsed;
      // a file read line by line may grow by the next build: its entry says how far it went
      if (found) cache?.set(file, found, parsed, read.lines);
    }
    result.noAbstract += parsed.noAbstract;
    // loops, not push(...xs): a file of 100k bad lines would overflow the argument stack
    for (const paper of parsed.papers) all.push(paper);
    for (const skip of parsed.skipped) result.skipped.push(skip);
    for (const warning of parsed.warnings) result.warnings.push(warning);
    result.entries += parsed.entries;
    progress(result.entries, true);
  }
  cache?.prune();
  result.papers = mergePapers(all);
  return result;
}
