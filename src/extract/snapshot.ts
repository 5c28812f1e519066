/**
 * The last build's extractions, kept in columns
 * =============================================
 *
 * The extraction cache (`run.ts`) holds one JSON line per paper ever extracted. Decoding 79k of
 * them into objects, and then interning their strings to resolve ids, was a third of an
 * incremental build. So a build also leaves its papers' extractions as `ExtractionColumns`
 * (`extract-columns.bin` in the cache folder, 89 MB for 79k papers), with the string table and
 * what was derived from its strings; the next build copies the papers it still has from there as
 * numbers, and takes only the others from the cache or the extractor.
 *
 * The file: `PGCOLS1\n`, the header's length (u32 LE), the header as JSON (salt: which extractor
 * and lexicon; the byte order; hashes: each paper's cache key, in column order; the length of
 * each array and of the text; the SHA-256 of what follows), then the arrays as int32, one after
 * another, read in place (the last two the length of each string in UTF-16 units, and the string
 * table's hash slots, so that the next build does not hash 1.3M strings again), then the strings
 * one after another, in UTF-8 (or UTF-16 when one of them holds a lone surrogate, which UTF-8
 * cannot). A file that does not check out (another salt or version, cut short, a changed byte,
 * ranges that do not nest, an index out of range) is not used, and the build falls back on
 * the cache; it is written to a temporary file and renamed, so a killed build leaves the last
 * whole one.
 */
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { endianness } from "node:os";
import { join } from "node:path";

import { removeTempFiles } from "../util/temp-files.ts";
import { ARRAYS, ColumnsBuilder, columnsOf, DERIVATIONS, StringTable, type Derivation, type ExtractionColumns } from "./columns.ts";

export const SNAPSHOT_FILE = "extract-columns.bin";
const MAGIC = "PGCOLS1\n";
const DERIVED = Object.keys(DERIVATIONS) as Derivation[];

/** A build's extractions: papers by cache key, and their columns. */
export interface Snapshot {
  hashes: string[];
  columns: ExtractionColumns;
}

/** The file's bytes for `snapshot` of extractions under `salt`, in pieces. */
export function encodeSnapshot(snapshot: Snapshot, salt: string): Buffer[] {
  const columns = compact(snapshot.columns);
  const strings = columns.table.strings;
  const derived = columns.table.derived;
  const arrays = [...ARRAYS.map((name) => columns[name]), ...DERIVED.map((d) => derived[d]), Int32Array.from(strings, (s) => s.length), columns.table.allSlots()];
  // UTF-8 is half the bytes of UTF-16 for these strings, but only holds well-formed ones
  const joined = strings.join("");
  const encoding = /\p{Cs}/u.test(joined) ? "utf16le" : "utf8";
  const text = Buffer.from(joined, encoding);
  const pieces = [...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)), text];
  const sha256 = pieces.reduce((h, piece) => h.update(piece), createHash("sha256")).digest("hex");
  let header = JSON.stringify({ salt, endianness: endianness(), hashes: snapshot.hashes, lengths: arrays.map((a) => a.length), text: text.length, encoding, sha256 });
  const length = Buffer.alloc(4);
  // the arrays start at a multiple of 4 bytes, so that they can be read in place
  while ((MAGIC.length + length.length + Buffer.byteLength(header)) % 4) header += " ";
  length.writeUInt32LE(Buffer.byteLength(header));
  return [Buffer.from(MAGIC), length, Buffer.from(header), ...pieces];
}

/** The snapshot `bytes` hold, if they are a whole one of `salt`'s; else undefined. */
export function decodeSnapshot(bytes: Buffer, salt: string): Snapshot | undefined {
  return openSnapshot(bytes, salt)?.decode();
}

/**
 * A snapshot read as far as its header: the papers it says it has (`hashes`), and `decode`, which
 * checks and decodes the rest (undefined if it does not check out). Apart so that a build can
 * know which papers are left to parse, and have them parsed, while it decodes the rest.
 */
export interface OpenSnapshot {
  /** The salt it was written under (the one asked for, or one the test accepted). */
  salt: string;
  hashes: string[];
  decode: () => Snapshot | undefined;
}

/**
 * Which salts a reader takes: one, or those a test accepts (a build whose user lexicon changed
 * takes the last one's, for the papers the change cannot reach).
 */
export type SaltTest = string | ((salt: string) => boolean);

/** `bytes` as far as their header, if it is a snapshot header of a salt `salt` takes; else undefined. */
export function openSnapshot(bytes: Buffer, salt: SaltTest): OpenSnapshot | undefined {
  if (bytes.length < MAGIC.length + 4 || bytes.toString("latin1", 0, MAGIC.length) !== MAGIC) return undefined;
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const bodyStart = MAGIC.length + 4 + headerLength;
  if (bodyStart > bytes.length || bodyStart % 4) return undefined;
  let header: { salt?: unknown; endianness?: unknown; hashes?: unknown; lengths?: unknown; text?: unknown; encoding?: unknown; sha256?: unknown };
  try {
    header = JSON.parse(bytes.toString("utf8", MAGIC.length + 4, bodyStart)) as typeof header;
  } catch {
    return undefined;
  }
  if (typeof header !== "object" || header === null) return undefined;
  const { hashes } = header;
  if (typeof header.salt !== "string" || !(typeof salt === "string" ? header.salt === salt : salt(header.salt))) return undefined;
  if (header.endianness !== endianness() || !isStrings(hashes)) return undefined;
  return { salt: header.salt, hashes, decode: () => decodeBody(bytes, bodyStart, hashes, header) };
}

/** The rest of a snapshot whose header `openSnapshot` read. */
function decodeBody(bytes: Buffer, bodyStart: number, hashes: string[], header: { lengths?: unknown; text?: unknown; encoding?: unknown; sha256?: unknown }): Snapshot | undefined {
  const { lengths, text, encoding } = header;
  if (!Number.isInteger(text) || (encoding !== "utf8" && encoding !== "utf16le")) return undefined;
  if (!Array.isArray(lengths) || lengths.length !== ARRAYS.length + DERIVED.length + 2 || !lengths.every((n) => Number.isInteger(n) && n >= 0)) return undefined;
  const ints = (lengths as number[]).reduce((n, l) => n + l, 0);
  if (bytes.length - bodyStart !== ints * 4 + (text as number)) return undefined;
  // a changed byte would otherwise read as other strings or ids (47 ms for 90 MB here)
  if (createHash("sha256").update(bytes.subarray(bodyStart)).digest("hex") !== header.sha256) return undefined;
  // in place when the buffer is aligned (a file read whole is), else copied
  const aligned = bytes.byteOffset % 4 ? Buffer.from(bytes) : bytes;
  const body = new Int32Array(aligned.buffer, aligned.byteOffset + bodyStart, ints);
  const arrays: Int32Array[] = [];
  let at = 0;
  for (const n of lengths as number[]) arrays.push(body.subarray(at, (at += n)));
  // the strings: their lengths, then their UTF-16 units one after another
  const all = bytes.toString(encoding, bodyStart + ints * 4);
  const lengthsOfStrings = arrays[ARRAYS.length + DERIVED.length]!;
  let chars = 0;
  for (const l of lengthsOfStrings) chars += l < 0 ? Infinity : l;
  if (chars !== all.length) return undefined;
  const strings: string[] = new Array(lengthsOfStrings.length);
  for (let i = 0, from = 0; i < strings.length; i++) strings[i] = all.slice(from, (from += lengthsOfStrings[i]!));
  const derived = Object.fromEntries(DERIVED.map((d, i) => [d, arrays[ARRAYS.length + i]!])) as Record<Derivation, Int32Array>;
  const slots = arrays[ARRAYS.length + DERIVED.length + 1]!;
  if (!slotsFit(slots, strings.length)) return undefined;
  const table = new StringTable(strings, derived, slots);
  const columns = columnsOf(table, hashes.length, arrays);
  return wellFormed(columns) ? { hashes, columns } : undefined;
}

/** Slots of the size `StringTable` makes for `n` strings, each empty or a string index + 1, `n` of them taken. */
function slotsFit(slots: Int32Array, n: number): boolean {
  let size = 1;
  while (size < n * 2) size *= 2;
  if (slots.length !== (n ? size : 0)) return false;
  let taken = 0;
  for (const s of slots) {
    if (!(s >= 0 && s <= n)) return false;
    if (s) taken++;
  }
  return taken === n;
}

const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === "string");

/** Ranges that nest and end where their arrays do, string indexes inside the table. */
function wellFormed(c: ExtractionColumns): boolean {
  const n = c.table.strings.length;
  const ranges = (starts: ArrayLike<number>, count: number, length: number) => {
    if (starts.length !== count + 1 || starts[0] !== 0 || starts[count] !== length) return false;
    for (let i = 1; i < starts.length; i++) if (starts[i - 1]! > starts[i]!) return false;
    return true;
  };
  const strings = (array: ArrayLike<number>, none: number) => {
    for (let i = 0; i < array.length; i++) if (!(array[i]! < n && array[i]! >= none)) return false;
    return true;
  };
  const { field, start, end } = c;
  for (let m = 0; m < field.length; m++) if ((field[m] !== 0 && field[m] !== 1) || !(start[m]! >= 0 && start[m]! <= end[m]!)) return false;
  return (
    ranges(c.conceptStart, c.papers, c.id.length) &&
    ranges(c.definitionStart, c.papers, c.acronym.length) &&
    c.name.length === c.id.length &&
    c.parent.length === c.id.length &&
    ranges(c.aliasStart, c.id.length, c.alias.length) &&
    ranges(c.mentionStart, c.id.length, field.length) &&
    start.length === field.length &&
    end.length === field.length &&
    c.longForm.length === c.acronym.length &&
    c.conceptId.length === c.acronym.length &&
    [c.id, c.name, c.alias, c.acronym, c.longForm, c.conceptId].every((a) => strings(a, 0)) &&
    strings(c.parent, -1) &&
    DERIVED.every((d) => c.table.derived[d].length <= n && strings(c.table.derived[d], -1))
  );
}

/**
 * `columns` with a table of only the strings they use (and what was derived from those), when a
 * quarter or more of its table is strings of papers no longer in the build or ids of the last
 * resolution; else `columns` as they are.
 */
function compact(columns: ExtractionColumns): ExtractionColumns {
  const table = columns.table;
  const n = table.strings.length;
  const used = new Uint8Array(n);
  for (const array of [columns.id, columns.name, columns.parent, columns.alias, columns.acronym, columns.longForm, columns.conceptId])
    for (let k = 0; k < array.length; k++) if (array[k]! >= 0) used[array[k]!] = 1;
  // what the used strings derive, and what that derives in turn (a slug's name key)
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of DERIVED)
      table.derived[d].forEach((target, i) => {
        if (used[i] && target >= 0 && !used[target]) {
          used[target] = 1;
          changed = true;
        }
      });
  }
  const kept = used.reduce((k, u) => k + u, 0);
  if (kept > n * 0.75) return columns;
  const out = new ColumnsBuilder(new StringTable());
  const remap = new Int32Array(n).fill(-1);
  for (let p = 0; p < columns.papers; p++) out.copy(columns, p, remap);
  for (let i = 0; i < n; i++) if (used[i] && remap[i]! < 0) remap[i] = out.table.intern(table.strings[i]!);
  const derived = table.derived;
  for (const d of DERIVED)
    derived[d].forEach((target, i) => {
      if (used[i] && target >= 0) out.table.setDerived(remap[i]!, d, remap[target]!);
    });
  return out.finish();
}

/** The snapshot in `dir` for `salt`, if there is a usable one. */
export function readSnapshot(dir: string, salt: string): Snapshot | undefined {
  return readSnapshotHeader(dir, salt)?.decode();
}

/** The snapshot in `dir` of a salt `salt` takes, as far as its header (see `openSnapshot`), if it has one. */
export function readSnapshotHeader(dir: string, salt: SaltTest): OpenSnapshot | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, SNAPSHOT_FILE));
  } catch {
    return undefined;
  }
  return openSnapshot(bytes, salt);
}

/** Replaces the snapshot in `dir` (a temporary file renamed into place). */
export function writeSnapshot(dir: string, snapshot: Snapshot, salt: string): void {
  mkdirSync(dir, { recursive: true });
  removeTempFiles(dir);
  const file = join(dir, SNAPSHOT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    for (const piece of encodeSnapshot(snapshot, salt)) for (let at = 0; at < piece.length; ) at += writeSync(fd, piece, at);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
