/**
 * GraphML export
 * ==============
 *
 * `graph.graphml` for networkx (`nx.read_graphml`), igraph (`Graph.Read_GraphML`), Gephi and
 * yEd: every attribute a typed `<key>` (`attr.type` int, double, boolean or string; lists joined
 * with "; ", see `flatten.ts`), nodes and edges under their graph keys (`method:lora`,
 * `paper:2306.00978->method:lora`), scalar graph attributes as graph-level `<data>`, and the node
 * colour also as `r`, `g`, `b` ints, which Gephi's GraphML importer reads as the node colour.
 * Pure: a string out, writing it is the build's job. graphology-graphml (our test's reader) has
 * no writer, hence this one.
 */
import type { AbstractGraph, Attributes } from "graphology-types";

import { cellText, flattenAttributes, inferColumns } from "./flatten.ts";
import { xmlAttr, xmlText } from "./xml.ts";
import type { Column, Scalar } from "./flatten.ts";

/** `#1f77b4` → `{ r: 31, g: 119, b: 180 }`; anything else (no colour, `rgba(…)`) → nothing. */
function rgbOf(color: unknown): Record<string, number> {
  if (typeof color !== "string" || !/^#[0-9a-f]{6}$/i.test(color)) return {};
  const n = Number.parseInt(color.slice(1), 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

function keyElements(scope: "graph" | "node" | "edge", prefix: string, columns: Column[]): string[] {
  return columns.map(
    (c) => `  <key id="${prefix}${xmlAttr(c.name)}" for="${scope}" attr.name="${xmlAttr(c.name)}" attr.type="${c.type}"/>`,
  );
}

function dataElements(indent: string, prefix: string, columns: Column[], values: Record<string, Scalar>): string[] {
  const lines: string[] = [];
  for (const c of columns) {
    const value = values[c.name];
    if (value === undefined) continue;
    lines.push(`${indent}<data key="${prefix}${xmlAttr(c.name)}">${xmlText(cellText(value))}</data>`);
  }
  return lines;
}

/**
 * GraphML 1.0 of a graph (undirected for ours; mixed graphs mark each edge `directed`).
 *
 * @example
 * writeFileSync("output/graph.graphml", toGraphml(graph));
 * // python: nx.read_graphml("output/graph.graphml").nodes["method:lora"]["paperCount"] → 3
 */
export function toGraphml(graph: AbstractGraph<Attributes, Attributes, Attributes>): string {
  const nodeRows = new Map<string, Record<string, Scalar>>();
  graph.forEachNode((key, attributes) => {
    nodeRows.set(key, { ...flattenAttributes(attributes), ...rgbOf(attributes["color"]) });
  });
  const edgeRows = new Map<string, Record<string, Scalar>>();
  graph.forEachEdge((key, attributes) => {
    edgeRows.set(key, flattenAttributes(attributes));
  });
  const graphRow = flattenAttributes(graph.getAttributes());
  const graphColumns = inferColumns([graphRow]);
  const nodeColumns = inferColumns(nodeRows.values());
  const edgeColumns = inferColumns(edgeRows.values());
  const edgeDefault = graph.type === "directed" ? "directed" : "undirected";

  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">`,
    ...keyElements("graph", "g_", graphColumns),
    ...keyElements("node", "n_", nodeColumns),
    ...keyElements("edge", "e_", edgeColumns),
    `  <graph id="papergraph" edgedefault="${edgeDefault}">`,
    // Graph-level data first: readers (graphology-graphml among them) stop looking at the first node.
    ...dataElements("    ", "g_", graphColumns, graphRow),
  ];
  for (const [key, row] of nodeRows) {
    out.push(`    <node id="${xmlAttr(key)}">`, ...dataElements("      ", "n_", nodeColumns, row), `    </node>`);
  }
  graph.forEachEdge((key, _attributes, source, target, _s, _t, undirected) => {
    const directed = graph.type === "mixed" ? ` directed="${undirected ? "false" : "true"}"` : "";
    out.push(
      `    <edge id="${xmlAttr(key)}" source="${xmlAttr(source)}" target="${xmlAttr(target)}"${directed}>`,
      ...dataElements("      ", "e_", edgeColumns, edgeRows.get(key)!),
      `    </edge>`,
    );
  });
  out.push(`  </graph>`, `</graphml>`, "");
  return out.join("\n");
}
