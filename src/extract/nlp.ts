/**
 * compromise adapter
 * ==================
 *
 * The only module that imports compromise. Two uses earn its cost:
 *
 * - its lexicon (~24k English words with a part-of-speech tag each) as a dictionary: "is
 *   'network' a common English word, and which tag does it carry?" (a Map lookup, no parsing);
 * - its tagger on short snippets only (a cue phrase's window of a few words), never on whole
 *   abstracts: a full parse costs ~8 ms per abstract, the rest of our extractor ~0.5 ms.
 *
 * compromise splits hyphenated names ("GPT-4" → "GPT-" + "4", STYLE.md §1.4), so names are never
 * matched through it; our own tokenizer (tokenize.ts) keeps them whole.
 */
import nlp from "compromise";

/** A word of a snippet with the tags compromise gave it; offsets are into the snippet. */
export interface TaggedTerm {
  text: string;
  start: number;
  end: number;
  tags: ReadonlySet<string>;
}

const LEXICON: Readonly<Record<string, string | string[]>> = (() => {
  const world = nlp.world() as unknown as { model?: { one?: { lexicon?: Record<string, string | string[]> } } };
  return world.model?.one?.lexicon ?? {};
})();

/** The tag compromise's lexicon gives a lower-case word ("use" → "Infinitive"), or undefined if it does not know it. */
export function lexiconTag(word: string): string | undefined {
  const tag = Object.prototype.hasOwnProperty.call(LEXICON, word) ? LEXICON[word] : undefined;
  if (tag === undefined) return undefined;
  return Array.isArray(tag) ? tag[0] : tag;
}

/** Whether compromise's lexicon knows the lower-cased word ("colors" → true, "cifar" → false). */
export function isCommonWord(word: string): boolean {
  return lexiconTag(word.toLowerCase()) !== undefined;
}

interface RawTerm {
  text?: unknown;
  tags?: unknown;
  offset?: { start?: unknown; length?: unknown };
}

/** POS-tags a short snippet ("we propose a novel sparse attention") with compromise's full tagger. */
export function tagSnippet(snippet: string): TaggedTerm[] {
  const json: unknown = nlp(snippet).json({ offset: true });
  const out: TaggedTerm[] = [];
  if (!Array.isArray(json)) return out;
  for (const sentence of json as Array<{ terms?: unknown }>) {
    if (!Array.isArray(sentence.terms)) continue;
    for (const term of sentence.terms as RawTerm[]) {
      const start = term.offset?.start;
      const length = term.offset?.length;
      if (typeof term.text !== "string" || typeof start !== "number" || typeof length !== "number") continue;
      const tags = Array.isArray(term.tags) ? term.tags.filter((t): t is string => typeof t === "string") : [];
      out.push({ text: term.text, start, end: start + length, tags: new Set(tags) });
    }
  }
  return out;
}

/** One full compromise parse of a text (tokenize + tag + offsets); the naive baseline `bench/extract.ts` compares against. */
export function fullParse(text: string): number {
  const json: unknown = nlp(text).json({ offset: true });
  return Array.isArray(json) ? json.length : 0;
}
