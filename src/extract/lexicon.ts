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

class MapLexicon implements Lexicon {
  private map = new Map<string, LexEntry>();
  private prefixes = new Set<string>();
  maxWords = 1;

  private stems = new Map<string, ConceptType | null>();

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
    if (key.length < 2 || (!override && this.map.has(key))) return;
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
