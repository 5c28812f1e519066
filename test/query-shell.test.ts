/**
 * `papergraph query shell`: many queries on one load of the graph. The line loop in process
 * (`runQueryLines`, on the fixture graph, with a loader that counts its loads), the word
 * splitting, then the real CLI as a black box, its stdin piped.
 */
import { spawn } from "node:child_process";

import { describe, expect, it } from "vitest";

import { InputError, OptionsError } from "../src/errors.ts";
import { runQueryCommand } from "../src/query/command.ts";
import { loadGraph } from "../src/query/load.ts";
import { runQueryLines, splitWords, type ShellAnswer, type ShellOptions } from "../src/query/shell.ts";

const GRAPH = "test/fixtures/query/graph.json";

/** The answers to `lines`, and how many times each file was loaded. */
async function answers(lines: string[], options: ShellOptions = {}): Promise<{ answers: ShellAnswer[]; loads: Map<string, number> }> {
  const loads = new Map<string, number>();
  const load = (file: string) => {
    loads.set(file, (loads.get(file) ?? 0) + 1);
    return loadGraph(file);
  };
  const out: ShellAnswer[] = [];
  for await (const answer of runQueryLines(lines, { graph: GRAPH, ...options }, load)) out.push(answer);
  return { answers: out, loads };
}

/** What `papergraph query <line>` prints for one line, in process. */
const single = (sub: string, positionals: string[], flags: Record<string, string | boolean> = {}) =>
  runQueryCommand(sub, { positionals, flags: { graph: GRAPH, ...flags } });

describe("runQueryLines", () => {
  it("answers each line as `papergraph query` does, on one load of the graph", async () => {
    const { answers: got, loads } = await answers(["neighbours ImageNet", 'search "vision transformer" --limit 2', "related AWQ --min-shared 1 --json", "path LoRA ImageNet"]);
    expect(got.map((a) => a.line)).toEqual([1, 2, 3, 4]);
    expect(got.map((a) => a.stdout)).toEqual([
      single("neighbours", ["ImageNet"]).stdout,
      single("search", ["vision transformer"], { limit: "2" }).stdout,
      single("related", ["AWQ"], { "min-shared": "1", json: true }).stdout,
      single("path", ["LoRA", "ImageNet"]).stdout,
    ]);
    expect(got.every((a) => a.exitCode === 0 && a.stderr === "")).toBe(true);
    expect(loads).toEqual(new Map([[GRAPH, 1]]));
  });

  it.each([
    ["a blank line and a comment are skipped", ["", "   ", "# neighbours ImageNet", "neighbours ViT"], [[4, 0]]],
    ["help prints the usage", ["help"], [[1, 0]]],
    ["quit ends: nothing after it is read", ["neighbours ViT", "quit", "neighbours AWQ"], [[1, 0], [2, 0]]],
    ["exit ends too", ["exit", "neighbours AWQ"], [[1, 0]]],
    ["a pasted full command is the same query", ["papergraph query neighbours ViT", "query neighbours ViT"], [[1, 0], [2, 0]]],
    ["an unknown node: exit 1 and the next line is read", ["neighbours imagnet", "neighbours ViT"], [[1, 1], [2, 0]]],
    ["bad usage: exit 1 for that line only", ["neighbours", "bogus ViT", "neighbours ViT --depth zero", 'search "unclosed', "shell", "neighbours ViT"], [[1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 0]]],
  ])("%s", async (_what, lines, expected) => {
    const { answers: got } = await answers(lines);
    expect(got.map((a) => [a.line, a.exitCode])).toEqual(expected);
    for (const a of got) if (a.exitCode) expect(a.stderr).not.toBe("");
  });

  it("says which line failed when asked to, with a JSON error for --json", async () => {
    const { answers: got } = await answers(["neighbours ViT", "neighbours", "neighbours imagnet"], { numbered: true, json: true });
    expect(got[1]!.stderr).toBe('line 2: query neighbours: expected 1 argument, got 0; see "papergraph query --help"\n');
    expect(JSON.parse(got[1]!.stdout)).toEqual({ line: 2, error: 'query neighbours: expected 1 argument, got 0; see "papergraph query --help"' });
    expect(got[2]!.stderr).toMatch(/^line 3: no node "imagnet"/);
    expect(JSON.parse(got[2]!.stdout)).toMatchObject({ query: "neighbours", suggestions: expect.arrayContaining(["ImageNet"]) });
    expect(JSON.parse(got[0]!.stdout)).toMatchObject({ query: "neighbours", node: { key: "model:vit" } });
  });

  it("loads another graph named on a line once, and says so when it is missing", async () => {
    const { answers: got, loads } = await answers([`neighbours ViT --graph ${GRAPH}`, "neighbours AWQ --graph ./" + GRAPH, "neighbours AWQ --graph ./" + GRAPH, "neighbours ViT --graph nope.json"]);
    expect(got.map((a) => a.exitCode)).toEqual([0, 0, 0, 1]);
    expect(got[3]!.stderr).toMatch(/nope\.json: no such file/);
    expect(loads).toEqual(new Map([[GRAPH, 1], [`./${GRAPH}`, 1], ["nope.json", 1]]));
  });

  it("throws InputError before the first line when its graph is missing", async () => {
    await expect(answers(["neighbours ViT"], { graph: "nope.json" })).rejects.toThrow(InputError);
  });
});

describe("splitWords", () => {
  it.each([
    ["neighbours ImageNet --depth 2", ["neighbours", "ImageNet", "--depth", "2"]],
    ['  search   "low rank adaptation"  ', ["search", "low rank adaptation"]],
    ["search 'it''s' x", ["search", "its", "x"]],
    ['search "say \\"hi\\"" a\\ b', ["search", 'say "hi"', "a b"]],
    ["search 'back\\slash'", ["search", "back\\slash"]],
    ['search ""', ["search", ""]],
    ["", []],
  ])("%j", (text, words) => {
    expect(splitWords(text)).toEqual(words);
  });

  it.each(['search "open', "search 'open"])("refuses %j", (text) => {
    expect(() => splitWords(text)).toThrow(OptionsError);
  });
});

describe("papergraph query shell (black box)", () => {
  /** Runs the CLI with `input` on its stdin (a pipe, not a terminal: no prompt). */
  const shell = (args: string[], input: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn("node", ["bin/papergraph.js", "query", "shell", ...args]);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d));
      child.stderr.on("data", (d: Buffer) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });

  it("answers every line of stdin and exits 0", async () => {
    const out = await shell(["--graph", GRAPH, "--json"], "neighbours AWQ --type paper\nsearch imagenet --limit 1\n");
    expect(out.code).toBe(0);
    expect(out.stderr).toBe("");
    const values = out.stdout.split(/\n(?=\{)/).map((v) => JSON.parse(v) as { query: string });
    expect(values.map((v) => v.query)).toEqual(["neighbours", "search"]);
  });

  it("exits 1 when a line failed, naming the line, with no stack trace", async () => {
    const out = await shell(["--graph", GRAPH], "neighbours ViT\nneighbours imagnet\n");
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^ViT \(model:vit\)/);
    expect(out.stderr).toMatch(/^line 2: no node "imagnet" in the graph \(did you mean "ImageNet"/);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints the usage for --help", async () => {
    const out = await shell(["--help"], "");
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^usage: papergraph query <subcommand>[\s\S]*\n  shell  /);
  });

  it.each([
    ["a missing graph", ["--graph", "nope.json"], /nope\.json: no such file/],
    ["an argument it does not take", ["--graph", GRAPH, "--depth", "2"], /query shell: unexpected --depth/],
  ])("exits 2 on %s", async (_what, args, message) => {
    const out = await shell(args, "neighbours ViT\n");
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
  });
});
