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
import type { ExtractedPaper, KnowledgeGraph, Paper } from "./types.ts";

export interface PipelineOptions {
  /** Seed of Louvain and of the layout's starting scatter. Default 42. */
  seed?: number;
  /** Louvain resolution: higher gives more, smaller communities. Default 1. */
  resolution?: number;
  /** Communities with fewer papers are merged into a neighbour. Default 3. */
  minCommunitySize?: number;
  /** ForceAtlas2 iterations; default depends on graph size. */
  layoutIterations?: number;
  /** Called when a stage starts, for progress display. */
  onStage?: (stage: "graph" | "communities" | "layout") => void;
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
  const graph = buildGraph(papers, extracted, { seed, resolution });
  options.onStage?.("communities");
  const communities = assignCommunities(graph, {
    seed,
    resolution,
    ...(options.minCommunitySize === undefined ? {} : { minSize: options.minCommunitySize }),
  });
  options.onStage?.("layout");
  assignLayout(graph, { seed, ...(options.layoutIterations === undefined ? {} : { iterations: options.layoutIterations }) });
  return { graph, communities };
}
