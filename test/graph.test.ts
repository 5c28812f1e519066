import Graph from "graphology";
import { describe, expect, it } from "vitest";

import { useHashTableAdjacency } from "../src/graph/adjacency.ts";
import { buildGraph } from "../src/graph/index.ts";
import type { ExtractedPaper, Paper } from "../src/types.ts";
import { syntheticCorpus } from "./fixtures/graph/corpus.ts";

describe("buildGraph", () => {
  const { papers, extracted } = syntheticCorpus();
  const graph = buildGraph(papers, extracted);

  it("has one node per paper and per distinct concept, keys derived from the data", () => {
    expect(graph.getAttribute("papers")).toBe(19);
    expect(graph.getAttribute("concepts")).toBe(12);
    expect(graph.order).toBe(31);
    expect(graph.hasNode("paper:vision-0")).toBe(true);
    expect(graph.hasNode("model:llama-2")).toBe(true);
    expect(graph.hasNode("dataset:imagenet")).toBe(true);
  });

  it("weights paper → concept edges by mentions and keys them <paper>-><concept>", () => {
    // language-1 mentions each of its concepts twice (odd i)
    expect(graph.getEdgeAttributes("paper:language-1->model:llama-2")).toEqual({ weight: 2, relation: "mention" });
    expect(graph.getEdgeAttribute("paper:language-2->model:llama-2", "weight")).toBe(1);
    // the rotation leaves LLaMA-2 out of language-0
    expect(graph.hasEdge("paper:language-0->model:llama-2")).toBe(false);
  });

  it.each([
    ["listed once, mentions in order", [["method:b", [["title", 2, 3], ["abstract", 6, 7]]], ["method:a", [["abstract", 8, 9]]]]],
    ["listed twice, mentions interleaved", [["method:b", [["abstract", 6, 7]]], ["method:a", [["abstract", 8, 9]]], ["method:b", [["title", 2, 3]]]]],
  ] as const)("one edge per concept a paper names, weighted by all its mentions; mentions in reading order (%s)", (_, listed) => {
    const paper: Paper = { id: "p", title: "A B C", abstract: "one two B A b", sources: [] };
    const extraction: ExtractedPaper = {
      id: "p",
      title: paper.title,
      concepts: listed.map(([id, mentions]) => ({
        id,
        name: id.slice(7),
        type: "method",
        aliases: [],
        mentions: mentions.map(([field, start, end]) => ({ field, start, end, text: paper[field].slice(start, end) })),
      })),
    };
    const g = buildGraph([paper], [extraction]);
    expect(g.edges().sort()).toEqual(["paper:p->method:a", "paper:p->method:b"]);
    expect(g.getEdgeAttribute("paper:p->method:b", "weight")).toBe(2);
    const attributes = g.getNodeAttributes("paper:p");
    if (attributes.kind !== "paper") throw new Error("not a paper");
    const ordered = [["method:b", "title", 2, 3], ["method:b", "abstract", 6, 7], ["method:a", "abstract", 8, 9]];
    expect(attributes.mentions).toEqual(ordered);
  });

  it("counts papers and mentions per concept", () => {
    const llama = graph.getNodeAttributes("model:llama-2");
    if (llama.kind !== "concept") throw new Error("not a concept");
    // language papers 1, 2, 3, 5 (the rotation skips it in 0 and 4), plus the bridge paper vision-0
    expect(llama.paperCount).toBe(5);
    expect(llama.type).toBe("model");
    expect(llama.mentionCount).toBe(2 + 1 + 2 + 2 + 1);
  });

  it("keeps paper attributes the viewer needs", () => {
    const p = graph.getNodeAttributes("paper:speech-2");
    if (p.kind !== "paper") throw new Error("not a paper");
    expect(p.year).toBe(2022);
    expect(p.date).toBe("2022-03-15");
    expect(p.sources).toEqual(["synthetic.jsonl:15"]);
    for (const [concept, field, start, end] of p.mentions) {
      expect(graph.hasNode(concept)).toBe(true);
      expect(field).toBe("abstract");
      expect(p.abstract.slice(start, end)).toBe(graph.getNodeAttribute(concept, "label"));
    }
  });

  it("inserts nodes and edges in sorted key order, whatever the input order", () => {
    const reversed = buildGraph([...papers].reverse(), [...extracted].reverse());
    expect(reversed.nodes()).toEqual(graph.nodes());
    expect(reversed.edges()).toEqual(graph.edges());
    expect([...graph.nodes()].sort()).toEqual(graph.nodes());
    expect([...graph.edges()].sort()).toEqual(graph.edges());
  });

  it.each([
    ["ids whose edge keys sort apart from the ids", ["a", "a!b", "a-b", "a->b"]],
    ["plain ids", ["a", "b", "c"]],
  ])("inserts edges in key order for %s", (_name, ids) => {
    const concept = (id: string, parent?: string) => ({
      id,
      name: id,
      type: "method" as const,
      aliases: [],
      mentions: [{ field: "abstract" as const, start: 0, end: 1, text: "x" }],
      ...(parent ? { parent } : {}),
    });
    const rows = ids.map((id) => ({ id, title: id, abstract: "x", sources: [{ file: "t", line: 1 }] }));
    const concepts = ids.map((id) => ({ id, title: id, concepts: [concept("method:x"), concept("method:x-2", "method:x"), concept("task:y")] }));
    const g = buildGraph(rows, concepts);
    expect(g.size).toBe(ids.length * 3 + 1);
    expect([...g.edges()].sort()).toEqual(g.edges());
  });

  it("labels a concept by its most frequent surface form and keeps the others as aliases, most used first", () => {
    const paper = (id: string, name: string, count: number): [Paper, ExtractedPaper] => [
      { id, title: id, abstract: name, sources: [{ file: "t", line: 1 }] },
      {
        id,
        title: id,
        concepts: [
          {
            id: "dataset:cifar-10",
            name,
            type: "dataset",
            aliases: ["Canadian Institute for Advanced Research 10"],
            mentions: Array.from({ length: count }, () => ({ field: "abstract" as const, start: 0, end: name.length, text: name })),
          },
        ],
      },
    ];
    const rows = [paper("a", "CIFAR10", 1), paper("b", "CIFAR-10", 3), paper("c", "cifar-10", 1)];
    const g = buildGraph(rows.map((r) => r[0]), rows.map((r) => r[1]));
    expect(g.getNodeAttribute("dataset:cifar-10", "label")).toBe("CIFAR-10");
    // the long form in all three papers, then the two spellings of one mention each, alphabetically
    expect(g.getNodeAttributes("dataset:cifar-10")).toMatchObject({
      aliases: ["Canadian Institute for Advanced Research 10", "CIFAR10", "cifar-10"],
      paperCount: 3,
    });
  });

  it("links a family concept to its variants when both occur", () => {
    const p: Paper = { id: "p", title: "t", abstract: "ImageNet and ImageNet-21k", sources: [{ file: "t", line: 1 }] };
    const e: ExtractedPaper = {
      id: "p",
      title: "t",
      concepts: [
        { id: "dataset:imagenet", name: "ImageNet", type: "dataset", aliases: [], mentions: [{ field: "abstract", start: 0, end: 8, text: "ImageNet" }] },
        {
          id: "dataset:imagenet-21k",
          name: "ImageNet-21k",
          type: "dataset",
          aliases: [],
          parent: "dataset:imagenet",
          mentions: [{ field: "abstract", start: 13, end: 25, text: "ImageNet-21k" }],
        },
      ],
    };
    const g = buildGraph([p], [e]);
    expect(g.getEdgeAttributes("dataset:imagenet->dataset:imagenet-21k")).toEqual({ weight: 1, relation: "variant" });
    expect(g.getNodeAttribute("dataset:imagenet-21k", "parent" as never)).toBe("dataset:imagenet");
  });

  it("leaves out concepts named by fewer than minPapers papers, and counts them", () => {
    const g = buildGraph(papers, extracted, { minPapers: 5 });
    // the rotation leaves concepts 0 and 1 of each group out of two of its six papers, 2 and 3 out
    // of one; LLaMA-2 (language concept 0) gets the bridge paper back: 7 concepts reach 5 papers
    const kept = g.filterNodes((_n, a) => a.kind === "concept");
    expect(kept).toHaveLength(7);
    expect(kept).toContain("model:llama-2");
    for (const k of kept) expect(g.getNodeAttribute(k, "paperCount" as never)).toBeGreaterThanOrEqual(5);
    expect(g.getAttribute("conceptsLeftOut")).toBe(5);
    expect(g.getAttribute("minConceptPapers")).toBe(5);
    const p = g.getNodeAttributes("paper:language-1");
    if (p.kind !== "paper") throw new Error("not a paper");
    expect(p.mentions.length).toBeGreaterThan(0);
    expect(p.mentions.every(([key]) => kept.includes(key))).toBe(true);
  });
});

describe("useHashTableAdjacency", () => {
  const { papers, extracted } = syntheticCorpus();
  const graph = buildGraph(papers, extracted);
  const tables = (g: Graph) => [...(g as unknown as { _nodes: Map<string, { undirected: object }> })._nodes.values()].map((d) => d.undirected);

  it("leaves the graph as graphology's own tables make it: same export, neighbours and edges in the same order", () => {
    const plain = Graph.from(graph.export()); // filled with graphology's own objects
    expect(JSON.stringify(graph.export())).toBe(JSON.stringify(plain.export()));
    graph.forEachNode((node) => {
      expect(graph.neighbors(node)).toEqual(plain.neighbors(node));
      expect(graph.edges(node)).toEqual(plain.edges(node));
    });
    graph.forEachEdge((edge, _a, source, target) => {
      expect(graph.hasEdge(source, target)).toBe(true);
      expect(graph.hasUndirectedEdge(target, source)).toBe(true);
      expect(graph.edge(source, target)).toBe(edge);
    });
  });

  it("replaces the tables of a graph without edges, and of no other", () => {
    const fresh = new Graph({ type: "undirected" });
    fresh.addNode("a");
    fresh.addNode("b");
    const before = tables(fresh);
    useHashTableAdjacency(fresh);
    expect(tables(fresh).every((t, i) => t !== before[i] && Object.keys(t).length === 0)).toBe(true);
    fresh.addEdge("a", "b");
    const filled = tables(fresh);
    useHashTableAdjacency(fresh);
    expect(tables(fresh)).toEqual(filled);
    expect(tables(fresh).every((t, i) => t === filled[i])).toBe(true);
    const directed = new Graph({ type: "directed" });
    directed.addNode("a");
    expect(() => useHashTableAdjacency(directed)).not.toThrow();
  });
});
