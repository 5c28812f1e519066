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
 * One scan per string: a single regex finds everything to escape or drop, so the ~150 MB of text
 * in an 80k-paper GEXF is read once, not tested, filtered and escaped in three passes. It is not
 * in unicode mode (which is slower); lone surrogates are found by look-around instead, so a valid
 * pair (an emoji) is kept whole.
 * Browser-safe: no Node imports.
 */

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
const LONE_SURROGATE = "[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]";
// Markup and invalid characters; element content keeps newlines and tabs as they are.
const IN_TEXT = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f&<>"'\\r\\ufffe\\uffff]|${LONE_SURROGATE}`, "g");
const IN_ATTRIBUTE = new RegExp(`[\\u0000-\\u001f&<>"'\\ufffe\\uffff]|${LONE_SURROGATE}`, "g");
/** A matched character's entity, or nothing: what has no entity is a character XML cannot hold. */
const entity = (c: string): string => ENTITIES[c] ?? "";

/** Text safe as XML element content. */
export function xmlText(text: string): string {
  return text.replace(IN_TEXT, entity);
}

/** Text safe as an XML attribute value, newlines and tabs kept as references. */
export function xmlAttr(text: string): string {
  return text.replace(IN_ATTRIBUTE, entity);
}
