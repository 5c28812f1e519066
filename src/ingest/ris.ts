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
import type { ParseResult } from "./model.ts";
import type { RecordOptions } from "./jsonl.ts";
import { invertName, parseTagged, type TaggedFormat } from "./tagged.ts";

/** "2022/10/17/", "2022///", "2022/10//other" → "2022-10-17", "2022", "2022-10"; "2022-10-17" as is. */
function risDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-/.test(value.trim())) return value.trim();
  const [year, month, day] = value.trim().split("/");
  if (!year) return undefined;
  return [year, month, day].filter((part) => part && /^\d{1,4}$/.test(part)).join("-");
}

const RIS: TaggedFormat = {
  name: "RIS",
  // "TI  - Title" (the standard two spaces; some exporters write one)
  tag: /^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$/,
  start: "TY",
  end: "ER",
  fields: (r) => ({
    title: r.get("TI", "T1"),
    abstract: r.get("AB", "N2"),
    date: risDate(r.get("DA")) || risDate(r.get("PY", "Y1")),
    authors: r.all("AU", "A1").map(invertName),
    url: r.get("UR"),
    doi: r.get("DO"),
    categories: r.all("KW"),
  }),
  label: (r) => `RIS record (${r.get("TY") ?? "no type"})`,
};

/**
 * Parses RIS text into papers. A record cut off before `ER  -` (a truncated file) and text outside
 * any record are skipped with their line; records without an abstract are counted and skipped
 * (kept with `keepTitleOnly`).
 */
export function parseRis(text: string, file: string, options: RecordOptions = {}): ParseResult {
  return parseTagged(RIS, text, file, options);
}
