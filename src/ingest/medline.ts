/**
 * MEDLINE
 * =======
 *
 * PubMed's "PubMed" export format (Save → Format: PubMed, a `.txt`; "Send to: Citation manager"
 * gives the same as `.nbib`), one record per blank-line-separated block, tags padded to four
 * characters, continuation lines indented six spaces:
 *
 *   PMID- 31452104
 *   DP  - 2019 Jan 7                                  → "2019-01-07"
 *   TI  - High-performance medicine: the convergence of human and
 *         artificial intelligence.                    (wrapped lines continue the field)
 *   LID - 10.1038/s41591-018-0300-7 [doi]             (AID too)
 *   AB  - The use of artificial intelligence, and the deep-learning ...
 *   FAU - Topol, Eric J                               (AU - Topol EJ when there is no FAU)
 *   OT  - deep learning                               (keywords; MH: MeSH headings)
 */
import type { ParseResult } from "./model.ts";
import type { RecordOptions } from "./jsonl.ts";
import { invertName, parseTagged, type TaggedFormat } from "./tagged.ts";

const MEDLINE: TaggedFormat = {
  name: "MEDLINE",
  tag: /^([A-Z][A-Z0-9]{1,3}) *- ?(.*)$/,
  start: "PMID",
  fields: (r) => {
    const pmid = r.get("PMID");
    const doi = r.all("LID", "AID").find((v) => /\[doi\]\s*$/.test(v))?.replace(/\s*\[doi\]\s*$/, "");
    // "Deep Learning/*methods" → "Deep Learning"
    const mesh = r.all("MH").map((h) => h.split("/")[0]!.replace(/\*/g, "").trim());
    return {
      id: pmid && /^\d+$/.test(pmid) ? `pmid:${pmid}` : undefined,
      // PubMed ends every title with a period: "Deep learning for X." (a "?" or "..." stays)
      title: r.get("TI", "BTI")?.replace(/(?<!\.)\.$/, ""),
      abstract: r.get("AB"),
      date: r.get("DP"),
      authors: r.all("FAU").length ? r.all("FAU").map(invertName) : r.all("AU"),
      doi,
      url: pmid && /^\d+$/.test(pmid) ? `https://pubmed.ncbi.nlm.nih.gov/${pmid}/` : undefined,
      categories: r.all("OT").length ? r.all("OT") : mesh.filter(Boolean),
    };
  },
  label: (r) => `MEDLINE record (PMID ${r.get("PMID") || "?"})`,
};

/**
 * Parses MEDLINE text (PubMed's export) into papers. Tagged lines before the first `PMID` are
 * skipped with their line; records without an abstract are counted and skipped (kept with `keepTitleOnly`).
 */
export function parseMedline(text: string, file: string, options: RecordOptions = {}): ParseResult {
  return parseTagged(MEDLINE, text, file, options);
}
