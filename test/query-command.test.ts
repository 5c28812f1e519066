/**
 * `papergraph query ...`: the command logic in process (`runQueryCommand`), then the real CLI as a
 * black box (`node bin/papergraph.js query ...`), both on the fixture graph.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

import { InputError, OptionsError } from "../src/errors.ts";
import { runQueryCommand } from "../src/query/command.ts";

const GRAPH = "test/fixtures/query/graph.json";
const run = (sub: string, positionals: string[], flags: Record<string, string | boolean> = {}) =>
  runQueryCommand(sub, { positionals, flags: { graph: GRAPH, ...flags } });
const json = (sub: string, positionals: string[], flags: Record<string, string | boolean> = {}) => {
  const out = run(sub, positionals, { ...flags, json: true });
  return { ...out, data: JSON.parse(out.stdout) as Record<string, unknown> };
};

describe("runQueryCommand", () => {
  it("prints a table of neighbours", () => {
    const out = run("neighbours", ["ImageNet"]);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe("");
    expect(out.stdout.split("\n").slice(0, 6)).toEqual([
      "ImageNet (dataset:imagenet): 3 of 3 neighbours within 1 hop",
      "",
      "weight  depth  type     key                   label",
      "     2      1  paper    paper:2401.00001      Scaling Vision Transformers on ImageNet",
      "     1      1  dataset  dataset:imagenet-21k  ImageNet-21k",
      "     1      1  paper    paper:2401.00003      LoRA for vision",
    ]);
  });

  it("gives --json for scripts, with the same answer for key, label and alias", () => {
    const { data, exitCode } = json("neighbours", ["ILSVRC"], { type: "model", depth: "2" });
    expect(exitCode).toBe(0);
    expect(data).toEqual({
      query: "neighbours",
      node: { key: "dataset:imagenet", label: "ImageNet", kind: "concept", type: "dataset" },
      depth: 2,
      total: 1,
      results: [{ key: "model:vit", label: "ViT", kind: "concept", type: "model", depth: 2, weight: 4, relation: "mention", via: "paper:2401.00001" }],
    });
    expect(json("neighbours", ["dataset:imagenet"], { type: "model", depth: "2" }).data).toEqual(data);
  });

  it.each([
    ["search", ["imagenet"], {}, (d: any) => d.results.map((r: any) => r.key).slice(0, 2), ["dataset:imagenet", "dataset:imagenet-21k"]],
    ["related", ["AWQ"], { "min-shared": "1" }, (d: any) => d.results.map((r: any) => r.key), ["model:llama", "metric:accuracy", "method:lora"]],
    ["papers", ["ImageNet", "ViT"], {}, (d: any) => d.results.map((r: any) => r.key), ["paper:2401.00001", "paper:2401.00002", "paper:2401.00003"]],
    ["papers", ["ImageNet"], { "no-variants": true }, (d: any) => d.total, 2],
    ["community", ["LoRA"], {}, (d: any) => [d.community.id, d.community.node.key], [1, "method:lora"]],
    ["community", ["0"], {}, (d: any) => d.community.label, "ViT · ImageNet"],
    ["community", ["lora · llama"], {}, (d: any) => d.community.id, 1],
    ["path", ["LLaMA", "AWQ"], {}, (d: any) => [d.length, d.path.map((n: any) => n.key)], [2, ["model:llama", "paper:2401.00004", "method:awq"]]],
    ["neighbours", ["ViT"], { limit: "1", minWeight: "2" }, (d: any) => [d.total, d.results.length], [2, 1]],
  ])("%s %j %j", (sub, positionals, flags, pick, expected) => {
    const { data, exitCode } = json(sub, positionals, flags);
    expect(exitCode).toBe(0);
    expect(pick(data)).toEqual(expected);
  });

  it.each([
    ["neighbours", ["imagnet"], /no node "imagnet".*did you mean "ImageNet"/],
    ["search", ["zzzz"], /no match for "zzzz"/],
    ["papers", ["ViT", "GPT-9"], /no node "GPT-9"/],
    ["path", ["ViT", "2401.00008"], /no path between ViT \(model:vit\) and An empty paper/],
    ["community", ["42"], /no community 42/],
  ])("exits 1 with a message when nothing matches: %s %j", (sub, positionals, message) => {
    const out = run(sub, positionals);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr).toMatch(message);
    const asJson = json(sub, positionals);
    expect(asJson.exitCode).toBe(1);
    expect(asJson.data["error"]).toMatch(message);
  });

  it("puts suggestions in the JSON error", () => {
    expect(json("neighbours", ["imagnet"]).data["suggestions"]).toEqual(["ImageNet", "ImageNet-21k"]);
  });

  it.each([
    ["frobnicate", ["x"], {}],
    ["neighbours", [], {}],
    ["neighbours", ["a", "b"], {}],
    ["path", ["ViT"], {}],
    ["neighbours", ["ViT"], { depth: "0" }],
    ["neighbours", ["ViT"], { depth: "two" }],
    ["neighbours", ["ViT"], { depth: true }],
    ["neighbours", ["ViT"], { limit: "-3" }],
    ["neighbours", ["ViT"], { type: "person" }],
    ["neighbours", ["nothing-like-this"], { type: "person" }], // bad usage wins over not found
    ["search", ["x"], { depth: "2" }], // not an option of search
    ["neighbours", ["ViT"], { json: "yes" }],
  ])("throws OptionsError (exit 2) on bad usage: %s %j %j", (sub, positionals, flags) => {
    expect(() => run(sub, positionals, flags)).toThrow(OptionsError);
  });

  it("throws InputError naming a missing graph file", () => {
    expect(() => runQueryCommand("search", { positionals: ["x"], flags: { graph: "no/such/graph.json" } })).toThrow(InputError);
    expect(() => runQueryCommand("search", { positionals: ["x"], flags: { graph: "no/such/graph.json" } })).toThrow(/no\/such\/graph\.json/);
  });

  it("prints usage for --help", () => {
    const out = run("neighbours", [], { help: true });
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^usage: papergraph query/);
  });
});

// The real command, once src/cli.ts dispatches `query` (the lead's file).
const cliDispatchesQuery = existsSync("src/cli.ts") && readFileSync("src/cli.ts", "utf8").includes("runQueryCommand");

describe.skipIf(!cliDispatchesQuery)("papergraph query (black box)", () => {
  const exec = promisify(execFile);
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await exec("node", ["bin/papergraph.js", ...args]);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it("answers with --json and exit 0", async () => {
    const out = await cli("query", "neighbours", "AWQ", "--graph", GRAPH, "--type", "paper", "--json");
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).results.map((r: { key: string }) => r.key)).toEqual(["paper:2401.00005", "paper:2401.00004"]);
  });

  it("prints a table by default", async () => {
    const out = await cli("query", "related", "AWQ", "--graph", GRAPH, "--min-shared", "1");
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^AWQ \(method:awq\): 3 related concepts/);
    expect(out.stdout).toMatch(/1\.000 +2 +2 +model +model:llama +LLaMA/);
  });

  it("exits 1 with suggestions when nothing matches", async () => {
    const out = await cli("query", "neighbours", "imagnet", "--graph", GRAPH);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/did you mean "ImageNet"/);
    expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("exits 2 on bad usage", async () => {
    const out = await cli("query", "neighbours", "ViT", "--graph", GRAPH, "--depth", "zero");
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--depth/);
  });
});
