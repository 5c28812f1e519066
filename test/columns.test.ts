/**
 * Extractions in columns, and the snapshot of them
 * ================================================
 *
 * `columns.ts` turns papers' extractions into flat arrays over one `StringTable`; `snapshot.ts`
 * keeps a build's columns as one file for the next build; `run.ts` takes the papers the last
 * build had from that file. What must hold:
 *
 * - `StringTable`: one index per distinct string, found again by `indexOf`/`intern`, a duplicate
 *   in a constructed table refused;
 * - encode → decode gives back every paper's extraction, the cache keys, and what the table had
 *   derived (kept, not recomputed), also after compaction drops strings no paper uses;
 * - a damaged or foreign file decodes to undefined and never throws;
 * - the key invariant: a run that takes papers from the snapshot gives exactly what a run from
 *   scratch gives (`extractPapersSync`), whatever the previous run had, and even when the snapshot
 *   file is junk;
 * - `buildGraph` (objects) and `buildGraphOfColumns` (columns) build the same graph.
 *
 * Abstracts: the long lines of the bundled Daily Papers pages (`data/*.txt`), as in
 * `extract-run.test.ts`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

import { ARRAYS, ColumnsBuilder, DERIVATIONS, extractionOf, IntList, StringTable, type Derivation, type ExtractionColumns } from "../src/extract/columns.ts";
import { extractCorpus, extractPaper, extractPapers, extractPapersSync, type PaperExtraction } from "../src/extract/index.ts";
import { resolveColumns } from "../src/extract/resolve.ts";
import { extractorFingerprint } from "../src/extract/run.ts";
import { decodeSnapshot, encodeSnapshot, readSnapshot, SNAPSHOT_FILE, writeSnapshot, type Snapshot } from "../src/extract/snapshot.ts";
import { buildGraph, buildGraphOfColumns } from "../src/graph/index.ts";
import { paperKey } from "../src/graph/keys.ts";
import { readInputs } from "../src/ingest/index.ts";
import { bundledAbstracts } from "./helpers/abstracts.ts";

const here = "[columns] ";
const dataDir = new URL("../data/", import.meta.url);
const MAGIC = "PGCOLS1\n";
const SALT = "test-salt";
const DERIVED = Object.keys(DERIVATIONS) as Derivation[];

/** Distinct real abstracts (title: the first 60 characters, as in extract-run.test.ts). */
const pool = [...new Set(bundledAbstracts())]
  .slice(0, 120)
  .map((abstract, i) => ({ id: `p${i}`, title: abstract.slice(0, 60), abstract }));

/** The bundled papers, as ingest reads them. */
const bundled = await readInputs([fileURLToPath(dataDir)]);

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "pg-cache-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
// spies on DERIVATIONS, also when a test fails before restoring them
afterEach(() => {
  vi.restoreAllMocks();
});

/** The first 50 papers and their extractions (`sampleColumns`: in columns). */
const sample = pool.slice(0, 50);
const extractions: PaperExtraction[] = sample.map((p) => extractPaper(p));

function sampleColumns(table = new StringTable()): ExtractionColumns {
  const columns = new ColumnsBuilder(table);
  for (const e of extractions) columns.add(e);
  return columns.finish();
}

/**
 * Asks the table for derivations of the ids, names, acronyms and long forms the columns use (every
 * derivation of each, or only `only`); returns them as strings: [string, derivation, derived].
 */
function deriveSome(columns: ExtractionColumns, only?: Derivation[]): Array<[string, Derivation, string]> {
  const t = columns.table;
  const derived: Array<[string, Derivation, string]> = [];
  const used = new Set([...Array.from(columns.id), ...Array.from(columns.name), ...Array.from(columns.longForm), ...Array.from(columns.acronym)]);
  for (const i of used) for (const d of only ?? DERIVED) derived.push([t.strings[i]!, d, t.strings[t.derive(i, d)]!]);
  return derived;
}

/** Where a snapshot file's parts are: the header, then ARRAYS, the derived arrays, the strings' lengths, the table's slots, then the text. */
function layoutOf(bytes: Buffer) {
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const bodyStart = MAGIC.length + 4 + headerLength;
  const header = JSON.parse(bytes.toString("utf8", MAGIC.length + 4, bodyStart)) as { lengths: number[]; text: number; hashes: string[]; endianness: string };
  const offset: Record<string, number> = {};
  let at = bodyStart;
  [...ARRAYS, ...DERIVED.map((d) => `derived.${d}`), "stringLengths", "slots"].forEach((name, i) => {
    offset[name] = at;
    at += 4 * header.lengths[i]!;
  });
  return { headerLength, bodyStart, header, offset, textStart: at };
}

const encode = (snapshot: Snapshot, salt = SALT) => Buffer.concat(encodeSnapshot(snapshot, salt));
const hashesOf = (n: number) => Array.from({ length: n }, (_, i) => `hash-${i}`);

/** Every derivation recorded before encoding is in the decoded table (memoised: no -1), and gives the same string. */
function expectSameDerived(table: StringTable, derived: Array<[string, Derivation, string]>): void {
  const before = table.strings.length;
  const spies = DERIVED.map((d) => vi.spyOn(DERIVATIONS, d));
  try {
    for (const [s, d, expected] of derived) {
      const i = table.indexOf(s);
      expect(i, s).toBeDefined();
      expect(table.derived[d][i!], `${d}(${s}) kept`).toBeGreaterThanOrEqual(0);
      expect(table.strings[table.derived[d][i!]!]).toBe(expected);
      expect(table.strings[table.derive(i!, d)]).toBe(expected);
    }
    // nothing had to be derived (or interned) again
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(table.strings.length).toBe(before);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

function expectSameExtractions(columns: ExtractionColumns): void {
  expect(columns.papers).toBe(sample.length);
  sample.forEach((paper, p) => expect(extractionOf(columns, p, paper), paper.id).toEqual(extractions[p]));
}

it(here + "has enough real abstracts to matter", () => {
  expect(pool).toHaveLength(120);
  expect(extractions.reduce((n, e) => n + e.concepts.length, 0)).toBeGreaterThan(300);
  expect(extractions.some((e) => e.definitions.length)).toBe(true);
});

describe(here + "StringTable", () => {
  it.each([
    ["adjacent", ["a", "a"]],
    ["apart", ["x", "y", "z", "y"]],
    ["the empty string", ["", "b", ""]],
    ["among many", [...Array.from({ length: 3000 }, (_, i) => `s${i}`), "s1234"]],
  ])("refuses a duplicate string when constructed (%s)", (_, strings) => {
    expect(() => new StringTable(strings)).toThrow(/twice/);
  });

  it("finds every constructed string at its index, and nothing else", () => {
    // many strings, so that hash slots collide; odd ones too (empty, NUL, lone surrogates, astral)
    const strings = ["", "\u0000", "\uD800", "\uDFFF", "😀", "a", "A", ...Array.from({ length: 5000 }, (_, i) => `method:concept-${i}`)];
    const table = new StringTable([...strings]);
    strings.forEach((s, i) => expect(table.indexOf(s)).toBe(i));
    for (const absent of ["b", " ", "method:concept-5000", "method:concept-", "😀😀", "\uD800\uDFFF", "method:Concept-1"]) expect(table.indexOf(absent), absent).toBeUndefined();
    expect(new StringTable().indexOf("")).toBeUndefined();
  });

  it("interns a constructed string as its index without adding it; added strings are found too", () => {
    const strings = ["alpha", "beta", "gamma"];
    const table = new StringTable([...strings]);
    expect(strings.map((s) => table.intern(s))).toEqual([0, 1, 2]);
    expect(table.strings).toHaveLength(3);
    expect(table.intern("delta")).toBe(3);
    expect(table.intern("")).toBe(4);
    expect(table.intern("delta")).toBe(3);
    expect(table.indexOf("delta")).toBe(3);
    expect(table.indexOf("")).toBe(4);
    expect(table.strings).toEqual(["alpha", "beta", "gamma", "delta", ""]);
    // an empty table grows by interning alone
    const empty = new StringTable();
    expect(["x", "y", "x"].map((s) => empty.intern(s))).toEqual([0, 1, 0]);
  });

  it("derives once per string and derivation, into the table", () => {
    const table = new StringTable(["dataset:cifar-10", "Loss-Functions"]);
    const spy = vi.spyOn(DERIVATIONS, "slug");
    const slug = table.derive(0, "slug");
    expect(table.strings[slug]).toBe("cifar-10");
    expect(table.derived.slug[0]).toBe(slug);
    expect(table.derive(0, "slug")).toBe(slug);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(table.strings[table.derive(1, "nameKey")]).toBe(DERIVATIONS.nameKey("Loss-Functions"));
    expect(table.strings).toHaveLength(4);
  });
});

describe(here + "IntList", () => {
  it("grows as it is pushed to, and a view holds what was there when it was taken", () => {
    const list = new IntList();
    const expected: number[] = [];
    for (let i = 0; i < 1000; i++) {
      list.push(i * 7 - 500);
      expected.push(i * 7 - 500);
    }
    const view = list.view();
    list.push(1);
    expect(Array.from(view)).toEqual(expected);
    expect(list.length).toBe(1001);
    expect(list.at(1000)).toBe(1);
    expect(list.at(1001)).toBe(-1);
  });

  it("puts past its end with -1 in between, and appends ranges with an offset", () => {
    const list = new IntList(Int32Array.of(5, 6));
    list.put(5, 9);
    expect(Array.from(list.view())).toEqual([5, 6, -1, -1, -1, 9]);
    list.put(0, 4);
    list.pushRange(Int32Array.of(1, 2, 3, 4), 1, 3, 10);
    list.pushRange(Int32Array.of(1, 2, 3, 4), 2, 4);
    expect(Array.from(list.view())).toEqual([4, 6, -1, -1, -1, 9, 12, 13, 3, 4]);
    // room made ahead is not items
    list.reserve(10_000);
    expect(list.length).toBe(10);
    expect(list.at(10)).toBe(-1);
  });

  it("copies runs of papers as paper-by-paper copying does", () => {
    const columns = sampleColumns();
    const one = new ColumnsBuilder(columns.table);
    for (let p = 0; p < columns.papers; p++) one.copy(columns, p);
    for (const [first, cut] of [[0, 0], [0, columns.papers], [3, 17], [10, columns.papers - 1]] as const) {
      const runs = new ColumnsBuilder(columns.table).reserve(columns, 2);
      runs.copyRun(columns, 0, first);
      runs.copyRun(columns, first, cut);
      runs.copyRun(columns, cut, columns.papers);
      expect(runs.finish()).toEqual(one.finish());
    }
  });
});

describe(here + "snapshot round trip", () => {
  it("gives back every paper's extraction, the hashes and what was derived", () => {
    const columns = sampleColumns();
    expect(columns.id.length).toBeGreaterThan(300);
    expect(columns.acronym.length).toBeGreaterThan(5);
    expect(columns.parent.some((i) => i >= 0)).toBe(true);
    const derived = deriveSome(columns);
    const hashes = hashesOf(sample.length);
    const decoded = decodeSnapshot(encode({ hashes, columns }), SALT);
    expect(decoded).toBeDefined();
    expect(decoded!.hashes).toEqual(hashes);
    expectSameExtractions(decoded!.columns);
    expectSameDerived(decoded!.columns.table, derived);
    // the table's slots come from the file (strings derived since were added to the table): every string is found at its index
    const table = decoded!.columns.table;
    expect(columns.table.strings.length).toBeGreaterThan(new Set(Array.from(columns.id)).size);
    table.strings.forEach((string, i) => expect(table.indexOf(string)).toBe(i));
    expect(table.indexOf("a string of no paper")).toBeUndefined();
  });

  it("decodes from a buffer that does not start at a multiple of 4 bytes", () => {
    const columns = sampleColumns();
    const bytes = encode({ hashes: hashesOf(sample.length), columns });
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    const view = shifted.subarray(1);
    expect(view.byteOffset % 4).not.toBe(0);
    expectSameExtractions(decodeSnapshot(view, SALT)!.columns);
  });

  it("resolving the decoded columns gives what resolving the originals gave", () => {
    const columns = sampleColumns();
    const before = resolveColumns(columns);
    const decoded = decodeSnapshot(encode({ hashes: hashesOf(sample.length), columns }), SALT)!;
    const after = resolveColumns(decoded.columns);
    expect(after.ambiguousAcronyms).toEqual(before.ambiguousAcronyms);
    sample.forEach((paper, p) => expect(extractionOf(after.resolved, p, paper)).toEqual(extractionOf(before.resolved, p, paper)));
  });

  /** One paper: a method named `name` with `aliases`, defined by `acronym`, and a model with a parent. */
  const oddPaper = (name: string, aliases: string[], acronym: string): PaperExtraction => ({
    concepts: [
      { id: `method:${name}`, name, type: "method", aliases, mentions: [{ field: "title", start: 1, end: 2, text: "\uD800" }] },
      { id: "model:😀", name: "😀", type: "model", aliases: [], mentions: [{ field: "abstract", start: 0, end: 2, text: "😀" }], parent: "model:" },
    ],
    definitions: [{ acronym, longForm: `${acronym} long`, conceptId: `method:${name}` }],
  });
  it.each([
    ["lone surrogates", oddPaper("\uDFFF", ["\uD800", "", "x\uDBFF"], "\uD800")],
    ["astral symbols, NUL, accents, CJK, RTL", oddPaper("e\u0301 ß 𝕏", ["\u0000", "日本語", "مرحبا", ""], "😀")],
    [
      // strings that hold lone surrogates, but whose text, joined, holds none: name "\uD83D" then alias "\uDE00"
      "the two halves of a surrogate pair in adjacent strings",
      {
        concepts: [{ id: "method:x", name: "\uD83D", type: "method", aliases: ["\uDE00"], mentions: [{ field: "abstract", start: 0, end: 1, text: "\uD83D" }] }],
        definitions: [{ acronym: "X", longForm: "x", conceptId: "method:x" }],
      } satisfies PaperExtraction,
      true,
    ],
  ])("keeps strings of any UTF-16 content (%s)", (_, extraction, joinsWellFormed = false) => {
    const paper = { title: "T\uD800x", abstract: "😀 a\u0000b" };
    const columns = new ColumnsBuilder();
    columns.add(extraction);
    if (joinsWellFormed) expect(/\p{Cs}/u.test(columns.table.strings.join(""))).toBe(false);
    const decoded = decodeSnapshot(encode({ hashes: ["h"], columns: columns.finish() }), SALT)!;
    expect(decoded).toBeDefined();
    expect(decoded.columns.table.strings).toEqual(columns.table.strings);
    expect(extractionOf(decoded.columns, 0, paper)).toEqual(extraction);
  });

  it("gives back a snapshot of no papers", () => {
    const decoded = decodeSnapshot(encode({ hashes: [], columns: new ColumnsBuilder().finish() }), SALT);
    expect(decoded?.hashes).toEqual([]);
    expect(decoded?.columns.papers).toBe(0);
  });
});

describe(here + "compaction", () => {
  it.each([
    ["junk after the papers' strings", false],
    ["junk before the papers' strings (every index moves)", true],
  ])("drops strings no paper uses (%s), keeps the extractions and what was derived", (_, junkFirst) => {
    const junk = Array.from({ length: 1000 }, (_, i) => `junk string ${i}`);
    const plain = sampleColumns();
    const table = new StringTable();
    if (junkFirst) for (const s of junk) table.intern(s);
    const columns = sampleColumns(table);
    if (!junkFirst) for (const s of junk) table.intern(s);
    // junk derives too: its derivations must go with it
    for (let i = 0; i < 10; i++) table.derive(table.indexOf(junk[i]!)!, "formKey");
    // (a few derivations: with every one of every string, 1000 junk strings would be less than a quarter of the table)
    const derived = deriveSome(columns, ["slug", "formKey"]);
    deriveSome(plain, ["slug", "formKey"]);
    expect(table.strings.length - plain.table.strings.length).toBeGreaterThanOrEqual(1000);
    expect(1000 / table.strings.length).toBeGreaterThanOrEqual(0.25);

    const decoded = decodeSnapshot(encode({ hashes: hashesOf(sample.length), columns }), SALT)!;
    expect(decoded).toBeDefined();
    expectSameExtractions(decoded.columns);
    expectSameDerived(decoded.columns.table, derived);
    // what is left is the strings the papers use and what they derive: those of the table without junk
    expect(decoded.columns.table.strings.length).toBeLessThan(table.strings.length);
    expect(new Set(decoded.columns.table.strings)).toEqual(new Set(plain.table.strings));
    // the file too: about the size of the file without junk (1000 junk strings are ~30 kB of text)
    expect(encode({ hashes: hashesOf(sample.length), columns }).length).toBeLessThan(encode({ hashes: hashesOf(sample.length), columns: plain }).length + 2000);
  });

  /** One paper of `n` concepts, each with its own id, name and alias: 3n strings, all used. */
  const used = (n: number) => {
    const columns = new ColumnsBuilder();
    columns.add({ concepts: Array.from({ length: n }, (_, i) => ({ id: `method:m${i}`, name: `M${i}`, type: "method" as const, aliases: [`m-${i}`], mentions: [] })), definitions: [] });
    return columns.finish();
  };
  it.each([
    [99, false],
    [100, true],
  ])("compacts from a quarter of the strings unused (300 used + %i unused: compacted %s)", (unused, compacted) => {
    const columns = used(100);
    for (let i = 0; i < unused; i++) columns.table.intern(`unused ${i}`);
    const decoded = decodeSnapshot(encode({ hashes: ["h"], columns }), SALT)!;
    expect(decoded.columns.table.strings).toHaveLength(compacted ? 300 : 300 + unused);
    expect(extractionOf(decoded.columns, 0, { title: "", abstract: "" })).toEqual(extractionOf(columns, 0, { title: "", abstract: "" }));
  });

  it("leaves a table with few unused strings as it is", () => {
    const columns = sampleColumns();
    const n = columns.table.strings.length;
    columns.table.intern("one unused string");
    const decoded = decodeSnapshot(encode({ hashes: hashesOf(sample.length), columns }), SALT)!;
    expect(decoded.columns.table.strings).toHaveLength(n + 1);
    expectSameExtractions(decoded.columns);
  });
});

describe(here + "damaged snapshots", () => {
  const columns = sampleColumns();
  deriveSome(columns);
  const good = encode({ hashes: hashesOf(sample.length), columns });
  const { headerLength, bodyStart, header, offset, textStart } = layoutOf(good);
  const strings = columns.table.strings;
  const int = (name: string, k: number) => good.readInt32LE(offset[name]! + 4 * k);

  /**
   * The file with `change` made to its bytes, then resealed (the header's SHA-256 made that of the
   * changed body, where the header is still whole), so that the checks after the checksum are
   * what must catch it; `unsealed` leaves the checksum as it was.
   */
  const sha256 = (header as unknown as { sha256: string }).sha256;
  const edit = (change: (b: Buffer) => void, reseal = true) => () => {
    const b = Buffer.from(good);
    change(b);
    const at = b.indexOf(sha256, MAGIC.length + 4, "latin1");
    if (reseal && at >= 0 && at < bodyStart) b.write(createHash("sha256").update(b.subarray(bodyStart)).digest("hex"), at, "latin1");
    return b;
  };
  const unsealed = (change: (b: Buffer) => void) => edit(change, false);
  const setInt = (name: string, k: number, value: number) => edit((b) => b.writeInt32LE(value, offset[name]! + 4 * k));
  /** The file with its header replaced by `change(header)` (re-padded, its length rewritten). */
  const withHeader = (change: (h: Record<string, unknown>) => unknown) => () => {
    const h = change(JSON.parse(JSON.stringify(header)) as Record<string, unknown>);
    let json = JSON.stringify(h);
    while ((MAGIC.length + 4 + Buffer.byteLength(json)) % 4) json += " ";
    const length = Buffer.alloc(4);
    length.writeUInt32LE(Buffer.byteLength(json));
    return Buffer.concat([Buffer.from(MAGIC), length, Buffer.from(json), good.subarray(bodyStart)]);
  };
  const mutate = (change: (h: { lengths: number[]; text: number; hashes: unknown[]; endianness: string }) => void) =>
    withHeader((h) => {
      change(h as unknown as Parameters<typeof change>[0]);
      return h;
    });
  // the text: UTF-16 units, or (files that say so in `encoding`) UTF-8
  const encoding = ((header as { encoding?: string }).encoding ?? "utf16le") as BufferEncoding;
  const textOffset = (i: number) => textStart + Buffer.byteLength(strings.slice(0, i).join(""), encoding);
  /** Two strings of one length, in UTF-16 units and in bytes: the second's text can be overwritten with the first's. */
  const twins = (() => {
    const seen = new Map<string, number>();
    for (let i = 0; i < strings.length; i++) {
      const key = `${strings[i]!.length}:${Buffer.byteLength(strings[i]!, encoding)}`;
      const j = seen.get(key);
      if (j !== undefined && strings[i]!.length > 3) return [j, i] as const;
      seen.set(key, i);
    }
    throw new Error("no two strings of one length");
  })();

  it("starts from a file that decodes, and helpers that keep it whole", () => {
    expect(good.toString("latin1", 0, MAGIC.length)).toBe(MAGIC);
    expect(textStart + header.text).toBe(good.length);
    expect(decodeSnapshot(good, SALT)).toBeDefined();
    expect(decodeSnapshot(withHeader((h) => h)(), SALT)).toBeDefined();
    expect(decodeSnapshot(edit(() => {})(), SALT)).toBeDefined();
    // the offsets are right: the id array holds the first concept's id
    expect(int("id", 0)).toBe(columns.id[0]);
    expect(int("conceptStart", sample.length)).toBe(columns.id.length);
    expect(good.toString(encoding, textOffset(twins[1]), textOffset(twins[1] + 1))).toBe(strings[twins[1]]);
    expect(textOffset(strings.length)).toBe(good.length);
  });

  const conceptStart = Array.from(columns.conceptStart);
  const paperWithConcepts = conceptStart.findIndex((s, p) => p > 0 && s < conceptStart[p + 1]! && p + 1 < conceptStart.length - 1);
  const ID = ARRAYS.indexOf("id");
  const ALIAS = ARRAYS.indexOf("alias");
  const idLength = header.lengths[ID]!;
  const aliasLength = header.lengths[ALIAS]!;

  const slots = Array.from({ length: header.lengths.at(-1)! }, (_, k) => int("slots", k));
  const firstTaken = slots.findIndex((v) => v !== 0);
  const firstEmpty = slots.indexOf(0);
  const cases: Array<[string, () => Buffer, string?]> = [
    ["an empty buffer", () => Buffer.alloc(0)],
    ["only the magic", () => Buffer.from(MAGIC)],
    ["the magic and half the header length", () => good.subarray(0, MAGIC.length + 2)],
    ["a wrong magic", edit((b) => b.write("X", 0))],
    ["the magic of another version", edit((b) => b.write("2", 6))],
    ["another salt", () => good, "other-salt"],
    ["a salt that only starts like it", () => good, SALT.slice(0, -1)],
    ["another byte order", mutate((h) => (h.endianness = h.endianness === "LE" ? "BE" : "LE"))],
    ["no byte order", mutate((h) => delete (h as { endianness?: string }).endianness)],
    ["cut in the magic", () => good.subarray(0, 5)],
    ["cut in the header", () => good.subarray(0, MAGIC.length + 4 + (headerLength >> 1))],
    ["cut at the end of the header", () => good.subarray(0, bodyStart)],
    ["cut in the middle of an array", () => good.subarray(0, offset.id! + 6)],
    ["cut at an array's end", () => good.subarray(0, offset.name!)],
    ["cut in the text", () => good.subarray(0, textStart + 2)],
    ["cut by its last byte", () => good.subarray(0, good.length - 1)],
    ["a byte too many", () => Buffer.concat([good, Buffer.alloc(1)])],
    ["4 bytes too many", () => Buffer.concat([good, Buffer.alloc(4)])],
    ["a header length past the end", edit((b) => b.writeUInt32LE(b.length, MAGIC.length))],
    ["a header length off by one (not aligned)", edit((b) => b.writeUInt32LE(headerLength + 1, MAGIC.length))],
    ["a header length 4 short", edit((b) => b.writeUInt32LE(headerLength - 4, MAGIC.length))],
    ["a header that is not JSON", edit((b) => b.write("!", MAGIC.length + 4))],
    ["a header that is JSON null", withHeader(() => null)],
    ["a letter of the text changed", unsealed((b) => b.writeUInt8(b[textStart]! ^ 1, textStart))],
    ["an id changed to another string's index", unsealed((b) => b.writeInt32LE(int("id", 0) === 0 ? 1 : 0, offset.id!))],
    ["no checksum", mutate((h) => delete (h as { sha256?: string }).sha256)],
    ["a header that is a JSON number", withHeader(() => 7)],
    ["a header that is a JSON array", withHeader(() => [])],
    ["hashes that are not strings", mutate((h) => (h.hashes[0] = 5))],
    ["hashes that are not an array", mutate((h) => ((h as { hashes: unknown }).hashes = "abc"))],
    ["a hash fewer than papers", mutate((h) => h.hashes.pop())],
    ["a hash more than papers", mutate((h) => h.hashes.push("extra"))],
    ["an array's length changed", mutate((h) => h.lengths[ID]!++)],
    ["two arrays' lengths swapped (the total unchanged)", mutate((h) => ([h.lengths[ID], h.lengths[ALIAS]] = [h.lengths[ALIAS]!, h.lengths[ID]!]))],
    ["an array length moved to the next (the total unchanged)", mutate((h) => (h.lengths[0]!--, h.lengths[1]!++))],
    ["an array's length missing", mutate((h) => h.lengths.pop())],
    ["a fractional length", mutate((h) => (h.lengths[0] = 0.5))],
    ["a negative length", mutate((h) => (h.lengths[0] = -1))],
    ["lengths that are not numbers", mutate((h) => (h.lengths[0] = "51" as unknown as number))],
    ["the text length changed", mutate((h) => (h.text += 2))],
    ["the text length a byte short", mutate((h) => (h.text -= 1))],
    ["an unknown text encoding", mutate((h) => ((h as { encoding?: string }).encoding = "latin1"))],
    ["an id past the end of the table (huge)", setInt("id", 0, 0x7fffffff)],
    ["an id one past the end of the table", setInt("id", 0, strings.length)],
    ["an id of -1 (only a parent may be none)", setInt("id", 0, -1)],
    ["a name past the end of the table", setInt("name", 3, strings.length + 10)],
    ["a parent of -2", setInt("parent", 0, -2)],
    ["an alias past the end of the table", setInt("alias", 0, 0x40000000)],
    ["a long form past the end of the table", setInt("longForm", 0, strings.length)],
    ["a derived index past the end of the table", setInt(`derived.${DERIVED[0]}`, 0, strings.length)],
    ["a derived index below -1", setInt(`derived.${DERIVED[3]}`, 0, -5)],
    ["a conceptStart that goes back", setInt("conceptStart", paperWithConcepts, conceptStart[paperWithConcepts + 1]! + 1)],
    ["a conceptStart that does not start at 0", setInt("conceptStart", 0, 1)],
    ["a conceptStart that ends before the concepts do", setInt("conceptStart", sample.length, idLength - 1)],
    ["an aliasStart past the aliases", setInt("aliasStart", 1, aliasLength + 1)],
    ["a mentionStart that goes back", setInt("mentionStart", 2, 0)],
    ["a mention field that is neither title nor abstract", setInt("field", 0, 2)],
    ["a mention that starts after its end", setInt("start", 0, 1 << 30)],
    ["a negative mention start", setInt("start", 0, -1)],
    ["a negative string length (the total unchanged)", edit((b) => {
      b.writeInt32LE(-1, offset.stringLengths!);
      b.writeInt32LE(int("stringLengths", 1) + int("stringLengths", 0) + 1, offset.stringLengths! + 4);
    })],
    ["string lengths that do not add up to the text", setInt("stringLengths", 0, int("stringLengths", 0) + 1)],
    ["a slot past the end of the table", setInt("slots", firstTaken, strings.length + 1)],
    ["a negative slot", setInt("slots", firstTaken, -1)],
    ["a slot emptied (one string fewer found)", setInt("slots", firstTaken, 0)],
    ["a slot more taken", setInt("slots", firstEmpty, 1)],
  ];

  it.each(cases)("decodes %s to undefined, without throwing", (_, damaged, salt = SALT) => {
    const bytes = damaged();
    if (salt === SALT) expect(bytes.equals(good)).toBe(false);
    let result: Snapshot | undefined | "threw" = "threw";
    try {
      result = decodeSnapshot(bytes, salt);
    } catch (error) {
      expect.fail(`threw ${String(error)}`);
    }
    expect(result).toBeUndefined();
  });

  it("damages what the cases say (the swapped arrays differ in length, the paper has concepts)", () => {
    expect(idLength).not.toBe(aliasLength);
    expect(header.lengths[0]).toBeGreaterThan(0);
    expect(paperWithConcepts).toBeGreaterThan(0);
  });
});

describe(here + "readSnapshot and writeSnapshot", () => {
  it.each([
    ["a folder that does not exist", () => join(tempDir(), "missing", "deeper")],
    ["a folder without the file", () => tempDir()],
    ["a file that is empty", () => {
      const dir = tempDir();
      writeFileSync(join(dir, SNAPSHOT_FILE), "");
      return dir;
    }],
  ])("gives undefined for %s", (_, dir) => {
    expect(readSnapshot(dir(), SALT)).toBeUndefined();
  });

  it("writes a file that reads back, replacing the last one, with no temporary file left", () => {
    const dir = join(tempDir(), "nested", "cache");
    const hashes = hashesOf(sample.length);
    const old = new ColumnsBuilder();
    old.add(extractions[0]!);
    writeSnapshot(dir, { hashes: ["old"], columns: old.finish() }, SALT);
    expect(readSnapshot(dir, SALT)?.hashes).toEqual(["old"]);
    // a temporary file of a build that was killed (no such pid) is removed
    writeFileSync(join(dir, `${SNAPSHOT_FILE}.999999999.tmp`), "half");
    writeSnapshot(dir, { hashes, columns: sampleColumns() }, SALT);
    expect(readdirSync(dir)).toEqual([SNAPSHOT_FILE]);
    const read = readSnapshot(dir, SALT);
    expect(read?.hashes).toEqual(hashes);
    expectSameExtractions(read!.columns);
    expect(readSnapshot(dir, "other-salt")).toBeUndefined();
  });
});

describe(here + "runs with the snapshot equal runs without", () => {
  const salt = `${extractorFingerprint()}:null`;
  const content = (p: { title: string; abstract: string }) => `${p.title}\u0000${p.abstract}`;
  const edited = <T extends { abstract: string }>(p: T): T => ({ ...p, abstract: `${p.abstract} We also evaluate FooNet-9 (Foo Network) on the BarBench benchmark.` });

  it("for any first and second set of papers (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(pool, { maxLength: 50 }),
        fc.shuffledSubarray(pool, { maxLength: 50 }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.option(fc.nat(), { nil: undefined }),
        async (A, B0, editAt, twiceAt) => {
          // possibly one paper's abstract edited, possibly one paper twice (under another id)
          let B = editAt === undefined || B0.length === 0 ? B0 : B0.map((p, i) => (i === editAt % B0.length ? edited(p) : p));
          if (twiceAt !== undefined && B.length) B = [...B, { ...B[twiceAt % B.length]!, id: "again" }];
          const cacheDir = tempDir();
          await extractPapers(A, { cacheDir, workers: 1 });
          expect(readSnapshot(cacheDir, salt)?.hashes).toHaveLength(A.length);
          const second = await extractPapers(B, { cacheDir, workers: 1 });
          const reference = extractPapersSync(B);
          expect(second.papers).toEqual(reference.papers);
          expect(second.ambiguousAcronyms).toEqual(reference.ambiguousAcronyms);
          const inA = new Set(A.map(content));
          const cached = B.filter((p) => inA.has(content(p))).length;
          expect(second.stats).toMatchObject({ cached, parsed: B.length - cached });
          // and the snapshot this run left gives all of B back
          const third = await extractPapers(B, { cacheDir, workers: 1 });
          expect(third.stats).toMatchObject({ cached: B.length, parsed: 0 });
          expect(third.papers).toEqual(reference.papers);
          expect(third.ambiguousAcronyms).toEqual(reference.ambiguousAcronyms);
          rmSync(cacheDir, { recursive: true, force: true });
        },
      ),
      { numRuns: 15 },
    );
  }, 60_000);

  it("leaves the file as it is for a few new papers, and rewrites it when a tenth are new or gone", async () => {
    const cacheDir = tempDir();
    const file = join(cacheDir, SNAPSHOT_FILE);
    const hundred = pool.slice(0, 100);
    await extractPapers(hundred, { cacheDir, workers: 1 });
    const first = readFileSync(file);
    // 9 new papers of 109, under a tenth: the file stays, and the 9 come from the cache file next time;
    // a killed build's temporary file goes, though nothing is written
    const left = join(cacheDir, `${SNAPSHOT_FILE}.999999999.tmp`);
    writeFileSync(left, "half");
    const few = pool.slice(0, 109);
    expect((await extractPapers(few, { cacheDir, workers: 1 })).stats).toMatchObject({ cached: 100, parsed: 9 });
    expect(readFileSync(file).equals(first)).toBe(true);
    expect(existsSync(left)).toBe(false);
    const again = await extractPapers(few, { cacheDir, workers: 1 });
    expect(again.stats).toMatchObject({ cached: 109, parsed: 0 });
    expect(again.papers).toEqual(extractPapersSync(few).papers);
    expect(readFileSync(file).equals(first)).toBe(true);
    // 20 new of 120: rewritten with all of them
    await extractPapers(pool.slice(0, 120), { cacheDir, workers: 1 });
    expect(readSnapshot(cacheDir, salt)?.hashes).toHaveLength(120);
    // 20 of its 120 gone: rewritten without them
    await extractPapers(hundred, { cacheDir, workers: 1 });
    expect(readSnapshot(cacheDir, salt)?.hashes).toHaveLength(100);
  }, 60_000);

  // B: papers 44 … 15, with paper 24 (one of A's) edited
  const A = pool.slice(0, 30);
  const B = [...pool.slice(15, 45).reverse()].map((p) => (p === pool[24] ? edited(p) : p));
  const expectedCached = B.filter((p) => A.some((a) => content(a) === content(p))).length;

  it.each<[string, (file: string) => void]>([
    ["nothing (the file as the first run left it)", () => {}],
    ["random bytes", (file) => writeFileSync(file, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)))],
    ["an empty file", (file) => writeFileSync(file, "")],
    ["the magic only", (file) => writeFileSync(file, MAGIC)],
    ["the snapshot cut in half", (file) => writeFileSync(file, readFileSync(file).subarray(0, readFileSync(file).length >> 1))],
    ["the snapshot under another salt", (file) => writeFileSync(file, Buffer.concat(encodeSnapshot(decodeSnapshot(readFileSync(file), salt)!, "other")))],
    ["the snapshot with a string index out of range", (file) => {
      const bytes = readFileSync(file);
      bytes.writeInt32LE(0x7fffffff, layoutOf(bytes).offset.id! + 4);
      writeFileSync(file, bytes);
    }],
  ])("when the snapshot file is replaced by %s between the runs", async (_, spoil) => {
    expect(B.filter((p) => p.abstract !== pool.find((q) => q.id === p.id)!.abstract).map((p) => p.id)).toEqual([pool[24]!.id]);
    const cacheDir = tempDir();
    await extractPapers(A, { cacheDir, workers: 1 });
    const file = join(cacheDir, SNAPSHOT_FILE);
    expect(existsSync(file)).toBe(true);
    spoil(file);
    const second = await extractPapers(B, { cacheDir, workers: 1 });
    const reference = extractPapersSync(B);
    expect(second.papers).toEqual(reference.papers);
    expect(second.ambiguousAcronyms).toEqual(reference.ambiguousAcronyms);
    // the papers of A come from the snapshot, or from the cache file when it is spoilt
    expect(second.stats).toMatchObject({ cached: expectedCached, parsed: B.length - expectedCached });
    expect(expectedCached).toBeGreaterThan(5);
    // and the next run has a good snapshot again
    expect(readSnapshot(cacheDir, salt)?.hashes).toHaveLength(B.length);
  });
});

describe(here + "buildGraph and buildGraphOfColumns", () => {
  const { papers } = bundled;
  const { papers: extracted } = extractPapersSync(papers);

  it.each([
    ["every concept", {}],
    ["concepts of 2 papers or more", { minPapers: 2 }],
    ["concepts of 3 papers or more", { minPapers: 3 }],
  ])("build the same graph of the bundled papers (%s)", (_, options) => {
    expect(papers.length).toBeGreaterThan(200);
    const columns = new ColumnsBuilder();
    for (const p of extracted) columns.add({ concepts: p.concepts, definitions: [] });
    const graph = buildGraph(papers, extracted, options).export();
    expect(buildGraphOfColumns(papers, columns.finish(), options).export()).toEqual(graph);
    expect(graph.nodes.length).toBeGreaterThan(papers.length);
    expect(graph.edges.some((e) => e.attributes?.relation === "variant")).toBe(true);
  });

  it("builds the same graph from extractCorpus's columns (a table with strings they do not use)", async () => {
    const corpus = await extractCorpus(papers, { workers: 1 });
    const objects = await extractPapers(papers, { workers: 1 });
    expect(corpus.columns.table.strings.length).toBeGreaterThan(new Set(Array.from(corpus.columns.id)).size);
    for (const options of [{}, { minPapers: 2 }]) expect(buildGraphOfColumns(papers, corpus.columns, options).export()).toEqual(buildGraph(papers, objects.papers, options).export());
  });

  it("builds from columns what the objects say (counts, edge weights, parents that are nodes)", () => {
    const columns = new ColumnsBuilder();
    for (const p of extracted) columns.add({ concepts: p.concepts, definitions: [] });
    const graph = buildGraphOfColumns(papers, columns.finish());
    const papersOf = new Map<string, number>();
    const mentionsOf = new Map<string, number>();
    for (const p of extracted) {
      const weights = new Map<string, number>();
      for (const c of p.concepts) {
        papersOf.set(c.id, (papersOf.get(c.id) ?? 0) + 1);
        mentionsOf.set(c.id, (mentionsOf.get(c.id) ?? 0) + c.mentions.length);
        weights.set(c.id, (weights.get(c.id) ?? 0) + c.mentions.length);
      }
      expect(graph.degree(paperKey(p.id))).toBe(weights.size);
      for (const [id, weight] of weights) expect(graph.getEdgeAttribute(`${paperKey(p.id)}->${id}`, "weight")).toBe(weight);
    }
    expect(graph.getAttribute("concepts")).toBe(papersOf.size);
    let parents = 0;
    graph.forEachNode((key, a) => {
      if (a.kind !== "concept") return;
      expect(a.paperCount).toBe(papersOf.get(key));
      expect(a.mentionCount).toBe(mentionsOf.get(key));
      expect(a.type).toBe(key.slice(0, key.indexOf(":")));
      if (a.parent) {
        parents++;
        expect(a.parent).not.toBe(key);
        expect(graph.getNodeAttribute(a.parent, "kind")).toBe("concept");
      }
    });
    expect(parents).toBeGreaterThan(0);
    // with minPapers, a parent left out of the graph is no parent
    const some = buildGraphOfColumns(papers, columns.finish(), { minPapers: 2 });
    some.forEachNode((key, a) => {
      if (a.kind === "concept") expect(a.paperCount).toBeGreaterThanOrEqual(2);
      if (a.kind === "concept" && a.parent) expect(some.hasNode(a.parent), `${key}'s parent`).toBe(true);
    });
    expect(some.getAttribute("conceptsLeftOut")).toBe([...papersOf.values()].filter((n) => n < 2).length);
  });

  it("gives a paper missing from the extractions no edges", () => {
    const missing = papers[7]!;
    const withConcepts = extracted.find((p) => p.id === missing.id)!;
    expect(withConcepts.concepts.length).toBeGreaterThan(0);
    const full = buildGraph(papers, extracted);
    expect(full.degree(paperKey(missing.id))).toBeGreaterThan(0);
    const graph = buildGraph(papers, extracted.filter((p) => p.id !== missing.id));
    expect(graph.hasNode(paperKey(missing.id))).toBe(true);
    expect(graph.degree(paperKey(missing.id))).toBe(0);
    const node = graph.getNodeAttributes(paperKey(missing.id));
    expect(node.kind === "paper" && node.mentions).toEqual([]);
    // the other papers keep theirs
    for (const p of papers.slice(0, 20)) if (p.id !== missing.id) expect(graph.degree(paperKey(p.id))).toBe(full.degree(paperKey(p.id)));
  });
});
