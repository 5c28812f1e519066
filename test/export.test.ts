import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Graph from "graphology";
import { parse } from "graphology-gexf";
import { afterAll, describe, expect, it } from "vitest";

import { toGexf, toGraphJson, toReport, writeFilesAtomic } from "../src/export/index.ts";
import { runPipeline } from "../src/pipeline.ts";
import { syntheticCorpus } from "./fixtures/graph/corpus.ts";

const run = (seed = 42) => {
  const { papers, extracted } = syntheticCorpus();
  return runPipeline(papers, extracted, { seed, minCommunitySize: 3 });
};

describe("export", () => {
  const { graph, communities } = run();

  it("graph.json is byte for byte JSON.stringify(graph.export()), written in chunks", () => {
    expect(toGraphJson(graph)).toBe(`${JSON.stringify(graph.export())}\n`);
    const hostile = runPipeline(
      syntheticCorpus().papers.map((p, i) => (i === 2 ? { ...p, title: 'quote " backslash \\ \u2028 <b>' } : p)),
      syntheticCorpus().extracted,
    ).graph;
    expect(toGraphJson(hostile)).toBe(`${JSON.stringify(hostile.export())}\n`);
  });

  it("graph.json is graphology's export and loads back with Graph.from", () => {
    const data = JSON.parse(toGraphJson(graph));
    const back = Graph.from(data);
    expect(back.order).toBe(graph.order);
    expect(back.size).toBe(graph.size);
    expect(back.getAttribute("schemaVersion")).toBe(1);
    expect(back.getAttribute("communities")).toHaveLength(communities.count);
    expect(back.getNodeAttributes("model:llama-2")).toEqual(graph.getNodeAttributes("model:llama-2"));
  });

  it("GEXF parses back with graphology-gexf, keys, typed attributes and colours kept", () => {
    const gexf = toGexf(graph);
    expect(gexf).toContain('version="1.3"');
    const back = parse(Graph, gexf);
    expect(back.order).toBe(graph.order);
    expect(back.size).toBe(graph.size);
    expect(back.hasEdge("paper:vision-0->model:llama-2")).toBe(true);
    const concept = back.getNodeAttributes("dataset:imagenet");
    expect(concept).toMatchObject({ kind: "concept", type: "dataset", label: "ImageNet" });
    expect(typeof concept.paperCount).toBe("number");
    expect(typeof back.getNodeAttribute("paper:speech-1", "year")).toBe("number");
    // viz colour without alpha: an rgb() or #hex colour, never rgba()
    expect(gexf).not.toMatch(/<viz:color[^>]*a="/);
    expect(gexf).toMatch(/<viz:color r="\d+" g="\d+" b="\d+"\s*\/>/);
    expect(back.getNodeAttribute("paper:vision-0", "x")).toBeCloseTo(graph.getNodeAttribute("paper:vision-0", "x"), 1);
  });

  it("GEXF keeps hostile text readable: escaped markup, control characters and lone surrogates dropped", () => {
    const { papers, extracted } = syntheticCorpus();
    const hostile = `<img src=x onerror="alert(1)"> & \u0001bell\u0007 \ud800 "quoted" 'single'`;
    papers[1]!.title = hostile;
    const g = runPipeline(papers, extracted, { seed: 1 }).graph;
    const back = parse(Graph, toGexf(g));
    expect(back.getNodeAttribute("paper:vision-1", "label")).toBe(`<img src=x onerror="alert(1)"> & bell  "quoted" 'single'`);
    expect(back.getNodeAttribute("paper:vision-1", "sources")).toEqual(["synthetic.jsonl:2"]);
  });

  it("GEXF keeps an abstract's newlines and tabs (attribute values would fold them to spaces)", () => {
    const { papers, extracted } = syntheticCorpus();
    papers[2]!.abstract = "First paragraph.\n\nSecond\tpart.";
    const back = parse(Graph, toGexf(runPipeline(papers, extracted, { seed: 1 }).graph));
    expect(back.getNodeAttribute("paper:vision-2", "abstract")).toBe("First paragraph.\n\nSecond\tpart.");
  });

  it("same input and seed give byte-identical graph.json and GEXF", () => {
    const again = run();
    expect(toGraphJson(again.graph)).toBe(toGraphJson(graph));
    expect(toGexf(again.graph)).toBe(toGexf(graph));
  });

  it("report.md lists counts, modularity, labelled communities and skipped records", () => {
    const report = toReport(graph, {
      inputs: ["synthetic.jsonl"],
      entries: 20,
      noAbstract: 1,
      skipped: [{ file: "synthetic.jsonl", line: 20, reason: "no abstract" }],
      warnings: [],
      ambiguousAcronyms: [{ acronym: "SAM", longForms: ["Segment Anything Model", "Sharpness-Aware Minimization"], conceptIds: ["model:sam", "method:sam"] }],
      merged: communities.merged,
      isolated: communities.isolated,
    });
    expect(report).toContain("| papers (after merging repeats) | 19 |");
    expect(report).toMatch(/Modularity: \*\*0\.\d{4}\*\*/);
    for (const c of communities.communities) expect(report).toContain(c.label);
    expect(report).toContain("`synthetic.jsonl:20`: no abstract");
    expect(report).toContain("**SAM**");
  });

  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it("writes files atomically: no temporary files left, contents replaced whole", async () => {
    const dir = await mkdtemp(join(tmpdir(), "papergraph-export-"));
    dirs.push(dir);
    await writeFilesAtomic(dir, { "a.txt": "one", "b.txt": "two" });
    await writeFilesAtomic(dir, { "a.txt": () => "three" });
    expect(await readFile(join(dir, "a.txt"), "utf8")).toBe("three");
    expect((await readdir(dir)).sort()).toEqual(["a.txt", "b.txt"]);
  });
});
