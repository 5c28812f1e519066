/**
 * Input files already read
 * ========================
 *
 * An incremental build adds this week's file to a folder whose other files have not changed, and
 * reading those again (gunzip, 79k `JSON.parse`, cleaning every title and abstract) was 2–3 s of
 * it. So each file's `ParseResult` is kept in the cache folder (`<cacheDir>/ingest/`, one entry
 * per input path) under a key of everything it depends on: the file's bytes (SHA-256, streamed),
 * its path (papers' sources name it), the format it was read as, the options that change records,
 * and the source of this stage and the version of its parsers. A file whose key matches is not
 * read again: its entry is deserialised (`v8.deserialize`, ~0.4 s for 79k papers against ~2 s of
 * parsing).
 *
 * A file that has only grown since (lines appended to a plain JSON Lines file, as a weekly export
 * grows) is not read again either, but for its new lines: the entry of a plain line-by-line file
 * that ended with a line break also records its size, its number of lines and the SHA-256 of its
 * bytes, and a file whose first that-many bytes still hash to it (one pass over the file hashes
 * both) continues from there (`Lookup.from`). Its records are the entry's, then the new lines'.
 *
 * An entry: `PGINGEST1\n`, the header's length (u32 LE), the header as JSON (key, the SHA-256
 * of the payload and, for a file that may grow, `grown`), then the payload, `v8.serialize` of the `ParseResult` with each paper's
 * `textHash` (`util/text-hash.ts`), which the papers read back keep. One that does not check
 * out (another key, cut short, a changed byte, not a `ParseResult`) is not used: the file is read
 * as if there were none, and its entry rewritten. Entries are written to a temporary file and
 * renamed; entries of paths a build did not read are removed. A file whose size after it was
 * read is not the one hashed (it changed meanwhile, an export still writing it) gets no entry.
 */
import { createHash } from "node:crypto";
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { deserialize, serialize } from "node:v8";

import { removeTempFiles } from "../util/temp-files.ts";
import { isTextHash, rememberTextHash, textHash } from "../util/text-hash.ts";
import type { ParseResult } from "./model.ts";
import { sniff } from "./read.ts";

const MAGIC = "PGINGEST1\n";
const FOLDER = "ingest";
/** Libraries whose version can change what a file parses to. */
const PARSERS = ["fast-xml-parser", "@retorquere/bibtex-parser", "csv-parse"];

let fingerprint: string | undefined;

/**
 * Hash of this stage's code (its folder, and the errors it throws: `.ts` from the source, `.js`
 * in the built library) and of its parsers' versions.
 */
function ingestFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash("sha256");
  const here = new URL("./", import.meta.url);
  for (const f of readdirSync(here).sort()) if (/\.[jt]s$/.test(f) && !f.endsWith(".d.ts")) h.update(f).update(readFileSync(new URL(f, here)));
  for (const f of ["../errors.ts", "../errors.js"]) {
    try {
      h.update(readFileSync(new URL(f, import.meta.url)));
    } catch {
      // the other one of the pair
    }
  }
  for (const name of PARSERS) h.update(`${name}@${packageVersion(name)}\0`);
  fingerprint = h.digest("hex");
  return fingerprint;
}

/** The version of installed package `name`: from the package.json above its entry point. */
function packageVersion(name: string): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve(name));
    for (;;) {
      const pkg = join(dir, "package.json");
      if (existsSync(pkg)) {
        const json = JSON.parse(readFileSync(pkg, "utf8")) as { name?: string; version?: string };
        if (json.name === name) return json.version ?? "?";
      }
      const up = dirname(dir);
      if (up === dir) return "?";
      dir = up;
    }
  } catch {
    return "?"; // not installed: this stage cannot read that format anyway
  }
}

/** What an entry records of a file that may grow: its size, lines and bytes' SHA-256 then, and `base` (see `ParsedFiles.lookup`). */
interface Grown {
  base: string;
  size: number;
  lines: number;
  content: string;
}

/** What `ParsedFiles.lookup` found for a file. */
export interface Lookup {
  /** The file's key: everything its records depend on. */
  key: string;
  /** Its records, when its entry holds them (all of them, or those of its first `from.line` lines). */
  parsed?: ParseResult;
  /** When `parsed` holds the file's first `line` lines (its first `byte` bytes) only: the file grew since. */
  from?: { byte: number; line: number };
  /** The file as hashed: its size, whether it ends with a line break and is plain (not gzipped, not UTF-16), the SHA-256 of its bytes. */
  size: number;
  endsWithNewline: boolean;
  plain: boolean;
  content: string;
  /** The key without the file's bytes (stage, path, format, options): what a grown file shares with its entry. */
  base: string;
}

/**
 * The SHA-256 of `file`'s bytes, read as a stream (an input can be bigger than memory wants), its
 * size, first two and last byte, and the SHA-256 of its first `prefix` bytes when it has more than that.
 */
async function contentHash(file: string, prefix?: number): Promise<{ content: string; size: number; plain: boolean; last: number; prefix?: string }> {
  const h = createHash("sha256");
  let size = 0;
  let first: number[] = [];
  let last = -1;
  let head: string | undefined;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    if (prefix !== undefined && head === undefined && size + chunk.length > prefix) {
      h.update(chunk.subarray(0, prefix - size));
      head = h.copy().digest("hex");
      h.update(chunk.subarray(prefix - size));
    } else h.update(chunk);
    if (first.length < 2) first = [...first, ...chunk.subarray(0, 2 - first.length)];
    size += chunk.length;
    if (chunk.length) last = chunk[chunk.length - 1]!;
  }
  // as `readLines` tells them: a gzipped or UTF-16 file is read whole, never from where it ended
  const { gzip, utf16 } = sniff(first);
  return { content: h.digest("hex"), size, plain: !gzip && !utf16, last, ...(head === undefined ? {} : { prefix: head }) };
}

/** The cache of parsed input files in `cacheDir`. */
export class ParsedFiles {
  private readonly dir: string;
  private readonly used = new Set<string>();

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, FOLDER);
    removeTempFiles(this.dir); // a killed build's
  }

  /**
   * The key of `file` read as `how` (its format and the options that change its records), and
   * its records when its entry holds them, or holds those of its first lines and it only grew since.
   */
  async lookup(file: string, how: unknown): Promise<Lookup> {
    const base = createHash("sha256").update(JSON.stringify([ingestFingerprint(), file, how])).digest("hex");
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(this.entry(file));
    } catch {
      bytes = undefined;
    }
    const header = bytes && entryHeader(bytes);
    const grown = header?.grown?.base === base ? header.grown : undefined;
    const hashed = await contentHash(file, grown?.size);
    const key = createHash("sha256").update(JSON.stringify([ingestFingerprint(), file, how, hashed.content])).digest("hex");
    const found = { key, base, size: hashed.size, endsWithNewline: hashed.last === 0x0a, plain: hashed.plain, content: hashed.content };
    if (!bytes || !header) return found;
    if (header.key === key) {
      const parsed = decodeEntry(bytes, key);
      return parsed ? { ...found, parsed } : found;
    }
    if (!grown || hashed.prefix !== grown.content) return found;
    const parsed = decodeEntry(bytes, header.key);
    return parsed ? { ...found, parsed, from: { byte: grown.size, line: grown.lines } } : found;
  }

  private entry(file: string): string {
    const name = `${createHash("sha256").update(file).digest("hex").slice(0, 32)}.bin`;
    this.used.add(name);
    return join(this.dir, name);
  }

  /**
   * Keeps what `file` (as `lookup` found it) parsed to. `lines`: how many lines it has, when it is
   * read line by line (a plain one of those may be found grown by the next build). Best effort: a cache that
   * cannot be written (a full disk, a read-only folder) costs the next build a read, not this one its result.
   */
  set(file: string, found: Lookup, parsed: ParseResult, lines?: number): void {
    const path = this.entry(file);
    const tmp = `${path}.${process.pid}.tmp`;
    // a file that changed while it was read (a size other than the one hashed) may hold records
    // of other bytes than its key says: not kept
    if (statSync(file, { throwIfNoEntry: false })?.size !== found.size) return;
    // a last line without its line break may be the start of a longer one next time; a gzipped
    // file is read whole
    const grown = lines !== undefined && found.endsWithNewline && found.plain ? { base: found.base, size: found.size, lines, content: found.content } : undefined;
    try {
      mkdirSync(this.dir, { recursive: true });
      // piece by piece: concatenated, an 80k-paper entry (134 MB) was copied once more first
      const fd = openSync(tmp, "w");
      try {
        for (const piece of encodeEntry(parsed, found.key, grown)) for (let at = 0; at < piece.length; ) at += writeSync(fd, piece, at);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing was written there
      }
    }
  }

  /** Removes the entries of paths not asked for since this object was made. */
  prune(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) if (name.endsWith(".bin") && !this.used.has(name)) rmSync(join(this.dir, name), { force: true });
  }
}

/** What an entry holds: the `ParseResult`, and each paper's `textHash` (not hashed again when the entry is read). */
type Payload = ParseResult & { textHashes: string[] };

/** An entry's bytes, in pieces. */
export function encodeEntry(parsed: ParseResult, key: string, grown?: Grown): Buffer[] {
  const payload = serialize({ ...parsed, textHashes: parsed.papers.map(textHash) } satisfies Payload);
  const header = Buffer.from(JSON.stringify({ key, sha256: createHash("sha256").update(payload).digest("hex"), ...(grown ? { grown } : {}) }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return [Buffer.from(MAGIC), length, header, payload];
}

/** An entry's header, if it has one of the right shape (`grown` dropped when it has not). */
function entryHeader(bytes: Buffer): { key: string; sha256: unknown; grown?: Grown; bodyStart: number } | undefined {
  if (bytes.length < MAGIC.length + 4 || bytes.toString("latin1", 0, MAGIC.length) !== MAGIC) return undefined;
  const bodyStart = MAGIC.length + 4 + bytes.readUInt32LE(MAGIC.length);
  if (bodyStart > bytes.length) return undefined;
  let header: { key?: unknown; sha256?: unknown; grown?: unknown } | null;
  try {
    header = JSON.parse(bytes.toString("utf8", MAGIC.length + 4, bodyStart)) as typeof header;
  } catch {
    return undefined;
  }
  if (typeof header !== "object" || header === null || typeof header.key !== "string") return undefined;
  const g = header.grown as Partial<Grown> | undefined;
  const grown = isObject(g) && typeof g.base === "string" && isCount(g.size) && isCount(g.lines) && typeof g.content === "string" ? (g as Grown) : undefined;
  return { key: header.key, sha256: header.sha256, ...(grown ? { grown } : {}), bodyStart };
}

/** The `ParseResult` an entry holds, if it is a whole one stored under `key`. */
export function decodeEntry(bytes: Buffer, key: string): ParseResult | undefined {
  const header = entryHeader(bytes);
  if (!header || header.key !== key) return undefined;
  const payload = bytes.subarray(header.bodyStart);
  if (createHash("sha256").update(payload).digest("hex") !== header.sha256) return undefined;
  let parsed: unknown;
  try {
    parsed = deserialize(payload);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || !isArrayOf(parsed.textHashes, isTextHash)) return undefined;
  const { textHashes, ...result } = parsed as unknown as Payload;
  if (!isParseResult(result) || textHashes.length !== result.papers.length) return undefined;
  result.papers.forEach((paper, i) => rememberTextHash(paper, textHashes[i]!));
  return result;
}

const isCount = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 0;
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;
/** Every item of `x` (holes included: `every` would skip them) passes `test`. */
function isArrayOf(x: unknown, test: (item: unknown) => boolean): boolean {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) if (!test(x[i])) return false;
  return true;
}
const isRecord = (r: unknown): boolean => isObject(r) && typeof r.file === "string" && isCount(r.line);
const isSkipped = (r: unknown): boolean => isRecord(r) && typeof (r as { reason?: unknown }).reason === "string";
const isPaper = (p: unknown): boolean =>
  isObject(p) && typeof p.id === "string" && typeof p.title === "string" && typeof p.abstract === "string" && isArrayOf(p.sources, isRecord);

/** The shape a `ParseResult` has (what the rest of ingest relies on), checked cheaply. */
function isParseResult(x: unknown): x is ParseResult {
  return (
    isObject(x) && isCount(x.entries) && isCount(x.noAbstract) && isArrayOf(x.skipped, isSkipped) && isArrayOf(x.warnings, isSkipped) && isArrayOf(x.papers, isPaper)
  );
}
