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
import { edgeRuns, SLOTS, type EdgeSource, type FileReuse, type Piece } from "./reuse.ts";
import { xmlAttr, xmlText } from "./xml.ts";

type GexfType = "string" | "integer" | "double" | "boolean" | "liststring";
type Value = string | number | boolean | string[];

/** The graph-level facts written into `<meta><description>`. */
export interface GexfMeta {
  description: string;
}

/** What the writer needs of a graph: graphology's iterators (so the document streams). */
export interface GexfSource<N, E> extends EdgeSource<E> {
  forEachNode(callback: (key: string, attributes: N) => void): void;
  nodeEntries(): IterableIterator<{ node: string; attributes: N }>;
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

/** Called with each attribute of a node or edge, in document order. */
type Visit = (key: string, value: Value) => void;

/**
 * The attributes a node shows in Gephi's data table (positions, size and colour go to `viz`),
 * handed to `visit` one by one: both passes over 100k+ nodes use it, and building an object per
 * node per pass was a third of the writer's time.
 */
function forEachNodeAttribute(a: NodeAttributes, visit: Visit): void {
  forEachHeadAttribute(a, visit);
  forEachBodyAttribute(a, visit);
}

/** The attributes that come before a node's static part. */
function forEachHeadAttribute(a: NodeAttributes, visit: Visit): void {
  visit("kind", a.kind);
  visit("community", a.community);
  visit("communityLabel", a.communityLabel);
}

/** The rest: for a paper, its static part (see `reuse.ts`). */
function forEachBodyAttribute(a: NodeAttributes, visit: Visit): void {
  if (a.kind === "paper") {
    visit("title", a.title);
    visit("date", a.date);
    visit("year", a.year);
    visit("authorCount", Array.isArray(a.authors) ? a.authors.length : a.authors);
    if (Array.isArray(a.authors) && a.authors.length) visit("authors", a.authors);
    if (a.organisation) visit("organisation", a.organisation);
    visit("url", a.url);
    visit("sources", a.sources);
    visit("abstract", a.abstract);
    return;
  }
  visit("type", a.type);
  if (a.aliases.length) visit("aliases", a.aliases);
  visit("paperCount", a.paperCount);
  visit("mentionCount", a.mentionCount);
  visit("parent", a.parent);
}

/** Scalar edge attributes besides `weight` (e.g. `relation`, and `pmi`/`npmi` on projections). */
function forEachEdgeAttribute(e: Record<string, unknown>, visit: Visit): void {
  for (const k of Object.keys(e)) {
    const v = e[k];
    if (k !== "weight" && (typeof v === "string" || typeof v === "number" || typeof v === "boolean")) visit(k, v);
  }
}

/** A visitor that widens each attribute's declared type to what its values need. */
function declareInto(types: Map<string, GexfType>): Visit {
  return (key, value) => {
    const type = typeOf(value);
    const declared = types.get(key);
    if (declared !== type) types.set(key, widen(declared, type));
  };
}

function declarations(cls: string, types: Map<string, GexfType>): string {
  let out = `    <attributes class="${cls}">\n`;
  for (const [id, type] of types) out += `      <attribute id="${xmlAttr(id)}" title="${xmlAttr(id)}" type="${type}"/>\n`;
  return `${out}    </attributes>\n`;
}

/** A declared attribute, with the start of its `<attvalue>` escaped once rather than per value. */
interface Column {
  type: GexfType;
  open: string;
}

const ATTVALUE = '          <attvalue for="';
const column = (key: string, type: GexfType): Column => ({ type, open: `${ATTVALUE}${xmlAttr(key)}" value="` });

/** One `<attvalue>` line, or "" for an empty value. Numbers need no escaping, and get none. */
function attvalue(c: Column, value: Value): string {
  if (value === "" || (Array.isArray(value) && value.length === 0)) return "";
  const text = typeof value === "number" && c.type !== "liststring" ? String(value) : xmlAttr(valueText(c.type, value));
  return `${c.open}${text}"/>\n`;
}

/**
 * The GEXF document as chunks of text, in graph order (so byte-stable for a stable graph).
 * Two passes over the graph: one to declare the attribute types, one to write. With `reuse`, the
 * pieces also mark each paper's spans and copy those of the last build that still hold (see
 * `reuse.ts`).
 */
export function gexfChunks<N extends NodeAttributes, E extends Partial<EdgeAttributes>>(graph: GexfSource<N, E>, meta: GexfMeta): Generator<string>;
export function gexfChunks<N extends NodeAttributes, E extends Partial<EdgeAttributes>>(
  graph: GexfSource<N, E>,
  meta: GexfMeta,
  reuse: FileReuse,
): Generator<Piece>;
export function* gexfChunks<N extends NodeAttributes, E extends Partial<EdgeAttributes>>(
  graph: GexfSource<N, E>,
  meta: GexfMeta,
  reuse?: FileReuse,
): Generator<Piece> {
  const nodeTypes = new Map<string, GexfType>();
  const edgeTypes = new Map<string, GexfType>();
  const declareNode = declareInto(nodeTypes);
  const declareEdge = declareInto(edgeTypes);
  graph.forEachNode((_key, a) => forEachNodeAttribute(a, declareNode));
  if (reuse) for (const a of reuse.edges(graph).attributes) forEachEdgeAttribute(a as Record<string, unknown>, declareEdge);
  else graph.forEachEdge((_key, a) => forEachEdgeAttribute(a as Record<string, unknown>, declareEdge));
  const nodeColumns = new Map([...nodeTypes].map(([key, type]) => [key, column(key, type)]));
  const edgeColumns = new Map([...edgeTypes].map(([key, type]) => [key, column(key, type)]));
  // The visitors of the write pass append to `values`.
  let values = "";
  const writeNode: Visit = (key, value) => (values += attvalue(nodeColumns.get(key) ?? column(key, "string"), value));
  const writeEdge: Visit = (key, value) => (values += attvalue(edgeColumns.get(key) ?? column(key, "string"), value));
  const attvalues = (): string => (values ? `        <attvalues>\n${values}        </attvalues>\n` : "");
  const declared = declarations("node", nodeTypes) + declarations("edge", edgeTypes);
  // The same values are written the same way only under the same declarations.
  if (reuse) {
    reuse.header = declared;
    if (reuse.previous?.header !== declared) reuse.previous?.close();
  }

  yield '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n' +
    `  <meta>\n    <creator>papergraph</creator>\n    <description>${xmlText(meta.description)}</description>\n  </meta>\n` +
    `  <graph defaultedgetype="${graph.type === "directed" ? "directed" : "undirected"}" mode="static">\n` +
    declared +
    "    <nodes>\n";

  // Chunks of about 1 MB: few writes, little held at once.
  let chunk = "";
  let i = -1;
  for (const { node: key, attributes: a } of graph.nodeEntries()) {
    i++;
    values = "";
    const open = `      <node id="${xmlAttr(key)}" label="${xmlAttr(a.label)}">\n`;
    const viz =
      `        <viz:color ${rgb(a.color)}/>\n` +
      `        <viz:size value="${num(a.size)}"/>\n` +
      `        <viz:position x="${num(a.x)}" y="${num(a.y)}" z="0"/>\n` +
      "      </node>\n";
    const signature = reuse?.signatures[i] ?? "";
    if (signature !== "") {
      // a paper: the values after its head are its static part, copied when the last build's still hold
      forEachHeadAttribute(a, writeNode);
      const head = values;
      values = "";
      const bytes = reuse?.previous?.check(reuse.previous.span(key, signature, 0), ATTVALUE);
      if (bytes) reuse!.copied++;
      else forEachBodyAttribute(a, writeNode);
      yield `${chunk}${open}        <attvalues>\n${head}`;
      yield i * SLOTS;
      yield bytes ?? values;
      yield i * SLOTS + 1;
      chunk = `        </attvalues>\n${viz}`;
    } else {
      forEachNodeAttribute(a, writeNode);
      chunk += open + attvalues() + viz;
    }
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  chunk += "    </nodes>\n    <edges>\n";
  for (const step of edgeRuns(graph, reuse, (key) => `      <edge id="${xmlAttr(key)}"`)) {
    if (typeof step === "number" || step instanceof Uint8Array) {
      yield chunk;
      chunk = "";
      yield step;
      continue;
    }
    const { edge: key, attributes: a, source, target } = step;
    values = "";
    forEachEdgeAttribute(a as Record<string, unknown>, writeEdge);
    const weight = typeof a.weight === "number" ? ` weight="${num(a.weight)}"` : "";
    const open = `      <edge id="${xmlAttr(key)}" source="${xmlAttr(source)}" target="${xmlAttr(target)}"${weight}`;
    chunk += values ? `${open}>\n${attvalues()}      </edge>\n` : `${open}/>\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  yield `${chunk}    </edges>\n  </graph>\n</gexf>\n`;
}
