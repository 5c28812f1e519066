/**
 * Graph from JSON
 * ===============
 *
 * Turns parsed `graph.json` (graphology's `graph.export()`, see CONTRACT.md) into a graphology
 * graph, after checking that it is one: the right `schemaVersion`, nodes with a `kind` and a
 * `label`, edges between known nodes. No file reading here (that is `load.ts`), so the viewer can
 * use it too.
 */
import Graph from "graphology";
import type { SerializedGraph } from "graphology-types";

import { InputError } from "../errors.ts";
import { useHashTableAdjacency } from "../graph/adjacency.ts";
import { SCHEMA_VERSION } from "../types.ts";
import type { EdgeAttributes, GraphAttributes, KnowledgeGraph, NodeAttributes } from "../types.ts";

/** `graph.json` as graphology serialises our graph. */
export type GraphJson = SerializedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks the shape of parsed `graph.json` and returns the reason it is not one, or `undefined`.
 * Checks what queries rely on, not every attribute: `{attributes: {schemaVersion: 1}, nodes:
 * [{key: "method:lora", attributes: {kind: "concept", label: "LoRA", …}}], edges: [...]}`.
 */
export function graphJsonProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return "expected a JSON object (graphology's graph.export())";
  const attributes = value["attributes"];
  if (!isRecord(attributes) || attributes["schemaVersion"] === undefined)
    return "no schemaVersion in the graph attributes; is this a papergraph graph.json?";
  if (attributes["schemaVersion"] !== SCHEMA_VERSION)
    return `schemaVersion ${JSON.stringify(attributes["schemaVersion"])} is not supported (expected ${SCHEMA_VERSION}); rebuild the graph with this version of papergraph`;
  const nodes = value["nodes"];
  const edges = value["edges"];
  if (!Array.isArray(nodes)) return "expected a nodes array";
  if (!Array.isArray(edges)) return "expected an edges array";
  for (const [i, node] of nodes.entries()) {
    if (!isRecord(node) || typeof node["key"] !== "string") return `nodes[${i}]: expected {key, attributes}`;
    const attrs = node["attributes"];
    if (!isRecord(attrs) || (attrs["kind"] !== "paper" && attrs["kind"] !== "concept"))
      return `node ${node["key"]}: expected kind "paper" or "concept"`;
    if (typeof attrs["label"] !== "string") return `node ${node["key"]}: expected a string label`;
  }
  for (const [i, edge] of edges.entries()) {
    if (!isRecord(edge) || typeof edge["source"] !== "string" || typeof edge["target"] !== "string")
      return `edges[${i}]: expected {source, target, attributes}`;
  }
  return undefined;
}

/**
 * Builds the graph from parsed `graph.json`.
 *
 * @example
 * const graph = graphFromJson(await (await fetch("./graph.json")).json(), "graph.json");
 * @param source Where the JSON came from, for error messages (a file name or URL).
 * @throws InputError when the value is not a papergraph graph of this schema version.
 */
export function graphFromJson(value: unknown, source = "<graph object>"): KnowledgeGraph {
  const problem = graphJsonProblem(value);
  if (problem) throw new InputError(problem, source);
  const { options, attributes, nodes, edges } = value as GraphJson;
  try {
    // `Graph.from`, with the build's neighbour tables (see `useHashTableAdjacency`) made before
    // the edges go in: loading an 80k-paper graph.json spent more time on graphology's plain-object
    // tables than on parsing the JSON
    const graph: KnowledgeGraph = new Graph(options);
    graph.import({ attributes, nodes });
    useHashTableAdjacency(graph);
    return graph.import({ edges });
  } catch (error) {
    // graphology refuses edges to missing nodes or duplicate keys: still bad input, not a bug.
    throw new InputError(error instanceof Error ? error.message : String(error), source);
  }
}
