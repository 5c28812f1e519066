/**
 * CSV
 * ===
 *
 * A header row naming the same fields as JSON Lines (`id,title,abstract,date,authors,url,categories`;
 * `text` may stand for `abstract`), or the columns of a reference manager's or database's export
 * (`EXPORT_COLUMNS`), then one paper per record. Parsing is csv-parse's: quoted fields
 * may span lines ("...\n..."), and a record is reported at the line it starts on. Comma, tab or
 * semicolon separated (whichever the header uses most).
 */
import { parse, type CsvError } from "csv-parse/sync";

import { InputError } from "../errors.ts";
import { emptyResult, type ParseResult } from "./model.ts";
import { recordToPaper, type RecordOptions } from "./jsonl.ts";
import { lineAt, quote, shorten } from "./text.ts";

/** Columns a CSV input must have: `title`, and `abstract` or `text`. */
export const CSV_REQUIRED_COLUMNS = ["title", "abstract|text"] as const;

/**
 * Columns of common exports, read as our fields when the file has no column of our own name:
 * Zotero ("Abstract Note", "Author", "Publication Year"), Scopus ("Authors", "Year", "Link"), Web of
 * Science tab-delimited ("TI", "AB", "AU", "PY", "DI"), IEEE Xplore ("Document Title").
 */
const EXPORT_COLUMNS: Readonly<Record<string, string>> = {
  "abstract note": "abstract",
  ab: "abstract",
  ti: "title",
  "article title": "title",
  "document title": "title",
  author: "authors",
  au: "authors",
  "publication year": "date",
  year: "date",
  py: "date",
  link: "url",
  di: "doi",
};

/** A header's columns as our field names, lower-cased: "Abstract Note" → "abstract" unless there is an "abstract" column too. */
export function csvFieldNames(header: readonly string[]): string[] {
  const lower = header.map((c) => c.trim().toLowerCase());
  const taken = new Set(lower);
  return lower.map((c) => {
    const ours = EXPORT_COLUMNS[c];
    if (!ours || taken.has(ours)) return c;
    taken.add(ours);
    return ours;
  });
}

interface RawRecord {
  record: string[];
  raw: string;
  info: { bytes: number };
}

/** 1-based line of the first non-blank line at or after a byte offset. */
function lineCounter(bytes: Uint8Array): (offset: number) => number {
  const newlines: number[] = [];
  bytes.forEach((b, i) => {
    if (b === 0x0a) newlines.push(i);
  });
  return (offset) => {
    // blank lines before a record are folded into its raw text: step over them
    while (offset < bytes.length && bytes[offset] === 0x0a) offset++;
    return lineAt(newlines, offset);
  };
}

/** The header's columns for a message: `title, abstrct, date`; at most 8, each cut to 30 characters. */
function describeColumns(columns: string[]): string {
  const shown = columns.slice(0, 8).map((c) => (/^[\w -]{1,30}$/.test(c) ? c : quote(c, 30)));
  return columns.length > 8 ? `${shown.join(", ")} and ${columns.length - 8} more` : shown.join(", ");
}

function pickDelimiter(text: string): string {
  const header = text.slice(0, text.indexOf("\n") === -1 ? undefined : text.indexOf("\n"));
  const counts = [",", "\t", ";"].map((d) => [d, header.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ",";
}

/**
 * Parses CSV text into papers. A row with the wrong number of fields, no title or no abstract is a
 * skipped record at the line it starts on; a header without `title` and `abstract`/`text` throws one
 * InputError naming the header line.
 * @throws {InputError} missing required column, or no header at all
 */
export function parseCsv(text: string, file: string, options: RecordOptions = {}): ParseResult {
  const result = emptyResult();
  // Only CRLF becomes LF: a lone CR stays inside its field, so line numbers are the reader's ("\n" only).
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  const bytes = Buffer.from(normalised, "utf8");
  const lineAt = lineCounter(bytes);
  const skips: Array<{ line: number; reason: string }> = [];
  let lastEnd = 0; // byte offset where the last record (or skipped text) ended
  const rows = parse(bytes, {
    delimiter: pickDelimiter(normalised),
    record_delimiter: "\n",
    info: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record, context) => {
      lastEnd = context.bytes;
      return record;
    },
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      // csv-parse's byte counters in errors are not the record's; find its raw text instead
      const rawBytes = Buffer.from(raw ?? "", "utf8");
      const found = rawBytes.length ? bytes.indexOf(rawBytes, lastEnd) : -1;
      const start = found === -1 ? lastEnd : found;
      lastEnd = start + rawBytes.length;
      const reason = error?.code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted field is never closed" : shorten(error?.message ?? "unreadable row", 160);
      skips.push({ line: lineAt(start), reason });
      return undefined;
    },
  }) as unknown as RawRecord[];

  let columns: string[] | undefined;
  let headerLine = 1;
  for (const row of rows) {
    const line = lineAt(row.info.bytes - Buffer.byteLength(row.raw, "utf8"));
    if (row.record.every((field) => !field.trim())) continue; // a line of spaces
    if (!columns) {
      columns = csvFieldNames(row.record);
      headerLine = line;
      const missing: string[] = [];
      if (!columns.includes("title")) missing.push(`"title"`);
      if (!columns.includes("abstract") && !columns.includes("text")) missing.push(`"abstract" (or "text")`);
      if (missing.length) {
        throw new InputError(
          `CSV header lacks the required column${missing.length > 1 ? "s" : ""} ${missing.join(" and ")}; it has: ${describeColumns(columns)}`,
          file,
          headerLine,
        );
      }
      continue;
    }
    result.entries++;
    if (row.record.length !== columns.length) {
      result.skipped.push({ file, line, reason: `expected ${columns.length} fields as in the header (line ${headerLine}), found ${row.record.length}` });
      continue;
    }
    const record: Record<string, unknown> = {};
    columns.forEach((name, k) => {
      if (name) record[name] = row.record[k];
    });
    recordToPaper(record, file, line, options, result);
  }
  if (!columns) throw new InputError("no CSV header row", file);
  for (const skip of skips) {
    result.entries++;
    result.skipped.push({ file, line: skip.line, reason: skip.reason });
  }
  result.skipped.sort((a, b) => a.line - b.line);
  return result;
}
