import louvain from "graphology-communities-louvain";
import { describe, expect, it } from "vitest";

import { assignCommunities, communityColor, modularity, readableName } from "../src/communities/index.ts";
import { OptionsError } from "../src/errors.ts";
import { buildGraph } from "../src/graph/index.ts";
import type { ExtractedPaper, Paper } from "../src/types.ts";
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

  it.each([
    // two concepts that read as one name
    [["whole slide images", "whole-slide image", "Whole Slide Images", "pathology", "survival prediction"], "whole slide images · pathology · survival prediction"],
    // a name inside one already chosen adds nothing; a name that holds an earlier one does
    [["parameter-efficient fine-tuning", "fine-tuning", "LoRA", "adapters"], "parameter-efficient fine-tuning · LoRA · adapters"],
    [["quantization", "quantization-aware training", "pruning"], "quantization · quantization-aware training · pruning"],
    // ... but an acronym with no long form gives way to the name that holds it
    [["KV", "KV cache", "pruning", "adapters"], "KV cache · pruning · adapters"],
  ])("names a community once per name: %j → %s", (names, label) => {
    const papers: Paper[] = [0, 1, 2, 3].map((i) => ({ id: `p${i}`, title: `p${i}`, abstract: names.join(", "), sources: [{ file: "t", line: i + 1 }] }));
    const extracted: ExtractedPaper[] = papers.map((p) => ({
      id: p.id,
      title: p.title,
      concepts: names.map((name, k) => ({ id: `task:c${k}`, name, type: "task" as const, aliases: [], mentions: [{ field: "abstract" as const, start: 0, end: name.length, text: name }] })),
    }));
    const graph = buildGraph(papers, extracted);
    const [only] = assignCommunities(graph, { seed: 1 }).communities;
    expect(only?.label).toBe(label);
    expect(only?.topConcepts).toEqual(label.split(" · "));
  });

  it.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])("rejects resolution %s", (resolution) => {
    expect(() => assignCommunities(fresh(), { resolution })).toThrow(OptionsError);
  });
});

describe("assignCommunities, incremental", () => {
  it("keeps the ids (and colours) of communities that are essentially the same", () => {
    const { papers, extracted } = syntheticCorpus();
    const before = buildGraph(papers, extracted);
    assignCommunities(before, { seed: 2, minSize: 3 });
    // Relabel the previous ids so the match cannot be a coincidence of numbering by size.
    const shuffled = new Map(before.mapNodes((node, a) => [node, a.community < 0 ? -1 : 10 + ((a.community + 1) % 3)] as const));
    // the new build adds one paper to the speech group
    const extraPaper = { ...papers[13]!, id: "speech-extra", sources: [{ file: "synthetic.jsonl", line: 99 }] };
    const extraConcepts = { ...extracted[13]!, id: "speech-extra" };
    const after = buildGraph([...papers, extraPaper], [...extracted, extraConcepts]);
    const result = assignCommunities(after, { seed: 2, minSize: 3, previous: shuffled });
    for (const topic of ["vision", "language", "speech"]) {
      const node = `paper:${topic}-1`;
      expect(after.getNodeAttribute(node, "community")).toBe(shuffled.get(node));
      expect(after.getNodeAttribute(node, "color")).toBe(communityColor(shuffled.get(node) ?? -1));
    }
    expect(after.getNodeAttribute("paper:speech-extra", "community")).toBe(shuffled.get("paper:speech-1"));
    expect(result.communities.map((c) => c.id)).toEqual([10, 11, 12]);
  });

  it("gives a community with no previous counterpart a fresh id above the previous ones", () => {
    const { papers, extracted } = syntheticCorpus();
    const after = buildGraph(papers, extracted);
    // previously, only the vision papers existed, all in community 4
    const previous = new Map(papers.filter((p) => p.id.startsWith("vision")).map((p) => [`paper:${p.id}`, 4] as const));
    const result = assignCommunities(after, { seed: 2, minSize: 3, previous });
    expect(after.getNodeAttribute("paper:vision-2", "community")).toBe(4);
    expect(result.communities.map((c) => c.id).sort()).toEqual([4, 5, 6]);
  });
});

describe("readableName (community labels)", () => {
  const concept = (label: string, aliases: string[] = []) =>
    ({ kind: "concept", label, aliases, type: "method", paperCount: 2, mentionCount: 2, parent: "", community: 0, communityLabel: "", x: 0, y: 0, size: 1, color: "#000000" }) as const;
  it.each([
    ["LN", ["Layer Normalization", "LayerNorm", "layer normalization"], "layer normalization"],
    ["ERM", ["Empirical Risk Minimization"], "Empirical Risk Minimization"],
    ["KV", [], "KV"],
    ["ImageNet", ["Imagenet"], "ImageNet"],
    ["S1", [], undefined],
    ["L_2", [], undefined],
    ["LLMs", ["LLM", "large language models", "Large Language Models"], "large language models"],
    // aliases come most used first: a rarer typo or shorter spelling does not name the community
    ["NLP", ["natural language processing", "Natural Language Processing", "natural language procesing"], "natural language processing"],
    ["AI", ["Artificial Intelligence", "artificial intelligence", "artificial intelligent"], "artificial intelligence"],
    ["RAG", ["Retrieval-Augmented Generation", "retrievalaugmented generation"], "Retrieval-Augmented Generation"],
  ])("%s → %s", (label, aliases, expected) => {
    expect(readableName({ ...concept(label, aliases) })).toBe(expected);
  });
});
