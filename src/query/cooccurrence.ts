/**
 * Concept co-occurrence projection
 * ================================
 *
 * The concept–concept graph that VOSviewer-style maps show: one node per concept (its attributes
 * copied from the paper–concept graph, positions and communities included), one edge per pair of
 * concepts that share at least `minWeight` papers, weighted by the number of shared papers and
 * carrying the association scores (PMI, NPMI; see `association.ts`). Papers themselves are dropped;
 * `variant` links are not co-occurrence and are left out. Pure: returns a new graph.
 */
import { UndirectedGraph } from "graphology";
import type { AbstractGraph } from "graphology-types";

import { OptionsError } from "../errors.ts";
import { SCHEMA_VERSION } from "../types.ts";
import type { CommunitySummary, ConceptNodeAttributes, KnowledgeGraph } from "../types.ts";
import { association } from "./association.ts";

export interface CooccurrenceOptions {
  /** Fewest shared papers for an edge. Default 1 (every co-occurring pair). */
  minWeight?: number;
}

/** A concept–concept edge: key `<a>-><b>` with `a < b`. */
export interface CooccurrenceEdgeAttributes {
  /** Papers that mention both concepts. */
  weight: number;
  relation: "cooccurrence";
  /** ln(P(a,b) / (P(a) P(b))) over papers. */
  pmi: number;
  /** PMI normalised to [-1, 1]. */
  npmi: number;
}

export interface CooccurrenceGraphAttributes {
  schemaVersion: number;
  projection: "concepts";
  /** Papers in the source graph (the universe of the association scores). */
  papers: number;
  concepts: number;
  edges: number;
  minWeight: number;
  communities: CommunitySummary[];
}

export type CooccurrenceGraph = AbstractGraph<
  ConceptNodeAttributes,
  CooccurrenceEdgeAttributes,
  CooccurrenceGraphAttributes
>;

/**
 * Projects the paper–concept graph onto concepts.
 *
 * @example
 * const concepts = buildCooccurrence(graph, { minWeight: 2 });
 * concepts.getEdgeAttributes("method:awq->model:llama"); // { weight: 2, relation: "cooccurrence", pmi: 1.25, npmi: 1 }
 * @throws OptionsError when minWeight is not a positive integer.
 */
export function buildCooccurrence(graph: KnowledgeGraph, options: CooccurrenceOptions = {}): CooccurrenceGraph {
  const minWeight = options.minWeight ?? 1;
  if (!Number.isInteger(minWeight) || minWeight < 1)
    throw new OptionsError(`minWeight: expected an integer >= 1, got ${minWeight}`);

  const out: CooccurrenceGraph = new UndirectedGraph<
    ConceptNodeAttributes,
    CooccurrenceEdgeAttributes,
    CooccurrenceGraphAttributes
  >();
  const paperCount = new Map<string, number>();
  let papers = 0;
  graph.forEachNode((key, attrs) => {
    if (attrs.kind === "concept") {
      out.addNode(key, { ...attrs });
      paperCount.set(key, 0);
    } else papers++;
  });

  // Pair counts, walking each paper's concepts once: "a\u0000b" with a < b → shared papers.
  const pairs = new Map<string, number>();
  graph.forEachNode((paper, attrs) => {
    if (attrs.kind !== "paper") return;
    const concepts = new Set<string>();
    graph.forEachEdge(paper, (_edge, edgeAttrs, source, target) => {
      const other = source === paper ? target : source;
      if (edgeAttrs.relation === "mention" && paperCount.has(other)) concepts.add(other);
    });
    const sorted = [...concepts].sort();
    for (const [i, a] of sorted.entries()) {
      paperCount.set(a, paperCount.get(a)! + 1);
      for (const b of sorted.slice(i + 1)) {
        const pair = `${a}\u0000${b}`;
        pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
      }
    }
  });

  // Sorted insertion: the same graph gives the same edge order, so byte-identical exports.
  for (const pair of [...pairs.keys()].sort()) {
    const shared = pairs.get(pair)!;
    if (shared < minWeight) continue;
    const [a, b] = pair.split("\u0000") as [string, string];
    const { pmi, npmi } = association(shared, paperCount.get(a)!, paperCount.get(b)!, papers);
    out.addUndirectedEdgeWithKey(`${a}->${b}`, a, b, { weight: shared, relation: "cooccurrence", pmi, npmi });
  }
  const communities = graph.getAttribute("communities");
  out.replaceAttributes({
    schemaVersion: SCHEMA_VERSION,
    projection: "concepts",
    papers,
    concepts: out.order,
    edges: out.size,
    minWeight,
    communities: Array.isArray(communities) ? communities : [],
  });
  return out;
}
