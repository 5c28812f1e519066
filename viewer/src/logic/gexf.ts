/**
 * GEXF export of the visible subgraph
 * ===================================
 *
 * A small GEXF 1.3 writer for the browser (the "Export GEXF" button): the nodes and edges that
 * pass the current filters, with typed attributes, `viz` colour (no alpha), size and position, so
 * Gephi opens what the user sees. Every string is XML-escaped, and characters XML 1.0 forbids are
 * dropped (titles come from untrusted abstracts). Pure: tested in Node.
 */
import { xmlAttr } from "../../../src/export/xml.ts";

/** One exported node: key, label, position, size, colour and its attribute values. */
export interface GexfNode {
  key: string;
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
  attributes: Record<string, string | number>;
}

/** One exported edge: key, ends, weight (mentions) and its attribute values. */
export interface GexfEdge {
  key: string;
  source: string;
  target: string;
  weight: number;
  attributes: Record<string, string | number>;
}

/** Declared attribute columns: id (= name) and GEXF type. */
export interface GexfColumn {
  id: string;
  type: "string" | "integer" | "double";
}

/**
 * Escapes text for XML attribute values (all this writer uses) and drops characters XML 1.0
 * forbids: the pipeline's own escaper (`src/export/xml.ts`), so both GEXF writers agree.
 * Example: `escapeXml('<img src=x onerror="a">&\u0001')` → `"&lt;img src=x onerror=&quot;a&quot;&gt;&amp;"`.
 */
export const escapeXml = xmlAttr;

/**
 * `#rrggbb`, `#rgb` or `rgb(a)(r, g, b[, a])` → `[r, g, b]`; anything else → grey.
 * Example: `parseColor("#1f77b4")` → `[31, 119, 180]`.
 */
export function parseColor(color: string): [number, number, number] {
  const c = color.trim();
  let m = /^#([0-9a-f]{6})$/i.exec(c);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(c);
  if (m) return [parseInt(m[1]! + m[1]!, 16), parseInt(m[2]! + m[2]!, 16), parseInt(m[3]! + m[3]!, 16)];
  m = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})/i.exec(c);
  if (m) return [Math.min(255, Number(m[1])), Math.min(255, Number(m[2])), Math.min(255, Number(m[3]))];
  return [153, 153, 153];
}

const num = (n: number) => (Number.isFinite(n) ? String(Number(n.toFixed(6))) : "0");

/** The GEXF document for these nodes and edges (directed, static). */
export function toGexf(nodes: readonly GexfNode[], edges: readonly GexfEdge[], columns: readonly GexfColumn[], edgeColumns: readonly GexfColumn[] = []): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
  );
  out.push("  <meta><creator>papergraph viewer</creator><description>visible subgraph</description></meta>");
  out.push('  <graph defaultedgetype="directed" mode="static">');
  const decl = (cls: string, cols: readonly GexfColumn[]) => {
    if (!cols.length) return;
    out.push(`    <attributes class="${cls}">`);
    for (const c of cols) out.push(`      <attribute id="${escapeXml(c.id)}" title="${escapeXml(c.id)}" type="${c.type}"/>`);
    out.push("    </attributes>");
  };
  decl("node", columns);
  decl("edge", edgeColumns);
  const values = (attrs: Record<string, string | number>, cols: readonly GexfColumn[], indent: string) => {
    const present = cols.filter((c) => attrs[c.id] !== undefined && attrs[c.id] !== "");
    if (!present.length) return;
    out.push(`${indent}<attvalues>`);
    for (const c of present) {
      const v = attrs[c.id]!;
      const text = typeof v === "number" ? (c.type === "integer" ? String(Math.round(v)) : num(v)) : escapeXml(v);
      out.push(`${indent}  <attvalue for="${escapeXml(c.id)}" value="${text}"/>`);
    }
    out.push(`${indent}</attvalues>`);
  };
  out.push("    <nodes>");
  for (const n of nodes) {
    out.push(`      <node id="${escapeXml(n.key)}" label="${escapeXml(n.label)}">`);
    values(n.attributes, columns, "        ");
    const [r, g, b] = parseColor(n.color);
    out.push(`        <viz:color r="${r}" g="${g}" b="${b}"/>`);
    out.push(`        <viz:size value="${num(n.size)}"/>`);
    out.push(`        <viz:position x="${num(n.x)}" y="${num(n.y)}" z="0"/>`);
    out.push("      </node>");
  }
  out.push("    </nodes>");
  out.push("    <edges>");
  for (const e of edges) {
    const open = `      <edge id="${escapeXml(e.key)}" source="${escapeXml(e.source)}" target="${escapeXml(e.target)}" weight="${num(e.weight)}"`;
    const hasAttrs = edgeColumns.some((c) => e.attributes[c.id] !== undefined && e.attributes[c.id] !== "");
    if (!hasAttrs) {
      out.push(`${open}/>`);
      continue;
    }
    out.push(`${open}>`);
    values(e.attributes, edgeColumns, "        ");
    out.push("      </edge>");
  }
  out.push("    </edges>");
  out.push("  </graph>");
  out.push("</gexf>");
  return out.join("\n") + "\n";
}
