/**
 * Extraction throughput benchmark
 * ===============================
 *
 * `node --import tsx bench/extract.ts [--n 20000] [--runs 3] [--naive 1000] [--workers N]`
 *
 * Reads the first N abstracts of `../shared/corpus/arxiv/arxiv-daily-80k.jsonl.gz` directly
 * (zlib + readline; never copied into the project), then measures in one run:
 *
 * - ours, cold: `extractPapers` end to end with worker threads (start-up included), no cache;
 *   median over `--runs` runs;
 * - ours, warm: the same call once more against a filled content-hash cache;
 * - ours, one thread: `extractPapersSync` in this thread;
 * - naive: one full compromise parse per abstract (`nlp(text).json({ offset: true })`), on the
 *   first `--naive` abstracts (it is ~10x slower, so a subset), median over `--runs` runs.
 *
 * Peak memory is the process's max RSS (worker threads included): after the cold runs, and after
 * the warm-cache run, which holds the whole cache in memory.
 * Prints a markdown table on stdout; progress on stderr.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createGunzip } from "node:zlib";

import { extractPapers, extractPapersSync } from "../src/extract/index.ts";
import { fullParse } from "../src/extract/nlp.ts";

const CORPUS = fileURLToPath(new URL("../../shared/corpus/arxiv/arxiv-daily-80k.jsonl.gz", import.meta.url));

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "20000" },
    runs: { type: "string", default: "3" },
    naive: { type: "string", default: "1000" },
    workers: { type: "string" },
    corpus: { type: "string", default: CORPUS },
  },
});
const N = Number(values.n);
const RUNS = Math.max(3, Number(values.runs));
const NAIVE = Number(values.naive);
const WORKERS = values.workers ? Number(values.workers) : availableParallelism();

interface Abstract {
  id: string;
  title: string;
  abstract: string;
}

async function readAbstracts(file: string, n: number): Promise<Abstract[]> {
  const out: Abstract[] = [];
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) {
    if (out.length >= n) break;
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Partial<Abstract> & { text?: string };
    out.push({ id: String(r.id ?? out.length), title: r.title ?? "", abstract: r.abstract ?? r.text ?? "" });
  }
  rl.close();
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const log = (s: string) => process.stderr.write(`${s}\n`);
const rate = (n: number, ms: number) => (n / ms) * 1000;
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");

const papers = await readAbstracts(values.corpus, N);
log(`bench/extract: ${papers.length} abstracts, ${WORKERS} workers, ${RUNS} runs, ${cpus().length} cores`);

const cold: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  await extractPapers(papers, { workers: WORKERS });
  cold.push(rate(papers.length, performance.now() - t0));
  log(`  ours, cold, run ${r + 1}: ${fmt(cold[r]!)} abstracts/s`);
}

const peakColdMb = process.resourceUsage().maxRSS / 1024;

const cacheDir = await mkdtemp(join(tmpdir(), "pg-bench-cache-"));
let warm = 0;
try {
  await extractPapers(papers, { workers: WORKERS, cacheDir });
  const t0 = performance.now();
  const w = await extractPapers(papers, { workers: WORKERS, cacheDir });
  warm = rate(papers.length, performance.now() - t0);
  log(`  ours, warm cache: ${fmt(warm)} abstracts/s (${w.stats.cached} cached)`);
} finally {
  await rm(cacheDir, { recursive: true, force: true });
}

const t1 = performance.now();
extractPapersSync(papers);
const single = rate(papers.length, performance.now() - t1);
log(`  ours, one thread: ${fmt(single)} abstracts/s`);
const peakMb = process.resourceUsage().maxRSS / 1024;

const naiveSet = papers.slice(0, NAIVE);
const naive: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  for (const p of naiveSet) fullParse(`${p.title}. ${p.abstract}`);
  naive.push(rate(naiveSet.length, performance.now() - t0));
  log(`  naive, run ${r + 1}: ${fmt(naive[r]!)} abstracts/s`);
}

const lines = [
  `| extraction (${cpus().length} cores) | abstracts | runs | abstracts/s (median) | min – max |`,
  "|---|---|---|---|---|",
  `| ours: ${WORKERS} worker threads, no cache, start-up included | ${fmt(papers.length)} | ${RUNS} | **${fmt(median(cold))}** | ${fmt(Math.min(...cold))} – ${fmt(Math.max(...cold))} |`,
  `| ours: warm content-hash cache | ${fmt(papers.length)} | 1 | ${fmt(warm)} | |`,
  `| ours: one thread, no cache | ${fmt(papers.length)} | 1 | ${fmt(single)} | |`,
  `| naive: one full compromise parse per abstract, one thread | ${fmt(naiveSet.length)} | ${RUNS} | ${fmt(median(naive))} | ${fmt(Math.min(...naive))} – ${fmt(Math.max(...naive))} |`,
  "",
  `Peak memory (max RSS of the process, worker threads included, the ${fmt(papers.length)} input abstracts held in memory): ${fmt(peakColdMb)} MB after the cold runs, ${fmt(peakMb)} MB after the warm-cache run (it loads the whole cache file).`,
];
process.stdout.write(lines.join("\n") + "\n");
