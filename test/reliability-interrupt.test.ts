/**
 * Reliability: nothing lost
 * =========================
 *
 * A build that fails (a bad record under `--strict`) or is interrupted (SIGINT as Ctrl-C sends it,
 * SIGKILL as the OOM killer does) at several moments (during extraction, during the graph stages,
 * while the files are written) must leave the previous output folder byte-identical (every file
 * hashed before and after; the extraction cache in `.cache/` may only have grown), and nothing a
 * later build trips on: the next build with the cache succeeds, leaves no temporary files behind,
 * and writes the same bytes as a clean build without the cache.
 *
 * The corpus is synthetic (3,000 papers from a seeded generator), big enough that each stage lasts
 * long enough to be interrupted in.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { watch } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createRng } from "../src/util/rng.ts";

const BIN = resolve("bin/papergraph.js");


const MODELS = ["BERT", "RoBERTa", "GPT-4", "LLaMA-2", "ResNet-50", "ViT-B/16", "T5", "Mistral 7B", "CLIP", "Whisper"];
const DATASETS = ["ImageNet", "CIFAR-10", "COCO", "SQuAD", "MMLU", "GSM8K", "LibriSpeech", "WMT14", "GLUE", "Kinetics-400"];
const METHODS = ["Low-Rank Adaptation (LoRA)", "knowledge distillation", "contrastive learning", "Direct Preference Optimization (DPO)", "mixture of experts", "quantization-aware training"];
const TASKS = ["image classification", "question answering", "machine translation", "object detection", "speech recognition", "code generation"];
const METRICS = ["top-1 accuracy", "BLEU", "F1 score", "word error rate", "mAP", "exact match"];

/** `n` synthetic papers as JSON Lines, the `from`-th on; the same (n, from, seed) gives the same text. */
function corpus(n: number, from = 0, seed = 7): string {
  const r = createRng(seed + from);
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const lines: string[] = [];
  for (let i = from; i < from + n; i++) {
    const [m, d, me, t, mt] = [pick(MODELS), pick(DATASETS), pick(METHODS), pick(TASKS), pick(METRICS)];
    const abstract =
      `We study ${t} with ${m} trained on ${d}. Using ${me}, our approach improves ${mt} by ${(r() * 9).toFixed(1)} points ` +
      `over strong baselines such as ${pick(MODELS)} on ${pick(DATASETS)}. We further analyse ${pick(TASKS)} and release code (run ${i}).`;
    lines.push(JSON.stringify({ id: `s${i}`, title: `${m} for ${t} on ${d}: study ${i}`, abstract, date: `2024-${String((i % 12) + 1).padStart(2, "0")}-01` }));
  }
  return lines.join("\n") + "\n";
}

/** Every file under `dir` (relative path → sha256), the extraction cache and temporary files left out. */
async function hashTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name));
    if (path.startsWith(".cache") || /\.tmp$/.test(path)) continue;
    out.set(path, createHash("sha256").update(await readFile(join(dir, path))).digest("hex"));
  }
  return out;
}

async function tempFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.tmp$|^\.viewer-/.test(e.name)).map((e) => relative(dir, join(e.parentPath, e.name)));
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** What was running when the signal was sent. */
  moment: string;
}

/**
 * Runs a build and sends `signal` when `when` says so: after a line of stderr (a stage finished),
 * or when the first temporary file appears in `--out` (the files are being written).
 */
function interruptedBuild(cwd: string, args: string[], signal: NodeJS.Signals, when: { afterLine: RegExp; delayMs?: number } | { onTempFileIn: string }): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, "build", ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let moment = "never (the build finished first)";
    let sent = false;
    const send = (what: string) => {
      if (sent) return;
      sent = true;
      moment = what;
      child.kill(signal);
    };
    const watcher =
      "onTempFileIn" in when
        ? watch(when.onTempFileIn, (_event, name) => {
            // this build's own file (`edges.csv.<pid>.tmp`), not the removal of one a killed build left
            if (name && String(name).endsWith(`.${child.pid}.tmp`)) send(`writing ${String(name)}`);
          })
        : undefined;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
      if ("afterLine" in when) {
        const hit = stderr.split("\n").find((l) => when.afterLine.test(l));
        if (hit && !sent) {
          if (when.delayMs) setTimeout(() => send(`${when.delayMs} ms after "${hit}"`), when.delayMs);
          else send(`after "${hit}"`);
        }
      }
    });
    child.on("error", fail);
    child.on("close", (code, sig) => {
      watcher?.close();
      done({ code, signal: sig, stderr, moment });
    });
  });
}

function runBuild(cwd: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, "build", ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (c: string) => (stderr += c));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stderr }));
  });
}

let dir = "";
let out = "";
let before = new Map<string, string>();
const BUILD = ["--out", "out", "--no-viewer", "--workers", "2", "--formats", "json,gexf,csv"];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "papergraph-interrupt-"));
  out = join(dir, "out");
  await writeFile(join(dir, "a.jsonl"), corpus(3000));
  await writeFile(join(dir, "b.jsonl"), corpus(3000) + corpus(300, 3000)); // a's papers and 300 more: different output
  await writeFile(join(dir, "b-bad.jsonl"), corpus(3000) + '{"id": "cut", "title": "broken\n' + corpus(300, 3000));
  const first = await runBuild(dir, ["a.jsonl", ...BUILD]);
  expect(first.code, first.stderr).toBe(0);
  before = await hashTree(out);
}, 180_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a failed or interrupted build leaves the previous output as it was", () => {
  it("the previous output has the files we hash", () => {
    expect([...before.keys()].sort()).toEqual(["edges.csv", "graph.gexf", "graph.json", "nodes.csv", "report.md"]);
  });

  it("--strict on a bad record: exit 1, output byte-identical", async () => {
    const r = await runBuild(dir, ["b-bad.jsonl", "--strict", ...BUILD]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/papergraph: b-bad\.jsonl:3001: not valid JSON/);
    expect(await hashTree(out)).toEqual(before);
    expect(await tempFiles(out)).toEqual([]);
  }, 120_000);

  it("SIGTERM while writing: output byte-identical, no temporary files", async () => {
    const r = await interruptedBuild(dir, ["b.jsonl", ...BUILD], "SIGTERM", { onTempFileIn: out });
    expect(r.moment).not.toMatch(/^never/);
    expect(r.code).not.toBe(0);
    expect(await hashTree(out)).toEqual(before);
    expect(await tempFiles(out)).toEqual([]);
  }, 120_000);

  it.each([
    { name: "SIGINT during extraction", signal: "SIGINT" as const, when: { afterLine: /^ingest: / } },
    { name: "SIGKILL during extraction", signal: "SIGKILL" as const, when: { afterLine: /^ingest: /, delayMs: 300 } },
    { name: "SIGKILL during the graph stages", signal: "SIGKILL" as const, when: { afterLine: /^extract: / } },
    { name: "SIGINT during the layout", signal: "SIGINT" as const, when: { afterLine: /^communities: / } },
    { name: "SIGKILL while writing", signal: "SIGKILL" as const, when: { onTempFileIn: "out" } },
    { name: "SIGINT while writing", signal: "SIGINT" as const, when: { onTempFileIn: "out" } },
  ])("$name: output byte-identical", async ({ signal, when }) => {
    const watched = "onTempFileIn" in when ? { onTempFileIn: out } : when;
    const r = await interruptedBuild(dir, ["b.jsonl", ...BUILD], signal, watched);
    // the signal arrived while the build ran (it did not finish on its own)
    expect(r.moment, r.stderr).not.toMatch(/^never/);
    expect(r.code === 0, `${r.moment}\n${r.stderr}`).toBe(false);
    expect(await hashTree(out), r.moment).toEqual(before);
    // Ctrl-C removes the build's temporary files; SIGKILL cannot, the next build does (last test)
    if (signal === "SIGINT") expect(await tempFiles(out), r.moment).toEqual([]);
  }, 120_000);

  it("the next build over the interrupted folder succeeds, cleans up, and equals a clean build", async () => {
    const next = await runBuild(dir, ["b.jsonl", ...BUILD]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/extract: 3300 papers \(\d+ from cache\)/);
    const clean = await runBuild(dir, ["b.jsonl", ...BUILD.map((a) => (a === "out" ? "clean" : a)), "--no-cache"]);
    expect(clean.code, clean.stderr).toBe(0);
    const [got, want] = [await hashTree(out), await hashTree(join(dir, "clean"))];
    for (const name of ["graph.json", "graph.gexf", "nodes.csv", "edges.csv"]) expect(got.get(name), name).toBe(want.get(name));
    expect(got.get("graph.json")).not.toBe(before.get("graph.json"));
    expect(await tempFiles(out)).toEqual([]);
  }, 180_000);

  it("a torn extraction cache (cut mid-line, junk appended) is still a valid cache", async () => {
    const cacheFile = join(out, ".cache", "extract-cache.jsonl");
    const text = await readFile(cacheFile, "utf8");
    expect(text.split("\n").length).toBeGreaterThan(3000);
    await writeFile(cacheFile, text.slice(0, Math.floor(text.length / 2)) + "\n\u0000garbage{\n[1,2\n");
    const wanted = await hashTree(out);
    const next = await runBuild(dir, ["b.jsonl", ...BUILD]);
    expect(next.code, next.stderr).toBe(0);
    const cached = Number(/extract: 3300 papers \((\d+) from cache\)/.exec(next.stderr)?.[1]);
    expect(cached).toBeGreaterThan(1000); // the intact half was used
    expect(cached).toBeLessThan(3300); // the torn half was parsed again
    expect(await hashTree(out)).toEqual(wanted);
  }, 120_000);
});
