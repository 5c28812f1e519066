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
  private readonly memo: Record<Derivation, IntList>;

  /**
   * `slots`, when given, are `strings`' as `slotsOf` made them (a snapshot keeps them: making
   * them again hashed 1.3M strings, 0.4 s of an incremental build); they are not checked.
   * `derived` (a snapshot's, read in place) is taken as it is, not copied.
   */
  constructor(strings: string[] = [], derived?: Record<Derivation, Int32Array>, slots?: Int32Array) {
    this.strings = strings;
    const memo = (d: Derivation) => new IntList(derived?.[d]);
    this.memo = { nameKey: memo("nameKey"), matchKey: memo("matchKey"), formKey: memo("formKey"), slug: memo("slug") };
    this.slots = slots ?? slotsOf(strings);
  }

  /** Per derivation, per string (up to the last one asked for): the index of what it derives, -1 for not yet. */
  get derived(): Record<Derivation, Int32Array> {
    const m = this.memo;
    return { nameKey: m.nameKey.view(), matchKey: m.matchKey.view(), formKey: m.formKey.view(), slug: m.slug.view() };
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
    const memo = this.memo[derivation];
    let d = memo.at(i);
    if (d < 0) memo.put(i, (d = this.intern(DERIVATIONS[derivation](this.strings[i]!))));
    return d;
  }

  /** Records that string `i` derives string `target` (what `derive` would find). */
  setDerived(i: number, derivation: Derivation, target: number): void {
    this.memo[derivation].put(i, target);
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
 * Int32Arrays, as a build makes them (`ColumnsBuilder`) or a snapshot file holds them.
 */
export interface ExtractionColumns {
  readonly table: StringTable;
  readonly papers: number;
  readonly conceptStart: Int32Array;
  readonly definitionStart: Int32Array;
  readonly id: Int32Array;
  readonly name: Int32Array;
  readonly parent: Int32Array;
  readonly aliasStart: Int32Array;
  readonly alias: Int32Array;
  readonly mentionStart: Int32Array;
  readonly field: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly acronym: Int32Array;
  readonly longForm: Int32Array;
  readonly conceptId: Int32Array;
}

/** The arrays of `ExtractionColumns`, in the order a snapshot file holds them. */
export const ARRAYS = ["conceptStart", "definitionStart", "id", "name", "parent", "aliasStart", "alias", "mentionStart", "field", "start", "end", "acronym", "longForm", "conceptId"] as const;

/**
 * A growable array of int32s. Columns are millions of small integers: in a JS array each takes 8
 * bytes, and copying an update's 79k known papers (7.7M items) into JS arrays took 0.2–0.35 s;
 * into these, made room for ahead and a run of papers at a time, 0.07 s.
 */
export class IntList {
  private data: Int32Array;
  length: number;

  /** Starts as `items` (taken as they are, not copied: written in place, copied when it grows). */
  constructor(items?: Int32Array) {
    this.data = items ?? new Int32Array(64);
    this.length = items?.length ?? 0;
  }

  push(n: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = n;
  }

  /** Makes room for `n` items in all, so that pushing up to there does not grow it. */
  reserve(n: number): void {
    if (n > this.data.length) this.grow(n);
  }

  /** Appends `items[from, to)`, each plus `add`. */
  pushRange(items: Int32Array, from: number, to: number, add = 0): void {
    this.reserve(this.length + to - from);
    if (add === 0) this.data.set(items.subarray(from, to), this.length);
    else for (let i = from, at = this.length; i < to; i++, at++) this.data[at] = items[i]! + add;
    this.length += to - from;
  }

  /** Item `i`, -1 past the end. */
  at(i: number): number {
    return i < this.length ? this.data[i]! : -1;
  }

  /** Sets item `i`, first filling with -1 up to it. */
  put(i: number, n: number): void {
    if (i >= this.data.length) this.grow(i + 1);
    if (i >= this.length) {
      this.data.fill(-1, this.length, i);
      this.length = i + 1;
    }
    this.data[i] = n;
  }

  /** The items (a view: what is pushed later is not in it). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }

  private grow(min: number): void {
    const next = new Int32Array(Math.max(min, this.data.length * 2, 64));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/**
 * Columns of `arrays` (in `ARRAYS` order), as an object literal of one fixed shape: an object
 * spread from `Object.fromEntries` may be a hash table, and every `columns.id[c]` in the passes
 * over millions of items then looks the name up (copying 79k papers paper by paper: 0.20 s from
 * such an object, 0.16 s from this one).
 */
export function columnsOf(table: StringTable, papers: number, arrays: readonly Int32Array[]): ExtractionColumns {
  const [conceptStart, definitionStart, id, name, parent, aliasStart, alias, mentionStart, field, start, end, acronym, longForm, conceptId] = arrays as [
    Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array,
  ];
  return { table, papers, conceptStart, definitionStart, id, name, parent, aliasStart, alias, mentionStart, field, start, end, acronym, longForm, conceptId };
}

/** Extractions in columns, paper by paper as they are added; `finish` gives them. */
export class ColumnsBuilder {
  readonly conceptStart = new IntList(Int32Array.of(0));
  readonly definitionStart = new IntList(Int32Array.of(0));
  readonly id = new IntList();
  readonly name = new IntList();
  readonly parent = new IntList();
  readonly aliasStart = new IntList(Int32Array.of(0));
  readonly alias = new IntList();
  readonly mentionStart = new IntList(Int32Array.of(0));
  readonly field = new IntList();
  readonly start = new IntList();
  readonly end = new IntList();
  readonly acronym = new IntList();
  readonly longForm = new IntList();
  readonly conceptId = new IntList();

  constructor(readonly table: StringTable = new StringTable()) {}

  get papers(): number {
    return this.conceptStart.length - 1;
  }

  /**
   * Makes room for as many items as `like` has (the columns about to be copied, or resolved into
   * these), or for `papers` papers like its. Growing by doubling made each array anew a dozen
   * times, and every new array of megabytes counts towards the memory that sets off a full
   * garbage collection (one of 0.1 s in an update, when the new papers outgrew a reserve made
   * for the known ones alone).
   */
  reserve(like: ExtractionColumns, papers = like.papers): this {
    const scale = like.papers ? papers / like.papers : 1;
    for (const name of ARRAYS) this[name].reserve(Math.ceil(like[name].length * scale));
    return this;
  }

  /** The columns of the papers added so far (views: papers added later are not in them). */
  finish(): ExtractionColumns {
    return columnsOf(this.table, this.papers, ARRAYS.map((name) => this[name].view()));
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
   * Appends papers `[first, last)` of `from`, which shares this table: each array's range at once
   * (an update's 79k known papers are one run).
   */
  copyRun(from: ExtractionColumns, first: number, last: number): void {
    const c0 = from.conceptStart[first]!;
    const c1 = from.conceptStart[last]!;
    const d0 = from.definitionStart[first]!;
    const d1 = from.definitionStart[last]!;
    const a0 = from.aliasStart[c0]!;
    const m0 = from.mentionStart[c0]!;
    this.conceptStart.pushRange(from.conceptStart, first + 1, last + 1, this.id.length - c0);
    this.definitionStart.pushRange(from.definitionStart, first + 1, last + 1, this.acronym.length - d0);
    this.aliasStart.pushRange(from.aliasStart, c0 + 1, c1 + 1, this.alias.length - a0);
    this.mentionStart.pushRange(from.mentionStart, c0 + 1, c1 + 1, this.field.length - m0);
    for (const name of ["id", "name", "parent"] as const) this[name].pushRange(from[name], c0, c1);
    this.alias.pushRange(from.alias, a0, from.aliasStart[c1]!);
    for (const name of ["field", "start", "end"] as const) this[name].pushRange(from[name], m0, from.mentionStart[c1]!);
    for (const name of ["acronym", "longForm", "conceptId"] as const) this[name].pushRange(from[name], d0, d1);
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
