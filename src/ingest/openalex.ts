/**
 * OpenAlex works
 * ==============
 *
 * Works from the OpenAlex API, as one work (`/works/W123` saved as .json), an API page
 * (`{"meta": ..., "results": [work, ...]}`), an array of works, or JSON Lines of works (a snapshot).
 * A work carries its abstract as an inverted index, which is turned back into text:
 *
 *   {"We": [0], "merge": [1, 4], "tokens": [2], "and": [3]}  →  "We merge tokens and merge"
 *
 * Other fields: `id` ("https://openalex.org/W4385245566" → "openalex:W4385245566"), `title` or
 * `display_name`, `publication_date`, `authorships[].author.display_name`, `doi`, and an arXiv
 * landing page or `10.48550/arXiv.*` DOI among `locations`, which makes the id `arxiv:<id>`.
 */
import { emptyResult, type ParseResult } from "./model.ts";
import { parseJsonText, recordListOf, recordToPaper, type RecordOptions } from "./jsonl.ts";
import { arxivIdOf, lineLocator, normaliseDoi, shorten } from "./text.ts";

type Json = Record<string, unknown>;

/** Rebuilds an abstract from OpenAlex's `abstract_inverted_index` (word → positions). */
export function invertedIndexToText(index: unknown): string | undefined {
  if (!index || typeof index !== "object" || Array.isArray(index)) return undefined;
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index as Record<string, unknown>)) {
    if (!Array.isArray(positions)) continue;
    for (const p of positions) if (Number.isInteger(p) && p >= 0 && p < 1_000_000) words[p] = word;
  }
  const text = words.filter((w) => w !== undefined).join(" ");
  return text || undefined;
}

/** True when a parsed JSON value looks like an OpenAlex work. */
export function isOpenAlexWork(value: unknown): value is Json {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const work = value as Json;
  return "abstract_inverted_index" in work || (typeof work.id === "string" && work.id.startsWith("https://openalex.org/W"));
}

function workToRecord(work: Json): Record<string, unknown> {
  const locations = [work.primary_location, work.best_oa_location, ...(Array.isArray(work.locations) ? work.locations : [])]
    .filter((l): l is Json => !!l && typeof l === "object");
  const urls = locations.flatMap((l) => [l.landing_page_url, l.pdf_url]).filter((u): u is string => typeof u === "string");
  const ids = (work.ids && typeof work.ids === "object" ? work.ids : {}) as Json;
  const doi = normaliseDoi(typeof work.doi === "string" ? work.doi : undefined);
  const arxiv = urls.map(arxivIdOf).find(Boolean) ?? arxivIdOf(doi);
  const openalexId = typeof work.id === "string" ? /W\d+$/.exec(work.id)?.[0] : undefined;
  const authorships = Array.isArray(work.authorships) ? (work.authorships as Json[]) : [];
  return {
    id: arxiv ? `arxiv:${arxiv}` : openalexId ? `openalex:${openalexId}` : undefined,
    title: work.title ?? work.display_name,
    abstract: invertedIndexToText(work.abstract_inverted_index),
    date: work.publication_date ?? work.publication_year,
    authors: authorships.map((a) => (a?.author as Json | undefined)?.display_name ?? a?.raw_author_name),
    url: urls[0] ?? (typeof ids.openalex === "string" ? ids.openalex : undefined),
    doi,
  };
}

/** Reads one OpenAlex work (already parsed) into `result`; used for JSON Lines and whole files. */
export function addOpenAlexWork(value: unknown, file: string, line: number, options: RecordOptions, result: ParseResult): void {
  result.entries++;
  if (!isOpenAlexWork(value)) {
    result.skipped.push({ file, line, reason: "not an OpenAlex work (no id https://openalex.org/W… or abstract_inverted_index)" });
    return;
  }
  const label = typeof value.id === "string" ? `OpenAlex work ${shorten(value.id.replace("https://openalex.org/", ""), 40)}` : undefined;
  recordToPaper(workToRecord(value), file, line, options, result, label);
}

/** Reads one line of an OpenAlex JSON Lines file into `result` (blank lines are ignored). */
export function parseOpenAlexLine(text: string, line: number, file: string, options: RecordOptions, result: ParseResult): void {
  if (!text.trim()) return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    result.entries++;
    result.skipped.push({ file, line, reason: `not valid JSON (${shorten((error as Error).message, 160)})` });
    return;
  }
  addOpenAlexWork(value, file, line, options, result);
}

/**
 * Parses OpenAlex works: a whole JSON document (one work, `{"results": [...]}`, or an array) or
 * JSON Lines. Each work is reported at the line its `"id"` is on.
 * @throws {InputError} a whole-document file that is not valid JSON (a truncated download)
 */
export function parseOpenAlex(text: string, file: string, options: RecordOptions = {}): ParseResult {
  const result = emptyResult();
  const source = text.replace(/^\uFEFF/, "");
  const lines = source.split("\n");
  const nonBlank = lines.filter((l) => l.trim());
  let firstLineWhole = false;
  try {
    firstLineWhole = nonBlank.length > 1 && isOpenAlexWork(JSON.parse(nonBlank[0]!));
  } catch {
    firstLineWhole = false;
  }
  if (firstLineWhole) {
    lines.forEach((l, i) => parseOpenAlexLine(l, i + 1, file, options, result));
    return result;
  }
  const doc = parseJsonText(source, file);
  const works = recordListOf(doc) ?? [doc];
  // each work at the line of its "id" (searched in order; works without one get the previous line)
  const lineOf = lineLocator(source);
  let from = 0;
  let line = 1;
  for (const work of works) {
    const id = work && typeof work === "object" ? (work as Json).id : undefined;
    if (typeof id === "string") {
      const at = source.indexOf(JSON.stringify(id), from);
      if (at !== -1) {
        from = at + 1;
        line = lineOf(at);
      }
    }
    addOpenAlexWork(work, file, line, options, result);
  }
  return result;
}
