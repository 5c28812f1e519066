/**
 * Lexicon
 * =======
 *
 * Known names, read once from the data files in `lexicon/` (provenance in `lexicon/README.md`)
 * plus an optional user lexicon. Lookup is by match key ("CIFAR10", "cifar-10" → "cifar10"), so
 * spelling variants meet without listing them. Each entry remembers whether the text must show a
 * capital letter: "SAM" and "mAP" are names, "sam" and "map" are words.
 */
import { readFileSync } from "node:fs";

import type { ConceptType } from "../types.ts";
import { CONCEPT_TYPES } from "../types.ts";
import { InputError } from "../errors.ts";
import { matchKey } from "./normalize.ts";
import { hasAddress, tokenize } from "./tokenize.ts";

/** A user's additions: aliases merged into a canonical name, and phrases that are never concepts. */
export interface UserLexicon {
  /** `alias` (any spelling) is the concept `canonical` of type `type`; the canonical name is also an entry. */
  aliases: Array<{ alias: string; canonical: string; type: ConceptType }>;
  /** Phrases never reported as concepts (matched by key: "Novel Framework" suppresses "novel framework"). */
  stops: string[];
}

/** What a matched key stands for. */
export interface LexEntry {
  /** Canonical name (the concept's id comes from it). */
  canonical: string;
  type: ConceptType;
  /** The text must contain an upper-case letter ("SAM", "mAP", "ViT"). */
  needsUpper: boolean;
  /** A plain capitalised word or phrase ("Cityscapes", "Penn Treebank"): not at a sentence start, where any word is capitalised. */
  plainTitle: boolean;
  /** All capitals in the list ("COCO", "HELP"): the text must be all capitals too ("Help" is a word). */
  allCaps: boolean;
  /** The text must be spelled exactly so (very short names: "IS", "AP"). */
  exact: string | undefined;
  /** Which list it came from ("families", "pwc", "user", ...). */
  source: string;
}

export interface Lexicon {
  get(key: string): LexEntry | undefined;
  /** Whether some key starts with this string (the matcher stops extending a span when not). */
  hasPrefix(prefix: string): boolean;
  /** Type of a family known only with sizes: "LAION-400M" listed → "laion" is a dataset stem, so "LAION-2B" is a dataset. */
  stemType(stemKey: string): ConceptType | undefined;
  /** Longest entry, in words, so the matcher knows how far to look ahead. */
  maxWords: number;
  stops: ReadonlySet<string>;
}

const FILES = ["families.tsv", "models.tsv", "methods.tsv", "datasets.tsv", "metrics.tsv", "tasks.tsv"];

function isType(t: string): t is ConceptType {
  return (CONCEPT_TYPES as readonly string[]).includes(t);
}

/** Whether a surface form only names the concept when written with capitals ("SAM", "mAP", "ViT"). */
function surfaceNeedsUpper(surface: string): boolean {
  return /\p{Ll}\p{Lu}|\p{Lu}{2}/u.test(surface) || (/^\p{Lu}/u.test(surface) && surface.length <= 4);
}

/** The file of the gazetteer's dataset names (`lexicon/README.md`), which entries record as their source. */
export const GAZETTEER_DATASETS = "datasets.tsv";

/** How a task's name ends (`lexicon/README.md`: the curation's test for one-word tasks): "compression", "diacritization", "analysis". */
const TASK_NOUN = /(tion|sion|ing|sis|ment)$/i;

/**
 * "Sentence Compression", "Arabic Text Diacritization": the gazetteer lists some task names as
 * datasets too (a benchmark named after its task). Such an entry, in capitals as listed names
 * are, hid the task's entry from "sentence compression" in text; the task's takes its place.
 */
function taskListedAsDataset(prior: LexEntry, type: ConceptType, surface: string): boolean {
  return type === "task" && prior.type === "dataset" && prior.source === GAZETTEER_DATASETS && TASK_NOUN.test(surface);
}

class MapLexicon implements Lexicon {
  /** Read by `changedKeys` too. */
  readonly map = new Map<string, LexEntry>();
  private prefixes = new Set<string>();
  maxWords = 1;

  readonly stems = new Map<string, ConceptType | null>();

  hasPrefix(prefix: string): boolean {
    return this.prefixes.has(prefix);
  }

  stemType(stemKey: string): ConceptType | undefined {
    return this.stems.get(stemKey) ?? undefined;
  }
  stops = new Set<string>();

  get(key: string): LexEntry | undefined {
    return this.map.get(key);
  }

  add(surface: string, canonical: string, type: ConceptType, source: string, override = false): void {
    const key = matchKey(surface);
    if (key.length < 2 || (!override && this.map.has(key) && !taskListedAsDataset(this.map.get(key)!, type, surface))) return;
    const exact = key.length <= 2 || (key.length === 3 && /\p{Lu}/u.test(surface)) ? surface : undefined;
    // names of things (datasets, models) are capitalised: "Context" is a dataset, "context" a word
    const name = type === "dataset" || type === "model";
    const capital = /^\p{Lu}/u.test(surface);
    const plainTitle = name && capital && !/\p{N}/u.test(surface) && !/\p{Ll}\p{Lu}|\p{Lu}{2}/u.test(surface);
    const allCaps = /^[\p{Lu}\p{N}\s-]+$/u.test(surface) && /\p{Lu}{2}/u.test(surface);
    this.map.set(key, { canonical, type, needsUpper: surfaceNeedsUpper(surface) || (name && capital), plainTitle, allCaps, exact, source });
    this.maxWords = Math.max(this.maxWords, surface.split(/\s+/).length);
    for (let i = 1; i <= key.length; i++) this.prefixes.add(key.slice(0, i));
    // "LAION-400M", "YFCC100M", "Pythia-1.4B": remember the stem's type (null when lists disagree)
    const sized = /^(.*?\p{L})[-\s]?\d+(\.\d+)?[BMKT]$/u.exec(surface);
    if (sized && (type === "dataset" || type === "model")) {
      const stem = matchKey(sized[1]!);
      if (stem.length >= 3) this.stems.set(stem, this.stems.has(stem) && this.stems.get(stem) !== type ? null : type);
    }
  }
}

function parseBuiltin(lex: MapLexicon, file: string, text: string): void {
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith("#")) return;
    const [name, type, third] = line.split("\t");
    if (!name || !type || !isType(type)) throw new InputError(`expected "name<TAB>type", got ${JSON.stringify(line)}`, file, i + 1);
    const canonical = name.trim();
    lex.add(canonical, canonical, type, file);
    // families.tsv: third column holds aliases ("CNN;CNNs;ConvNet")
    if (file.endsWith("families.tsv") && third) for (const alias of third.split(";")) if (alias.trim()) lex.add(alias.trim(), canonical, type, file);
  });
}

let builtin: string[] | undefined;

function builtinTexts(): string[] {
  builtin ??= FILES.map((f) => readFileSync(new URL(`./lexicon/${f}`, import.meta.url), "utf8"));
  return builtin;
}

const cache = new WeakMap<UserLexicon, Lexicon>();
let plain: Lexicon | undefined;

/** The built-in lexicon merged with a user lexicon (user entries win); built once per user lexicon object. */
export function getLexicon(user?: UserLexicon): Lexicon {
  if (!user && plain) return plain;
  if (user && cache.has(user)) return cache.get(user)!;
  const lex = new MapLexicon();
  for (const a of user?.aliases ?? []) {
    lex.add(a.canonical, a.canonical, a.type, "user", true);
    lex.add(a.alias, a.canonical, a.type, "user", true);
  }
  const texts = builtinTexts();
  FILES.forEach((f, i) => parseBuiltin(lex, f, texts[i] ?? ""));
  for (const s of user?.stops ?? []) lex.stops.add(matchKey(s));
  if (user) cache.set(user, lex);
  else plain = lex;
  return lex;
}

/** `value` if it has the shape of a `UserLexicon` (a user lexicon read back from elsewhere, such as a cache's salt), else undefined. */
export function asUserLexicon(value: unknown): UserLexicon | undefined {
  const isString = (x: unknown): x is string => typeof x === "string";
  const { aliases, stops } = (value ?? {}) as Partial<Record<keyof UserLexicon, unknown>>;
  const isAlias = (a: unknown) => {
    const { alias, canonical, type } = (a ?? {}) as Record<string, unknown>;
    return isString(alias) && isString(canonical) && isString(type) && isType(type);
  };
  if (!Array.isArray(aliases) || !aliases.every(isAlias) || !Array.isArray(stops) || !stops.every(isString)) return undefined;
  return { aliases, stops } as UserLexicon;
}

/** Whether two entries make the extractor do the same (where an entry came from does not). */
function sameEntry(x: LexEntry | undefined, y: LexEntry | undefined): boolean {
  if (!x || !y) return x === y;
  return x.canonical === y.canonical && x.type === y.type && x.needsUpper === y.needsUpper && x.plainTitle === y.plainTitle && x.allCaps === y.allCaps && x.exact === y.exact;
}

/**
 * The match keys whose meaning differs between the lexicon with user lexicon `before` and with
 * `after`: every key whose entry or size-stem type differs, every stopped or unstopped phrase, and
 * the keys of the entries whose canonical name such a phrase stops. A paper whose text holds none
 * of them extracts the same under both, because every lookup the extractor makes is of the key of a
 * piece of the paper's text (a span, a hyphen prefix, the tail of a name, a family stem): so a
 * lexicon edit needs only the papers that mention what it changes parsed again (see `mentionsAny`).
 * Undefined when the longest entry's length in words changed, which changes how far every span
 * is looked at: then every paper is parsed again.
 */
export function changedKeys(before: UserLexicon | undefined, after: UserLexicon | undefined): string[] | undefined {
  const a = getLexicon(before) as MapLexicon;
  const b = getLexicon(after) as MapLexicon;
  if (a.maxWords !== b.maxWords) return undefined;
  const keys = new Set<string>();
  for (const [x, y] of [[a, b], [b, a]] as const) {
    for (const [key, entry] of x.map) if (!sameEntry(entry, y.map.get(key))) keys.add(key);
    for (const [stem, type] of x.stems) if (y.stems.get(stem) !== type) keys.add(stem);
  }
  const stops = new Set([...a.stops, ...b.stops].filter((s) => a.stops.has(s) !== b.stops.has(s)));
  for (const stop of stops) keys.add(stop);
  if (stops.size) for (const x of [a, b]) for (const [key, entry] of x.map) if (stops.has(matchKey(entry.canonical))) keys.add(key);
  return [...keys].sort();
}

/**
 * Whether a paper holds one of `keys` (from `changedKeys`) as the key of some piece of its text.
 * Every key the extractor looks up is the key of a slice of a field, or the keys of consecutive
 * word tokens run together (a span may skip an address between them), so both are tested: the
 * key of each whole field, and, when the field holds an address, its word tokens' keys run
 * together. A key ending in "y" is looked for without it (a plural in "-ies" is looked up by its
 * singular), and final sigma as sigma (lower-casing a slice may give the other form). It may say
 * yes for a paper the keys do not change, never no for one they do.
 *
 * In an ASCII field (most abstracts) a key is found without making the field's key: its letters
 * in order with only what `matchKey` drops between them, in the lower-cased field (that test
 * alone: 0.2–0.8 s over the 79k papers of the arXiv file, against 1.6–2.5 s making each field's
 * key first; all of this function, with the fields that hold an address: 2.3–3.3 s).
 */
export function mentionsAny(keys: readonly string[]): (paper: { title: string; abstract: string }) => boolean {
  if (!keys.length) return () => false;
  const needles = [...new Set(keys.map((k) => (k.length >= 3 && k.endsWith("y") ? k.slice(0, -1) : k).replace(/ς/g, "σ")))];
  const escape = (c: string) => (c === "+" ? "\\+" : c);
  const inKey = new RegExp(needles.map((n) => [...n].map(escape).join("")).join("|"));
  // an empty key is in every text; a key with other than ASCII letters, digits and "+" is in no ASCII one
  const ascii = needles.filter((n) => /^[a-z0-9+]*$/.test(n));
  const inAscii = ascii.length ? new RegExp(ascii.map((n) => [...n].map(escape).join("[^a-z0-9+]*")).join("|")) : undefined;
  const holds = (key: string) => inKey.test(key.replace(/ς/g, "σ"));
  const field = (text: string) => {
    const found = /[^\x00-\x7f]/.test(text) ? holds(matchKey(text)) : inAscii !== undefined && inAscii.test(text.toLowerCase());
    return found || (hasAddress(text) && holds(tokenize(text).map((t) => t.key).join("")));
  };
  return (paper) => field(paper.title) || field(paper.abstract);
}

/**
 * Parses a user lexicon (TSV, UTF-8). Lines:
 * - `alias<TAB>canonical name<TAB>type`: "Llama2<TAB>LLaMA-2<TAB>model" merges the two names;
 * - `!stop<TAB>phrase`: "!stop<TAB>novel framework" is never a concept;
 * - blank lines and lines starting with `#` are ignored.
 * Throws InputError(file, line) on any other line.
 */
export function parseUserLexicon(text: string, file: string): UserLexicon {
  const out: UserLexicon = { aliases: [], stops: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const cols = raw.split("\t").map((c) => c.trim());
    if (cols[0] === "!stop") {
      if (cols.length !== 2 || !cols[1]) throw new InputError(`expected "!stop<TAB>phrase", got ${JSON.stringify(raw)}`, file, i + 1);
      out.stops.push(cols[1]);
      return;
    }
    const [alias, canonical, type] = cols;
    if (cols.length !== 3 || !alias || !canonical || !type)
      throw new InputError(`expected "alias<TAB>canonical name<TAB>type" or "!stop<TAB>phrase", got ${JSON.stringify(raw)}`, file, i + 1);
    if (!isType(type)) throw new InputError(`unknown type "${type}" (expected one of ${CONCEPT_TYPES.join(", ")})`, file, i + 1);
    out.aliases.push({ alias, canonical, type });
  });
  return out;
}

/** Reads and parses a user lexicon file; InputError(file) if unreadable, InputError(file, line) on a bad line. */
export function loadUserLexicon(file: string): UserLexicon {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read lexicon (${(e as NodeJS.ErrnoException).code ?? String(e)})`, file);
  }
  return parseUserLexicon(text, file);
}
