/**
 * GEXF writer
 * ===========
 *
 * GEXF 1.3 (gexf.net/schema.html) for Gephi, Gephi Lite, networkx and graphology-gexf, written as a
 * stream of chunks. We write it ourselves rather than with graphology-gexf's writer because that
 * one builds the document through xml-writer, which took 15.6 s and most of a 4 GB budget on a
 * 10k-paper graph (63k nodes, 117k edges) here; this one writes the same document in about a
 * second and never holds more than a chunk beyond the graph.
 * - Node attributes have a declared type (integer, string, liststring); lists are written the way
 *   GEXF 1.3 readers parse them: `["a", "b"]`.
 * - Colours are written as `r`/`g`/`b` (networkx does not read 1.3's `hex`), never with alpha.
 * - Text goes through `xml.ts`: characters XML 1.0 forbids are dropped, so a hostile abstract
 *   cannot make the file unreadable, and an abstract's newlines survive the round trip.
 */
import type { EdgeAttributes, NodeAttributes } from "../types.ts";
import { xmlAttr, xmlText } from "./xml.ts";

type GexfType = "string" | "integer" | "double" | "boolean" | "liststring";
type Value = string | number | boolean | string[];

/** The graph-level facts written into `<meta><description>`. */
export interface GexfMeta {
  description: string;
}

/** What the writer needs of a graph: graphology's iterators (so the document streams). */
export interface GexfSource<N, E> {
  forEachNode(callback: (key: string, attributes: N) => void): void;
  forEachEdge(callback: (key: string, attributes: E, source: string, target: string) => void): void;
  nodeEntries(): IterableIterator<{ node: string; attributes: N }>;
  edgeEntries(): IterableIterator<{ edge: string; attributes: E; source: string; target: string }>;
  type: string;
}

function typeOf(value: Value): GexfType {
  if (Array.isArray(value)) return "liststring";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? "integer" : "double";
  return "string";
}

/** Widens a declared type when a later value needs it (integer → double; anything → string). */
function widen(a: GexfType | undefined, b: GexfType): GexfType {
  if (a === undefined || a === b) return b;
  if ((a === "integer" && b === "double") || (a === "double" && b === "integer")) return "double";
  return "string";
}

function valueText(type: GexfType, value: Value): string {
  if (type === "liststring") return `[${(Array.isArray(value) ? value : [String(value)]).map((v) => JSON.stringify(v)).join(", ")}]`;
  return Array.isArray(value) ? value.join(", ") : String(value);
}

const num = (x: number): string => (Number.isFinite(x) ? String(x) : "0");

function rgb(color: string): string {
  const n = Number.parseInt(color.slice(1, 7), 16) || 0;
  return `r="${(n >> 16) & 255}" g="${(n >> 8) & 255}" b="${n & 255}"`;
}

/** The attributes a node shows in Gephi's data table (positions, size and colour go to `viz`). */
export function gexfNodeAttributes(a: NodeAttributes): Record<string, Value> {
  const common = { kind: a.kind, community: a.community, communityLabel: a.communityLabel };
  if (a.kind === "paper") {
    return {
      ...common,
      title: a.title,
      date: a.date,
      year: a.year,
      authorCount: Array.isArray(a.authors) ? a.authors.length : a.authors,
      ...(Array.isArray(a.authors) && a.authors.length ? { authors: a.authors } : {}),
      ...(a.organisation ? { organisation: a.organisation } : {}),
      url: a.url,
      sources: a.sources,
      abstract: a.abstract,
    };
  }
  return {
    ...common,
    type: a.type,
    ...(a.aliases.length ? { aliases: a.aliases } : {}),
    paperCount: a.paperCount,
    mentionCount: a.mentionCount,
    parent: a.parent,
  };
}

/** Scalar edge attributes besides `weight` (e.g. `relation`, and `pmi`/`npmi` on projections). */
function edgeAttributes(e: Record<string, unknown>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === "weight") continue;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
  }
  return out;
}

/**
 * The GEXF document as chunks of text, in graph order (so byte-stable for a stable graph).
 * Two passes over the graph: one to declare the attribute types, one to write.
 */
export function* gexfChunks<N extends NodeAttributes, E extends Partial<EdgeAttributes>>(
  graph: GexfSource<N, E>,
  meta: GexfMeta,
): Generator<string> {
  const nodeTypes = new Map<string, GexfType>();
  const edgeTypes = new Map<string, GexfType>();
  graph.forEachNode((_key, a) => {
    for (const [k, v] of Object.entries(gexfNodeAttributes(a))) nodeTypes.set(k, widen(nodeTypes.get(k), typeOf(v)));
  });
  graph.forEachEdge((_key, a) => {
    for (const [k, v] of Object.entries(edgeAttributes(a as Record<string, unknown>))) edgeTypes.set(k, widen(edgeTypes.get(k), typeOf(v)));
  });
  const declare = (cls: string, types: Map<string, GexfType>): string =>
    `    <attributes class="${cls}">\n${[...types]
      .map(([id, type]) => `      <attribute id="${xmlAttr(id)}" title="${xmlAttr(id)}" type="${type}"/>\n`)
      .join("")}    </attributes>\n`;
  const attvalues = (values: Record<string, Value>, types: Map<string, GexfType>): string => {
    let out = "";
    for (const [k, v] of Object.entries(values)) {
      if (v === "" || (Array.isArray(v) && v.length === 0)) continue;
      out += `          <attvalue for="${xmlAttr(k)}" value="${xmlAttr(valueText(types.get(k) ?? "string", v))}"/>\n`;
    }
    return out ? `        <attvalues>\n${out}        </attvalues>\n` : "";
  };

  yield '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n' +
    `  <meta>\n    <creator>papergraph</creator>\n    <description>${xmlText(meta.description)}</description>\n  </meta>\n` +
    `  <graph defaultedgetype="${graph.type === "directed" ? "directed" : "undirected"}" mode="static">\n` +
    declare("node", nodeTypes) +
    declare("edge", edgeTypes) +
    "    <nodes>\n";

  // Chunks of about 1 MB: few writes, little held at once.
  let chunk = "";
  for (const { node: key, attributes: a } of graph.nodeEntries()) {
    chunk +=
      `      <node id="${xmlAttr(key)}" label="${xmlAttr(a.label)}">\n` +
      attvalues(gexfNodeAttributes(a), nodeTypes) +
      `        <viz:color ${rgb(a.color)}/>\n` +
      `        <viz:size value="${num(a.size)}"/>\n` +
      `        <viz:position x="${num(a.x)}" y="${num(a.y)}" z="0"/>\n` +
      "      </node>\n";
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  chunk += "    </nodes>\n    <edges>\n";
  for (const { edge: key, attributes: a, source, target } of graph.edgeEntries()) {
    const weight = typeof a.weight === "number" ? ` weight="${num(a.weight)}"` : "";
    const attrs = attvalues(edgeAttributes(a as Record<string, unknown>), edgeTypes);
    const open = `      <edge id="${xmlAttr(key)}" source="${xmlAttr(source)}" target="${xmlAttr(target)}"${weight}`;
    chunk += attrs ? `${open}>\n${attrs}      </edge>\n` : `${open}/>\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  yield `${chunk}    </edges>\n  </graph>\n</gexf>\n`;
}
