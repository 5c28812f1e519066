/**
 * Pipeline
 * ========
 *
 * Composes the pure stages after extraction: graph → communities → layout. No I/O; the CLI reads
 * inputs, runs extraction (which may use worker threads and a cache) and writes the files.
 */
import { assignCommunities, readableName, type CommunityResult } from "./communities/index.ts";
import { SLOTS, type Written } from "./export/reuse.ts";
import { buildGraph, paperKey } from "./graph/index.ts";
import { assignLayout } from "./layout/index.ts";
import type { GraphJson } from "./query/graph.ts";
import type { BuildChanges, ExtractedPaper, KnowledgeGraph, Paper } from "./types.ts";

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
  /** What it recorded of the files it wrote, to reuse their bytes (the state file has it). */
  written?: { index: ReadonlyMap<string, number>; written: Written };
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

/** Where a build leaves its state for the next `--incremental` one, inside the output folder. */
export const STATE_FILE = ".cache/state.json";
const STATE_VERSION = 2;

/**
 * The state an incremental build starts from, as a small file of columns (keys, x, y, community,
 * and what `written` recorded of the files: a signature and spans per node): about 15 MB for an
 * 80k-paper build, where finding the positions in its graph.json meant parsing 300 MB.
 */
export function encodeState(graph: KnowledgeGraph, written?: Written): string {
  const nodes: string[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const community: number[] = [];
  graph.forEachNode((key, a) => {
    nodes.push(key);
    x.push(a.x);
    y.push(a.y);
    community.push(a.community);
  });
  return `${JSON.stringify({ version: STATE_VERSION, nodes, x, y, community, ...(written ? { written } : {}) })}\n`;
}

/** `written` of a state, if it has the shape `recordWritten` gives for `count` nodes. */
function writtenOf(value: unknown, count: number): Written | undefined {
  const { code, signatures, files } = (value ?? {}) as Record<string, unknown>;
  if (typeof code !== "string" || !Array.isArray(signatures) || signatures.length !== count) return undefined;
  if (!signatures.every((s) => typeof s === "string") || typeof files !== "object" || files === null) return undefined;
  for (const file of Object.values(files)) {
    const { size, mtimeMs, header, offsets } = (file ?? {}) as Record<string, unknown>;
    if (typeof size !== "number" || typeof mtimeMs !== "number" || typeof header !== "string") return undefined;
    if (!Array.isArray(offsets) || offsets.length !== count * SLOTS || !offsets.every((o) => typeof o === "number")) return undefined;
  }
  return { code, signatures: signatures as string[], files: files as Written["files"] };
}

/** The state of `encodeState`, or undefined for text of another version or shape (the caller falls back). */
export function decodeState(text: string): PreviousState | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { version, nodes, x, y, community, written } = (value ?? {}) as Record<string, unknown>;
  if ((version !== STATE_VERSION && version !== 1) || !Array.isArray(nodes) || !Array.isArray(x) || !Array.isArray(y) || !Array.isArray(community)) return undefined;
  if (x.length !== nodes.length || y.length !== nodes.length || community.length !== nodes.length) return undefined;
  const positions = new Map<string, readonly [number, number]>();
  const communities = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) {
    const key = nodes[i], xi = x[i], yi = y[i], c = community[i];
    if (typeof key !== "string" || typeof xi !== "number" || typeof yi !== "number" || !Number.isInteger(c)) return undefined;
    positions.set(key, [xi, yi]);
    communities.set(key, c as number);
  }
  // A state without what was written (version 1, or damaged there) still places the map.
  const files = writtenOf(written, nodes.length);
  if (!files || positions.size !== nodes.length) return { positions, communities };
  return { positions, communities, written: { index: new Map((nodes as string[]).map((key, i) => [key, i])), written: files } };
}

/** The changes from `previous` (the state an incremental build started from) to `graph`, once its communities are assigned. */
export function changesSince(previous: PreviousState, graph: KnowledgeGraph): BuildChanges {
  const changes: BuildChanges = {
    papers: { added: 0, removed: 0 },
    concepts: { added: 0, removed: 0, newest: [] },
    communities: { kept: 0, added: 0, removed: 0 },
    known: 0,
    moved: 0,
  };
  const addedPapers = new Set<string>();
  const addedConcepts: string[] = [];
  graph.forEachNode((key, a) => {
    const was = previous.communities.get(key);
    if (was !== undefined) {
      changes.known += 1;
      if (was !== a.community) changes.moved += 1;
    } else if (a.kind === "paper") addedPapers.add(key);
    else addedConcepts.push(key);
  });
  changes.papers.added = addedPapers.size;
  changes.concepts.added = addedConcepts.length;
  const paper = paperKey("");
  for (const key of previous.communities.keys()) {
    if (graph.hasNode(key)) continue;
    if (key.startsWith(paper)) changes.papers.removed += 1;
    else changes.concepts.removed += 1;
  }
  // A concept new to the graph may be new in the corpus, or an older one that crossed
  // `minConceptPapers` or that resolves to another id now: the new papers tell them apart.
  const newest = addedConcepts.map((key) => {
    const a = graph.getNodeAttributes(key);
    let newPapers = 0;
    graph.forEachNeighbor(key, (neighbour) => {
      if (addedPapers.has(neighbour)) newPapers += 1;
    });
    // an acronym by its long form, as community names read it ("FSO" → "free-space optical")
    return { key, label: readableName(a) ?? a.label, papers: a.kind === "concept" ? a.paperCount : 0, newPapers };
  });
  changes.concepts.newest = newest
    .sort((x, y) => y.newPapers - x.newPapers || y.papers - x.papers || (x.label < y.label ? -1 : 1))
    .slice(0, 5);
  const before = new Set([...previous.communities.values()].filter((c) => c >= 0));
  const now = new Set(graph.getAttribute("communities").map((c) => c.id));
  for (const id of now) changes.communities[before.has(id) ? "kept" : "added"] += 1;
  for (const id of before) if (!now.has(id)) changes.communities.removed += 1;
  return changes;
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
  options.onStage?.("graph");
  const graph = buildGraph(papers, extracted, { seed: options.seed ?? 42, resolution: options.resolution ?? 1, minPapers: options.minConceptPapers ?? 1 });
  return clusterAndLayout(graph, options);
}

/**
 * The stages after `buildGraph`: communities, then layout. Apart from `runPipeline` so a caller
 * can let go of the papers and extractions (hundreds of MB on a big corpus) before they run.
 */
export function clusterAndLayout(graph: KnowledgeGraph, options: Omit<PipelineOptions, "minConceptPapers"> = {}): PipelineResult {
  const seed = options.seed ?? 42;
  options.onStage?.("communities");
  const communities = assignCommunities(graph, {
    seed,
    resolution: options.resolution ?? 1,
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
