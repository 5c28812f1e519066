/**
 * Mention highlighting
 * ====================
 *
 * Splits a paper's title or abstract into plain runs and mention runs, from the paper node's
 * `mentions: [conceptKey, field, start, end][]` (UTF-16 offsets, end exclusive). The details
 * panel turns each run into a text node or a `<mark>` (always via `textContent`). Overlapping
 * mentions keep the one that starts first (the longer one on a tie); spans outside the text are
 * dropped. Pure: tested in Node.
 */

/** A run of text, with the concept it mentions if any. */
export interface Segment {
  text: string;
  concept?: string;
}

/** A paper's mention tuple as graph.json stores it. */
export type MentionTuple = readonly [string, string, number, number];

/**
 * Segments of `text` for one `field`. Example: `segments("We use LoRA on GLUE.", [["method:lora",
 * "abstract", 7, 11], ["dataset:glue", "abstract", 15, 19]], "abstract")` →
 * `[{text: "We use "}, {text: "LoRA", concept: "method:lora"}, {text: " on "}, {text: "GLUE",
 * concept: "dataset:glue"}, {text: "."}]`.
 */
export function segments(text: string, mentions: readonly MentionTuple[] | undefined, field: string): Segment[] {
  const spans = (mentions ?? [])
    .filter(
      (m) =>
        Array.isArray(m) &&
        m[1] === field &&
        typeof m[0] === "string" &&
        Number.isInteger(m[2]) &&
        Number.isInteger(m[3]) &&
        m[2] >= 0 &&
        m[3] > m[2] &&
        m[3] <= text.length,
    )
    .map(([concept, , start, end]) => ({ concept, start, end }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let cursor = 0;
  for (const s of spans) {
    if (s.start < cursor) continue; // overlaps the previous mention
    if (s.start > cursor) out.push({ text: text.slice(cursor, s.start) });
    out.push({ text: text.slice(s.start, s.end), concept: s.concept });
    cursor = s.end;
  }
  if (cursor < text.length) out.push({ text: text.slice(cursor) });
  return out;
}
