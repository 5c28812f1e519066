/**
 * JSON Lines and field records
 * ============================
 *
 * One paper per line: `{"id": "arxiv:2503.11731", "title": "...", "abstract": "...", "date": "2025-03-14",
 * "authors": ["A. Smith"], "url": "...", "categories": ["cs.CL"]}` (`text` may stand for `abstract`).
 * `recordToPaper` turns such a field record into a Paper; the CSV reader shares it. A whole JSON
 * document of such records (`parseJsonDocument`: an array, or an API page holding one under
 * `data`, `results`, `papers` or `records`, as Semantic Scholar's does) is read too.
 */
import { InputError } from "../errors.ts";
import type { Paper } from "../types.ts";
import { defaultMaxYear, emptyResult, type ParseOptions, type ParseResult } from "./model.ts";
import { abstractText, arxivIdOf, cleanText, lineLocator, normaliseDate, normaliseDoi, parseAuthors, parseCategories, quote, shorten, slugifyTitle } from "./text.ts";

/** Options of the record readers (JSONL, CSV). */
export interface RecordOptions extends ParseOptions {
  /** Keep entries that have a title but no abstract, as title-only papers (with a warning). */
  keepTitleOnly?: boolean;
}

const str = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;

/**
 * The record's date, by the names common dumps give it: ours (`date`), Semantic Scholar's
 * (`publicationDate`, then `year`), arXiv API JSON's (`published`), and the arXiv metadata
 * snapshot's first version (`versions[0].created`, "Mon, 2 Apr 2007 19:18:42 GMT"), before its
 * `update_date`.
 */
function dateOf(record: Record<string, unknown>): unknown {
  const versions = record.versions;
  const created = Array.isArray(versions) && versions[0] && typeof versions[0] === "object" ? (versions[0] as { created?: unknown }).created : undefined;
  const firstVersion = typeof created === "string" ? created.replace(/^[A-Za-z]{3},\s*/, "").replace(/\s+\d{1,2}:\d{2}(:\d{2})?.*$/, "") : undefined;
  for (const value of [record.date, record.publicationDate, record.publication_date, record.published, firstVersion, record.year, record.update_date]) {
    if (value !== undefined && value !== null && value !== "") return value;
  }
  return undefined;
}

/** Why a JSON value that should be a record is skipped: "expected a JSON object, found an array". */
function notAnObject(value: unknown): string {
  return `expected a JSON object, found ${Array.isArray(value) ? "an array" : quote(value)}`;
}

/**
 * Turns one field record (a JSONL object, a CSV row, a BibTeX or RIS entry mapped to these names)
 * into a Paper, or adds a skipped record or warnings to `result`. `{"title": "T", "text": "A",
 * "date": "2024-13-01"}` → a paper without date plus a warning "month 13 does not exist".
 * `entry` names the entry in messages when the line alone is not enough (`BibTeX entry "smith2024"`).
 */
export function recordToPaper(
  record: Record<string, unknown>,
  file: string,
  line: number,
  options: RecordOptions,
  result: ParseResult,
  entry?: string,
): void {
  const maxYear = options.maxYear ?? defaultMaxYear();
  const prefix = entry ? `${shorten(entry, 120)}: ` : "";
  const title = cleanText(str(record.title) ?? "");
  const abstract = cleanText(abstractText(str(record.abstract) ?? str(record.text) ?? ""));
  if (!title) {
    result.skipped.push({ file, line, reason: `${prefix}${abstract ? "no title" : "no title and no abstract"}` });
    return;
  }
  if (!abstract) {
    result.noAbstract++;
    if (!options.keepTitleOnly) {
      result.skipped.push({ file, line, reason: `${prefix}no abstract for ${quote(title)}` });
      return;
    }
    result.warnings.push({ file, line, reason: `${prefix}no abstract for ${quote(title)}; kept as a title-only paper` });
  }
  const url = str(record.url)?.trim() || undefined;
  // Semantic Scholar: {"paperId": ..., "externalIds": {"ArXiv": "2306.00978", "DOI": "..."}}
  const external = record.externalIds && typeof record.externalIds === "object" ? (record.externalIds as Record<string, unknown>) : {};
  const doi = normaliseDoi(str(record.doi) ?? str(external.DOI));
  const givenId = str(record.id)?.trim();
  const arxiv = arxivIdOf(givenId) ?? arxivIdOf(url) ?? arxivIdOf(doi) ?? arxivIdOf(str(external.ArXiv));
  const paper: Paper = {
    id: givenId || (arxiv ? `arxiv:${arxiv}` : doi ? `doi:${doi}` : `title:${slugifyTitle(title)}`),
    title,
    abstract,
    sources: [{ file, line }],
  };
  const rawDate = dateOf(record);
  if (rawDate !== undefined) {
    const date = normaliseDate(rawDate, maxYear);
    if ("date" in date) paper.date = date.date;
    else result.warnings.push({ file, line, reason: `${prefix}date dropped: ${date.problem}` });
  }
  const authors = parseAuthors(record.authors);
  if (authors !== undefined) paper.authors = authors;
  if (url) paper.url = url;
  if (doi) paper.doi = doi;
  const categories = parseCategories(record.categories);
  if (categories) paper.categories = categories;
  result.papers.push(paper);
}

/**
 * Reads one line of a JSON Lines file into `result` (blank lines are ignored, not counted).
 * Used by `parseJsonl` and by the streaming reader, which never holds the whole file.
 */
export function parseJsonlLine(text: string, line: number, file: string, options: RecordOptions, result: ParseResult): void {
  const trimmed = text.trim();
  if (!trimmed) return;
  result.entries++;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    result.skipped.push({ file, line, reason: `not valid JSON (${shorten((error as Error).message, 160)})` });
    return;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    result.skipped.push({ file, line, reason: notAnObject(value) });
    return;
  }
  recordToPaper(value as Record<string, unknown>, file, line, options, result);
}

/** Parses JSON Lines text: one paper object per line; bad lines become skipped records with their line. */
export function parseJsonl(text: string, file: string, options: RecordOptions = {}): ParseResult {
  const result = emptyResult();
  text
    .replace(/^\uFEFF/, "")
    .split("\n")
    .forEach((line, index) => parseJsonlLine(line, index + 1, file, options, result));
  return result;
}

/** Keys under which an API page or a dump holds its list of records. */
const RECORD_LISTS = ["data", "results", "papers", "records"];

/** The records of a parsed JSON document: an array, or the array under one of `RECORD_LISTS`. */
export function recordListOf(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (!value || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  if ("title" in record || "abstract" in record) return undefined;
  return RECORD_LISTS.map((key) => record[key]).find(Array.isArray);
}

/**
 * A whole JSON document's value; a file that is not one names the line where it breaks.
 * @throws {InputError} not valid JSON ("the file is truncated" when it ends too soon)
 */
export function parseJsonText(source: string, file: string): unknown {
  try {
    return JSON.parse(source);
  } catch (error) {
    const message = (error as Error).message;
    const position = /end of JSON input/.test(message) ? source.length : Number(/position (\d+)/.exec(message)?.[1]);
    const truncated = position === source.length ? "; the file is truncated" : "";
    throw new InputError(`not valid JSON (${shorten(message, 160)})${truncated}`, file, Number.isFinite(position) ? lineLocator(source)(position) : undefined);
  }
}

/**
 * Parses one JSON document of records (see `recordListOf`), each reported at the line of its
 * title (searched in order; a title written with other escapes keeps the line before).
 * @throws {InputError} not valid JSON, or no list of records in it
 */
export function parseJsonDocument(text: string, file: string, options: RecordOptions = {}): ParseResult {
  const result = emptyResult();
  const source = text.replace(/^\uFEFF/, "");
  const records = recordListOf(parseJsonText(source, file));
  if (!records) throw new InputError(`a JSON document without a list of papers (an array, or one under ${RECORD_LISTS.join(", ")})`, file);
  const lineOf = lineLocator(source);
  let from = 0;
  let line = 1;
  for (const value of records) {
    result.entries++;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      result.skipped.push({ file, line, reason: notAnObject(value) });
      continue;
    }
    const title = (value as Record<string, unknown>).title;
    if (typeof title === "string") {
      const at = source.indexOf(JSON.stringify(title), from);
      if (at !== -1) {
        from = at + 1;
        line = lineOf(at);
      }
    }
    recordToPaper(value as Record<string, unknown>, file, line, options, result);
  }
  return result;
}
