/**
 * Ingest: the cache of parsed input files
 * =======================================
 *
 * `readInputs(inputs, { cacheDir })` keeps each input file's `ParseResult` in `<cacheDir>/ingest/`
 * (`src/ingest/cache.ts`) and takes it from there while the file's bytes, path, format and record
 * options are unchanged. The one invariant: a run with the cache gives exactly what a run without
 * it gives (`toStrictEqual`, and the same JSON, so key order and `undefined` fields count), only
 * `cached` differs. What must hold besides:
 *
 * - a second run takes every file from the cache (none is parsed: a spy counts JSONL lines parsed);
 * - a change to a file's bytes (even of the same size and mtime), its path, its format, the record
 *   options or (Daily Papers) its year makes the files it concerns be read again, and no other;
 * - `strict` throws the same RecordError for a cached file as for a parsed one;
 * - a damaged, foreign or junk entry is never used and never throws: the file is read again and
 *   its entry rewritten;
 * - entries of files a run did not read are removed; a killed build's temporary files too, when
 *   the next run starts (`src/util/temp-files.ts`: not this process's own, nor a live one's).
 *
 * Inputs: the fixtures of `test/fixtures/ingest/` (see its README), copied into temp folders.
 */
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { deserialize, serialize } from "node:v8";
import fc from "fast-check";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

import { RecordError } from "../src/errors.ts";
import { decodeEntry, encodeEntry } from "../src/ingest/cache.ts";
import { textHash } from "../src/util/text-hash.ts";
import { parseJsonl, readInputs, type IngestOptions, type IngestResult, type ParseResult } from "../src/ingest/index.ts";

// Counts the JSON Lines lines actually parsed (passing them on): a file taken from the cache parses none.
const spy = vi.hoisted(() => ({ jsonlLines: 0 }));
vi.mock("../src/ingest/jsonl.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/ingest/jsonl.ts")>();
  return {
    ...real,
    parseJsonlLine: (...args: Parameters<typeof real.parseJsonlLine>) => {
      spy.jsonlLines++;
      return real.parseJsonlLine(...args);
    },
  };
});
beforeEach(() => {
  spy.jsonlLines = 0;
});

const FIXTURES = fileURLToPath(new URL("./fixtures/ingest/", import.meta.url));
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const root = mkdtempSync(join(tmpdir(), "papergraph-ingest-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FILE_TIME = Date.UTC(2025, 0, 1) / 1000;
let folders = 0;
/** A new temp folder holding `files` (name → bytes or text). */
function folder(files: Record<string, Buffer | string>): string {
  const dir = join(root, `in-${folders++}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), content);
    utimesSync(join(dir, name), FILE_TIME, FILE_TIME); // whole seconds: restored exactly after a change
  }
  return dir;
}
/** A new, empty cache folder. */
const cacheFolder = (): string => join(root, `cache-${folders++}`);

// The entry layout of cache.ts: magic, header length (u32 LE), header JSON, v8 payload.
const MAGIC = "PGINGEST1\n";
const HEADER_AT = MAGIC.length + 4;
const ingestDir = (cacheDir: string) => join(cacheDir, "ingest");
/** Where cache.ts keeps `file`'s entry (a hash of the path as given). */
const entryOf = (cacheDir: string, file: string) =>
  join(ingestDir(cacheDir), `${createHash("sha256").update(file).digest("hex").slice(0, 32)}.bin`);
const headerLength = (bytes: Buffer) => bytes.readUInt32LE(MAGIC.length);
const headerOf = (bytes: Buffer) => JSON.parse(bytes.toString("utf8", HEADER_AT, HEADER_AT + headerLength(bytes))) as { key: string; sha256: string };
const payloadOf = (bytes: Buffer) => bytes.subarray(HEADER_AT + headerLength(bytes));
/** An entry with any header text and payload. */
const rawEntry = (header: string, payload: Buffer, length = Buffer.byteLength(header)): Buffer => {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(length);
  return Buffer.concat([Buffer.from(MAGIC), len, Buffer.from(header), payload]);
};
/** An entry under `key` whose sha256 is right for `payload`, whatever it holds. */
const checkedEntry = (key: string, payload: Buffer): Buffer =>
  rawEntry(JSON.stringify({ key, sha256: createHash("sha256").update(payload).digest("hex") }), payload);
const entry = (parsed: ParseResult, key: string): Buffer => Buffer.concat(encodeEntry(parsed, key));
/**
 * An entry under `key`, sha256 right, whose payload is `junk` as the writer would store it (with
 * a well-formed text hash per paper, when it is an object), so that what is wrong is `junk` itself.
 */
const junkEntry = (junk: unknown, key: string): Buffer => {
  const plain = typeof junk === "object" && junk !== null && !Array.isArray(junk) && !(junk instanceof Map);
  const papers = plain ? (junk as { papers?: unknown }).papers : undefined;
  const textHashes = Array.from({ length: Array.isArray(papers) ? papers.length : 0 }, () => "0".repeat(40));
  return checkedEntry(key, serialize(plain ? { ...junk, textHashes } : junk));
};
/** A copy of `bytes` with the byte at `at` XORed with `mask`. */
const flip = (bytes: Buffer, at: number, mask = 0x01): Buffer => {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ mask;
  return copy;
};
/** The .bin entries of a cache folder, name → bytes. */
const entries = (cacheDir: string): Map<string, Buffer> =>
  new Map(
    (existsSync(ingestDir(cacheDir)) ? readdirSync(ingestDir(cacheDir)) : [])
      .filter((n) => n.endsWith(".bin"))
      .map((n) => [n, readFileSync(join(ingestDir(cacheDir), n))]),
  );

/** Asserts that `result` (a run with the cache) is what a run without it gives, but for `cached`. */
async function expectAsUncached(result: IngestResult, inputs: string[], options: IngestOptions = {}): Promise<IngestResult> {
  const { cacheDir: _, ...uncachedOptions } = options;
  const fresh = await readInputs(inputs, uncachedOptions);
  expect(fresh.cached).toBe(0);
  const same = { ...result, cached: 0, grown: 0 };
  expect(same).toStrictEqual(fresh);
  expect(JSON.stringify(same)).toBe(JSON.stringify(fresh));
  return fresh;
}

/** One JSON Lines file of its own: an abstract too long to be one (skipped by size), a bad line, non-ASCII text. */
const ODD_LINES = [
  JSON.stringify({ id: "x:1", title: "Zoë Ørsted’s 数据集 😀 — naïve", abstract: "Ünïcödé abstract with an emoji 🧪 and a lone \ud800 surrogate." }),
  JSON.stringify({ id: "x:2", title: "A Whole Book", abstract: "word ".repeat(25_000) }),
  '{"id": "x:3", "title": "cut off',
  JSON.stringify({ id: "x:4", title: "Dated in the future", abstract: "An abstract.", date: "2999-01-01" }),
].join("\n");

/** A folder of every format, with skipped records and warnings in several files. */
const EVERY_FORMAT = {
  "a.jsonl": fixture("papers.jsonl"), // a cut-off JSON line, no abstract, month 13, year 1850
  "b.csv": fixture("papers.csv"), // a row with too few fields, a row without title
  "c.bib": fixture("library.bib"), // two entries without abstract
  "d.jsonl.gz": fixture("papers.jsonl.gz"),
  "e.txt": fixture("hf-missing-meta.txt"), // a yearless date and no year: a warning
  "f.txt": fixture("hf-chrome-authors.txt"),
  "g.xml": fixture("arxiv-feed.xml"),
  "h.ris": fixture("references.ris"),
  "i.json": fixture("openalex-works.json"),
  "j.jsonl": fixture("openalex-works.jsonl"), // 2024-02-30
  "k.jsonl": ODD_LINES,
};

// Round trip: the first run (nothing cached) and the second (everything cached) both give what a
// run without the cache gives, skipped records and warnings included; the second parses nothing.
describe("readInputs with a cache: round trip", () => {
  const dir = folder(EVERY_FORMAT);
  const cacheDir = cacheFolder();
  const files = Object.keys(EVERY_FORMAT).length;

  it("the folder has every format, skipped records and warnings (else the test shows little)", async () => {
    const fresh = await readInputs([dir]);
    expect(new Set(fresh.formats)).toEqual(new Set(["jsonl", "csv", "bibtex", "hf-daily", "arxiv", "ris", "openalex"]));
    const where = (r: { file: string; line: number }) => `${r.file.slice(dir.length + 1)}:${r.line}`;
    expect(fresh.skipped.map(where)).toEqual(expect.arrayContaining(["a.jsonl:3", "d.jsonl.gz:3", "b.csv:5", "k.jsonl:2", "k.jsonl:3"]));
    expect(fresh.warnings.map(where)).toEqual(expect.arrayContaining(["a.jsonl:5", "a.jsonl:6", "e.txt:11", "k.jsonl:4"]));
    expect(fresh.noAbstract).toBeGreaterThan(0);
    expect(fresh.papers.some((p) => p.abstract.includes("\ud800"))).toBe(true);
  });

  it("first run: nothing cached, the result of a run without cache, one entry per file", async () => {
    const result = await readInputs([dir], { cacheDir });
    expect(result.cached).toBe(0);
    expect(spy.jsonlLines).toBeGreaterThan(0);
    await expectAsUncached(result, [dir]);
    expect(entries(cacheDir).size).toBe(files);
    expect(readdirSync(ingestDir(cacheDir)).filter((n) => !n.endsWith(".bin"))).toEqual([]); // no temporary file left
  });

  it("second and third run: every file from the cache, nothing parsed, the same result", async () => {
    const before = entries(cacheDir);
    for (const _ of [1, 2]) {
      spy.jsonlLines = 0;
      const result = await readInputs([dir], { cacheDir });
      expect(result.cached).toBe(files);
      expect(spy.jsonlLines).toBe(0);
      await expectAsUncached(result, [dir]);
    }
    expect(entries(cacheDir)).toEqual(before); // a hit does not rewrite its entry
  });

  it("progress is still reported after each file taken from the cache", async () => {
    const seen: number[] = [];
    const result = await readInputs([dir], { cacheDir, onProgress: (n) => seen.push(n) });
    expect(result.cached).toBe(files);
    expect(seen).toHaveLength(files);
    expect(seen.at(-1)).toBe(result.entries);
  });
});

// Invalidation: each change makes the files it concerns be read again (their entries rewritten)
// and leaves the others' entries untouched; each change does change the result, so a stale entry
// would show. The last cases change nothing the result depends on: the file stays cached.
describe("readInputs with a cache: what makes a file be read again", () => {
  interface Change {
    name: string;
    files: Record<string, Buffer | string>;
    options?: IngestOptions;
    /** Changes `dir` (or the options); gives the new inputs, options, and the files to be read again. */
    change: (dir: string) => { inputs?: string[]; options?: IngestOptions; reread: string[] };
    /** The change alters the result (false: the result stays the same, read again or not). */
    alters?: boolean;
  }
  /** Replaces `from` by `to` (same length) in `file`, keeping its size and times. */
  const swapKeepingTimes = (file: string, from: string, to: string) => {
    expect(Buffer.byteLength(to)).toBe(Buffer.byteLength(from));
    const { size } = statSync(file);
    const text = readFileSync(file, "utf8");
    expect(text).toContain(from);
    writeFileSync(file, text.replace(from, to));
    utimesSync(file, FILE_TIME, FILE_TIME);
    expect(statSync(file)).toMatchObject({ size, mtimeMs: FILE_TIME * 1000 });
  };
  const MANIFEST = (p1: number, folderWide: number) => JSON.stringify({ "hf-daily": { year: folderWide, files: { "p1.txt": { year: p1 } } } });
  const two = { "a.jsonl": fixture("papers.jsonl"), "b.csv": fixture("papers.csv") };

  const CHANGES: Change[] = [
    {
      name: "one letter of a title swapped (same size, mtime restored)",
      files: two,
      change: (dir) => {
        swapKeepingTimes(join(dir, "a.jsonl"), "Sparse Mixtures", "Sparse Mixturez");
        return { reread: [join(dir, "a.jsonl")] };
      },
    },
    {
      name: "a .gz file's bytes changed but not its text (the gzip header's mtime field; file mtime restored)",
      files: { "a.jsonl.gz": fixture("papers.jsonl.gz"), "b.csv": fixture("papers.csv") },
      change: (dir) => {
        const file = join(dir, "a.jsonl.gz");
        writeFileSync(file, flip(readFileSync(file), 4)); // MTIME is bytes 4–7 of a gzip header
        utimesSync(file, FILE_TIME, FILE_TIME);
        return { reread: [file] };
      },
      alters: false,
    },
    {
      name: "the file renamed",
      files: two,
      change: (dir) => {
        renameSync(join(dir, "a.jsonl"), join(dir, "a2.jsonl"));
        return { reread: [join(dir, "a2.jsonl")] };
      },
    },
    {
      name: "the file moved to another folder",
      files: two,
      change: (dir) => {
        const other = folder({});
        renameSync(join(dir, "a.jsonl"), join(other, "a.jsonl"));
        return { inputs: [dir, other], reread: [join(other, "a.jsonl")] };
      },
    },
    {
      name: "the same files named by a relative path (papers' sources name it)",
      files: two,
      change: (dir) => {
        const rel = relative(process.cwd(), dir);
        return { inputs: [rel], reread: [join(rel, "a.jsonl"), join(rel, "b.csv")] };
      },
    },
    {
      name: "`format` forcing another format than the one detected",
      files: { "o.jsonl": fixture("openalex-works.jsonl") }, // detected as openalex
      change: (dir) => ({ options: { format: "jsonl" }, reread: [join(dir, "o.jsonl")] }),
    },
    {
      name: "`keepTitleOnly` switched on",
      files: { "a.jsonl": fixture("papers.jsonl") },
      change: (dir) => ({ options: { keepTitleOnly: true }, reread: [join(dir, "a.jsonl")] }),
    },
    {
      name: "`keepTitleOnly` switched off",
      files: { "a.jsonl": fixture("papers.jsonl") },
      options: { keepTitleOnly: true },
      change: (dir) => ({ options: { keepTitleOnly: false }, reread: [join(dir, "a.jsonl")] }),
    },
    {
      name: "`year` changed: the Daily Papers page is read again, the JSONL file is not",
      files: { "p.txt": fixture("hf-missing-meta.txt"), "a.jsonl": fixture("papers.jsonl") },
      options: { year: 2024 },
      change: (dir) => ({ options: { year: 2025 }, reread: [join(dir, "p.txt")] }),
    },
    {
      name: "`year` given where there was none (the page's yearless date gets one)",
      files: { "p.txt": fixture("hf-missing-meta.txt"), "a.jsonl": fixture("papers.jsonl") },
      change: (dir) => ({ options: { year: 2025 }, reread: [join(dir, "p.txt")] }),
    },
    {
      name: "manifest.json: a page's own year changed (the other page keeps the folder's year)",
      files: { "p1.txt": fixture("manifest/p1.txt"), "p2.txt": fixture("manifest/p2.txt"), "manifest.json": MANIFEST(2024, 2023) },
      change: (dir) => {
        writeFileSync(join(dir, "manifest.json"), MANIFEST(2022, 2023));
        return { reread: [join(dir, "p1.txt")] };
      },
    },
    {
      name: "manifest.json: the folder-wide year changed (the page with its own year is not read again)",
      files: { "p1.txt": fixture("manifest/p1.txt"), "p2.txt": fixture("manifest/p2.txt"), "manifest.json": MANIFEST(2024, 2023) },
      change: (dir) => {
        writeFileSync(join(dir, "manifest.json"), MANIFEST(2024, 2022));
        return { reread: [join(dir, "p2.txt")] };
      },
    },
    {
      name: "stays cached: the file rewritten with the same bytes and a new mtime",
      files: two,
      change: (dir) => {
        const file = join(dir, "a.jsonl");
        writeFileSync(file, readFileSync(file));
        utimesSync(file, new Date(), new Date(Date.now() + 60_000));
        return { reread: [] };
      },
      alters: false,
    },
    {
      name: "stays cached: `format` forced to the format detected anyway",
      files: { "a.jsonl": fixture("papers.jsonl") },
      change: () => ({ options: { format: "jsonl" }, reread: [] }),
      alters: false,
    },
    {
      name: "stays cached: manifest.json changed elsewhere than this page's year",
      files: { "p1.txt": fixture("manifest/p1.txt"), "manifest.json": MANIFEST(2024, 2023) },
      change: (dir) => {
        writeFileSync(join(dir, "manifest.json"), JSON.stringify({ $comment: "edited", "hf-daily": { year: 2021, files: { "p1.txt": { year: 2024 } } } }));
        return { reread: [] };
      },
      alters: false,
    },
  ];
  for (const { name, files, options = {}, change, alters = true } of CHANGES) it(name, async () => {
    const dir = folder(files);
    const cacheDir = cacheFolder();
    const first = await readInputs([dir], { ...options, cacheDir });
    expect(first.cached).toBe(0);
    expect((await readInputs([dir], { ...options, cacheDir })).cached).toBe(first.files.length);
    const before = entries(cacheDir);

    const { inputs = [dir], options: changed = options, reread } = change(dir);
    const result = await readInputs(inputs, { ...changed, cacheDir });
    const fresh = await expectAsUncached(result, inputs, changed);
    expect(result.cached).toBe(result.files.length - reread.length);
    if (alters) expect(JSON.stringify({ ...fresh, files: [], formats: [] })).not.toBe(JSON.stringify({ ...first, files: [], formats: [] }));
    else expect(fresh).toStrictEqual(first);
    // the files read again have a new entry; the others' entries are the same bytes
    const after = entries(cacheDir);
    for (const file of result.files) {
      const name = entryOf(cacheDir, file).slice(ingestDir(cacheDir).length + 1);
      expect(after.has(name), file).toBe(true);
      if (reread.includes(file)) expect(after.get(name)!.equals(before.get(name) ?? Buffer.alloc(0)), file).toBe(false);
      else expect(after.get(name), file).toEqual(before.get(name));
    }
    expect(after.size).toBe(result.files.length); // entries of the old paths are gone
    // and the run after that takes every file from the cache
    expect((await readInputs(inputs, { ...changed, cacheDir })).cached).toBe(result.files.length);
  });
});

// A file that only grew (lines appended, as a weekly export grows): the entry's records of its
// first lines are kept and only the new lines are parsed, with the result of a run without the
// cache; anything else (a changed line, a cut, a last line that had no line break, a gzipped or
// CSV file) is read whole. Then the next run takes it from the cache, and it can grow again.
describe("readInputs with a cache: a file that only grew", () => {
  const line = (id: string, title: string) => JSON.stringify({ id, title, abstract: `We study ${title} on ImageNet.`, date: "2025-01-02" });
  const WEEK = [line("w:1", "Weekly One"), "", '{"id": "w:2", "title": "cut', line("w:3", "Weekly Three")].join("\n") + "\n";
  const papers = fixture("papers.jsonl").toString("utf8");
  const lines = (text: string) => text.split("\n").filter((l) => l.trim()).length;
  const GROWS: Array<{ name: string; files: Record<string, Buffer | string>; file: string; grow: (old: Buffer) => Buffer | string; grown: boolean; parsed?: number }> = [
    { name: "JSON Lines: lines appended (a blank one and a bad one among them)", files: { "a.jsonl": papers }, file: "a.jsonl", grow: (old) => old + WEEK, grown: true, parsed: WEEK.split("\n").length - 1 },
    { name: "JSON Lines with CRLF line breaks: lines appended", files: { "a.jsonl": papers.replace(/\n/g, "\r\n") }, file: "a.jsonl", grow: (old) => old + WEEK.replace(/\n/g, "\r\n"), grown: true, parsed: WEEK.split("\n").length - 1 },
    { name: "OpenAlex works as JSON Lines: a work appended", files: { "o.jsonl": fixture("openalex-works.jsonl") }, file: "o.jsonl", grow: (old) => old + fixture("openalex-works.jsonl").toString("utf8").split("\n")[0]!.replace("W4393000002", "W4393999999") + "\n", grown: true },
    { name: "read whole: the last line had no line break (an append may continue it)", files: { "a.jsonl": papers.trimEnd() }, file: "a.jsonl", grow: (old) => old + WEEK, grown: false },
    { name: "read whole: a line changed and lines appended", files: { "a.jsonl": papers }, file: "a.jsonl", grow: (old) => old.toString("utf8").replace("Sparse Mixtures", "Sparse Mixturez") + WEEK, grown: false },
    { name: "read whole: the file cut short", files: { "a.jsonl": papers + WEEK }, file: "a.jsonl", grow: () => papers, grown: false },
    { name: "read whole: a .gz with a gzip member of new lines appended", files: { "a.jsonl.gz": gzipSync(papers) }, file: "a.jsonl.gz", grow: (old) => Buffer.concat([old, gzipSync(WEEK)]), grown: false },
    // (big-endian: its last byte is the line break's 0x0a, as a plain file's)
    { name: "read whole: a UTF-16BE file with lines appended", files: { "u.jsonl": Buffer.from("\ufeff" + papers, "utf16le").swap16() }, file: "u.jsonl", grow: (old) => Buffer.concat([old, Buffer.from(WEEK, "utf16le").swap16()]), grown: false },
    { name: "read whole: a CSV with rows appended", files: { "b.csv": fixture("papers.csv") }, file: "b.csv", grow: (old) => old + "2501.00009,An Appended Row,An abstract of the appended row.,2025-01-09,Ann Roe,,cs.CL\n", grown: false },
  ];
  for (const { name, files, file, grow, grown, parsed } of GROWS) it(name, async () => {
    const dir = folder({ ...files, "z.jsonl": line("z:1", "Another File") + "\n" });
    const cacheDir = cacheFolder();
    const path = join(dir, file);
    const first = await readInputs([dir], { cacheDir });
    writeFileSync(path, grow(readFileSync(path)));
    spy.jsonlLines = 0;
    const result = await readInputs([dir], { cacheDir });
    if (parsed !== undefined) expect(spy.jsonlLines).toBe(parsed);
    expect([result.cached, result.grown]).toEqual([1, grown ? 1 : 0]); // z.jsonl is cached either way
    await expectAsUncached(result, [dir]);
    expect(JSON.stringify(result.papers)).not.toBe(JSON.stringify(first.papers)); // the change shows
    if (!grown) return;
    // the next run takes it from the cache, and it grows again the next week
    expect((await readInputs([dir], { cacheDir })).cached).toBe(2);
    writeFileSync(path, readFileSync(path) + line("w:4", "Weekly Four") + "\n");
    spy.jsonlLines = 0;
    const again = await readInputs([dir], { cacheDir });
    if (parsed !== undefined) expect(spy.jsonlLines).toBe(1);
    expect([again.cached, again.grown]).toEqual([1, 1]);
    await expectAsUncached(again, [dir]);
  });

  it("for any lines before and any text appended, the result of a run without the cache (fast-check)", async () => {
    // lines of every kind a weekly export may hold, and text that need not be whole lines at all
    const record = fc.record({ id: fc.string({ maxLength: 6 }), title: fc.string({ maxLength: 12 }), abstract: fc.string({ maxLength: 30 }), date: fc.constantFrom("2024-01-02", "13/13/13", "") });
    const someLine = fc.oneof(
      record.map((r) => JSON.stringify(r)),
      fc.constantFrom("", "   ", '{"id": "cut', "[1, 2]", "null", line("dup:1", "Duplicate Title")),
      fc.string({ maxLength: 20 }),
    );
    const text = (lines: string[], crlf: boolean, newline: boolean) => lines.join(crlf ? "\r\n" : "\n") + (newline ? "\n" : "");
    let grew = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(someLine, { minLength: 1, maxLength: 8 }),
        fc.array(someLine, { maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        async (before, added, crlf, endsWithBreak, addedEndsWithBreak) => {
          const base = text([line("a:1", "Always One"), ...before], crlf, endsWithBreak);
          const dir = folder({ "a.jsonl": base });
          const cacheDir = cacheFolder();
          await readInputs([dir], { cacheDir }).catch(() => undefined); // may be all blank lines: an InputError, no entry
          const appended = text(added, crlf, addedEndsWithBreak);
          writeFileSync(join(dir, "a.jsonl"), base + appended);
          const uncached = await readInputs([dir]).catch((error: unknown) => error);
          const result = await readInputs([dir], { cacheDir }).catch((error: unknown) => error);
          if (uncached instanceof Error) return expect(result).toEqual(uncached);
          expect(result).toMatchObject({ cached: appended ? 0 : 1 });
          grew += (result as IngestResult).grown;
          expect({ ...(result as IngestResult), cached: 0, grown: 0 }).toStrictEqual(uncached);
          // the entry it left gives the same again, from the cache
          expect(await readInputs([dir], { cacheDir })).toStrictEqual({ ...(uncached as IngestResult), cached: 1 });
        },
      ),
      { numRuns: 60 },
    );
    expect(grew).toBeGreaterThan(10); // most runs took the path under test
  }, 60_000);

  it("a file that grows while it is read is not kept (nor taken for one that grew from its old end next time)", async () => {
    const long = (i: number) => line(`r:${i}`, `Record ${i} ${"x".repeat(150)}`);
    const base = Array.from({ length: 3000 }, (_, i) => long(i)).join("\n") + "\n";
    const dir = folder({ "a.jsonl": base });
    const path = join(dir, "a.jsonl");
    const cacheDir = cacheFolder();
    // appended while the first run reads the file (its progress comes every 1,000 entries)
    let appended = false;
    const during = await readInputs([dir], {
      cacheDir,
      onProgress: (n) => {
        if (n >= 1000 && !appended) {
          appended = true;
          appendFileSync(path, long(9001) + "\n");
        }
      },
    });
    expect(appended).toBe(true);
    expect(entries(cacheDir).size).toBe(0); // what it read is not what it hashed: not kept
    const next = await readInputs([dir], { cacheDir });
    expect([next.cached, next.grown]).toEqual([0, 0]);
    await expectAsUncached(next, [dir]);
    expect(next.papers.length).toBeGreaterThanOrEqual(during.papers.length);
    expect((await readInputs([dir], { cacheDir })).cached).toBe(1); // and kept once it stood still
  });

  it("strict: a bad line in the old part throws from the entry, one in the new part from parsing, as a run without the cache does", async () => {
    for (const [base, week] of [[papers, line("w:1", "Weekly One") + "\n"], [line("a:1", "Clean Start") + "\n", WEEK]] as const) {
      const dir = folder({ "a.jsonl": base });
      const cacheDir = cacheFolder();
      await readInputs([dir], { cacheDir });
      writeFileSync(join(dir, "a.jsonl"), base + week);
      const uncached = await readInputs([dir], { strict: true }).catch((error: unknown) => error);
      spy.jsonlLines = 0;
      const cached = await readInputs([dir], { strict: true, cacheDir }).catch((error: unknown) => error);
      expect(uncached).toBeInstanceOf(RecordError);
      expect(cached).toEqual(uncached);
      expect((cached as RecordError).line).toBe((uncached as RecordError).line);
      expect(spy.jsonlLines).toBeLessThanOrEqual(lines(week)); // the old lines were not parsed again
    }
  });
});

// strict: a cached file whose result has a skipped record throws what parsing it throws (class,
// message, file, line), without parsing it; a clean cached file does not throw.
describe("readInputs with a cache: strict", () => {
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );
  const what = (error: unknown) => {
    const { name, message, file, line } = error as RecordError;
    return { name, message, file, line };
  };
  const STRICT_CASES: Array<{ name: string; files: Record<string, Buffer | string>; line?: number }> = [
    { name: "JSON Lines: a cut-off line", files: { "a.jsonl": fixture("papers.jsonl") }, line: 3 },
    { name: "JSON Lines: an abstract too long to be one, before a bad line", files: { "k.jsonl": ODD_LINES }, line: 2 },
    { name: "CSV: a row with too few fields", files: { "b.csv": fixture("papers.csv") }, line: 5 },
    { name: "BibTeX: an entry without abstract", files: { "c.bib": fixture("library.bib") } },
    { name: "a clean file first, then the bad one", files: { "a.txt": fixture("hf-page-b.txt"), "b.jsonl": fixture("papers.jsonl") }, line: 3 },
  ];
  for (const { name, files, line } of STRICT_CASES) it(name, async () => {
    const dir = folder(files);
    const cacheDir = cacheFolder();
    expect((await readInputs([dir], { cacheDir })).skipped.length).toBeGreaterThan(0);
    expect((await readInputs([dir], { cacheDir })).cached).toBe(Object.keys(files).length);

    const uncached = await failureOf(readInputs([dir], { strict: true }));
    spy.jsonlLines = 0;
    const cached = await failureOf(readInputs([dir], { strict: true, cacheDir }));
    expect(spy.jsonlLines).toBe(0); // thrown from the cached result, not by parsing again
    expect(uncached).toBeInstanceOf(RecordError);
    expect(cached).toBeInstanceOf(RecordError);
    expect(what(cached)).toEqual(what(uncached));
    if (line !== undefined) expect((cached as RecordError).line).toBe(line);
    // the entries are still good afterwards
    expect((await readInputs([dir], { cacheDir })).cached).toBe(Object.keys(files).length);
  });

  it("a clean file cached by a run without strict passes a strict run", async () => {
    const dir = folder({ "a.txt": fixture("hf-page-b.txt") });
    const cacheDir = cacheFolder();
    await readInputs([dir], { cacheDir });
    const result = await readInputs([dir], { strict: true, cacheDir });
    expect(result.cached).toBe(1);
    await expectAsUncached(result, [dir], { strict: true });
  });
});

// Damaged entries: whatever is in an entry's place, the file is read as if there were no entry
// (same result, not counted as cached, never a throw), its entry is rewritten, and the next run
// takes it from the cache again. The other file of the folder stays cached throughout.
describe("readInputs with a cache: damaged entries", () => {
  interface Damage {
    name: string;
    /** The bytes to put in place of the entry (undefined: no entry at all). */
    damage: (good: Buffer, key: string, parsed: ParseResult, otherEntry: Buffer) => Buffer | undefined;
  }
  /** Payloads with a right sha256 that v8 cannot deserialise (checked below). */
  const NOT_V8 = [Buffer.from("not a v8 value"), serialize({ papers: [{ id: "x", title: "t".repeat(100) }] }).subarray(0, 40), Buffer.alloc(0)];
  const payloadStart = (good: Buffer) => HEADER_AT + headerLength(good);
  /** Values that are not a `ParseResult`, made from the real one (`encodeEntry` gives them a right sha256). */
  const NOT_PARSE_RESULTS: Array<[string, (parsed: ParseResult) => unknown]> = [
    ["null", () => null],
    ["a string", () => "papers"],
    ["an array holding the result", (p) => [p]],
    ["an empty object", () => ({})],
    ["the result one level down", (p) => ({ result: p })],
    ["a Map of its fields", (p) => new Map(Object.entries(p))],
    ["papers not an array", (p) => ({ ...p, papers: "x" })],
    ["no warnings", (p) => ({ ...p, warnings: undefined })],
    ["no noAbstract", ({ noAbstract: _, ...p }) => p],
    ["a negative entry count", (p) => ({ ...p, entries: -1 })],
    ["a fractional noAbstract", (p) => ({ ...p, noAbstract: 1.5 })],
    ["an entry count as a string", (p) => ({ ...p, entries: String(p.entries) })],
    ["a skipped record without line", (p) => ({ ...p, skipped: [{ file: "a.jsonl", reason: "r" }] })],
    ["a skipped record that is null", (p) => ({ ...p, skipped: [null] })],
    ["a warning whose file is a number", (p) => ({ ...p, warnings: [{ file: 1, line: 1, reason: "r" }] })],
    ["a paper that is null", (p) => ({ ...p, papers: [...p.papers, null] })],
    ["a paper without title", (p) => ({ ...p, papers: p.papers.map(({ title: _, ...q }) => q) })],
    ["a paper whose id is a number", (p) => ({ ...p, papers: p.papers.map((q, i) => ({ ...q, id: i })) })],
    ["a paper whose sources are not an array", (p) => ({ ...p, papers: p.papers.map((q) => ({ ...q, sources: {} })) })],
  ];

  const TEXT_HASHES_WRONG: Array<[string, (parsed: ParseResult) => unknown]> = [
    ["none (an entry of the format before)", () => undefined],
    ["one too few", (p) => p.papers.slice(1).map(() => "0".repeat(40))],
    ["one too many", (p) => [...p.papers, p].map(() => "0".repeat(40))],
    ["not hex", (p) => p.papers.map(() => "z".repeat(40))],
    ["39 digits", (p) => p.papers.map(() => "0".repeat(39))],
    ["numbers", (p) => p.papers.map((_, i) => i)],
  ];

  const DAMAGES: Damage[] = [
    { name: "no entry", damage: () => undefined },
    { name: "empty", damage: () => Buffer.alloc(0) },
    { name: "cut short inside the magic", damage: (good) => good.subarray(0, 5) },
    { name: "cut short before the header", damage: (good) => good.subarray(0, HEADER_AT) },
    { name: "cut short inside the header", damage: (good) => good.subarray(0, HEADER_AT + 20) },
    { name: "cut short by one byte", damage: (good) => good.subarray(0, good.length - 1) },
    { name: "cut short inside the payload", damage: (good) => good.subarray(0, payloadStart(good) + 30) },
    { name: "one byte too many", damage: (good) => Buffer.concat([good, Buffer.from([0])]) },
    { name: "a flipped byte in the middle of the payload", damage: (good) => flip(good, Math.floor((payloadStart(good) + good.length) / 2)) },
    { name: "a flipped byte at the end of the payload", damage: (good) => flip(good, good.length - 1, 0x80) },
    { name: "a flipped byte in the header's key", damage: (good, key) => flip(good, good.indexOf(key, 0, "latin1") + 5) },
    { name: "a flipped byte in the header's sha256", damage: (good) => flip(good, good.indexOf(headerOf(good).sha256, 0, "latin1") + 7) },
    { name: "a flipped byte in the header's JSON syntax", damage: (good) => flip(good, HEADER_AT) },
    { name: "a flipped byte in the header length", damage: (good) => flip(good, MAGIC.length) },
    { name: "wrong magic", damage: (good) => flip(good, MAGIC.length - 2) },
    { name: "another format's magic", damage: (good) => Buffer.concat([Buffer.from("PGCOLS1\n"), good.subarray(8)]) },
    { name: "header JSON null", damage: (good) => rawEntry("null", payloadOf(good)) },
    { name: "header JSON a string", damage: (good, key) => rawEntry(JSON.stringify(key), payloadOf(good)) },
    { name: "header JSON an array", damage: (good, key) => rawEntry(JSON.stringify([key, headerOf(good).sha256]), payloadOf(good)) },
    { name: "header without sha256", damage: (good, key) => rawEntry(JSON.stringify({ key }), payloadOf(good)) },
    { name: "header of length 0", damage: (good) => rawEntry("", payloadOf(good)) },
    { name: "header length one beyond the file", damage: (good) => rawEntry(JSON.stringify(headerOf(good)), payloadOf(good), good.length - HEADER_AT + 1) },
    { name: "header length 2^32 - 1", damage: (good) => rawEntry(JSON.stringify(headerOf(good)), payloadOf(good), 0xffff_ffff) },
    { name: "a whole entry under another key", damage: (_, _key, parsed) => entry(parsed, "0".repeat(64)) },
    { name: "the other file's entry copied over it", damage: (_good, _key, _parsed, other) => other },
    ...NOT_V8.map((payload, i) => ({ name: `a right sha256 over bytes v8 cannot deserialise (#${i + 1})`, damage: (_: Buffer, key: string) => checkedEntry(key, payload) })),
    ...NOT_PARSE_RESULTS.map(([what, junk]) => ({
      name: `a right sha256 over a payload that is not a ParseResult: ${what}`,
      damage: (_: Buffer, key: string, parsed: ParseResult) => junkEntry(junk(parsed), key),
    })),
    ...TEXT_HASHES_WRONG.map(([what, hashes]) => ({
      name: `a right sha256 over a ParseResult whose text hashes are wrong: ${what}`,
      damage: (_: Buffer, key: string, parsed: ParseResult) => checkedEntry(key, serialize(hashes(parsed) === undefined ? parsed : { ...parsed, textHashes: hashes(parsed) })),
    })),
  ];

  it("the undeserialisable payloads are that indeed", () => {
    for (const payload of NOT_V8) expect(() => deserialize(payload)).toThrow();
  });

  /** Puts `damage`'s bytes in place of a.jsonl's entry; the next run must be as if there were none. */
  async function damagedRun(damage: Damage["damage"]): Promise<void> {
    const dir = folder({ "a.jsonl": fixture("papers.jsonl"), "b.txt": fixture("hf-missing-meta.txt") });
    const cacheDir = cacheFolder();
    await readInputs([dir], { cacheDir });
    const path = entryOf(cacheDir, join(dir, "a.jsonl"));
    const good = readFileSync(path);
    const { key } = headerOf(good);
    const parsed = decodeEntry(good, key)!;
    expect(parsed.skipped.length).toBeGreaterThan(0);

    const damaged = damage(good, key, parsed, readFileSync(entryOf(cacheDir, join(dir, "b.txt"))));
    if (damaged === undefined) rmSync(path);
    else {
      expect(damaged.equals(good)).toBe(false);
      writeFileSync(path, damaged);
    }
    spy.jsonlLines = 0;
    const result = await readInputs([dir], { cacheDir });
    expect(result.cached).toBe(1); // b.txt only
    expect(spy.jsonlLines).toBeGreaterThan(0); // a.jsonl parsed again
    await expectAsUncached(result, [dir]);
    if (damaged) expect(decodeEntry(damaged, key)).toBeUndefined();
    expect(decodeEntry(readFileSync(path), key)).toStrictEqual(parsed); // rewritten, good
    expect((await readInputs([dir], { cacheDir })).cached).toBe(2);
  }

  for (const { name, damage } of DAMAGES) it(name, () => damagedRun(damage));

  // Entries are named by path, but the key holds the path too: a file's entry copied to the place
  // of another file with the same bytes (and so the same content hash and format) is not used.
  it("the entry of another file with the same bytes, copied in place, is not used", async () => {
    const dir = folder({ "a.jsonl": fixture("papers.jsonl"), "c.jsonl": fixture("papers.jsonl") });
    const cacheDir = cacheFolder();
    await readInputs([dir], { cacheDir });
    writeFileSync(entryOf(cacheDir, join(dir, "c.jsonl")), readFileSync(entryOf(cacheDir, join(dir, "a.jsonl"))));
    const result = await readInputs([dir], { cacheDir });
    expect(result.cached).toBe(1);
    await expectAsUncached(result, [dir]);
    expect(result.papers.flatMap((p) => p.sources).filter((s) => s.file.endsWith("c.jsonl"))).not.toEqual([]);
  });

  // Shapes only a writer bug or a hand-made file has (a right sha256 over them), which
  // `Array.prototype.every` would let through: holes, and a paper's sources not looked into.
  const MALFORMED: Array<[string, (parsed: ParseResult) => unknown]> = [
    ["papers with a hole (readInputs throws a TypeError in mergePapers)", (p) => ({ ...p, papers: Object.assign(new Array(p.papers.length + 1), p.papers) })],
    ["skipped records with a hole first (undefined among them; strict lets the file through)", (p) => ({ ...p, skipped: new Array(1).concat(p.skipped) })],
    ["a paper whose sources hold null", (p) => ({ ...p, papers: p.papers.map((q) => ({ ...q, sources: [null] })) })],
  ];
  for (const [what, junk] of MALFORMED) {
    it(`a right sha256 over ${what}`, () => damagedRun((_, key, parsed) => junkEntry(junk(parsed), key)));
  }
});

// encodeEntry/decodeEntry: what goes in comes out, strings exactly (non-ASCII, NUL, lone
// surrogates), `undefined` fields kept; under another key, nothing.
describe("encodeEntry / decodeEntry", () => {
  const KEY = createHash("sha256").update("a key").digest("hex");
  const ODD_STRINGS = ["Zoë Ørsted — 数据集", "😀🧪 astral", "lone \ud800 high", "lone \udfff low", "reversed \udc00\ud800 pair", "NUL \u0000 inside", "e\u0301 combining", "\u202eRTL override", ""];
  const RESULTS: Array<{ name: string; result: ParseResult }> = [
    { name: "an empty result", result: { papers: [], skipped: [], warnings: [], entries: 0, noAbstract: 0 } },
    {
      name: "odd strings everywhere, optional fields set, absent and undefined",
      result: {
        papers: ODD_STRINGS.map((s, i) => ({
          id: `x:${i}${s}`,
          title: s,
          abstract: `${s} `.repeat(i + 1),
          ...(i % 2 ? { date: "2024-06", authors: [s, "B"], categories: [s], url: `https://example.org/${s}` } : { authors: i, date: undefined }),
          sources: [{ file: `dir/${s}.jsonl`, line: i + 1 }],
        })),
        skipped: [{ file: "f\ud800.jsonl", line: 3, reason: "not valid JSON: \udc00" }],
        warnings: [{ file: "f.jsonl", line: 0, reason: "date dropped: «2999»" }],
        entries: 12,
        noAbstract: 2,
      },
    },
    { name: "a parsed fixture (papers.jsonl)", result: parseJsonl(fixture("papers.jsonl").toString("utf8"), "papers.jsonl", { maxYear: 2026 }) },
    {
      name: "10,000 papers",
      result: {
        papers: Array.from({ length: 10_000 }, (_, i) => ({ id: `p${i}`, title: `Paper ${i}`, abstract: "An abstract. ".repeat(5), sources: [{ file: "big.jsonl", line: i + 1 }] })),
        skipped: [],
        warnings: [],
        entries: 10_000,
        noAbstract: 0,
      },
    },
  ];

  for (const { name, result } of RESULTS) it(`${name}: round trip under its key, nothing under another`, () => {
    const bytes = entry(result, KEY);
    const back = decodeEntry(bytes, KEY);
    expect(back).toStrictEqual(result);
    expect(JSON.stringify(back)).toBe(JSON.stringify(result));
    expect(back!.papers.map((p) => Object.keys(p))).toEqual(result.papers.map((p) => Object.keys(p))); // key order too
    // a Buffer that is a view into a bigger one (as a pooled read could give) decodes the same
    const view = Buffer.concat([Buffer.from("junk before"), bytes]).subarray("junk before".length);
    expect(decodeEntry(view, KEY)).toStrictEqual(result);
    for (const other of ["", KEY.slice(1), KEY.slice(0, -1) + (KEY.endsWith("0") ? "1" : "0"), KEY.toUpperCase(), `${KEY}0`]) {
      expect(decodeEntry(bytes, other)).toBeUndefined();
    }
  });

  it("papers read back have the text hash the entry stored (not hashed again)", () => {
    const result = RESULTS[2]!.result;
    const stored = result.papers.map((_, i) => i.toString(16).padStart(40, "f"));
    const back = decodeEntry(checkedEntry(KEY, serialize({ ...result, textHashes: stored })), KEY)!;
    expect(back).toStrictEqual(result);
    expect(back.papers.map(textHash)).toEqual(stored);
    // and an entry stores each paper's true hash
    const fresh = decodeEntry(entry(result, KEY), KEY)!;
    expect(fresh.papers.map(textHash)).toEqual(result.papers.map((p) => createHash("sha1").update(p.title).update("\u0000").update(p.abstract).digest("hex")));
  });

  it("lone surrogates survive (v8 keeps UTF-16 strings as they are)", () => {
    const back = decodeEntry(entry(RESULTS[1]!.result, KEY), KEY)!;
    expect(back.papers.map((p) => p.title)).toEqual(ODD_STRINGS);
    expect(back.papers[2]!.title.charCodeAt(5)).toBe(0xd800);
    expect(back.papers[3]!.title.charCodeAt(5)).toBe(0xdfff);
    expect([...back.papers[4]!.title.slice(9, 11)].map((c) => c.charCodeAt(0))).toEqual([0xdc00, 0xd800]);
  });
});

// Pruning: at the end of a run, the entries of files that are no longer inputs are removed, those
// of files read (from the cache or not) are kept as they are; other files in the folder are not touched.
describe("readInputs with a cache: pruning", () => {
  it("entries of files no longer among the inputs are removed; those still read are kept", async () => {
    const dir = folder({ "a.jsonl": fixture("papers.jsonl"), "b.csv": fixture("papers.csv"), "c.txt": fixture("hf-page-b.txt") });
    const cacheDir = cacheFolder();
    await readInputs([dir], { cacheDir });
    const all = entries(cacheDir);
    const name = (file: string) => entryOf(cacheDir, join(dir, file)).slice(ingestDir(cacheDir).length + 1);
    expect([...all.keys()].sort()).toEqual(["a.jsonl", "b.csv", "c.txt"].map(name).sort());
    writeFileSync(join(ingestDir(cacheDir), "notes.txt"), "not an entry");

    // an input left out of the list
    const result = await readInputs([join(dir, "a.jsonl"), join(dir, "c.txt")], { cacheDir });
    expect(result.cached).toBe(2);
    expect(entries(cacheDir)).toEqual(new Map([name("a.jsonl"), name("c.txt")].map((n) => [n, all.get(n)!])));

    // a file deleted from the folder
    rmSync(join(dir, "c.txt"));
    await readInputs([dir], { cacheDir });
    expect([...entries(cacheDir).keys()].sort()).toEqual([name("a.jsonl"), name("b.csv")].sort());
    expect(entries(cacheDir).get(name("a.jsonl"))).toEqual(all.get(name("a.jsonl")));
    expect(readFileSync(join(ingestDir(cacheDir), "notes.txt"), "utf8")).toBe("not an entry");
  });

  it("a run that fails (a broken input) removes no entry", async () => {
    const dir = folder({ "a.jsonl": fixture("papers.jsonl"), "b.csv": fixture("papers.csv") });
    const cacheDir = cacheFolder();
    await readInputs([dir], { cacheDir });
    const all = entries(cacheDir);
    const broken = folder({ "z.jsonl": "" });
    await expect(readInputs([join(dir, "a.jsonl"), broken], { cacheDir })).rejects.toThrow(/empty file/);
    expect(entries(cacheDir)).toEqual(all);
  });
});

// Temporary files: a dead process's `<entry>.bin.<pid>[.<hex>].tmp` is removed when a run starts
// (before any file is read: also by a run that then fails); this process's own and a live
// process's are left, as `removeTempFiles(dir)` without `own` does.
describe("readInputs with a cache: temporary files of killed builds", () => {
  const DEAD = 2 ** 22 + 12345; // above Linux's pid_max: no process has it
  it("a dead process's temporary files go, this process's and a live one's stay", async () => {
    expect(() => process.kill(DEAD, 0)).toThrow();
    const dir = folder({ "a.jsonl": fixture("papers.jsonl") });
    const cacheDir = cacheFolder();
    mkdirSync(ingestDir(cacheDir), { recursive: true });
    const names = {
      dead: `0123456789abcdef0123456789abcdef.bin.${DEAD}.tmp`,
      deadHex: `0123456789abcdef0123456789abcdef.bin.${DEAD}.9f3a1c2e.tmp`,
      own: `0123456789abcdef0123456789abcdef.bin.${process.pid}.tmp`,
      live: `0123456789abcdef0123456789abcdef.bin.${process.ppid}.tmp`,
      other: "0123456789abcdef0123456789abcdef.bin.tmp", // no pid: not a temporary file of ours
    };
    for (const name of Object.values(names)) writeFileSync(join(ingestDir(cacheDir), name), "partial entry");

    // a run that fails on its first file still cleaned up when it started
    const broken = folder({ "z.jsonl": "\n\n" });
    await expect(readInputs([broken], { cacheDir })).rejects.toThrow(/empty file/);
    const left = () => new Set(readdirSync(ingestDir(cacheDir)));
    expect(left()).toEqual(new Set([names.own, names.live, names.other]));

    // and a run that succeeds leaves them too (prune removes entries, not temporary files)
    const result = await readInputs([dir], { cacheDir });
    await expectAsUncached(result, [dir]);
    expect(left()).toEqual(new Set([names.own, names.live, names.other, entryOf(cacheDir, join(dir, "a.jsonl")).slice(ingestDir(cacheDir).length + 1)]));
  });

  it("a cache that cannot be written costs a read next time, not this run its result", async () => {
    const dir = folder({ "a.jsonl": fixture("papers.jsonl"), "b.csv": fixture("papers.csv") });
    const cacheDir = cacheFolder();
    mkdirSync(cacheDir);
    writeFileSync(ingestDir(cacheDir), "a file in the way of the folder"); // root ignores permissions: this fails for everyone
    for (let run = 0; run < 2; run++) {
      const result = await readInputs([dir], { cacheDir });
      expect(result.cached).toBe(0);
      await expectAsUncached(result, [dir]);
    }
    expect(readFileSync(ingestDir(cacheDir), "utf8")).toBe("a file in the way of the folder");
  });

  it("a cache folder that does not exist yet is made; one whose ingest/ folder is missing too", async () => {
    const dir = folder({ "a.jsonl": fixture("papers.jsonl") });
    const cacheDir = join(cacheFolder(), "deeper", "still");
    const result = await readInputs([dir], { cacheDir });
    expect(result.cached).toBe(0);
    expect(existsSync(entryOf(cacheDir, join(dir, "a.jsonl")))).toBe(true);
    rmSync(ingestDir(cacheDir), { recursive: true });
    expect((await readInputs([dir], { cacheDir })).cached).toBe(0);
    expect((await readInputs([dir], { cacheDir })).cached).toBe(1);
  });
});
