/**
 * RIS
 * ===
 *
 * The tagged format reference managers export, one record from `TY  -` to `ER  -`:
 *
 *   TY  - JOUR
 *   TI  - Token Merging: Your ViT but Faster        (T1 too)
 *   AU  - Bolya, Daniel                             (A1 too; one per line)
 *   AB  - We introduce Token Merging (ToMe), a      (N2 too; a line without a tag continues
 *         simple method to increase throughput ...    the field before it)
 *   PY  - 2022///                                   (Y1 too; DA  - 2022/10/17/ wins)
 *   DO  - 10.48550/arXiv.2210.09461
 *   UR  - https://arxiv.org/abs/2210.09461
 *   ER  -
 *
 * Small enough to parse by hand: no registry package does more than split these lines.
 */
import { emptyResult, type ParseResult } from "./model.ts";
import { recordToPaper, type RecordOptions } from "./jsonl.ts";

// "TI  - Title" (the standard two spaces; some exporters write one)
const TAG = /^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$/;

/** "2022/10/17/", "2022///", "2022/10//other" → "2022-10-17", "2022", "2022-10"; "2022-10-17" as is. */
function risDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-/.test(value.trim())) return value.trim();
  const [year, month, day] = value.trim().split("/");
  if (!year) return undefined;
  return [year, month, day].filter((part) => part && /^\d{1,4}$/.test(part)).join("-");
}

/** RIS names are "Last, First[, Suffix]": "Bolya, Daniel" → "Daniel Bolya"; "Acme Lab" stays. */
function personName(name: string): string {
  const [last, first, suffix] = name.split(",").map((part) => part.trim());
  if (!first) return name.trim();
  return [first, last, suffix].filter(Boolean).join(" ");
}

/**
 * Parses RIS text into papers. A record cut off before `ER  -` (a truncated file) and text outside
 * any record are skipped with their line; records without an abstract are counted and skipped
 * (kept with `keepTitleOnly`).
 */
export function parseRis(text: string, file: string, options: RecordOptions = {}): ParseResult {
  const result = emptyResult();
  let record: { line: number; fields: Map<string, string[]> } | undefined;
  let lastTag: string | undefined;
  const finish = () => {
    if (!record) return;
    const get = (...tags: string[]) => tags.map((t) => record!.fields.get(t)?.[0]).find((v) => v !== undefined);
    const all = (...tags: string[]) => tags.flatMap((t) => record!.fields.get(t) ?? []);
    const fields: Record<string, unknown> = {
      title: get("TI", "T1"),
      abstract: get("AB", "N2"),
      date: risDate(get("DA")) || risDate(get("PY", "Y1")),
      authors: all("AU", "A1").map(personName),
      url: get("UR"),
      doi: get("DO"),
      categories: all("KW"),
    };
    result.entries++;
    recordToPaper(fields, file, record.line, options, result, `RIS record (${get("TY") ?? "no type"})`);
    record = undefined;
  };

  text
    .replace(/^\uFEFF/, "")
    .split("\n")
    .forEach((raw, index) => {
      const line = raw.replace(/\r$/, "");
      const lineNo = index + 1;
      const tagged = TAG.exec(line);
      if (tagged) {
        const [, tag, value = ""] = tagged;
        if (tag === "TY") {
          if (record) {
            result.entries++;
            result.skipped.push({ file, line: record.line, reason: "RIS record has no ER line before the next TY" });
          }
          record = { line: lineNo, fields: new Map() };
        } else if (!record) {
          if (tag !== "ER") result.skipped.push({ file, line: lineNo, reason: `RIS tag ${tag} outside a record (no TY line before it)` });
          return;
        }
        if (tag === "ER") {
          finish();
          lastTag = undefined;
          return;
        }
        const values = record.fields.get(tag!) ?? [];
        values.push(value.trim());
        record.fields.set(tag!, values);
        lastTag = tag;
        return;
      }
      if (!line.trim()) return;
      if (record && lastTag) {
        // a continuation line of a long field (AB wraps like this in some exports)
        const values = record.fields.get(lastTag)!;
        values[values.length - 1] = `${values[values.length - 1]} ${line.trim()}`;
        return;
      }
      result.skipped.push({ file, line: lineNo, reason: "text outside a RIS record" });
    });
  if (record) {
    result.entries++;
    result.skipped.push({ file, line: record.line, reason: "RIS record is cut off (no ER line; a truncated file?)" });
  }
  return result;
}
