/**
 * Pipeline
 * ========
 *
 * Composes the pure stages after extraction: graph → communities → layout. No I/O; the CLI reads
 * inputs, runs extraction (which may use worker threads and a cache) and writes the files.
 */
import { assignCommunities, type CommunityResult } from "./communities/index.ts";
import { buildGraph } from "./graph/index.ts";
import { assignLayout } from "./layout/index.ts";
import type { GraphJson } from "./query/graph.ts";
import type { ExtractedPaper, KnowledgeGraph, Paper } from "./types.ts";

export interface PipelineOptions {
  /** Seed of Louvain and of the layout's starting scatter. Default 42. */
  seed?: number;
  /** Louvain resolution: higher gives more, smaller communities. Default 1. */
  resolution?: number;
  /** Communities with fewer papers are merged into a neighbour. Default 3. */
  minCommunitySize?: number;
  /** Concepts named by fewer papers are left out of the graph. Default 1 (see `autoMinConceptPapers`). */
  minConceptPapers?: number;
  /** ForceAtlas2 iterations; default depends on graph size. */
  layoutIterations?: number;
  /** The previous build's positions and communities (incremental builds; see `previousState`). */
  previous?: PreviousState;
  /** Called when a stage starts, for progress display. */
  onStage?: (stage: "graph" | "communities" | "layout") => void;
}

/** What an incremental build keeps from the last one. */
export interface PreviousState {
  positions: ReadonlyMap<string, readonly [number, number]>;
  communities: ReadonlyMap<string, number>;
}

/**
 * Positions and communities of a previous build, read from its `graph.json` as parsed (no graph
 * is rebuilt from it: an 80k-paper graph.json holds half a million edges we do not need here).
 */
export function previousState(json: GraphJson): PreviousState {
  const positions = new Map<string, readonly [number, number]>();
  const communities = new Map<string, number>();
  for (const { key, attributes } of json.nodes) {
    if (!attributes) continue;
    positions.set(key, [attributes.x, attributes.y]);
    communities.set(key, attributes.community);
  }
  return { positions, communities };
}

/**
 * The default `minConceptPapers` for a corpus of `papers`: every concept below 2,000 papers, then
 * concepts of 2+ papers below 20,000, then 3+. Most concepts of a big corpus are named by one
 * paper (284k of 339k on 80k arXiv abstracts): they add nodes to draw and cluster, not structure.
 */
export function autoMinConceptPapers(papers: number): number {
  if (papers < 2_000) return 1;
  return papers < 20_000 ? 2 : 3;
}

export interface PipelineResult {
  graph: KnowledgeGraph;
  communities: CommunityResult;
}

/** Builds, clusters and lays out the graph of `papers` and their extracted concepts. */
export function runPipeline(
  papers: readonly Paper[],
  extracted: readonly ExtractedPaper[],
  options: PipelineOptions = {},
): PipelineResult {
  const seed = options.seed ?? 42;
  const resolution = options.resolution ?? 1;
  options.onStage?.("graph");
  const graph = buildGraph(papers, extracted, { seed, resolution, minPapers: options.minConceptPapers ?? 1 });
  options.onStage?.("communities");
  const communities = assignCommunities(graph, {
    seed,
    resolution,
    ...(options.minCommunitySize === undefined ? {} : { minSize: options.minCommunitySize }),
    ...(options.previous ? { previous: options.previous.communities } : {}),
  });
  options.onStage?.("layout");
  assignLayout(graph, {
    seed,
    ...(options.layoutIterations === undefined ? {} : { iterations: options.layoutIterations }),
    ...(options.previous ? { previous: options.previous.positions } : {}),
  });
  return { graph, communities };
}
