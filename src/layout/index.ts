/**
 * Layout
 * ======
 *
 * Positions and sizes for the viewer and Gephi, computed once at build time:
 * 1. a deterministic start: each community gets a centre on a sunflower spiral (largest in the
 *    middle) and its nodes a seeded scatter around it, so ForceAtlas2 starts near a good answer;
 * 2. ForceAtlas2 (Jacomy et al. 2014, doi:10.1371/journal.pone.0098679) with graphology's
 *    `inferSettings`, Barnes–Hut above a few thousand nodes, and edges inside a community counted
 *    `COMMUNITY_PULL` times: without it, hub concepts (LLMs, Transformers) pull every community
 *    into one round blob (mean distance to the own community's centre was 0.33 of the distance
 *    between centres on the bundled corpus; 0.2 with a pull of 5), and the map stops showing
 *    its communities as regions; LinLog mode (Noack 2007, doi:10.7155/jgaa.00145), whose energy
 *    model separates clusters, brings it to 0.1;
 * 3. sizes by degree (square root, so hubs do not swallow the map), coordinates rounded so the
 *    files stay small and byte-stable.
 * Large graphs (more than `LARGE_GRAPH` nodes) do not get ForceAtlas2 on every node: Barnes–Hut
 * costs about 9 s per 100 iterations on 15k nodes and 80k edges here, so 100k nodes and 600k edges
 * would take minutes. Instead the *concept skeleton* is laid out: concepts named by at least two
 * papers (more when that leaves over `SKELETON_MAX`), linked by co-occurrence, each keeping its
 * strongest `SKELETON_DEGREE` links; then every
 * paper is placed at the weighted mean of its concepts (plus a small seeded offset, so papers with
 * the same concepts do not stack), and every concept of a single paper next to that paper.
 * Colours are the communities' (see `communities/`).
 */
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";

import { OptionsError } from "../errors.ts";
import type { KnowledgeGraph } from "../types.ts";
import { createRng } from "../util/rng.ts";

/** Weight factor of edges between two nodes of one community in the layout. */
const COMMUNITY_PULL = 5;

/** Layout weight of an edge: its weight, times `COMMUNITY_PULL` inside a community. */
const layoutWeight = (
  _edge: string,
  attributes: { weight: number },
  _source: string,
  _target: string,
  s: { community?: number },
  t: { community?: number },
): number => attributes.weight * (s.community === t.community && (s.community ?? -1) >= 0 ? COMMUNITY_PULL : 1);

/** Above this many nodes, the skeleton strategy replaces ForceAtlas2 on every node. */
export const LARGE_GRAPH = 20_000;
/** Most concepts in the skeleton: its ForceAtlas2 costs a few seconds at this size. */
const SKELETON_MAX = 10_000;
/** Links kept per concept in the skeleton (its strongest co-occurrences). */
const SKELETON_DEGREE = 8;

export interface LayoutOptions {
  /** ForceAtlas2 iterations; default by the size of what is laid out (see `defaultIterations`). */
  iterations?: number;
  /** Seed of the starting scatter. Default 42. */
  seed?: number;
  /** `full` runs ForceAtlas2 on every node, `skeleton` on the concept skeleton; `auto` (default) picks by size. */
  strategy?: "auto" | "full" | "skeleton";
  /**
   * Positions from the previous build (incremental builds): known nodes start where they were,
   * new ones at the mean of their known neighbours, and ForceAtlas2 runs fewer iterations the less
   * is new (see `incrementalShare`), so the map a user knows stays where it was.
   */
  previous?: ReadonlyMap<string, readonly [number, number]>;
}

/**
 * Default iteration count: enough to settle a small graph, bounded on big ones. An iteration
 * costs about O(n log n) with Barnes–Hut, so the count falls as the graph grows, to keep the
 * stage within seconds (about a million node-iterations: ~6 s here).
 */
export function defaultIterations(order: number): number {
  if (order <= 2_000) return 300;
  return Math.max(30, Math.min(150, Math.round(1_000_000 / order)));
}

/** Writes `x`, `y` and `size` on every node. Assumes `community` is set (else all start at the centre). */
export function assignLayout(graph: KnowledgeGraph, options: LayoutOptions = {}): void {
  const { iterations } = options;
  if (iterations !== undefined && (!Number.isInteger(iterations) || iterations < 0)) {
    throw new OptionsError(`layout: "iterations" must be a whole number ≥ 0, got ${iterations}`);
  }
  const rng = createRng(options.seed ?? 42);
  seedPositions(graph, rng);
  const previous = options.previous;
  if (previous && previous.size > 0) placeFromPrevious(graph, previous, rng);
  const scale = previous && previous.size > 0 ? incrementalShare(graph, previous) : 1;
  const budget = (order: number): number => {
    if (iterations !== undefined) return iterations;
    const n = Math.round(defaultIterations(order) * scale);
    return n < MIN_REFINEMENT ? 0 : n;
  };
  const strategy = options.strategy ?? "auto";
  if (strategy === "skeleton" || (strategy === "auto" && graph.order > LARGE_GRAPH)) {
    layoutSkeleton(graph, budget, rng, previous);
  } else if (graph.size > 0 && budget(graph.order) > 0) {
    const settings = forceAtlas2.inferSettings(graph);
    forceAtlas2.assign(graph, {
      iterations: budget(graph.order),
      getEdgeWeight: layoutWeight,
      settings: { ...settings, barnesHutOptimize: graph.order > 2_000, edgeWeightInfluence: 0.5, linLogMode: true },
    });
  }
  // In place: a copy of every node's attributes (an abstract, mentions…) per pass costs seconds on 100k nodes.
  graph.forEachNode((node, attributes) => {
    attributes.x = round2(attributes.x);
    attributes.y = round2(attributes.y);
    attributes.size = round2(Math.min(30, 2 + 2.2 * Math.sqrt(graph.degree(node))));
  });
}

/** Fewer ForceAtlas2 iterations than this barely move a node: an incremental build then runs none. */
const MIN_REFINEMENT = 10;

/**
 * The share of the usual iterations an incremental build runs: known nodes start where an earlier
 * layout settled them, so only what is new needs to move: four times the share of new nodes, at
 * most all. When that comes to fewer than `MIN_REFINEMENT` iterations (100k nodes of which a
 * thousand or two are new, as in a weekly update), none run: every known node stays exactly where
 * it was and the new ones are placed by their neighbours. A build without `--incremental` lays
 * everything out afresh.
 */
function incrementalShare(graph: KnowledgeGraph, previous: ReadonlyMap<string, unknown>): number {
  let fresh = 0;
  graph.forEachNode((node) => {
    if (!previous.has(node)) fresh += 1;
  });
  return Math.min(1, (4 * fresh) / Math.max(1, graph.order));
}

const round2 = (value: number): number => (Number.isFinite(value) ? Math.round(value * 100) / 100 : 0);

/** Community centres on a sunflower spiral, nodes scattered around them with a seeded rng. */
function seedPositions(graph: KnowledgeGraph, rng: () => number): void {
  const sizes = new Map<number, number>();
  graph.forEachNode((_node, { community }) => sizes.set(community, (sizes.get(community) ?? 0) + 1));
  const spread = Math.sqrt(graph.order) * 10;
  const centre = (community: number): [number, number] => {
    if (community < 0) return [0, 0];
    const golden = Math.PI * (3 - Math.sqrt(5));
    const r = spread * Math.sqrt(community + 0.5) * 0.6;
    return [r * Math.cos(community * golden), r * Math.sin(community * golden)];
  };
  graph.forEachNode((_node, attributes) => {
    const [cx, cy] = centre(attributes.community);
    // Isolated nodes (-1) get a wide ring of their own, out of the clusters' way.
    const radius = attributes.community < 0 ? spread * 1.5 : Math.sqrt(sizes.get(attributes.community) ?? 1) * 4;
    const angle = rng() * 2 * Math.PI;
    const distance = attributes.community < 0 ? radius * (1 + rng() * 0.2) : radius * Math.sqrt(rng());
    attributes.x = cx + distance * Math.cos(angle);
    attributes.y = cy + distance * Math.sin(angle);
  });
}

/** Known nodes back to their previous positions; new nodes at the mean of their known neighbours. */
function placeFromPrevious(graph: KnowledgeGraph, previous: ReadonlyMap<string, readonly [number, number]>, rng: () => number): void {
  graph.forEachNode((node, attributes) => {
    const p = previous.get(node);
    if (p) {
      attributes.x = p[0];
      attributes.y = p[1];
    }
  });
  graph.forEachNode((node) => {
    if (previous.has(node)) return;
    let x = 0, y = 0, n = 0;
    graph.forEachNeighbor(node, (neighbour) => {
      const p = previous.get(neighbour);
      if (p) { x += p[0]; y += p[1]; n += 1; }
    });
    // A small seeded offset, so new papers with the same concepts do not start on one point.
    if (n > 0) graph.mergeNodeAttributes(node, { x: x / n + (rng() - 0.5), y: y / n + (rng() - 0.5) });
  });
}

/** ForceAtlas2 on the concept co-occurrence skeleton, then papers and single-paper concepts placed from it. */
function layoutSkeleton(
  graph: KnowledgeGraph,
  budget: (order: number) => number,
  rng: () => number,
  previous?: ReadonlyMap<string, readonly [number, number]>,
): void {
  // 1. Core concepts: named by two papers or more, raising the bar until at most SKELETON_MAX remain.
  const byPapers = new Map<number, number>();
  graph.forEachNode((_node, a) => {
    if (a.kind === "concept") byPapers.set(a.paperCount, (byPapers.get(a.paperCount) ?? 0) + 1);
  });
  let threshold = 2;
  let remaining = 0;
  for (const [count, n] of byPapers) if (count >= threshold) remaining += n;
  while (remaining > SKELETON_MAX) {
    remaining -= byPapers.get(threshold) ?? 0;
    threshold += 1;
  }
  const index = new Map<string, number>();
  const core: string[] = [];
  graph.forEachNode((node, a) => {
    if (a.kind === "concept" && a.paperCount >= threshold) {
      index.set(node, core.length);
      core.push(node);
    }
  });
  // 2-3. ForceAtlas2 on the skeleton, unless an incremental build keeps the map as it was.
  const iterations = budget(core.length);
  if (iterations > 0) relaxSkeleton(graph, core, index, iterations);
  // 4. Papers at the weighted mean of their core concepts; single-paper concepts next to their paper.
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const node of core) {
    const { x, y } = graph.getNodeAttributes(node);
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const spacing = core.length ? Math.sqrt(((maxX - minX) * (maxY - minY)) / core.length) || 1 : 1;
  const scatter = (x: number, y: number, radius: number): { x: number; y: number } => {
    const angle = rng() * 2 * Math.PI;
    const r = radius * Math.sqrt(rng());
    return { x: x + r * Math.cos(angle), y: y + r * Math.sin(angle) };
  };
  // Papers and single-paper concepts of a previous build keep their places (incremental builds).
  graph.forEachNode((node, a) => {
    if (a.kind !== "paper" || previous?.has(node)) return;
    let x = 0, y = 0, w = 0;
    graph.forEachEdge(node, (_edge, { weight }, source, target) => {
      const other = source === node ? target : source;
      if (!index.has(other)) return;
      const o = graph.getNodeAttributes(other);
      x += o.x * weight; y += o.y * weight; w += weight;
    });
    // A paper with no core concept keeps its seeded place in its community.
    if (w > 0) graph.mergeNodeAttributes(node, scatter(x / w, y / w, spacing * 0.6));
  });
  graph.forEachNode((node, a) => {
    if (a.kind !== "concept" || index.has(node) || previous?.has(node)) return;
    const papers = graph.filterNeighbors(node, (_n, attributes) => attributes.kind === "paper");
    const first = papers[0];
    if (first === undefined) return;
    const p = graph.getNodeAttributes(first);
    graph.mergeNodeAttributes(node, scatter(p.x, p.y, spacing * 0.3));
  });
}

/**
 * ForceAtlas2 on the core concepts, linked by co-occurrence, each keeping its strongest
 * `SKELETON_DEGREE` links; their new positions are written back to `graph`.
 */
function relaxSkeleton(graph: KnowledgeGraph, core: readonly string[], index: ReadonlyMap<string, number>, iterations: number): void {
  // Co-occurrence counts between core concepts: every pair of core concepts of each paper as
  // one number (i * n + j, i < j) in a typed array, sorted, then counted run by run. (A Map of
  // pair counts and an array of [neighbour, count] tuples per concept cost seconds on 80k papers.)
  const n = core.length;
  let keys = new Float64Array(1 << 16);
  let used = 0;
  graph.forEachNode((node, a) => {
    if (a.kind !== "paper") return;
    const ids: number[] = [];
    graph.forEachNeighbor(node, (neighbour) => {
      const i = index.get(neighbour);
      if (i !== undefined) ids.push(i);
    });
    ids.sort((x, y) => x - y);
    const more = (ids.length * (ids.length - 1)) / 2;
    if (used + more > keys.length) {
      const grown = new Float64Array(Math.max(keys.length * 2, used + more));
      grown.set(keys.subarray(0, used));
      keys = grown;
    }
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) keys[used++] = (ids[i] ?? 0) * n + (ids[j] ?? 0);
  });
  const sorted = keys.subarray(0, used).sort();
  const pairI: number[] = [];
  const pairJ: number[] = [];
  const pairCount: number[] = [];
  for (let k = 0; k < used; ) {
    const key = sorted[k] ?? 0;
    let end = k + 1;
    while (end < used && sorted[end] === key) end++;
    pairI.push(Math.floor(key / n));
    pairJ.push(key % n);
    pairCount.push(end - k);
    k = end;
  }
  // Keep each concept's strongest links (most shared papers, then the lower index).
  const linksOf: number[][] = Array.from({ length: n }, () => []);
  for (let p = 0; p < pairI.length; p++) {
    linksOf[pairI[p] ?? 0]?.push(p);
    linksOf[pairJ[p] ?? 0]?.push(p);
  }
  const skeleton = new Graph<{ x: number; y: number; community: number }, { weight: number }>({ type: "undirected" });
  for (const node of core) {
    const a = graph.getNodeAttributes(node);
    skeleton.addNode(node, { x: a.x, y: a.y, community: a.community });
  }
  const kept = new Uint8Array(pairI.length);
  for (let i = 0; i < n; i++) {
    const other = (p: number) => (pairI[p] === i ? pairJ[p] : pairI[p]) ?? 0;
    const links = linksOf[i] ?? [];
    links.sort((p, q) => (pairCount[q] ?? 0) - (pairCount[p] ?? 0) || other(p) - other(q));
    for (const p of links.slice(0, SKELETON_DEGREE)) {
      if (kept[p]) continue;
      kept[p] = 1;
      const a = core[pairI[p] ?? 0] ?? "";
      const b = core[pairJ[p] ?? 0] ?? "";
      skeleton.addUndirectedEdgeWithKey(`${a}|${b}`, a, b, { weight: pairCount[p] ?? 0 });
    }
  }
  if (skeleton.size > 0) {
    forceAtlas2.assign(skeleton, {
      iterations,
      getEdgeWeight: layoutWeight,
      settings: { ...forceAtlas2.inferSettings(skeleton), barnesHutOptimize: skeleton.order > 2_000, edgeWeightInfluence: 0.5, linLogMode: true },
    });
  }
  skeleton.forEachNode((node, { x, y }) => graph.mergeNodeAttributes(node, { x, y }));
}
