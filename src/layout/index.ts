/**
 * Layout
 * ======
 *
 * Positions and sizes for the viewer and Gephi, computed once at build time:
 * 1. a deterministic start: each community gets a centre on a sunflower spiral (largest in the
 *    middle) and its nodes a seeded scatter around it, so ForceAtlas2 starts near a good answer;
 * 2. ForceAtlas2 (Jacomy et al. 2014, doi:10.1371/journal.pone.0098679) with graphology's
 *    `inferSettings`, Barnes–Hut above a few thousand nodes;
 * 3. sizes by degree (square root, so hubs do not swallow the map), coordinates rounded so the
 *    files stay small and byte-stable.
 * Colours are the communities' (see `communities/`).
 */
import forceAtlas2 from "graphology-layout-forceatlas2";

import { OptionsError } from "../errors.ts";
import type { KnowledgeGraph } from "../types.ts";
import { createRng } from "../util/rng.ts";

export interface LayoutOptions {
  /** ForceAtlas2 iterations; default scales down with graph size (300 small, 60 for 50k+ nodes). */
  iterations?: number;
  /** Seed of the starting scatter. Default 42. */
  seed?: number;
}

/** Default iteration count: enough to settle a small graph, bounded on big ones (cost is ~linear per iteration). */
export function defaultIterations(order: number): number {
  if (order <= 2_000) return 300;
  if (order <= 20_000) return 150;
  return 60;
}

/** Writes `x`, `y` and `size` on every node. Assumes `community` is set (else all start at the centre). */
export function assignLayout(graph: KnowledgeGraph, options: LayoutOptions = {}): void {
  const iterations = options.iterations ?? defaultIterations(graph.order);
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new OptionsError(`layout: "iterations" must be a whole number ≥ 0, got ${iterations}`);
  }
  seedPositions(graph, options.seed ?? 42);
  if (graph.size > 0 && iterations > 0) {
    const settings = forceAtlas2.inferSettings(graph);
    forceAtlas2.assign(graph, {
      iterations,
      getEdgeWeight: "weight",
      settings: { ...settings, barnesHutOptimize: graph.order > 2_000, edgeWeightInfluence: 0.5 },
    });
  }
  graph.updateEachNodeAttributes((node, attributes) => ({
    ...attributes,
    x: round2(attributes.x),
    y: round2(attributes.y),
    size: round2(Math.min(30, 2 + 2.2 * Math.sqrt(graph.degree(node)))),
  }));
}

const round2 = (value: number): number => (Number.isFinite(value) ? Math.round(value * 100) / 100 : 0);

/** Community centres on a sunflower spiral, nodes scattered around them with a seeded rng. */
function seedPositions(graph: KnowledgeGraph, seed: number): void {
  const rng = createRng(seed);
  const sizes = new Map<number, number>();
  graph.forEachNode((_node, { community }) => sizes.set(community, (sizes.get(community) ?? 0) + 1));
  const spread = Math.sqrt(graph.order) * 10;
  const centre = (community: number): [number, number] => {
    if (community < 0) return [0, 0];
    const golden = Math.PI * (3 - Math.sqrt(5));
    const r = spread * Math.sqrt(community + 0.5) * 0.6;
    return [r * Math.cos(community * golden), r * Math.sin(community * golden)];
  };
  graph.updateEachNodeAttributes((_node, attributes) => {
    const [cx, cy] = centre(attributes.community);
    // Isolated nodes (-1) get a wide ring of their own, out of the clusters' way.
    const radius = attributes.community < 0 ? spread * 1.5 : Math.sqrt(sizes.get(attributes.community) ?? 1) * 4;
    const angle = rng() * 2 * Math.PI;
    const distance = attributes.community < 0 ? radius * (1 + rng() * 0.2) : radius * Math.sqrt(rng());
    return { ...attributes, x: cx + distance * Math.cos(angle), y: cy + distance * Math.sin(angle) };
  });
}
