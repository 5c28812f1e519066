/**
 * The CLI as a black box: spawned as a user would run it, in temporary folders, asserting on exit
 * codes, stdout, stderr and the files written.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Graph from "graphology";
import { parse } from "graphology-gexf";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { BIN, run, type Run } from "./helpers/cli.ts";

const FIXTURES = resolve("test/fixtures/cli");

import type { KnowledgeGraph } from "../src/types.ts";


let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "papergraph-cli-"));
  await copyFile(join(FIXTURES, "papers.jsonl"), join(dir, "papers.jsonl"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("papergraph build", () => {
  let first: Run;
  beforeAll(async () => {
    first = await run(["build", "papers.jsonl", "--out", "out1", "--no-viewer", "--no-cache"], dir);
  });

  it("builds the graph, reports on stdout, and skips the broken line with file:line", async () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^8 papers, \d+ concepts, \d+ edges, \d+ communities \(modularity \d\.\d{3}\)/);
    expect(first.stderr).toContain("papers.jsonl:5");
    for (const name of ["graph.json", "graph.gexf", "report.md"]) expect((await stat(join(dir, "out1", name))).size).toBeGreaterThan(0);
    const report = await readFile(join(dir, "out1", "report.md"), "utf8");
    expect(report).toContain("papers.jsonl:5");
  });

  it("writes graph.json that graphology loads, with the contract's attributes", async () => {
    const graph = Graph.from(JSON.parse(await readFile(join(dir, "out1", "graph.json"), "utf8")));
    expect(graph.getAttribute("schemaVersion")).toBe(1);
    expect(graph.getAttribute("papers")).toBe(8);
    expect(graph.hasNode("paper:t1")).toBe(true);
    const paper = graph.getNodeAttributes("paper:t1");
    expect(paper).toMatchObject({ kind: "paper", date: "2024-03-02", authors: ["A. One", "B. Two"] });
    for (const key of ["x", "y", "size", "color", "community", "label"]) expect(paper).toHaveProperty(key);
    const concepts = graph.filterNodes((_n, a) => a.kind === "concept");
    expect(concepts.length).toBeGreaterThan(5);
    for (const c of concepts) expect(c).toMatch(/^(method|dataset|model|task|metric):[^\s]+$/);
    graph.forEachEdge((edge, a, source, target) => {
      if (a.relation === "mention") expect(edge).toBe(`${source}->${target}`);
    });
  });

  it("gives byte-identical graph.json and GEXF for the same input and options", async () => {
    const again = await run(["build", "papers.jsonl", "--out", "out2", "--no-viewer", "--no-cache"], dir);
    expect(again.code).toBe(0);
    for (const name of ["graph.json", "graph.gexf"]) {
      expect(await readFile(join(dir, "out2", name), "utf8")).toBe(await readFile(join(dir, "out1", name), "utf8"));
    }
  });

  it("writes GEXF that graphology-gexf parses back", async () => {
    const gexf = await readFile(join(dir, "out1", "graph.gexf"), "utf8");
    const json = Graph.from(JSON.parse(await readFile(join(dir, "out1", "graph.json"), "utf8")));
    const graph = parse(Graph, gexf);
    expect(graph.order).toBe(json.order);
    expect(graph.size).toBe(json.size);
  });

  it("fails the run with --strict on the broken line (exit 1), leaving the previous output as it was", async () => {
    const before = await readFile(join(dir, "out1", "graph.json"), "utf8");
    const strict = await run(["build", "papers.jsonl", "--out", "out1", "--strict", "--no-viewer"], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr.trim().split("\n").at(-1)).toMatch(/papers\.jsonl:5/);
    expect(strict.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await readFile(join(dir, "out1", "graph.json"), "utf8")).toBe(before);
  });

  it("--if-stale skips an unchanged build and redoes a changed one", async () => {
    const a = await run(["build", "papers.jsonl", "--out", "out3", "--no-viewer", "--if-stale"], dir);
    expect(a.stdout).toMatch(/^8 papers/);
    const b = await run(["build", "papers.jsonl", "--out", "out3", "--no-viewer", "--if-stale"], dir);
    expect(b.stdout).toContain("up to date");
    const c = await run(["build", "papers.jsonl", "--out", "out3", "--no-viewer", "--if-stale", "--seed", "7"], dir);
    expect(c.stdout).toMatch(/^8 papers/);
  });
});

describe("papergraph build --incremental", () => {
  it("builds on the previous output: the map and community ids stay where they were", async () => {
    const lines = (await readFile(join(dir, "papers.jsonl"), "utf8")).split("\n").filter((l) => l.startsWith("{") && l.endsWith("}"));
    await writeFile(join(dir, "first.jsonl"), `${lines.slice(0, 7).join("\n")}\n`);
    await writeFile(join(dir, "more.jsonl"), `${lines.join("\n")}\n`);
    const first = await run(["build", "first.jsonl", "--out", "inc", "--no-viewer"], dir);
    expect(first.code).toBe(0);
    const before = Graph.from(JSON.parse(await readFile(join(dir, "inc", "graph.json"), "utf8")));
    const second = await run(["build", "more.jsonl", "--out", "inc", "--no-viewer", "--incremental"], dir);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/incremental: starting from \d+ nodes of the last build/);
    expect(second.stderr).toMatch(/extract: 8 papers \(7 from cache\)/);
    expect(second.stderr).toMatch(/incremental: papers \+1 −0, concepts \+\d+ −\d+; \d+ communities kept their id, \d+ new, \d+ gone/);
    const report = await readFile(join(dir, "inc", "report.md"), "utf8");
    expect(report).toMatch(/## Since the last build[\s\S]*\| papers added \| 1 \|\n\| papers gone \| 0 \|/);
    expect(first.stderr).not.toMatch(/incremental:/);
    const after = Graph.from(JSON.parse(await readFile(join(dir, "inc", "graph.json"), "utf8")));
    expect(after.getAttribute("papers")).toBe(8);
    const same = before.filterNodes((node, a) => after.hasNode(node) && after.getNodeAttribute(node, "community") === a.community);
    expect(same.length / before.order).toBeGreaterThan(0.8);
  });

  it("copies unchanged papers from the last files: over the same inputs, the same bytes", async () => {
    const files = ["graph.json", "graph.gexf"];
    const before = await Promise.all(files.map((f) => readFile(join(dir, "inc", f), "utf8")));
    const again = await run(["build", "more.jsonl", "--out", "inc", "--no-viewer", "--incremental"], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/papers copied from the last build: graph.json 8, graph.gexf 8 of 8/);
    expect(await Promise.all(files.map((f) => readFile(join(dir, "inc", f), "utf8")))).toEqual(before);
  });

  it("starts from the last graph.json when the state file is gone (a folder built by an older version)", async () => {
    await rm(join(dir, "inc", ".cache", "state.json"));
    const again = await run(["build", "more.jsonl", "--out", "inc", "--no-viewer", "--incremental"], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/incremental: starting from \d+ nodes of .*inc\/graph\.json/);
    expect(await readFile(join(dir, "inc", ".cache", "state.json"), "utf8")).toMatch(/^\{"version":2,/);
  });
});

describe("papergraph build over every input format at once", () => {
  it("reads BibTeX, arXiv Atom, RIS and JSONL together and merges the same paper across them", async () => {
    const inputs = ["library.bib", "arxiv-feed.xml", "references.ris", "papers.jsonl"].map((f) => resolve("test/fixtures/ingest", f));
    const r = await run(["build", ...inputs, "--out", "mixed", "--no-viewer"], dir);
    expect(r.code).toBe(0);
    const graph: KnowledgeGraph = Graph.from(JSON.parse(await readFile(join(dir, "mixed", "graph.json"), "utf8")));
    const awq = graph.getNodeAttributes("paper:arxiv:2306.00978");
    if (awq.kind !== "paper") throw new Error("not a paper");
    const files = new Set(awq.sources.map((s) => s.replace(/:\d+$/, "").split("/").pop()));
    expect(files).toEqual(new Set(["library.bib", "arxiv-feed.xml", "papers.jsonl"]));
    expect(graph.filterNodes((_n, a) => a.kind === "paper").length).toBe(graph.getAttribute("papers"));
    expect(graph.hasNode("paper:arxiv:2210.09461")).toBe(true); // from the RIS file only
  });
});

describe("papergraph errors: one clear line, no stack", () => {
  it.each([
    ["a missing input file", ["build", "nope.jsonl", "--no-viewer"], 2, /nope\.jsonl/],
    ["an unknown format", ["build", "papers.jsonl", "--format", "docx", "--no-viewer"], 2, /unknown format "docx"/],
    ["an unknown option", ["build", "--frobnicate"], 2, /frobnicate/],
    ["a bad number", ["build", "papers.jsonl", "--resolution", "abc"], 2, /--resolution must be a positive number/],
    ["an unknown command", ["frobnicate"], 2, /unknown command "frobnicate"/],
    ["no command", [], 2, /no command/],
    ["eval without --gold", ["eval"], 2, /--gold/],
  ])("%s", async (_what, args, code, message) => {
    const r = await run(args, dir);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([["build"], ["extract"], ["eval"], ["serve"]])("%s --help prints the usage, exit 0", async (command) => {
    const r = await run([command, "--help"], dir);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^usage: papergraph <command> \[options\]/);
    expect(r.stdout).toContain("--resolution");
  });

  it("a file where a folder should be is one line, not a stack", async () => {
    await writeFile(join(dir, "afile"), "not a folder\n");
    // with the caches on: the output folder is checked before they are written there
    const out = await run(["build", "papers.jsonl", "--out", "afile", "--no-viewer"], dir);
    expect(out).toMatchObject({ code: 1 });
    expect(out.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^papergraph: .*afile: cannot write the output \(a file is in the way of the folder\)$/)]);
    // a failed system call further in: the path, what failed and its code
    await mkdir(join(dir, "cachefile"));
    await writeFile(join(dir, "cachefile", ".cache"), "not a folder\n");
    const cache = await run(["build", "papers.jsonl", "--out", "cachefile", "--no-viewer"], dir);
    expect(cache.code).toBe(1);
    expect(cache.stderr.trim().split("\n").at(-1)).toMatch(/^papergraph: .*cachefile\/\.cache: file already exists \(mkdir, EEXIST\)$/);
    expect(cache.stderr + out.stderr).not.toMatch(/\n\s+at /);
  });

  it("binary input is refused with the file named", async () => {
    await writeFile(join(dir, "binary.jsonl"), Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x00, 0x01]));
    const r = await run(["build", "binary.jsonl", "--no-viewer"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/binary\.jsonl/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("papergraph extract and eval", () => {
  it("extract prints one JSON object per paper with concepts and exact mention offsets", async () => {
    const r = await run(["extract", "papers.jsonl"], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(["t1", "t2", "t3", "t4", "t6", "t7", "t8", "t9"]);
    const source = (await readFile(join(dir, "papers.jsonl"), "utf8")).split("\n").filter((l) => l.startsWith("{") && l.endsWith("}")).map((l) => JSON.parse(l));
    for (const paper of lines) {
      const original = source.find((s) => s.id === paper.id);
      for (const concept of paper.concepts) {
        expect(["method", "dataset", "model", "task", "metric"]).toContain(concept.type);
        expect(concept.id.startsWith(`${concept.type}:`)).toBe(true);
        for (const m of concept.mentions) expect(original[m.field].slice(m.start, m.end)).toBe(m.text);
      }
    }
    const lora = lines.find((l) => l.id === "t6").concepts.find((c: { name: string; aliases: string[] }) => c.name === "LoRA" || c.aliases.includes("LoRA"));
    expect(lora).toBeDefined();
  });

  // A pipe takes 64 KB at a time: what a slow reader has not taken yet must still arrive, and a
  // reader that stops early ("| head") ends the command quietly.
  it("extract into a pipe that is read late gives every line, and one closed early ends it quietly", async () => {
    const data = resolve("data");
    const toFile = await run(["extract", data, "--out", join(dir, "extract.jsonl")], dir);
    expect(toFile.code).toBe(0);
    const whole = await readFile(join(dir, "extract.jsonl"));
    expect(whole.length).toBeGreaterThan(256 << 10);

    const piped = async (stopAfterFirstChunk: boolean) =>
      new Promise<{ code: number | null; bytes: number; stderr: string }>((done) => {
        const child = spawn(process.execPath, [BIN, "extract", data], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
        let bytes = 0;
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 1500);
        child.stdout.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (stopAfterFirstChunk) child.stdout.destroy();
        });
        child.on("close", (code) => done({ code, bytes, stderr }));
      });
    const late = await piped(false);
    expect(late).toMatchObject({ code: 0, bytes: whole.length });
    const closed = await piped(true);
    expect(closed.code).toBe(0);
    expect(closed.stderr).not.toMatch(/\n\s+at |EPIPE/);
  });

  it("eval prints exact and overlap precision, recall and F1 per type", async () => {
    const r = await run(["eval", "--gold", join(FIXTURES, "gold.jsonl")], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/exact/i);
    expect(r.stdout).toMatch(/overlap/i);
    for (const type of ["Method", "Material", "Task"]) expect(r.stdout).toContain(type);
  });
});
