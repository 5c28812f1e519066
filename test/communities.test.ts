import louvain from "graphology-communities-louvain";
import { describe, expect, it } from "vitest";

import { assignCommunities, communityColor, modularity } from "../src/communities/index.ts";
import { OptionsError } from "../src/errors.ts";
import { buildGraph } from "../src/graph/index.ts";
import { createRng } from "../src/util/rng.ts";
import { syntheticCorpus } from "./fixtures/graph/corpus.ts";

const fresh = () => {
  const { papers, extracted } = syntheticCorpus();
  return buildGraph(papers, extracted);
};

describe("assignCommunities", () => {
  it("finds the three planted groups and names each by its own concepts", () => {
    const graph = fresh();
    const result = assignCommunities(graph, { seed: 1, minSize: 3 });
    expect(result.count).toBe(3);
    const groupOf = (topic: string) => new Set([0, 1, 2, 3, 4, 5].map((i) => graph.getNodeAttribute(`paper:${topic}-${i}`, "community")));
    for (const topic of ["vision", "language", "speech"]) expect(groupOf(topic).size).toBe(1);
    const labels = result.communities.map((c) => c.label);
    expect(labels.some((l) => l.includes("Whisper") || l.includes("LibriSpeech") || l.includes("WER"))).toBe(true);
    expect(labels.some((l) => l.includes("LoRA") || l.includes("MMLU"))).toBe(true);
    // every label is distinct and stored on the nodes
    expect(new Set(labels).size).toBe(labels.length);
    graph.forEachNode((_n, a) => {
      if (a.community >= 0) expect(a.communityLabel).toBe(labels[a.community]);
    });
  });

  it("numbers communities by size, largest first, and colours nodes by community without alpha", () => {
    const graph = fresh();
    const { communities } = assignCommunities(graph, { seed: 3 });
    const sizes = communities.map((c) => c.size);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    graph.forEachNode((_n, a) => expect(a.color).toMatch(/^#[0-9a-f]{6}$/));
    expect(communityColor(0)).not.toBe(communityColor(1));
    expect(communityColor(500)).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("puts a node with no edge in community -1 and counts it", () => {
    const graph = fresh();
    const result = assignCommunities(graph);
    expect(result.isolated).toBe(1);
    expect(graph.getNodeAttribute("paper:lonely", "community")).toBe(-1);
  });

  it("is reproducible with a seed", () => {
    const a = fresh();
    const b = fresh();
    assignCommunities(a, { seed: 7 });
    assignCommunities(b, { seed: 7 });
    expect(a.mapNodes((_n, x) => x.community)).toEqual(b.mapNodes((_n, x) => x.community));
    expect(a.getAttribute("communities")).toEqual(b.getAttribute("communities"));
  });

  it("merges communities smaller than minSize into their best-connected neighbour", () => {
    const few = fresh();
    const many = fresh();
    const coarse = assignCommunities(few, { seed: 1, resolution: 3, minSize: 1000 });
    const fine = assignCommunities(many, { seed: 1, resolution: 3, minSize: 1 });
    expect(fine.count).toBeGreaterThan(coarse.count);
    expect(coarse.merged).toBeGreaterThan(0);
  });

  it("reports the modularity of its partition, equal to Louvain's own on an unmerged run", () => {
    const graph = fresh();
    graph.dropNode("paper:lonely");
    const detailed = louvain.detailed(graph, { rng: createRng(5), getEdgeWeight: "weight" });
    const q = modularity(graph, (n) => detailed.communities[n] ?? -1);
    expect(q).toBeCloseTo(detailed.modularity, 6);
    const result = assignCommunities(graph, { seed: 5, minSize: 1 });
    expect(result.modularity).toBeGreaterThan(0.3);
    expect(graph.getAttribute("modularity")).toBeCloseTo(result.modularity, 5);
  });

  it.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])("rejects resolution %s", (resolution) => {
    expect(() => assignCommunities(fresh(), { resolution })).toThrow(OptionsError);
  });
});
