/**
 * XML text
 * ========
 *
 * The one escaper of every XML we write (GEXF, GraphML, the viewer's GEXF export). Untrusted
 * text (titles, abstracts) must neither break the document nor change on the way back:
 * - characters XML 1.0 cannot hold at all (control characters, lone surrogates, U+FFFE/FFFF) are
 *   dropped;
 * - markup characters are escaped;
 * - in attribute values, newlines, tabs and carriage returns are character references, because a
 *   parser normalises literal ones to spaces (an abstract's paragraphs would be lost).
 * Browser-safe: no Node imports.
 */

const INVALID = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#13;",
  "\n": "&#10;",
  "\t": "&#9;",
};
// Anything the rules could touch; most labels have none of it, and skip the work.
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[\u0000-\u001f&<>"'\ud800-\udfff\ufffe\uffff]/;

/** Text safe as XML element content. */
export function xmlText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(INVALID, "").replace(/[&<>"'\r]/g, (c) => ENTITIES[c] ?? c);
}

/** Text safe as an XML attribute value, newlines and tabs kept as references. */
export function xmlAttr(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(INVALID, "").replace(/[&<>"'\r\n\t]/g, (c) => ENTITIES[c] ?? c);
}
