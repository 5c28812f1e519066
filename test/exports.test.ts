/**
 * GraphML, CSV and Neo4j exports, each read back by an independent parser (graphology-graphml,
 * csv-parse) with counts and attributes compared to the graph they came from.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parse as parseCsv } from "csv-parse/sync";
import Graph from "graphology";
import { parse as parseGraphml } from "graphology-graphml";
import { describe, expect, it } from "vitest";

import { parse as parseGexf } from "graphology-gexf";

import { OptionsError } from "../src/errors.ts";
import { flattenAttributes } from "../src/export/flatten.ts";
import { exportFiles, parseFormats, parseProjection, toVosviewer } from "../src/export/formats.ts";
import { toGraphml } from "../src/export/graphml.ts";
import { NEO4J_FILES, csvField, toCsvTables, toNeo4jCsv } from "../src/export/tables.ts";
import { buildCooccurrence } from "../src/query/index.ts";
import { loadGraph } from "../src/query/load.ts";
import type { KnowledgeGraph } from "../src/types.ts";

const graph = loadGraph("test/fixtures/query/graph.json");
const rows = (text: string) => parseCsv(text, { columns: true, skip_empty_lines: false }) as Array<Record<string, string>>;

/** The fixture with hostile text in one concept: markup, quotes, a CR, a control character, an astral emoji. */
function hostile(): KnowledgeGraph {
  const copy = graph.copy() as KnowledgeGraph;
  copy.mergeNodeAttributes("method:lora", {
    label: `<b>"LoRA"</b> & co, 'ok'\r\nline\u0001 🚀`,
    aliases: ["a,b", " padded ", 'say "hi"'],
  });
  return copy;
}

describe("toGraphml", () => {
  it("round-trips through graphology-graphml with counts, keys and typed attributes", () => {
    const back = parseGraphml(Graph, toGraphml(graph));
    expect(back.type).toBe("undirected");
    expect(back.order).toBe(graph.order);
    expect(back.size).toBe(graph.size);
    graph.forEachNode((key, attrs) => {
      // The reader turns r/g/b back into `color`; everything else comes back as flattened.
      expect(back.getNodeAttributes(key)).toEqual(flattenAttributes(attrs));
    });
    graph.forEachEdge((key, attrs, source, target) => {
      expect(back.hasEdge(key)).toBe(true);
      expect(back.extremities(key).sort()).toEqual([source, target].sort());
      expect(back.getEdgeAttributes(key)).toEqual(attrs);
    });
    expect(back.getAttributes()).toMatchObject({ schemaVersion: 1, papers: 8, concepts: 10, edges: 21, modularity: 0.42, seed: 42 });
  });

  it("writes the values a reader expects, typed", () => {
    const back = parseGraphml(Graph, toGraphml(graph));
    expect(back.getNodeAttributes("dataset:imagenet")).toMatchObject({
      kind: "concept",
      type: "dataset",
      aliases: "ILSVRC; ImageNet-1k",
      paperCount: 2,
      community: 0,
      x: 10,
      y: -5.5,
      color: "#1f77b4",
    });
    const paper = back.getNodeAttributes("paper:2401.00001");
    expect(paper).toMatchObject({ year: 2024, date: "2024-01-05", authors: "A. Author; B. Writer; Jr.", authorCount: 2 });
    expect(paper["abstract"]).toBe('Synthetic abstract of Scaling Vision Transformers on ImageNet.\nSecond line, "quoted"; semicolon.');
    expect(back.getNodeAttributes("paper:2401.00002")).toMatchObject({ authors: "", authorCount: 3 });
    expect(paper).not.toHaveProperty("mentions");
    const xml = toGraphml(graph);
    expect(xml).toContain('<key id="n_year" for="node" attr.name="year" attr.type="int"/>');
    expect(xml).toContain('<key id="n_x" for="node" attr.name="x" attr.type="double"/>');
    expect(xml).toContain('<key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>');
    expect(xml).toContain('<data key="n_r">31</data>'); // Gephi reads r/g/b as the colour
  });

  it("escapes markup and drops what XML cannot hold", () => {
    const back = parseGraphml(Graph, toGraphml(hostile()));
    expect(back.getNodeAttribute("method:lora", "label")).toBe(`<b>"LoRA"</b> & co, 'ok'\r\nline 🚀`);
    expect(back.order).toBe(graph.order);
  });

  it("exports the concept projection with its scores", () => {
    const concepts = buildCooccurrence(graph);
    const back = parseGraphml(Graph, toGraphml(concepts));
    expect([back.order, back.size]).toEqual([10, 17]);
    expect(back.getEdgeAttributes("method:awq->model:llama")).toEqual(concepts.getEdgeAttributes("method:awq->model:llama"));
    expect(back.getAttributes()).toMatchObject({ projection: "concepts", minWeight: 1 });
  });

  it("is deterministic", () => {
    expect(toGraphml(loadGraph("test/fixtures/query/graph.json"))).toBe(toGraphml(graph));
  });
});

describe("toCsvTables", () => {
  it("reads back with csv-parse: one row per node and edge, every attribute", () => {
    const tables = toCsvTables(graph);
    const nodes = rows(tables["nodes.csv"]);
    const edges = rows(tables["edges.csv"]);
    expect(nodes).toHaveLength(graph.order);
    expect(edges).toHaveLength(graph.size);
    for (const row of nodes) {
      const expected = flattenAttributes(graph.getNodeAttributes(row["id"]!));
      for (const [name, value] of Object.entries(expected)) expect(row[name], `${row["id"]} ${name}`).toBe(String(value));
    }
    for (const row of edges) {
      expect(graph.extremities(row["id"]!).sort()).toEqual([row["source"], row["target"]].sort());
      expect(Number(row["weight"])).toBe(graph.getEdgeAttribute(row["id"]!, "weight"));
      expect(row["relation"]).toBe(graph.getEdgeAttribute(row["id"]!, "relation"));
    }
    expect(Object.keys(nodes[0]!).slice(0, 4)).toEqual(["id", "label", "kind", "type"]);
    expect(Object.keys(edges[0]!)).toEqual(["id", "source", "target", "relation", "weight"]);
  });

  it("keeps commas, quotes, newlines and edge spaces intact", () => {
    const lora = rows(toCsvTables(hostile())["nodes.csv"]).find((r) => r["id"] === "method:lora")!;
    expect(lora["label"]).toBe(`<b>"LoRA"</b> & co, 'ok'\r\nline\u0001 🚀`);
    expect(lora["aliases"]).toBe('a,b;  padded ; say "hi"');
  });

  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    [" lead", '" lead"'],
    ["", ""],
  ])("csvField(%j) = %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe("toNeo4jCsv", () => {
  const files = toNeo4jCsv(graph);

  it("writes the four bulk-import files with neo4j-admin headers", () => {
    expect(Object.keys(files)).toEqual([...NEO4J_FILES]);
    const header = (name: (typeof NEO4J_FILES)[number]) => files[name].split("\n")[0]!.split(",");
    expect(header("neo4j-papers.csv")).toEqual(expect.arrayContaining(["id:ID", ":LABEL", "year:int", "authors:string[]", "community:int", "x:double"]));
    expect(header("neo4j-concepts.csv")).toEqual(expect.arrayContaining(["id:ID", ":LABEL", "name", "aliases:string[]", "paperCount:int"]));
    expect(header("neo4j-mentions.csv")).toEqual([":START_ID", ":END_ID", ":TYPE", "weight:int"]);
    expect(header("neo4j-variants.csv")).toEqual([":START_ID", ":END_ID", ":TYPE"]);
  });

  it("reads back with csv-parse: every node once, every edge once, arrays split on ';'", () => {
    const papers = rows(files["neo4j-papers.csv"]);
    const concepts = rows(files["neo4j-concepts.csv"]);
    const mentions = rows(files["neo4j-mentions.csv"]);
    const variants = rows(files["neo4j-variants.csv"]);
    expect([papers.length, concepts.length, mentions.length, variants.length]).toEqual([8, 10, 20, 1]);
    const ids = new Set([...papers, ...concepts].map((r) => r["id:ID"]));
    expect(ids.size).toBe(graph.order);
    for (const m of mentions) {
      expect(m[":START_ID"]).toMatch(/^paper:/);
      expect(ids.has(m[":END_ID"]!)).toBe(true);
      expect(m[":TYPE"]).toBe("MENTIONS");
      expect(Number(m["weight:int"])).toBe(graph.getEdgeAttribute(m[":START_ID"]!, m[":END_ID"]!, "weight"));
    }
    expect(variants[0]).toEqual({ ":START_ID": "dataset:imagenet-21k", ":END_ID": "dataset:imagenet", ":TYPE": "VARIANT_OF" });
    const imagenet = concepts.find((r) => r["id:ID"] === "dataset:imagenet")!;
    expect(imagenet[":LABEL"]!.split(";")).toEqual(["Concept", "Dataset"]);
    expect(imagenet["aliases:string[]"]!.split(";")).toEqual(["ILSVRC", "ImageNet-1k"]);
    const p1 = papers.find((r) => r["id:ID"] === "paper:2401.00001")!;
    // "B. Writer; Jr." holds the array delimiter: it becomes "B. Writer, Jr." rather than two authors.
    expect(p1["authors:string[]"]!.split(";")).toEqual(["A. Author", "B. Writer, Jr."]);
    expect(p1).toMatchObject({ ":LABEL": "Paper", "year:int": "2024", "community:int": "0" });
    expect(p1["abstract"]).toContain('\nSecond line, "quoted"');
    expect(papers.find((r) => r["id:ID"] === "paper:2401.00008")).toMatchObject({ "year:int": "0", "community:int": "-1" });
  });
});

describe("build formats", () => {
  it.each([
    [undefined, ["json", "gexf"]],
    ["graphml", ["json", "graphml"]],
    ["csv, GEXF,neo4j", ["json", "gexf", "csv", "neo4j"]],
    ["all", ["json", "gexf", "graphml", "csv", "neo4j"]],
  ])("parseFormats(%j)", (text, expected) => {
    expect(parseFormats(text)).toEqual(expected);
  });

  it("refuses unknown formats and projections", () => {
    expect(() => parseFormats("json,pdf")).toThrow(OptionsError);
    expect(() => parseProjection("papers")).toThrow(OptionsError);
    expect(parseProjection("concepts")).toBe("concepts");
  });

  it("names every file of every format, and the projection's", () => {
    const files = exportFiles(graph, { formats: parseFormats("all"), projection: "concepts" });
    expect(Object.keys(files).sort()).toEqual([
      "concepts-edges.csv", "concepts-nodes.csv", "concepts-vosviewer-map.txt", "concepts-vosviewer-network.txt",
      "concepts.gexf", "concepts.graphml", "concepts.json", "edges.csv", "graph.gexf", "graph.graphml", "graph.json",
      "neo4j-concepts.csv", "neo4j-mentions.csv", "neo4j-papers.csv", "neo4j-variants.csv", "nodes.csv",
    ]);
    expect(Object.keys(exportFiles(graph)).sort()).toEqual(["graph.gexf", "graph.json"]);
    expect(files["nodes.csv"]!()).toBe(toCsvTables(graph)["nodes.csv"]);
  });

  it("writes the projection as JSON and GEXF that read back", () => {
    const files = exportFiles(graph, { formats: ["json", "gexf"], projection: "concepts", minWeight: 2 });
    const text = (name: string) => {
      const content = files[name]!();
      return typeof content === "string" ? content : [...content].join("");
    };
    const json = Graph.from(JSON.parse(text("concepts.json")));
    expect([json.order, json.size]).toEqual([10, 3]);
    expect(json.getEdgeAttributes("method:awq->model:llama")).toMatchObject({ weight: 2, npmi: 1 });
    const gexf = parseGexf(Graph, text("concepts.gexf"));
    expect([gexf.order, gexf.size]).toEqual([10, 3]);
    expect(gexf.getEdgeAttribute("method:awq->model:llama", "weight")).toBe(2);
    expect(gexf.getNodeAttribute("model:vit", "label")).toBe("ViT");
  });

  it("writes VOSviewer map and network files", () => {
    const concepts = buildCooccurrence(graph, { minWeight: 2 });
    const { map, network } = toVosviewer(concepts);
    const items = parseCsv(map, { columns: true, delimiter: "\t" }) as Array<Record<string, string>>;
    expect(items).toHaveLength(10);
    const byLabel = new Map(items.map((item) => [item["label"], item]));
    expect(byLabel.get("ViT")).toMatchObject({ cluster: "1", "weight<Papers>": "3", "weight<Mentions>": "6", description: "model: model:vit" });
    expect(byLabel.get("LoRA")?.["cluster"]).toBe("2");
    const links = (parseCsv(network, { delimiter: "\t" }) as string[][]).map(([a, b, w]) => [
      items[Number(a) - 1]!["label"], items[Number(b) - 1]!["label"], Number(w),
    ]);
    expect(links.sort()).toEqual([
      ["AWQ", "LLaMA", 2],
      ["ImageNet", "ViT", 2],
      ["ViT", "image classification", 2],
    ]);
  });
});

// networkx is what most Python users will open graph.graphml with; run it where it is installed.
const hasNetworkx = spawnSync("python3", ["-c", "import networkx"]).status === 0;

describe.skipIf(!hasNetworkx)("GraphML in networkx", () => {
  it("reads nodes, edges and typed attributes", () => {
    const dir = mkdtempSync(join(tmpdir(), "papergraph-graphml-"));
    try {
      writeFileSync(join(dir, "graph.graphml"), toGraphml(hostile()));
      const script = `
import json, sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
n = g.nodes["dataset:imagenet"]
p = g.nodes["paper:2401.00001"]
print(json.dumps({"type": type(g).__name__, "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
  "imagenet": [n["label"], n["paperCount"], type(n["paperCount"]).__name__, n["x"], type(n["x"]).__name__, n["aliases"]],
  "paper": [p["year"], type(p["year"]).__name__, p["abstract"]], "lora": g.nodes["method:lora"]["label"],
  "edge": g.edges["paper:2401.00001", "model:vit"]["weight"], "graph": g.graph["schemaVersion"]}))`;
      const out = JSON.parse(execFileSync("python3", ["-c", script, join(dir, "graph.graphml")], { encoding: "utf8" }));
      expect(out).toEqual({
        type: "Graph",
        nodes: 18,
        edges: 21,
        imagenet: ["ImageNet", 2, "int", 10, "float", "ILSVRC; ImageNet-1k"],
        paper: [2024, "int", 'Synthetic abstract of Scaling Vision Transformers on ImageNet.\nSecond line, "quoted"; semicolon.'],
        lora: `<b>"LoRA"</b> & co, 'ok'\r\nline 🚀`,
        edge: 3,
        graph: 1,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
