/**
 * Web of Science
 * ==============
 *
 * The "Plain text file" export of Web of Science (`savedrecs.txt`, the file VOSviewer and
 * bibliometrix read), one record from `PT` to `ER`, continuation lines indented three spaces:
 *
 *   FN Clarivate Analytics Web of Science
 *   VR 1.0
 *   PT J
 *   AU Vaswani, A                                   (AF: the full names, one per line)
 *      Shazeer, N
 *   TI Attention Is All You Need
 *   AB The dominant sequence transduction models    (wrapped lines continue the field)
 *      are based on complex recurrent ...
 *   DE Transformer; attention                       (author keywords)
 *   PD DEC 4                                        (with PY 2017 → "2017-12-04")
 *   PY 2017
 *   DI 10.5555/3295222.3295349
 *   UT WOS:000452649406008
 *   ER
 *   EF
 *
 * The tab-delimited export is a CSV with these tags as columns (csv.ts).
 */
import type { ParseResult } from "./model.ts";
import type { RecordOptions } from "./jsonl.ts";
import { invertName, parseTagged, type TaggedFormat } from "./tagged.ts";

const WOS: TaggedFormat = {
  name: "Web of Science",
  tag: /^([A-Z][A-Z0-9])(?: (.*))?$/,
  start: "PT",
  end: "ER",
  fileTags: new Set(["FN", "VR", "EF"]),
  // one name, address or reference per line; TI, AB and the rest wrap
  listTags: new Set(["AU", "AF", "BA", "BF", "CA", "C1", "C3", "CR", "EM", "RI", "OI"]),
  fields: (r) => {
    const year = r.get("PY");
    const published = r.get("PD")?.replace(/\b\d{4}\b/, "").trim();
    const ut = r.get("UT");
    return {
      title: r.get("TI"),
      abstract: r.get("AB"),
      date: year && published ? `${year} ${published}` : year,
      authors: (r.all("AF").length ? r.all("AF") : r.all("AU")).map(invertName),
      doi: r.get("DI"),
      url: ut && /^WOS:\w+$/i.test(ut) ? `https://www.webofscience.com/wos/woscc/full-record/${ut}` : undefined,
      categories: r.all("DE").join("; ").split(";").map((k) => k.trim()).filter(Boolean),
    };
  },
  label: (r) => `Web of Science record${r.get("UT") ? ` ${r.get("UT")}` : ""}`,
};

/**
 * Parses a Web of Science plain-text export into papers. A record cut off before `ER` and tagged
 * lines outside a record are skipped with their line; records without an abstract are counted and
 * skipped (kept with `keepTitleOnly`).
 */
export function parseWos(text: string, file: string, options: RecordOptions = {}): ParseResult {
  return parseTagged(WOS, text, file, options);
}
