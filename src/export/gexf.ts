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
 * - Text is XML-escaped, and characters XML 1.0 forbids (control characters, lone surrogates)
 *   are dropped, so a hostile abstract cannot make the file unreadable.
 */
import type { EdgeAttributes, NodeAttributes } from "../types.ts";

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

// XML 1.0 allows tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and supplementary characters (as pairs).
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ESCAPE = /[&<>"]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

// Anything either rule above could touch; most labels and abstracts have none of it.
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[\u0000-\u001f&<>"\ud800-\udfff\ufffe\uffff]/;

/** Text safe for an XML attribute value. */
export function xmlText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(INVALID_XML, "").replace(ESCAPE, (c) => ENTITIES[c] ?? c);
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
      .map(([id, type]) => `      <attribute id="${xmlText(id)}" title="${xmlText(id)}" type="${type}"/>\n`)
      .join("")}    </attributes>\n`;
  const attvalues = (values: Record<string, Value>, types: Map<string, GexfType>): string => {
    let out = "";
    for (const [k, v] of Object.entries(values)) {
      if (v === "" || (Array.isArray(v) && v.length === 0)) continue;
      out += `          <attvalue for="${xmlText(k)}" value="${xmlText(valueText(types.get(k) ?? "string", v))}"/>\n`;
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
      `      <node id="${xmlText(key)}" label="${xmlText(a.label)}">\n` +
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
    const open = `      <edge id="${xmlText(key)}" source="${xmlText(source)}" target="${xmlText(target)}"${weight}`;
    chunk += attrs ? `${open}>\n${attrs}      </edge>\n` : `${open}/>\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  yield `${chunk}    </edges>\n  </graph>\n</gexf>\n`;
}
