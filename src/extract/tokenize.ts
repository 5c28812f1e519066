/**
 * Tokenizer
 * =========
 *
 * A regex tokenizer that keeps names whole ("ResNet-50", "GPT-3.5", "ViT-B/16", "C++" are one
 * token each), records UTF-16 offsets, and marks sentence starts. It replaces compromise's
 * tokenizer for the matching passes: ~50x faster, and it does not split hyphenated names.
 */

import { matchKey } from "./normalize.ts";

/** One token: a word (letters/digits, inner "-", "_", "'", ".digit", "/digit") or one punctuation character. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Lower-case text. */
  lower: string;
  /** matchKey of the text ("GPT-4" → "gpt4"). */
  key: string;
  /** True for words, false for punctuation. */
  word: boolean;
  /** Memo of concepts.ts: name-shaped ("ResNet", "GPT-4"), Title Case ("Harbor"). */
  namey?: boolean;
  title?: boolean;
  /** First word of a sentence (after ". ", "? ", "! " or at the start of the field). */
  sentenceStart: boolean;
}

// a possessive "'s" is one punctuation token: "the model's accuracy" must not yield "s accuracy"
// "A^2Search", "A$^2$Search-7B", "M^2-Encoders": a name with a power in it, written in TeX or not
// (not "x^2" or "R^2": a name starts with a capital and goes on after the power)
const TOKEN = /['’]s\b|\p{Lu}[\p{L}\p{N}]*(?:\^|\$\^)\{?\p{N}+\}?\$?-?\p{L}[\p{L}\p{N}]*(?:[-_][\p{L}\p{N}]+)*|[\p{L}\p{N}]+(?:(?:[-_]|\.(?=\p{N})|\/(?=\p{N}))[\p{L}\p{N}]+)*(?:\+\+)?|[^\s\p{L}\p{N}]/gu;
// a bare host starts where a run of [\w.-] starts, not at every word boundary inside it: starting
// at each "-" or "." of "a-1-1-…" or "a.a.a.…" and scanning to the run's end was quadratic (100k
// such characters took seconds)
const URL = /\b(?:https?:\/\/|www\.)\S+|(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:com|org|io|net|ai|edu|dev)\/\S*/g;
// "e.g. BERT", "et al. show", "Fig. 3": a full stop that does not end a sentence
const ABBREVIATION = /^(e\.g|i\.e|al|vs|fig|eq|sec|cf|approx|resp|etc|no)$/i;

const ADDRESS = new RegExp(URL.source);
/** What every address `URL` finds holds: `URL` itself tries a match at every word, and most fields hold none of these. */
const ADDRESS_MARK = /:\/\/|www\.|\.(?:com|org|io|net|ai|edu|dev)\//;

/** Whether a field holds a web address (whose words `tokenize` skips, so that the words on either side meet). */
export function hasAddress(text: string): boolean {
  return ADDRESS_MARK.test(text) && ADDRESS.test(text);
}

/** Tokens of a field ("We use GPT-4." → We, use, GPT-4, .), sentence starts marked. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let nextStartsSentence = true;
  // "github.com/FooLab/bar", "https://x.org/a": no names inside addresses
  const urls = ADDRESS_MARK.test(text) ? [...text.matchAll(URL)].map((m) => [m.index, m.index + m[0].length] as const) : [];
  for (const m of text.matchAll(TOKEN)) {
    const t = m[0];
    const start = m.index;
    if (urls.length && urls.some(([a, b]) => start >= a && start < b)) continue;
    const word = /[\p{L}\p{N}]/u.test(t[0] ?? "");
    const lower = t.toLowerCase();
    tokens.push({ text: t, start, end: start + t.length, lower, key: word ? matchKey(t) : "", word, sentenceStart: word && nextStartsSentence });
    if (word) nextStartsSentence = false;
    if (t === "." || t === "?" || t === "!") {
      const prev = tokens[tokens.length - 2];
      const rest = text.slice(start + 1, start + 4);
      const abbreviation = prev !== undefined && prev.end === start && (ABBREVIATION.test(prev.text) || prev.text.length === 1);
      // "... on COCO. We ..." ends a sentence; "e.g. the", "3.5 vs. 4" do not
      if (!abbreviation && (rest === "" || /^\s+["'(\[]?[\p{Lu}\p{N}]/u.test(rest))) nextStartsSentence = true;
    }
  }
  return tokens;
}
