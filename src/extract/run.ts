/**
 * Running extraction over a corpus
 * ================================
 *
 * Worker threads plus a content-hash cache. Each paper's result depends only on its title,
 * abstract, the user lexicon and the extractor itself, so:
 *
 * - the cache key is sha1(extractor fingerprint, user lexicon, title, abstract); the fingerprint
 *   hashes this folder's source and lexicon files, so any rule change invalidates the cache; the
 *   file keeps the entries of the latest run only;
 * - workers get batches of papers in turn and results land at their input index, so the output
 *   is identical to the single-thread path whatever the scheduling.
 *
 * Workers load TypeScript through tsx: worker-boot.mjs registers it (workers do not inherit
 * `--import tsx` on Node 20), then imports worker.ts; this works under vitest too.
 */
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

import type { Paper } from "../types.ts";
import { removeTempFiles } from "../util/temp-files.ts";
import { extractPaper, type ExtractOptions, type PaperExtraction } from "./concepts.ts";

export interface RunOptions extends ExtractOptions {
  workers?: number;
  cacheDir?: string;
  onProgress?: (done: number, total: number) => void;
}

const BATCH = 64;
/** Below this many papers to parse, threads cost more than they save. */
const MIN_PARALLEL = 400;
const CACHE_FILE = "extract-cache.jsonl";

let fingerprint: string | undefined;

/** Hash of the extractor's own source and data files: a change to any rule invalidates the cache. */
export function extractorFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash("sha1");
  for (const dir of [".", "./lexicon"]) {
    const url = new URL(`${dir}/`, import.meta.url);
    for (const f of readdirSync(url).sort()) if (/\.(ts|tsv)$/.test(f) && f !== "eval.ts") h.update(f).update(readFileSync(new URL(f, url)));
  }
  fingerprint = h.digest("hex").slice(0, 16);
  return fingerprint;
}

function paperHash(p: Pick<Paper, "title" | "abstract">, salt: string): string {
  return createHash("sha1").update(salt).update("\u0000").update(p.title).update("\u0000").update(p.abstract).digest("hex");
}

function isExtraction(value: unknown): value is PaperExtraction {
  if (typeof value !== "object" || value === null) return false;
  const { concepts, definitions } = value as Record<string, unknown>;
  return Array.isArray(concepts) && Array.isArray(definitions);
}

function readCache(dir: string): Map<string, PaperExtraction> {
  const map = new Map<string, PaperExtraction>();
  let text: string;
  try {
    text = readFileSync(join(dir, CACHE_FILE), "utf8");
  } catch {
    return map;
  }
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      const { h, r } = JSON.parse(line) as { h: unknown; r: unknown };
      // a line of another shape (edited or corrupted by hand) is a miss, not a crash
      if (typeof h === "string" && isExtraction(r)) map.set(h, r);
    } catch {
      // a torn line from an interrupted run: ignore it, the paper is parsed again
    }
  }
  return map;
}

function writeCache(dir: string, map: Map<string, PaperExtraction>): void {
  mkdirSync(dir, { recursive: true });
  removeTempFiles(dir); // left by a build killed while writing the cache
  const file = join(dir, CACHE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const lines: string[] = [];
  for (const [h, r] of map) lines.push(JSON.stringify({ h, r }));
  writeFileSync(tmp, lines.join("\n") + "\n");
  renameSync(tmp, file);
}

/**
 * Appends entries to the cache file. A line torn by a crash is ignored when read; the leading
 * newline keeps such a line from swallowing the first appended one.
 */
function appendCache(dir: string, entries: ReadonlyArray<readonly [string, PaperExtraction]>): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, CACHE_FILE), `\n${entries.map(([h, r]) => JSON.stringify({ h, r })).join("\n")}\n`);
}

/** Extracts papers on `n` worker threads; results in input order. */
async function onWorkers(papers: ReadonlyArray<Pick<Paper, "title" | "abstract">>, n: number, options: RunOptions, progress: (k: number) => void): Promise<PaperExtraction[]> {
  const results: PaperExtraction[] = new Array(papers.length);
  const batches: Array<{ id: number; from: number; to: number }> = [];
  for (let from = 0, id = 0; from < papers.length; from += BATCH, id++) batches.push({ id, from, to: Math.min(papers.length, from + BATCH) });
  let next = 0;
  let ready = 0;
  const workers: Worker[] = [];
  // while workers boot (tsx, compromise, lexicon: ~0.5 s), this thread takes batches itself
  const meanwhile = async () => {
    while (ready < n) {
      const b = batches[next++];
      if (!b) return;
      for (let i = b.from; i < b.to; i++) results[i] = extractPaper(papers[i]!, options);
      progress(b.to - b.from);
      await new Promise((r) => setImmediate(r));
    }
  };
  try {
    await Promise.all([
      meanwhile(),
      ...Array.from({ length: n }, () => {
        const w = new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData: { lexicon: options.lexicon } });
        workers.push(w);
        return new Promise<void>((resolve, reject) => {
          const send = () => {
            const b = batches[next++];
            if (!b) return resolve();
            w.postMessage({ id: b.id, papers: papers.slice(b.from, b.to).map((p) => ({ title: p.title, abstract: p.abstract })) });
          };
          w.on("message", (msg: { ready?: boolean; id?: number; results?: string; error?: string }) => {
            if (msg.ready) {
              ready++;
              return send();
            }
            if (msg.error !== undefined) return reject(new Error(`extract worker: ${msg.error}`));
            const b = batches[msg.id!]!;
            (JSON.parse(msg.results!) as PaperExtraction[]).forEach((r, k) => (results[b.from + k] = r));
            progress(b.to - b.from);
            send();
          });
          w.on("error", reject);
          w.on("exit", (code) => code !== 0 && reject(new Error(`extract worker exited with code ${code}`)));
        });
      }),
    ]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/** Per-paper extractions in input order, with how many were parsed and how many came from the cache. */
export async function runExtraction(
  papers: ReadonlyArray<Pick<Paper, "title" | "abstract">>,
  options: RunOptions,
): Promise<{ results: PaperExtraction[]; parsed: number; cached: number }> {
  const total = papers.length;
  let done = 0;
  let lastReport = 0;
  const progress = (k: number) => {
    done += k;
    if (options.onProgress && (done === total || done - lastReport >= 500)) {
      lastReport = done;
      options.onProgress(done, total);
    }
  };

  const results: Array<PaperExtraction | undefined> = new Array(total);
  const salt = options.cacheDir ? `${extractorFingerprint()}:${JSON.stringify(options.lexicon ?? null)}` : "";
  const cache = options.cacheDir ? readCache(options.cacheDir) : undefined;
  const hashes = cache ? papers.map((p) => paperHash(p, salt)) : [];
  const todo: number[] = [];
  papers.forEach((_, i) => {
    const hit = cache?.get(hashes[i]!);
    if (hit) results[i] = hit;
    else todo.push(i);
  });
  const cached = total - todo.length;
  if (cached) progress(cached);

  const n = Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.ceil(todo.length / BATCH)));
  if (n <= 1 || (options.workers === undefined && todo.length < MIN_PARALLEL)) {
    for (const i of todo) {
      results[i] = extractPaper(papers[i]!, options);
      progress(1);
    }
  } else {
    const out = await onWorkers(
      todo.map((i) => papers[i]!),
      n,
      options,
      progress,
    );
    todo.forEach((i, k) => (results[i] = out[k]));
  }

  // New papers are appended (an 80k cache is rewritten in seconds, appended in milliseconds); once
  // a quarter of the file is entries of an older extractor or of papers no longer in the input,
  // it is rewritten with this run's papers only, so they do not pile up forever.
  if (cache && options.cacheDir) {
    const used = new Set(hashes);
    let stale = 0;
    for (const h of cache.keys()) if (!used.has(h)) stale += 1;
    if (stale > cache.size / 4) {
      const keep = new Map<string, PaperExtraction>();
      papers.forEach((_, i) => keep.set(hashes[i]!, results[i]!));
      writeCache(options.cacheDir, keep);
    } else if (todo.length) {
      appendCache(options.cacheDir, todo.map((i) => [hashes[i]!, results[i]!] as const));
    }
  }
  return { results: results as PaperExtraction[], parsed: todo.length, cached };
}
