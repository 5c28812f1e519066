import { describe, expect, it } from "vitest";

import { changesSince, decodeState, encodeState, runPipeline, type PreviousState } from "../src/pipeline.ts";
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

describe("what an incremental build changed", () => {
  const { papers, extracted } = syntheticCorpus();
  const { graph } = runPipeline(papers, extracted, { seed: 1 });
  const state = decodeState(encodeState(graph))!;
  const firstPaper = graph.findNode((_n, a) => a.kind === "paper")!;
  const concepts = graph.filterNodes((_n, a) => a.kind === "concept");
  const ids = graph.getAttribute("communities").map((c) => c.id);
  /** `state` with `edit` applied to a copy of its communities. */
  const previous = (edit: (communities: Map<string, number>) => void): PreviousState => {
    const communities = new Map(state.communities);
    edit(communities);
    return { positions: state.positions, communities };
  };

  it.each<[string, (c: Map<string, number>) => void, (changes: ReturnType<typeof changesSince>) => void]>([
    ["nothing", () => {}, (c) => {
      expect(c).toMatchObject({ papers: { added: 0, removed: 0 }, concepts: { added: 0, removed: 0, newest: [] }, moved: 0, known: graph.order });
      expect(c.communities).toEqual({ kept: ids.length, added: 0, removed: 0 });
    }],
    ["a paper the last build did not have", (m) => m.delete(firstPaper), (c) => {
      expect(c.papers).toEqual({ added: 1, removed: 0 });
      expect(c.known).toBe(graph.order - 1);
    }],
    ["papers and a concept the last build had and this one has not", (m) => {
      m.set("paper:gone-1", 0).set("paper:gone-2", 0).set("method:gone", 0);
    }, (c) => {
      expect(c.papers).toEqual({ added: 0, removed: 2 });
      expect(c.concepts).toMatchObject({ added: 0, removed: 1 });
    }],
    ["new concepts of known papers, listed by papers", (m) => concepts.forEach((k) => m.delete(k)), (c) => {
      expect(c.concepts.added).toBe(concepts.length);
      const counts = c.concepts.newest.map((n) => n.papers);
      expect(counts).toEqual([...counts].sort((x, y) => y - x));
      expect(c.concepts.newest.length).toBe(Math.min(5, concepts.length));
    }],
    ["new concepts, those of new papers first", (m) => {
      m.delete(firstPaper);
      concepts.forEach((k) => m.delete(k));
    }, (c) => {
      const ofNew = new Set(graph.filterNeighbors(firstPaper, (_n, a) => a.kind === "concept"));
      expect(ofNew.size).toBeGreaterThan(0);
      const shown = Math.min(ofNew.size, 5);
      expect(c.concepts.newest.slice(0, shown).every((n) => ofNew.has(n.key) && n.newPapers === 1)).toBe(true);
      expect(c.concepts.newest.slice(shown).every((n) => n.newPapers === 0)).toBe(true);
    }],
    ["a community renumbered", (m) => {
      for (const [k, v] of m) if (v === ids[0]) m.set(k, 99);
    }, (c) => {
      expect(c.communities).toEqual({ kept: ids.length - 1, added: 1, removed: 1 });
      expect(c.moved).toBe(graph.filterNodes((_n, a) => a.community === ids[0]).length);
    }],
  ])("counts %s", (_name, edit, check) => check(changesSince(previous(edit), graph)));
});
