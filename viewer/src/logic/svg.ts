/**
 * SVG export of the current view
 * ==============================
 *
 * What the map shows, as vectors a paper or a poster can scale (the "SVG of this view" button):
 * the drawn edges as lines, the drawn nodes as discs (a concept with its type's ring), the labels
 * sigma drew where it drew them, and the community names shown over the map. `main.ts` reads the
 * view from the renderer in viewport pixels, so the file is the screen at the screen's size;
 * whatever lies wholly outside it is left out. Every text goes through the pipeline's XML escaper
 * (titles come from untrusted abstracts), a colour is kept only when it is one (hex, `rgb()`,
 * `rgba()`), and an item with a coordinate that is not a finite number is dropped. Pure: tested in
 * Node.
 */
import { xmlAttr, xmlText } from "../../../src/export/xml.ts";

/** A drawn node, in viewport pixels. */
export interface SvgNode {
  x: number;
  y: number;
  /** Radius. */
  size: number;
  color: string;
  /** A ring of `ratio` of the radius in `color` around the disc (sigma's node-border program). */
  border?: { color: string; ratio: number };
  /** The label sigma drew for it, if it drew one. */
  label?: string | null;
  /** Drawing order: higher on top; equal ones in the order given. */
  zIndex?: number;
}

/** A drawn edge, in viewport pixels. */
export interface SvgEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  color: string;
  width: number;
}

/** A community name over the map: a box centred on (x, y), with a bar of the community's colour; the name is cut at the box. */
export interface SvgTag {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
  color: string;
  opacity?: number;
}

/** How sigma draws node labels (its `labelSize`, `labelFont`, `labelWeight`, `labelColor`). */
export interface SvgLabelStyle {
  size: number;
  font: string;
  weight: string;
  color: string;
}

export interface SvgView {
  width: number;
  height: number;
  background: string;
  nodes: readonly SvgNode[];
  edges: readonly SvgEdge[];
  tags?: readonly SvgTag[];
  labels: SvgLabelStyle;
}

const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const RGB = /^rgba?\(\s*\d{1,3}(?:\.\d+)?%?\s*(?:,\s*\d{1,3}(?:\.\d+)?%?\s*){2}(?:,\s*(?:0|1|0?\.\d+)\s*)?\)$/i;

/** `color` when it is a hex or rgb()/rgba() colour, else `fallback`. */
export function safeColor(color: unknown, fallback = "#999999"): string {
  return typeof color === "string" && (HEX.test(color.trim()) || RGB.test(color.trim())) ? color.trim() : fallback;
}

const finite = (...xs: number[]): boolean => xs.every((x) => typeof x === "number" && Number.isFinite(x));
/** A coordinate or length, to a hundredth of a pixel. */
const px = (n: number): string => String(Math.round(n * 100) / 100);
/** A CSS font family list, without what could end the attribute or inject a rule. */
const fontFamily = (font: string): string => xmlAttr(font.replace(/[;{}<>]/g, ""));

/** Whether the box [x0, x1] × [y0, y1] meets the view. */
const meets = (v: SvgView, x0: number, y0: number, x1: number, y1: number): boolean => x1 >= 0 && y1 >= 0 && x0 <= v.width && y0 <= v.height;

/** The SVG document of `view`. */
export function toSvg(view: SvgView): string {
  const w = finite(view.width) && view.width > 0 ? view.width : 1;
  const h = finite(view.height) && view.height > 0 ? view.height : 1;
  const v = { ...view, width: w, height: h };
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(w)}" height="${px(h)}" viewBox="0 0 ${px(w)} ${px(h)}">`,
    "<title>papergraph</title>",
    `<rect width="100%" height="100%" fill="${safeColor(view.background, "#ffffff")}"/>`,
    '<g id="edges" stroke-linecap="round">',
  ];
  for (const e of view.edges) {
    if (!finite(e.x1, e.y1, e.x2, e.y2) || !meets(v, Math.min(e.x1, e.x2), Math.min(e.y1, e.y2), Math.max(e.x1, e.x2), Math.max(e.y1, e.y2))) continue;
    const width = finite(e.width) && e.width > 0 ? e.width : 1;
    out.push(`<line x1="${px(e.x1)}" y1="${px(e.y1)}" x2="${px(e.x2)}" y2="${px(e.y2)}" stroke="${safeColor(e.color)}" stroke-width="${px(width)}"/>`);
  }
  out.push("</g>", '<g id="nodes">');
  const nodes = view.nodes
    .map((n, i) => ({ n, i }))
    .filter(({ n }) => finite(n.x, n.y, n.size) && n.size > 0 && meets(v, n.x - n.size, n.y - n.size, n.x + n.size, n.y + n.size))
    .sort((a, b) => (a.n.zIndex ?? 0) - (b.n.zIndex ?? 0) || a.i - b.i)
    .map(({ n }) => n);
  for (const n of nodes) {
    const ratio = n.border && finite(n.border.ratio) ? Math.min(1, Math.max(0, n.border.ratio)) : 0;
    if (n.border && ratio > 0) {
      // a ring of `ratio` of the radius: a stroke that wide, centred half a ring inside the edge
      const ring = n.size * ratio;
      out.push(`<circle cx="${px(n.x)}" cy="${px(n.y)}" r="${px(n.size - ring / 2)}" fill="${safeColor(n.color)}" stroke="${safeColor(n.border.color)}" stroke-width="${px(ring)}"/>`);
    } else out.push(`<circle cx="${px(n.x)}" cy="${px(n.y)}" r="${px(n.size)}" fill="${safeColor(n.color)}"/>`);
  }
  const { size, font, weight, color } = view.labels;
  const labelSize = finite(size) && size > 0 ? size : 14;
  out.push(
    "</g>",
    `<g id="labels" font-family="${fontFamily(font)}" font-size="${px(labelSize)}" font-weight="${xmlAttr(/^(?:normal|bold|[1-9]00)$/.test(weight) ? weight : "normal")}" fill="${safeColor(color, "#000000")}">`,
  );
  // where sigma's drawDiscNodeLabel puts it: right of the disc, a third of the font size below its centre
  for (const n of nodes) if (n.label) out.push(`<text x="${px(n.x + n.size + 3)}" y="${px(n.y + labelSize / 3)}">${xmlText(n.label)}</text>`);
  out.push("</g>", '<g id="communities" font-family="system-ui, sans-serif" font-size="13" font-weight="600">');
  for (const t of view.tags ?? []) {
    if (!finite(t.x, t.y, t.width, t.height) || !t.text) continue;
    const x0 = t.x - t.width / 2;
    const y0 = t.y - t.height / 2;
    const opacity = finite(t.opacity ?? 1) ? Math.min(1, Math.max(0, t.opacity ?? 1)) : 1;
    // a nested viewport clips a name longer than its box, as the page's ellipsis does
    out.push(
      `<svg x="${px(x0)}" y="${px(y0)}" width="${px(t.width)}" height="${px(t.height)}" opacity="${px(opacity)}">` +
        `<rect width="100%" height="100%" rx="3" fill="#ffffff" fill-opacity="0.82"/>` +
        `<rect width="5" height="100%" fill="${safeColor(t.color)}"/>` +
        `<text x="12" y="${px(t.height / 2)}" dominant-baseline="central" fill="#222222">${xmlText(t.text)}</text>` +
        "</svg>",
    );
  }
  out.push("</g>", "</svg>");
  return `${out.join("\n")}\n`;
}
