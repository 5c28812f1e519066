import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import Graph from "graphology";
import { parse } from "graphology-gexf";
import { afterAll, describe, expect, it } from "vitest";

import { graphJsonChunks, toGexf, toGraphJson, toReport, writeFilesAtomic } from "../src/export/index.ts";
import { xmlAttr, xmlText } from "../src/export/xml.ts";
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

  it("graph.json matches graph.export() for a mixed graph: undirected flags, no attributes, keys that need escaping", () => {
    const mixed = new Graph({ type: "mixed" });
    mixed.addNode('a"\\\u2028', { label: "x" });
    mixed.addNode("b");
    mixed.addUndirectedEdgeWithKey("u", 'a"\\\u2028', "b", { weight: 2 });
    mixed.addDirectedEdgeWithKey("d\ud800", "b", 'a"\\\u2028');
    expect([...graphJsonChunks(mixed as unknown as typeof graph)].join("")).toBe(`${JSON.stringify(mixed.export())}\n`);
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

  // [input, as an attribute value, as element content]
  const escapes: Array<[string, string, string]> = [
    ["plain", "plain", "plain"],
    [`<a href="x">&'`, "&lt;a href=&quot;x&quot;&gt;&amp;&apos;", "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"],
    ["a\r\nb\tc", "a&#13;&#10;b&#9;c", "a&#13;\nb\tc"],
    ["\u0000\u0001\u0008\u000b\u000c\u001f\u007f", "\u007f", "\u007f"],
    ["\ufffe\uffff\ufffd", "\ufffd", "\ufffd"],
    ["emoji \ud83d\ude80 kept", "emoji \ud83d\ude80 kept", "emoji \ud83d\ude80 kept"],
    ["\udbff\udfff", "\udbff\udfff", "\udbff\udfff"],
    ["lone high \ud800 x", "lone high  x", "lone high  x"],
    ["lone low \udc00 x", "lone low  x", "lone low  x"],
    ["high at the end \ud83d", "high at the end ", "high at the end "],
    ["\udc00 low at the start", " low at the start", " low at the start"],
    ["reversed \ude80\ud83d", "reversed ", "reversed "],
    ["two highs then a low \ud800\ud83d\ude80", "two highs then a low \ud83d\ude80", "two highs then a low \ud83d\ude80"],
    ["pair, then a lone low \ud83d\ude80\ude80", "pair, then a lone low \ud83d\ude80", "pair, then a lone low \ud83d\ude80"],
    ["split by a control \ud83d\u0001\ude80", "split by a control ", "split by a control "],
  ];
  it.each(escapes)("escapes %j for XML", (input, attr, text) => {
    expect(xmlAttr(input)).toBe(attr);
    expect(xmlText(input)).toBe(text);
  });

  it("the XML escaper matches the three-pass rules on any string (drop invalid, then escape)", () => {
    const invalid = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
    const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;" };
    const attr = (s: string) => s.replace(invalid, "").replace(/[&<>"'\r\n\t]/g, (c) => entities[c]!);
    const text = (s: string) => s.replace(invalid, "").replace(/[&<>"'\r]/g, (c) => entities[c]!);
    const tricky = fc.constantFrom("\ud800", "\udbff", "\udc00", "\udfff", "\ud83d\ude80", "\ufffe", "\uffff", "\u0000", "\t", "\n", "\r", "&", "'", '"', "<", "a");
    const strings = fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.array(tricky, { maxLength: 12 }).map((xs) => xs.join("")));
    fc.assert(
      fc.property(strings, (s) => {
        expect(xmlAttr(s)).toBe(attr(s));
        expect(xmlText(s)).toBe(text(s));
      }),
      { numRuns: 500 },
    );
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

  it("writes chunked contents exactly: many chunks, multi-byte text, a chunk bigger than the write buffer", async () => {
    const dir = await mkdtemp(join(tmpdir(), "papergraph-export-"));
    dirs.push(dir);
    const chunks = ["héllo ", "🚀".repeat(1000), "", "x".repeat(2_000_000), "ü".repeat(1_500_000), "end\n"];
    for (let i = 0; i < 50; i++) chunks.push(`chunk ${i} – ${"ab€".repeat(i * 997)}\n`);
    await writeFilesAtomic(dir, { "big.txt": () => chunks });
    expect(await readFile(join(dir, "big.txt"), "utf8")).toBe(chunks.join(""));
  });

  it("a content that fails half-way leaves the previous file and no temporary file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "papergraph-export-"));
    dirs.push(dir);
    await writeFilesAtomic(dir, { "a.txt": "before" });
    function* failing() {
      for (let i = 0; i < 5; i++) yield "y".repeat(1 << 20);
      throw new Error("serialisation failed");
    }
    await expect(writeFilesAtomic(dir, { "a.txt": failing })).rejects.toThrow("serialisation failed");
    expect(await readFile(join(dir, "a.txt"), "utf8")).toBe("before");
    expect(await readdir(dir)).toEqual(["a.txt"]);
  });
});
