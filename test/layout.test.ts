import { describe, expect, it } from "vitest";

import { assignCommunities } from "../src/communities/index.ts";
import { OptionsError } from "../src/errors.ts";
import { buildGraph } from "../src/graph/index.ts";
import { assignLayout } from "../src/layout/index.ts";
import { syntheticCorpus } from "./fixtures/graph/corpus.ts";

const laidOut = (seed = 42) => {
  const { papers, extracted } = syntheticCorpus();
  const graph = buildGraph(papers, extracted);
  assignCommunities(graph, { seed, minSize: 3 });
  assignLayout(graph, { seed, iterations: 200 });
  return graph;
};

describe("assignLayout", () => {
  it("gives every node finite coordinates and a size that grows with degree", () => {
    const graph = laidOut();
    graph.forEachNode((_node, a) => {
      expect(Number.isFinite(a.x) && Number.isFinite(a.y)).toBe(true);
      expect(a.size).toBeGreaterThan(0);
    });
    expect(graph.getNodeAttribute("model:llama-2", "size")).toBeGreaterThan(graph.getNodeAttribute("paper:vision-1", "size"));
  });

  it("is deterministic", () => {
    expect(laidOut().mapNodes((_n, a) => [a.x, a.y])).toEqual(laidOut().mapNodes((_n, a) => [a.x, a.y]));
  });

  it("keeps a community closer to itself than to the others", () => {
    const graph = laidOut();
    const centre = (c: number) => {
      let x = 0, y = 0, n = 0;
      graph.forEachNode((_k, a) => {
        if (a.community === c) { x += a.x; y += a.y; n += 1; }
      });
      return [x / n, y / n] as const;
    };
    const spread = (c: number) => {
      const [cx, cy] = centre(c);
      let d = 0, n = 0;
      graph.forEachNode((_k, a) => {
        if (a.community === c) { d += Math.hypot(a.x - cx, a.y - cy); n += 1; }
      });
      return d / n;
    };
    const [ax, ay] = centre(0);
    const [bx, by] = centre(1);
    expect(Math.hypot(ax - bx, ay - by)).toBeGreaterThan(Math.max(spread(0), spread(1)));
  });

  it("rejects a negative iteration count", () => {
    const { papers, extracted } = syntheticCorpus();
    expect(() => assignLayout(buildGraph(papers, extracted), { iterations: -1 })).toThrow(OptionsError);
  });
});

describe("assignLayout, skeleton strategy (large graphs)", () => {
  const skeleton = () => {
    const { papers, extracted } = syntheticCorpus();
    const graph = buildGraph(papers, extracted);
    assignCommunities(graph, { seed: 1, minSize: 3 });
    assignLayout(graph, { seed: 1, strategy: "skeleton", iterations: 100 });
    return graph;
  };

  it("places each paper nearer its own concepts than another community's", () => {
    const graph = skeleton();
    const dist = (a: string, b: string) =>
      Math.hypot(graph.getNodeAttribute(a, "x") - graph.getNodeAttribute(b, "x"), graph.getNodeAttribute(a, "y") - graph.getNodeAttribute(b, "y"));
    expect(dist("paper:speech-1", "dataset:librispeech")).toBeLessThan(dist("paper:speech-1", "dataset:imagenet"));
    expect(dist("paper:language-3", "method:lora")).toBeLessThan(dist("paper:language-3", "model:whisper"));
    graph.forEachNode((_n, a) => expect(Number.isFinite(a.x) && Number.isFinite(a.y)).toBe(true));
  });

  it("is deterministic", () => {
    expect(skeleton().mapNodes((_n, a) => [a.x, a.y])).toEqual(skeleton().mapNodes((_n, a) => [a.x, a.y]));
  });
});

describe("assignLayout, incremental", () => {
  it("keeps known nodes near where they were and puts new ones by their neighbours", () => {
    const { papers, extracted } = syntheticCorpus();
    const before = buildGraph(papers.slice(0, 15), extracted.slice(0, 15));
    assignCommunities(before, { seed: 1, minSize: 1 });
    assignLayout(before, { seed: 1 });
    const previous = new Map(before.mapNodes((node, a) => [node, [a.x, a.y] as const]));
    const after = buildGraph(papers, extracted);
    assignCommunities(after, { seed: 1, minSize: 1 });
    assignLayout(after, { seed: 1, previous });
    let spread = 0;
    before.forEachNode((_n, a) => (spread = Math.max(spread, Math.hypot(a.x, a.y))));
    before.forEachNode((node, a) => {
      const moved = Math.hypot(after.getNodeAttribute(node, "x") - a.x, after.getNodeAttribute(node, "y") - a.y);
      expect(moved).toBeLessThan(spread * 0.5);
    });
    // speech-3 and later are new: each lands nearer its own concepts than a vision concept
    const d = (a: string, b: string) =>
      Math.hypot(after.getNodeAttribute(a, "x") - after.getNodeAttribute(b, "x"), after.getNodeAttribute(a, "y") - after.getNodeAttribute(b, "y"));
    expect(d("paper:speech-4", "model:whisper")).toBeLessThan(d("paper:speech-4", "dataset:imagenet"));
  });

  it.each(["full", "skeleton"] as const)("moves no known node when too little is new to lay out again (%s strategy)", (strategy) => {
    const { papers, extracted } = syntheticCorpus();
    const before = buildGraph(papers, extracted);
    assignCommunities(before, { seed: 1, minSize: 1 });
    assignLayout(before, { seed: 1, strategy });
    const previous = new Map(before.mapNodes((node, a) => [node, [a.x, a.y] as const]));
    const again = buildGraph(papers, extracted);
    assignCommunities(again, { seed: 1, minSize: 1 });
    assignLayout(again, { seed: 7, strategy, previous });
    again.forEachNode((node, a) => expect([a.x, a.y], node).toEqual(previous.get(node)));
  });
});
