/**
 * Extractions in columns
 * ======================
 *
 * A corpus's extractions as flat arrays of numbers: every string (id, name, alias, acronym, long
 * form) is an index into one `StringTable`, and each paper's concepts, each concept's aliases and
 * mentions, and each paper's definitions are ranges of those arrays. An 80k-paper corpus has
 * ~840k concepts and ~1.5M mentions: as objects they are millions of small allocations that live
 * through the whole build, and every pass over them (resolving ids, counting papers per concept,
 * building the graph) is Map traffic on strings. In columns they are a few arrays of small
 * integers, equal strings are equal numbers, and a build's columns can be kept for the next one
 * (see `snapshot.ts`) instead of being decoded paper by paper.
 *
 * A concept's type is its id's prefix, as everywhere else (`model:gpt-4` is a model).
 */
import type { ConceptType, Mention, MentionField, PaperConcept } from "../types.ts";
import type { Definition, PaperExtraction } from "./concepts.ts";
import { matchKey, singularKey } from "./normalize.ts";

/**
 * Distinct strings, each with its index, and what resolving ids derives from a string, computed
 * once per string and kept with the table (`derived`): the same names, slugs and long forms recur
 * across papers and builds, and normalising them was most of what resolving cost.
 */
export class StringTable {
  readonly strings: string[];
  /**
   * The strings it was made with, found through an open-addressing table of their hashes
   * (`slots`: string index + 1, 0 for an empty slot): made in one pass over an array of hashes,
   * several times faster than a Map of a snapshot's 1.3M strings. Strings added since are in `added`.
   */
  private readonly slots: Int32Array;
  private readonly added = new Map<string, number>();
  /** Per derivation, per string: the index of what it derives, -1 until asked for. */
  readonly derived: Record<Derivation, number[]>;

  /**
   * `slots`, when given, are `strings`' as `slotsOf` made them (a snapshot keeps them: making
   * them again hashed 1.3M strings, 0.4 s of an incremental build); they are not checked.
   */
  constructor(strings: string[] = [], derived?: Record<Derivation, number[]>, slots?: Int32Array) {
    this.strings = strings;
    this.derived = derived ?? { nameKey: [], matchKey: [], formKey: [], slug: [] };
    this.slots = slots ?? slotsOf(strings);
  }

  /** The slots of every string in the table now, added ones included, for a snapshot. */
  allSlots(): Int32Array {
    return this.added.size === 0 ? this.slots : slotsOf(this.strings);
  }

  /** The index of `s`, if it is in the table. */
  indexOf(s: string): number | undefined {
    if (this.slots.length) {
      const mask = this.slots.length - 1;
      for (let h = hash(s) & mask; this.slots[h] !== 0; h = (h + 1) & mask) if (this.strings[this.slots[h]! - 1] === s) return this.slots[h]! - 1;
    }
    return this.added.get(s);
  }

  intern(s: string): number {
    let i = this.indexOf(s);
    if (i === undefined) {
      this.added.set(s, (i = this.strings.length));
      this.strings.push(s);
    }
    return i;
  }

  /** The index of `derive(strings[i])`, derived once per string. */
  derive(i: number, derivation: Derivation): number {
    const memo = this.derived[derivation];
    while (memo.length <= i) memo.push(-1);
    if (memo[i]! < 0) memo[i] = this.intern(DERIVATIONS[derivation](this.strings[i]!));
    return memo[i]!;
  }
}

/**
 * The open-addressing table of `strings` (a power of two of at least twice their count; each
 * slot a string index + 1, 0 when empty), probed from each string's hash.
 * @throws Error when a string is there twice.
 */
function slotsOf(strings: readonly string[]): Int32Array {
  let size = 1;
  while (size < strings.length * 2) size *= 2;
  const slots = new Int32Array(strings.length ? size : 0);
  const mask = size - 1;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i]!;
    let h = hash(s) & mask;
    for (; slots[h] !== 0; h = (h + 1) & mask) if (strings[slots[h]! - 1] === s) throw new Error(`string table: ${JSON.stringify(s)} twice`);
    slots[h] = i + 1;
  }
  return slots;
}

/** FNV-1a of a string's UTF-16 units. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** What resolving derives from strings (see `resolve.ts`). */
export const DERIVATIONS = {
  /** The key spellings of a name meet under ("Loss-Functions" → `lossfunction`). */
  nameKey: (name: string) => singularKey(matchKey(name)),
  matchKey,
  /**
   * A long form's meaning key: each word cut to its first five letters, so inflections meet
   * ("learned sparse retrieval" = "Learned Sparse Retrievers" = `learn spars retri`) while different
   * words stay apart ("Grounded Teacher" ≠ "ground truth").
   */
  formKey: (longForm: string) =>
    longForm
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map((w) => w.slice(0, 5))
      .join(" "),
  /** An id's slug, after its type (`dataset:cifar-10` → `cifar-10`). */
  slug: (id: string) => id.slice(id.indexOf(":") + 1),
} as const;

export type Derivation = keyof typeof DERIVATIONS;

const FIELDS: readonly MentionField[] = ["title", "abstract"];

/**
 * Papers' extractions, paper by paper. Paper `p`'s concepts are `[conceptStart[p],
 * conceptStart[p + 1])`, its definitions `[definitionStart[p], definitionStart[p + 1])`; concept
 * `c`'s aliases are `alias[aliasStart[c] … aliasStart[c + 1])` and its mentions likewise.
 * `parent` is -1 for a concept without one; `field` is 0 for the title, 1 for the abstract.
 * Arrays as a build makes them (`ColumnsBuilder`) or as a snapshot file holds them (Int32Array).
 */
export interface ExtractionColumns {
  readonly table: StringTable;
  readonly papers: number;
  readonly conceptStart: ArrayLike<number>;
  readonly definitionStart: ArrayLike<number>;
  readonly id: ArrayLike<number>;
  readonly name: ArrayLike<number>;
  readonly parent: ArrayLike<number>;
  readonly aliasStart: ArrayLike<number>;
  readonly alias: ArrayLike<number>;
  readonly mentionStart: ArrayLike<number>;
  readonly field: ArrayLike<number>;
  readonly start: ArrayLike<number>;
  readonly end: ArrayLike<number>;
  readonly acronym: ArrayLike<number>;
  readonly longForm: ArrayLike<number>;
  readonly conceptId: ArrayLike<number>;
}

/** The arrays of `ExtractionColumns`, in the order a snapshot file holds them. */
export const ARRAYS = ["conceptStart", "definitionStart", "id", "name", "parent", "aliasStart", "alias", "mentionStart", "field", "start", "end", "acronym", "longForm", "conceptId"] as const;

/** Extractions in columns, paper by paper as they are added. */
export class ColumnsBuilder implements ExtractionColumns {
  conceptStart = [0];
  definitionStart = [0];
  id: number[] = [];
  name: number[] = [];
  parent: number[] = [];
  aliasStart = [0];
  alias: number[] = [];
  mentionStart = [0];
  field: number[] = [];
  start: number[] = [];
  end: number[] = [];
  acronym: number[] = [];
  longForm: number[] = [];
  conceptId: number[] = [];

  constructor(readonly table: StringTable = new StringTable()) {}

  get papers(): number {
    return this.conceptStart.length - 1;
  }

  /** Appends one paper's extraction. */
  add(extraction: PaperExtraction): void {
    const t = this.table;
    for (const c of extraction.concepts) {
      this.id.push(t.intern(c.id));
      this.name.push(t.intern(c.name));
      this.parent.push(c.parent === undefined ? -1 : t.intern(c.parent));
      for (const a of c.aliases) this.alias.push(t.intern(a));
      this.aliasStart.push(this.alias.length);
      for (const m of c.mentions) {
        this.field.push(m.field === "title" ? 0 : 1);
        this.start.push(m.start);
        this.end.push(m.end);
      }
      this.mentionStart.push(this.field.length);
    }
    this.conceptStart.push(this.id.length);
    for (const d of extraction.definitions) {
      this.acronym.push(t.intern(d.acronym));
      this.longForm.push(t.intern(d.longForm));
      this.conceptId.push(t.intern(d.conceptId));
    }
    this.definitionStart.push(this.acronym.length);
  }

  /**
   * Appends paper `p` of `from`, whose string indexes are turned into this table's by `remap`
   * (`remap[i]` for `from`'s string `i`, filled on first use; pass undefined when both share one
   * table).
   */
  copy(from: ExtractionColumns, p: number, remap?: Int32Array): void {
    const s = remap ? (i: number) => (remap[i]! >= 0 ? remap[i]! : (remap[i] = this.table.intern(from.table.strings[i]!))) : (i: number) => i;
    for (let c = from.conceptStart[p]!; c < from.conceptStart[p + 1]!; c++) {
      this.id.push(s(from.id[c]!));
      this.name.push(s(from.name[c]!));
      this.parent.push(from.parent[c]! < 0 ? -1 : s(from.parent[c]!));
      for (let a = from.aliasStart[c]!; a < from.aliasStart[c + 1]!; a++) this.alias.push(s(from.alias[a]!));
      this.aliasStart.push(this.alias.length);
      for (let m = from.mentionStart[c]!; m < from.mentionStart[c + 1]!; m++) {
        this.field.push(from.field[m]!);
        this.start.push(from.start[m]!);
        this.end.push(from.end[m]!);
      }
      this.mentionStart.push(this.field.length);
    }
    this.conceptStart.push(this.id.length);
    for (let d = from.definitionStart[p]!; d < from.definitionStart[p + 1]!; d++) {
      this.acronym.push(s(from.acronym[d]!));
      this.longForm.push(s(from.longForm[d]!));
      this.conceptId.push(s(from.conceptId[d]!));
    }
    this.definitionStart.push(this.acronym.length);
  }
}

/** Concept `c` of `columns` as an object; mention texts are cut from `paper`. */
export function conceptOf(columns: ExtractionColumns, c: number, paper: { title: string; abstract: string }): PaperConcept {
  const strings = columns.table.strings;
  const id = strings[columns.id[c]!]!;
  const aliases: string[] = [];
  for (let a = columns.aliasStart[c]!; a < columns.aliasStart[c + 1]!; a++) aliases.push(strings[columns.alias[a]!]!);
  const mentions: Mention[] = [];
  for (let m = columns.mentionStart[c]!; m < columns.mentionStart[c + 1]!; m++) {
    const field = FIELDS[columns.field[m]!]!;
    mentions.push({ field, start: columns.start[m]!, end: columns.end[m]!, text: paper[field].slice(columns.start[m]!, columns.end[m]!) });
  }
  const concept: PaperConcept = { id, name: strings[columns.name[c]!]!, type: id.slice(0, id.indexOf(":")) as ConceptType, aliases, mentions };
  if (columns.parent[c]! >= 0) concept.parent = strings[columns.parent[c]!]!;
  return concept;
}

/** Paper `p`'s concepts as objects. */
export function conceptsOf(columns: ExtractionColumns, p: number, paper: { title: string; abstract: string }): PaperConcept[] {
  const concepts: PaperConcept[] = [];
  for (let c = columns.conceptStart[p]!; c < columns.conceptStart[p + 1]!; c++) concepts.push(conceptOf(columns, c, paper));
  return concepts;
}

/** Paper `p`'s extraction as objects. */
export function extractionOf(columns: ExtractionColumns, p: number, paper: { title: string; abstract: string }): PaperExtraction {
  const strings = columns.table.strings;
  const definitions: Definition[] = [];
  for (let d = columns.definitionStart[p]!; d < columns.definitionStart[p + 1]!; d++)
    definitions.push({ acronym: strings[columns.acronym[d]!]!, longForm: strings[columns.longForm[d]!]!, conceptId: strings[columns.conceptId[d]!]! });
  return { concepts: conceptsOf(columns, p, paper), definitions };
}
