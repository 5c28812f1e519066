/**
 * Extraction run tests
 * ====================
 *
 * Worker threads and the content-hash cache must give exactly what the single-thread, uncached
 * path gives. Abstracts: the long lines of the bundled Daily Papers pages (`data/*.txt`).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { ExtractWorker } from "../src/extract/corpus.ts";
import { extractPaper, extractPapers, extractPapersSync } from "../src/extract/index.ts";
import { resolveAcrossPapers } from "../src/extract/resolve.ts";
import { SNAPSHOT_FILE } from "../src/extract/snapshot.ts";
import { bundledPapers } from "./helpers/abstracts.ts";

const here = "[extract-run] ";
const papers = bundledPapers(240);

const reference = extractPapersSync(papers);

describe(here + "workers and cache", () => {
  it("has enough real abstracts to matter", () => {
    expect(papers.length).toBeGreaterThanOrEqual(200);
    expect(reference.papers.reduce((n, p) => n + p.concepts.length, 0)).toBeGreaterThan(1000);
  });

  it("gives identical results on 2 workers", async () => {
    const progress: number[] = [];
    const run = await extractPapers(papers, { workers: 2, onProgress: (done) => progress.push(done) });
    expect(run.papers).toEqual(reference.papers);
    expect(run.ambiguousAcronyms).toEqual(reference.ambiguousAcronyms);
    expect(run.stats).toMatchObject({ parsed: papers.length, cached: 0 });
    expect(progress.at(-1)).toBe(papers.length);
  }, 60_000);

  it("reads unchanged papers from the cache, parses changed ones", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "pg-cache-"));
    const first = await extractPapers(papers, { workers: 1, cacheDir });
    expect(first.stats).toMatchObject({ parsed: papers.length, cached: 0 });
    const changed = papers.map((p, i) => (i === 3 ? { ...p, abstract: `${p.abstract} We also test FooNet-9.` } : p));
    const second = await extractPapers(changed, { workers: 2, cacheDir });
    expect(second.stats).toMatchObject({ parsed: 1, cached: papers.length - 1 });
    expect(second.papers).toEqual(extractPapersSync(changed).papers);
    expect(second.papers[3]!.concepts.map((c) => c.name)).toContain("FooNet-9");
  }, 60_000);

  it("keeps only the latest run's papers in the cache file", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "pg-cache-"));
    await extractPapers(papers.slice(0, 20), { cacheDir });
    dropColumns(cacheDir);
    await extractPapers(papers.slice(10, 15), { cacheDir });
    const lines = readFileSync(join(cacheDir, "extract-cache.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(5);
    expect((await extractPapers(papers.slice(10, 15), { cacheDir })).stats).toMatchObject({ parsed: 0, cached: 5 });
  });

  it("appends new papers to the cache, and a torn last line does not swallow them", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "pg-cache-"));
    await extractPapers(papers.slice(0, 10), { cacheDir });
    const file = join(cacheDir, "extract-cache.jsonl");
    // a crash while appending leaves half a line at the end: paper 9's hash, half its payload
    const lines = readFileSync(file, "utf8").trim().split("\n");
    writeFileSync(file, `${lines.slice(0, -1).join("\n")}\n${lines.at(-1)!.slice(0, 60)}`);
    dropColumns(cacheDir);
    const second = await extractPapers(papers.slice(0, 12), { cacheDir });
    expect(second.stats).toMatchObject({ parsed: 3, cached: 9 });
    // paper 9's appended line now comes after its torn one, and the last line of a hash wins
    dropColumns(cacheDir);
    const third = await extractPapers(papers.slice(0, 12), { cacheDir });
    expect(third.stats).toMatchObject({ parsed: 0, cached: 12 });
    expect(third.papers).toEqual(extractPapersSync(papers.slice(0, 12)).papers);
  });

  it("ignores a torn cache line and a line of another shape", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "pg-cache-"));
    const file = join(cacheDir, "extract-cache.jsonl");
    await extractPapers(papers.slice(0, 5), { cacheDir });
    const [first, ...rest] = readFileSync(file, "utf8").trim().split("\n");
    // paper 0's line edited by hand into valid JSON of the wrong shape, then junk
    writeFileSync(file, [`${first!.slice(0, 40)}[[["x", 1]], []]`, ...rest, '{"h":"abc","r":{"conc', "\u0000garbage{", "[1,2"].join("\n"));
    dropColumns(cacheDir);
    const run = await extractPapers(papers.slice(0, 5), { cacheDir });
    expect(run.stats).toMatchObject({ parsed: 1, cached: 4 });
    expect(run.papers).toEqual(extractPapersSync(papers.slice(0, 5)).papers);
  });

  it("compacts the cache file to the same lines whether the last run's columns are there or not", async () => {
    const withColumns = mkdtempSync(join(tmpdir(), "pg-cache-"));
    await extractPapers(papers.slice(0, 20), { cacheDir: withColumns });
    const without = mkdtempSync(join(tmpdir(), "pg-cache-"));
    cpSync(withColumns, without, { recursive: true });
    dropColumns(without);
    // 15 of the 20 lines are now of no use: both runs rewrite the file, one taking papers 0–4 from the columns
    const next = [...papers.slice(0, 5), papers[25]!];
    const a = await extractPapers(next, { cacheDir: withColumns });
    const b = await extractPapers(next, { cacheDir: without });
    expect(a.stats).toMatchObject({ parsed: 1, cached: 5 });
    expect(a.papers).toEqual(b.papers);
    const lines = (dir: string) => readFileSync(join(dir, "extract-cache.jsonl"), "utf8");
    expect(lines(withColumns).trim().split("\n")).toHaveLength(6);
    expect(lines(withColumns)).toBe(lines(without));
  });

  it("treats a file in the old object format as stale, and compacts it away", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "pg-cache-"));
    const file = join(cacheDir, "extract-cache.jsonl");
    const old = papers.slice(0, 5).map((p, i) => JSON.stringify({ h: `${i}`.repeat(40), r: extractPaper(p) }));
    writeFileSync(file, old.join("\n") + "\n");
    const run = await extractPapers(papers.slice(0, 5), { cacheDir });
    expect(run.stats).toMatchObject({ parsed: 5, cached: 0 });
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(5);
    // compact lines: the hash, then arrays; no field names, no mention text
    for (const line of lines) expect(line).toMatch(/^[0-9a-f]{40}\[\[/);
    expect(lines.join("")).not.toContain('"mentions"');
  });
});

describe(here + "the worker of a run with a cache", () => {
  const workerThreads = () => process.getActiveResourcesInfo().filter((r) => r === "Worker" || r === "MessagePort").length;

  it("parses what is left on one worker, booted by the run or ahead of it, and ends it", async () => {
    const before = workerThreads();
    const cacheDir = mkdtempSync(join(tmpdir(), "pg-cache-"));
    // the first run parses everything on the worker it boots itself (no `workers` given)
    const first = await extractPapers(papers.slice(0, 100), { cacheDir });
    expect(first.stats).toMatchObject({ parsed: 100, cached: 0 });
    expect(first.papers).toEqual(extractPapersSync(papers.slice(0, 100)).papers);
    // the next gets a worker booted ahead: the 100 come from the last run's columns, the new ones are parsed there
    const booted = new ExtractWorker({});
    const progress: number[] = [];
    const next = await extractPapers(papers.slice(0, 120), { cacheDir, booted, onProgress: (done) => progress.push(done) });
    const seen = new Set(papers.slice(0, 100).map((p) => p.abstract));
    const fresh = papers.slice(100, 120).filter((p) => !seen.has(p.abstract)).length; // some lines of the pages repeat
    expect(fresh).toBeGreaterThan(10);
    expect(next.stats).toMatchObject({ parsed: fresh, cached: 120 - fresh });
    expect(next.papers).toEqual(extractPapersSync(papers.slice(0, 120)).papers);
    expect(progress.at(-1)).toBe(120);
    await booted.terminate(); // already ended by the run: a second end is harmless
    expect(workerThreads()).toBe(before);
  }, 60_000);

  it("ends a worker booted for a run that has nothing to parse", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "pg-cache-"));
    await extractPapers(papers.slice(0, 10), { cacheDir, workers: 1 });
    const before = workerThreads();
    const again = await extractPapers(papers.slice(0, 10), { cacheDir, booted: new ExtractWorker({}) });
    expect(again.stats).toMatchObject({ parsed: 0, cached: 10 });
    expect(workerThreads()).toBe(before);
  }, 60_000);

  it("takes the papers of last run's columns from the cache file when the columns' body does not check out", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "pg-cache-"));
    await extractPapers(papers.slice(0, 40), { cacheDir });
    // a byte of the body changed: the header (which papers it has) still reads, the rest does not check out
    const file = join(cacheDir, SNAPSHOT_FILE);
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    writeFileSync(file, bytes);
    const run = await extractPapers(papers.slice(0, 50), { cacheDir });
    expect(run.stats).toMatchObject({ parsed: 10, cached: 40 });
    expect(run.papers).toEqual(extractPapersSync(papers.slice(0, 50)).papers);
    // and where the cache file lacks them too, they are parsed again
    writeFileSync(file, bytes);
    rmSync(join(cacheDir, "extract-cache.jsonl"));
    const bare = await extractPapers(papers.slice(0, 50), { cacheDir });
    expect(bare.stats).toMatchObject({ parsed: 50, cached: 0 });
    expect(bare.papers).toEqual(run.papers);
  }, 60_000);
});

/** Without the last run's columns, a run reads the cache file (these tests are of that file). */
function dropColumns(cacheDir: string): void {
  rmSync(join(cacheDir, SNAPSHOT_FILE));
}

describe(here + "resolveAcrossPapers", () => {
  it("leaves its input untouched (deeply frozen) and equals the reference", () => {
    const input = papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract, ...extractPaper(p) }));
    const before = JSON.stringify(input);
    const freeze = (x: unknown): void => {
      if (typeof x !== "object" || x === null || Object.isFrozen(x)) return;
      Object.freeze(x);
      for (const v of Object.values(x)) freeze(v);
    };
    freeze(input);
    const { papers: out, ambiguousAcronyms } = resolveAcrossPapers(input);
    expect(out).toEqual(reference.papers);
    expect(ambiguousAcronyms).toEqual(reference.ambiguousAcronyms);
    expect(JSON.stringify(input)).toBe(before);
  });
});
