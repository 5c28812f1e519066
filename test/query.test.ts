/**
 * Queries on the hand-made fixture graph (test/fixtures/query/build-fixture.ts): every expected
 * answer below was worked out from the fixture's tables, not copied from a run.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

import Graph from "graphology";
import { describe, expect, it } from "vitest";

import { InputError, NotFoundError, OptionsError } from "../src/errors.ts";
import {
  association,
  buildCooccurrence,
  communityOf,
  communitySummary,
  findNode,
  graphFromJson,
  lookupNode,
  neighbours,
  papersMentioning,
  path,
  related,
  search,
} from "../src/query/index.ts";
import { loadGraph } from "../src/query/load.ts";
import { matchScore } from "../src/query/names.ts";
import type { ConceptNodeAttributes, KnowledgeGraph } from "../src/types.ts";

const FIXTURE = "test/fixtures/query/graph.json";
const graph = loadGraph(FIXTURE);
const P = (n: number) => `paper:2401.0000${n}`;

describe("loadGraph", () => {
  it("loads a path and a parsed object to the same graph", () => {
    const fromObject = loadGraph(JSON.parse(readFileSync(FIXTURE, "utf8")));
    expect(fromObject.order).toBe(18);
    expect(fromObject.size).toBe(21);
    expect(fromObject.export()).toEqual(graph.export());
  });

  it("gives what graphology's Graph.from gives, options, attributes and order included", () => {
    // the bundled build: real attributes and edge keys, where the fixture is small
    const json = JSON.parse(readFileSync("output/graph.json", "utf8"));
    const loaded = graphFromJson(json, "output/graph.json");
    const reference = Graph.from(json);
    expect(loaded.export()).toEqual(reference.export());
    expect([loaded.type, loaded.multi, loaded.allowSelfLoops]).toEqual([reference.type, reference.multi, reference.allowSelfLoops]);
    expect([...loaded.neighbors("dataset:imagenet")]).toEqual([...reference.neighbors("dataset:imagenet")]);
  });

  it.each([
    ["a missing file", "test/fixtures/query/nope.json", /nope\.json: no such file/],
    ["a file that is not JSON", "test/fixtures/query/build-fixture.ts", /build-fixture\.ts: not valid JSON/],
  ])("names the file for %s", (_what, file, message) => {
    expect(() => loadGraph(file)).toThrow(InputError);
    expect(() => loadGraph(file)).toThrow(message);
  });

  it.each([
    ["another schema version", { ...graph.export(), attributes: { ...graph.getAttributes(), schemaVersion: 99 } }, /schemaVersion 99/],
    ["no schema version", { nodes: [], edges: [], attributes: {} }, /no schemaVersion/],
    ["a node without kind", { ...graph.export(), nodes: [{ key: "x", attributes: { label: "x" } }], edges: [] }, /node x: expected kind/],
    ["an edge to a missing node", { ...graph.export(), edges: [{ source: "model:vit", target: "nowhere", attributes: {} }] }, /nowhere/],
    ["an array", [], /expected a JSON object/],
  ])("refuses %s", (_what, json, message) => {
    expect(() => graphFromJson(json, "g.json")).toThrow(InputError);
    expect(() => graphFromJson(json, "g.json")).toThrow(message);
  });
});

describe("findNode", () => {
  // [what the user typed, the key it names]
  it.each([
    ["dataset:imagenet", "dataset:imagenet"], // key
    ["Dataset:ImageNet", "dataset:imagenet"], // key, other case
    ["2401.00004", P(4)], // bare paper id
    ["ImageNet", "dataset:imagenet"], // label
    ["imagenet", "dataset:imagenet"], // label, other case
    ["ILSVRC", "dataset:imagenet"], // alias
    ["imagenet 1K", "dataset:imagenet"], // alias "ImageNet-1k", punctuation and case ignored
    ["vision transformer", "model:vit"], // alias, other case
    ["  ViT ", "model:vit"], // spaces around
    ["BERT", "model:bert"], // ambiguous label: model:bert has 2 papers, method:bert 1
    ["BERT objective", "method:bert"], // the other BERT by its alias
    ["LoRA for vision", P(3)], // a paper by its title
  ])("%j → %s", (ref, key) => {
    expect(findNode(graph, ref)).toBe(key);
  });

  it("finds the same node by key, label and every alias", () => {
    graph.forEachNode((key, attrs) => {
      if (attrs.kind !== "concept" || key === "method:bert") return; // method:bert's label is taken by model:bert
      for (const name of [key, attrs.label, ...attrs.aliases]) expect(findNode(graph, name)).toBe(key);
    });
  });

  it("throws NotFoundError with the nearest labels for a typo", () => {
    expect(() => findNode(graph, "imagnet")).toThrow(NotFoundError);
    try {
      findNode(graph, "imagnet");
    } catch (error) {
      expect((error as NotFoundError).suggestions[0]).toBe("ImageNet");
      expect((error as Error).message).toMatch(/no node "imagnet".*did you mean "ImageNet"/);
    }
    expect(lookupNode(graph, "imagnet")).toBeUndefined();
    expect(lookupNode(graph, "")).toBeUndefined();
  });
});

describe("neighbours", () => {
  it("lists adjacent nodes by weight, then label", () => {
    expect(neighbours(graph, "ImageNet").map((n) => [n.key, n.weight, n.relation])).toEqual([
      [P(1), 2, "mention"],
      ["dataset:imagenet-21k", 1, "variant"], // "imagenet-21k" sorts before "lora for vision"
      [P(3), 1, "mention"],
    ]);
  });

  it("gives the same answer for a key, a label and an alias", () => {
    const byKey = neighbours(graph, "dataset:imagenet", { depth: 2 });
    expect(neighbours(graph, "imagenet", { depth: 2 })).toEqual(byKey);
    expect(neighbours(graph, "ILSVRC", { depth: 2 })).toEqual(byKey);
  });

  it("walks through papers at depth 2 and filters by type", () => {
    // ViT: 3 mentions in p1 + 1 in p3, the two papers that mention ImageNet.
    expect(neighbours(graph, "ImageNet", { depth: 2, type: "model" })).toEqual([
      { key: "model:vit", label: "ViT", kind: "concept", type: "model", depth: 2, weight: 4, relation: "mention", via: P(1) },
    ]);
    expect(neighbours(graph, "ImageNet", { depth: 2, type: "concept" }).map((n) => [n.key, n.depth, n.weight])).toEqual([
      ["dataset:imagenet-21k", 1, 1],
      ["model:vit", 2, 4],
      ["metric:accuracy", 2, 1],
      ["task:image-classification", 2, 1],
      ["method:lora", 2, 1],
    ]);
  });

  it("applies limit and minWeight", () => {
    expect(neighbours(graph, "AWQ", { limit: 1 }).map((n) => n.key)).toEqual([P(5)]);
    expect(neighbours(graph, "ViT", { minWeight: 2 }).map((n) => [n.key, n.weight])).toEqual([
      [P(1), 3],
      [P(2), 2],
    ]);
  });

  it("returns nothing for an isolated paper", () => {
    expect(neighbours(graph, P(8), { depth: 3 })).toEqual([]);
  });

  it.each([
    [{ depth: 0 }],
    [{ depth: 1.5 }],
    [{ limit: -1 }],
    [{ type: "person" as never }],
  ])("refuses bad options %j", (options) => {
    expect(() => neighbours(graph, "ViT", options)).toThrow(OptionsError);
  });
});

describe("search", () => {
  it("ranks exact, prefix, then word matches in titles", () => {
    expect(search(graph, "imagenet").map((h) => h.key)).toEqual(["dataset:imagenet", "dataset:imagenet-21k", P(2), P(1)]);
    expect(search(graph, "imagenet", { type: "dataset" }).map((h) => h.label)).toEqual(["ImageNet", "ImageNet-21k"]);
    expect(search(graph, "imagenet", { limit: 1 })[0]).toMatchObject({ key: "dataset:imagenet", score: 1, paperCount: 2 });
  });

  it("matches aliases and reports which name matched", () => {
    expect(search(graph, "low-rank", { type: "concept" })[0]).toMatchObject({ key: "method:lora", matched: "Low-Rank Adaptation" });
  });

  it("tolerates a typo", () => {
    expect(search(graph, "imagnet")[0]?.key).toBe("dataset:imagenet");
    expect(search(graph, "LLaMa 2", { type: "model" })[0]?.key).toBe("model:llama");
  });

  it("finds nothing for unrelated text", () => {
    expect(search(graph, "zzzz")).toEqual([]);
    expect(search(graph, "   ")).toEqual([]);
  });

  const zeta = (g: KnowledgeGraph): ConceptNodeAttributes => ({ ...(g.getNodeAttributes("method:lora") as ConceptNodeAttributes), label: "ZetaNet", aliases: [] });
  it.each([
    ["a node added", (g: KnowledgeGraph) => g.addNode("method:zeta", zeta(g))],
    ["a label changed", (g: KnowledgeGraph) => g.setNodeAttribute("method:lora", "label", "ZetaNet")],
    ["a node dropped and one added (same order)", (g: KnowledgeGraph) => {
      g.dropNode(P(5));
      g.addNode("method:zeta", zeta(g));
    }],
  ])("sees %s after the names were first searched", (_what, change) => {
    const copy = graph.copy();
    expect(search(copy, "zetanet")).toEqual([]);
    expect(lookupNode(copy, "ZetaNet")).toBeUndefined();
    const order = copy.order;
    change(copy);
    expect(copy.order - order).toBeLessThanOrEqual(1);
    expect(search(copy, "zetanet")[0]).toMatchObject({ label: "ZetaNet", score: 1 });
    expect(lookupNode(copy, "zetanet")).toBeDefined();
  });

  it.each([
    ["ImageNet", "ImageNet", 1],
    ["imagenet-1k", "ImageNet 1K", 1],
    ["imagenet", "ImageNet-21k", 0.8 + 0.1 * (8 / 11)],
    ["rank adapt", "Low-Rank Adaptation", 0.7 + 0.1 * (9 / 17)],
    ["net", "ResNet", 0.6 + 0.1 * (3 / 6)],
  ])("matchScore(%j, %j) = %d", (query, name, score) => {
    expect(matchScore(query, name)).toBeCloseTo(score, 10);
  });
});

describe("papersMentioning", () => {
  it("lists papers by mentions, then newest", () => {
    expect(papersMentioning(graph, "LoRA").map((p) => [p.key, p.weight])).toEqual([
      [P(4), 2],
      [P(3), 1], // 2024-03-01
      [P(6), 1], // 2023-06
    ]);
  });

  it("counts a family's variants unless told not to", () => {
    // p1: 2 mentions; p3 (March) and p2 (February, via ImageNet-21k): 1 each, newest first.
    expect(papersMentioning(graph, "ImageNet").map((p) => p.key)).toEqual([P(1), P(3), P(2)]);
    expect(papersMentioning(graph, "ImageNet", { variants: false }).map((p) => p.key)).toEqual([P(1), P(3)]);
    expect(papersMentioning(graph, "ImageNet")[2]?.concepts).toEqual(["dataset:imagenet-21k"]);
  });

  it("intersects several concepts: papers that use ImageNet with a ViT", () => {
    const hits = papersMentioning(graph, ["ImageNet", "ViT"]);
    expect(hits.map((p) => [p.key, p.weight])).toEqual([
      [P(1), 5],
      [P(2), 3],
      [P(3), 2],
    ]);
    expect(hits[0]).toMatchObject({ title: "Scaling Vision Transformers on ImageNet", date: "2024-01-05", year: 2024 });
    expect(papersMentioning(graph, ["LoRA", "AWQ"]).map((p) => p.key)).toEqual([P(4)]);
    expect(papersMentioning(graph, ["ViT", "AWQ"])).toEqual([]);
  });

  it("refuses a paper where a concept is expected", () => {
    expect(() => papersMentioning(graph, "2401.00001")).toThrow(NotFoundError);
  });
});

describe("related", () => {
  it("ranks by NPMI, so a frequent concept does not win by frequency", () => {
    // 8 papers. AWQ: p4, p5. LLaMA: p4, p5 (always together: 1). accuracy: p1, p5 → ln 2 / ln 8 = 1/3.
    // LoRA: p3, p4, p6 → ln(8/6) / ln 8 = 0.1383: more papers than accuracy, ranked lower.
    const hits = related(graph, "AWQ", { minShared: 1 });
    expect(hits.map((r) => r.key)).toEqual(["model:llama", "metric:accuracy", "method:lora"]);
    expect(hits.map((r) => r.npmi)).toEqual([
      expect.closeTo(1, 10),
      expect.closeTo(1 / 3, 10),
      expect.closeTo(Math.log(8 / 6) / Math.log(8), 10),
    ]);
    expect(hits[0]).toMatchObject({ shared: 2, paperCount: 2, papers: [P(4), P(5)], pmi: expect.closeTo(Math.log(4), 10) });
  });

  it("needs two shared papers by default", () => {
    // ViT (p1, p2, p3) shares 2 papers with ImageNet (p1, p3) and image classification (p1, p2):
    // ln(2·8 / (3·2)) / ln 4 = 0.7075 each; the tie goes by label.
    const hits = related(graph, "ViT");
    expect(hits.map((r) => r.key)).toEqual(["task:image-classification", "dataset:imagenet"]);
    expect(hits[0]?.npmi).toBeCloseTo(Math.log(16 / 6) / Math.log(4), 10);
    expect(related(graph, "ViT", { type: "dataset" }).map((r) => r.key)).toEqual(["dataset:imagenet"]);
  });

  it("association() handles the edge cases", () => {
    expect(association(3, 3, 3, 3)).toEqual({ shared: 3, pmi: 0, npmi: 1 }); // in every paper
    expect(association(0, 2, 2, 8).npmi).toBe(-1);
  });
});

describe("communities", () => {
  it("summarises a community by id and by label", () => {
    const byId = communitySummary(graph, 1);
    expect(communitySummary(graph, "lora · llama")).toEqual(byId);
    expect(communitySummary(graph, "1")).toEqual(byId);
    expect(byId).toMatchObject({ id: 1, label: "LoRA · LLaMA", size: 9, papers: 4, conceptCount: 5 });
    expect(byId.concepts.map((c) => c.key)).toEqual(["method:lora", "method:awq", "model:bert", "model:llama", "method:bert"]);
    expect(byId.paperList.map((p) => p.key)).toEqual([P(5), P(4), P(6), P(7)]);
    expect(communitySummary(graph, 1, { limit: 2 }).concepts).toHaveLength(2);
  });

  it("gives a node's community", () => {
    expect(communityOf(graph, "Vision Transformer")).toMatchObject({ id: 0, label: "ViT · ImageNet", node: { key: "model:vit" } });
  });

  it("throws NotFoundError for an unknown community", () => {
    expect(() => communitySummary(graph, 7)).toThrow(NotFoundError);
    expect(() => communitySummary(graph, "LoRA · LLaMa 3")).toThrow(/did you mean "LoRA · LLaMA"/);
  });
});

describe("path", () => {
  it("finds a shortest path through papers", () => {
    // Two 4-hop paths exist (via accuracy or via LoRA); the walk takes the smaller keys first.
    expect(path(graph, "ViT", "LLaMA")?.map((n) => n.key)).toEqual(["model:vit", P(1), "metric:accuracy", P(5), "model:llama"]);
    expect(path(graph, "LLaMA", "AWQ")?.map((n) => n.key)).toEqual(["model:llama", P(4), "method:awq"]);
    expect(path(graph, "AWQ", "AWQ")?.map((n) => n.key)).toEqual(["method:awq"]);
  });

  it("returns null when not connected or longer than maxLength", () => {
    expect(path(graph, "ViT", P(8))).toBeNull();
    expect(path(graph, "ViT", "LLaMA", { maxLength: 3 })).toBeNull();
  });

  it("throws NotFoundError for an unknown end", () => {
    expect(() => path(graph, "ViT", "GPT-5")).toThrow(NotFoundError);
  });
});

describe("buildCooccurrence", () => {
  it("projects onto concepts with shared-paper weights and NPMI", () => {
    const concepts = buildCooccurrence(graph);
    expect(concepts.order).toBe(10);
    // Pairs per paper: p1 6, p2 3, p3 3, p4 3, p5 3, p6 1, p7 1 = 20, less 3 repeats
    // (vit–imagenet in p1+p3, vit–image-classification in p1+p2, awq–llama in p4+p5) = 17 edges.
    expect(concepts.size).toBe(17);
    expect(concepts.getEdgeAttributes("method:awq->model:llama")).toEqual({
      weight: 2,
      relation: "cooccurrence",
      pmi: expect.closeTo(Math.log(4), 10),
      npmi: expect.closeTo(1, 10),
    });
    expect(concepts.hasEdge("dataset:imagenet->dataset:imagenet-21k")).toBe(false); // variant, not co-occurrence
    expect(concepts.getAttributes()).toMatchObject({ projection: "concepts", papers: 8, concepts: 10, edges: 17, minWeight: 1 });
    expect(concepts.getNodeAttributes("model:vit")).toEqual(graph.getNodeAttributes("model:vit"));
  });

  it("keeps only pairs with minWeight shared papers, and agrees with related()", () => {
    const concepts = buildCooccurrence(graph, { minWeight: 2 });
    expect(concepts.edges().sort()).toEqual([
      "dataset:imagenet->model:vit",
      "method:awq->model:llama",
      "model:vit->task:image-classification",
    ]);
    for (const hit of related(graph, "ViT"))
      expect(concepts.getEdgeAttribute(concepts.edge("model:vit", hit.key)!, "npmi")).toBeCloseTo(hit.npmi, 12);
    expect(() => buildCooccurrence(graph, { minWeight: 0 })).toThrow(OptionsError);
  });
});

describe("browser safety", () => {
  it("src/query/index.ts reaches no Node-only module (the viewer imports it)", () => {
    // Follows the relative imports from the entry; every bare import must be a browser-safe package.
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, spec] of readFileSync(file, "utf8").matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)) {
        if (spec!.startsWith(".")) visit(join(dirname(file), spec!));
        else bare.add(spec!);
      }
    };
    visit("src/query/index.ts");
    expect(seen.has("src/query/names.ts") && seen.has("src/query/cooccurrence.ts")).toBe(true);
    expect(seen.has("src/query/load.ts")).toBe(false);
    expect([...bare].sort()).toEqual(["graphology", "graphology-types"]);
  });
});
