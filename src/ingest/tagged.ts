/**
 * Tagged records
 * ==============
 *
 * The line-tagged exports of reference managers and bibliographic databases share one shape: a
 * record is a run of lines that start with a short tag ("TI  - ", "TI ", "TI  - "), a line without
 * a tag continues the field before it, and a start tag (and often an end tag) delimits records.
 * `parseTagged` reads that shape once; each format (ris.ts, wos.ts, medline.ts) says which tags
 * start and end a record and what its fields are.
 */
import { emptyResult, type ParseResult } from "./model.ts";
import { recordToPaper, type RecordOptions } from "./jsonl.ts";

/** A record's fields by tag, each tag's values in file order. */
export interface TaggedRecord {
  /** The first value of the first of `tags` the record has. */
  get(...tags: string[]): string | undefined;
  /** Every value of `tags`, in order. */
  all(...tags: string[]): string[];
}

export interface TaggedFormat {
  /** The format's name in messages: "RIS", "Web of Science", "MEDLINE". */
  name: string;
  /** A tagged line as [tag, value]; anything else is a continuation or blank line. */
  tag: RegExp;
  /** The tag that starts a record ("TY", "PT", "PMID"). */
  start: string;
  /** The tag that ends one ("ER"); without it a record ends at a blank line, the next start or the file's end. */
  end?: string;
  /** Tags of the whole file, outside records ("FN", "VR", "EF" of Web of Science). */
  fileTags?: ReadonlySet<string>;
  /** Tags whose continuation lines are further values, not wrapped text ("AU" of Web of Science: one author per line). */
  listTags?: ReadonlySet<string>;
  /** A record's fields as `recordToPaper` takes them. */
  fields(record: TaggedRecord): Record<string, unknown>;
  /** How a record is named in messages: "RIS record (JOUR)". */
  label(record: TaggedRecord): string;
}

/** "Bolya, Daniel" → "Daniel Bolya", "Smith, John, Jr." → "John Smith Jr."; "Acme Lab" stays. */
export function invertName(name: string): string {
  const [last, first, suffix] = name.split(",").map((part) => part.trim());
  if (!first) return name.trim();
  return [first, last, suffix].filter(Boolean).join(" ");
}

/**
 * Parses tagged text into papers. A record cut off before its end tag (a truncated file) and tagged
 * text outside any record are skipped with their line; records without an abstract are counted and
 * skipped (kept with `keepTitleOnly`).
 */
export function parseTagged(format: TaggedFormat, text: string, file: string, options: RecordOptions = {}): ParseResult {
  const result = emptyResult();
  let record: { line: number; fields: Map<string, string[]> } | undefined;
  let lastTag: string | undefined;
  const view = (fields: Map<string, string[]>): TaggedRecord => ({
    get: (...tags) => tags.map((t) => fields.get(t)?.[0]).find((v) => v !== undefined),
    all: (...tags) => tags.flatMap((t) => fields.get(t) ?? []),
  });
  const finish = () => {
    if (!record) return;
    const fields = view(record.fields);
    result.entries++;
    recordToPaper(format.fields(fields), file, record.line, options, result, format.label(fields));
    record = undefined;
    lastTag = undefined;
  };

  text
    .replace(/^\uFEFF/, "")
    .split("\n")
    .forEach((raw, index) => {
      const line = raw.replace(/\r$/, "");
      const lineNo = index + 1;
      const tagged = format.tag.exec(line);
      if (tagged) {
        const [, tag = "", value = ""] = tagged;
        if (tag === format.start) {
          if (record && format.end) {
            result.entries++;
            result.skipped.push({ file, line: record.line, reason: `${format.name} record has no ${format.end} line before the next ${format.start}` });
            record = undefined;
          }
          finish();
          record = { line: lineNo, fields: new Map() };
        } else if (!record) {
          if (tag !== format.end && !format.fileTags?.has(tag)) {
            result.skipped.push({ file, line: lineNo, reason: `${format.name} tag ${tag} outside a record (no ${format.start} line before it)` });
          }
          return;
        }
        if (tag === format.end) {
          finish();
          return;
        }
        const values = record.fields.get(tag) ?? [];
        values.push(value.trim());
        record.fields.set(tag, values);
        lastTag = tag;
        return;
      }
      if (!line.trim()) {
        if (!format.end) finish();
        return;
      }
      if (record && lastTag) {
        // a continuation line: another value of a list tag, else the wrapped text of the field
        const values = record.fields.get(lastTag)!;
        if (format.listTags?.has(lastTag)) values.push(line.trim());
        else values[values.length - 1] = `${values[values.length - 1]} ${line.trim()}`;
        return;
      }
      result.skipped.push({ file, line: lineNo, reason: `text outside a ${format.name} record` });
    });
  if (record && format.end) {
    result.entries++;
    result.skipped.push({ file, line: record.line, reason: `${format.name} record is cut off (no ${format.end} line; a truncated file?)` });
  } else finish();
  return result;
}
