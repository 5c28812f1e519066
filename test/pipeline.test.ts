import { describe, expect, it } from "vitest";

import { decodeState, encodeState, runPipeline } from "../src/pipeline.ts";
import { syntheticCorpus } from "./fixtures/graph/corpus.ts";

describe("the state an incremental build starts from", () => {
  it("round-trips every node's position and community", () => {
    const { papers, extracted } = syntheticCorpus();
    const { graph } = runPipeline(papers, extracted, { seed: 1 });
    const state = decodeState(encodeState(graph));
    expect(state?.positions.size).toBe(graph.order);
    graph.forEachNode((node, a) => {
      expect(state?.positions.get(node)).toEqual([a.x, a.y]);
      expect(state?.communities.get(node)).toBe(a.community);
    });
  });

  it.each([
    ["not JSON", "{"],
    ["another version", '{"version":3,"nodes":[],"x":[],"y":[],"community":[]}'],
    ["a missing column", '{"version":1,"nodes":["a"],"x":[1],"y":[2]}'],
    ["columns of different lengths", '{"version":1,"nodes":["a","b"],"x":[1],"y":[2],"community":[0]}'],
    ["a key that is not a string", '{"version":1,"nodes":[7],"x":[1],"y":[2],"community":[0]}'],
    ["a community that is not a whole number", '{"version":1,"nodes":["a"],"x":[1],"y":[2],"community":[0.5]}'],
    ["null", "null"],
  ])("is undefined for %s, so the build falls back to graph.json", (_name, text) => {
    expect(decodeState(text)).toBeUndefined();
  });
});
