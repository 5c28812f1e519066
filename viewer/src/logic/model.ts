/**
 * Viewer model
 * ============
 *
 * Indexes built once from a checked graph.json: node attributes by key, each paper's concepts,
 * each concept's papers (newest first), search entries, the year range, and the plan of what to
 * draw. Small graphs are drawn whole. Large ones (the 80k-paper build) draw the concepts plus a
 * co-occurrence backbone up front, and a selected concept's papers on demand, because hundreds of
 * thousands of paper edges make panning stutter. Pure: tested in Node.
 */
import type { ConceptNodeAttributes, NodeAttributes, PaperNodeAttributes } from "../../../src/types.ts";
import type { GraphJson } from "./schema.ts";
import type { SearchEntry } from "./search.ts";

/** Above either limit the viewer switches to the concepts-first plan. */
export const LARGE_NODES = 20_000;
export const LARGE_EDGES = 120_000;
/** Papers drawn at most for one selected concept on a large graph. */
export const ON_DEMAND_PAPERS = 300;
/**
 * Concepts drawn up front on a large graph (those with most papers). Panning cost grows with the
 * number of drawn nodes (measured in headless Chromium with software WebGL on 2 busy cores: 1,000 drawn nodes
 * panned at ~11 fps, 2,000 at ~6.5, 4,000 at ~3.4, 15,000 at ~1.5; `?cap=N` overrides it).
 */
export const LARGE_CONCEPT_CAP = 2500;

/** The indexes the viewer works from (built once per load by `buildModel`). */
export interface Model {
  attrs: Map<string, NodeAttributes>;
  /** paper key → [concept key, weight] of its mention edges. */
  paperConcepts: Map<string, Array<[string, number]>>;
  /** concept key → paper keys, newest first (sorted on first use; use `papersOf`). */
  conceptPapers: Map<string, string[]>;
  /** A concept's papers, newest first (ties by key). */
  papersOf(concept: string): string[];
  /** concept key → keys of its variants (family → variant edges). */
  variants: Map<string, string[]>;
  papers: number;
  concepts: number;
  edges: number;
  yearMin: number | null;
  yearMax: number | null;
  maxPaperCount: number;
  large: boolean;
}

const isPaper = (a: NodeAttributes): a is PaperNodeAttributes => a.kind === "paper";
const isConcept = (a: NodeAttributes): a is ConceptNodeAttributes => a.kind === "concept";

/** Sort key for "newest first": ISO dates compare as strings; unknown dates last. */
const dateOf = (a: NodeAttributes | undefined) => (a && isPaper(a) ? a.date || "" : "");

/** Builds the indexes. Edges whose ends are not nodes are ignored (graphology would have refused them). */
export function buildModel(g: GraphJson, limits = { nodes: LARGE_NODES, edges: LARGE_EDGES }): Model {
  const attrs = new Map<string, NodeAttributes>();
  let papers = 0;
  let concepts = 0;
  let yearMin: number | null = null;
  let yearMax: number | null = null;
  let maxPaperCount = 1;
  for (const n of g.nodes) {
    const a = n.attributes;
    attrs.set(n.key, a);
    if (isPaper(a)) {
      papers++;
      const y = typeof a.year === "number" && a.year > 0 ? a.year : Number(/^\d{4}/.exec(a.date ?? "")?.[0] ?? 0);
      if (y > 0) {
        if (yearMin === null || y < yearMin) yearMin = y;
        if (yearMax === null || y > yearMax) yearMax = y;
      }
    } else {
      concepts++;
      if (typeof a.paperCount === "number" && a.paperCount > maxPaperCount) maxPaperCount = a.paperCount;
    }
  }
  const paperConcepts = new Map<string, Array<[string, number]>>();
  const conceptPapers = new Map<string, string[]>();
  const variants = new Map<string, string[]>();
  let edges = 0;
  for (const e of g.edges) {
    const s = attrs.get(e.source);
    const t = attrs.get(e.target);
    if (!s || !t) continue;
    edges++;
    const weight = typeof e.attributes?.weight === "number" ? e.attributes.weight : 1;
    if (isPaper(s) && isConcept(t)) {
      let list = paperConcepts.get(e.source);
      if (!list) paperConcepts.set(e.source, (list = []));
      list.push([e.target, weight]);
      let ps = conceptPapers.get(e.target);
      if (!ps) conceptPapers.set(e.target, (ps = []));
      ps.push(e.source);
    } else if (isConcept(s) && isConcept(t)) {
      let vs = variants.get(e.source);
      if (!vs) variants.set(e.source, (vs = []));
      vs.push(e.target);
    }
  }
  const sorted = new Set<string>();
  const papersOf = (concept: string): string[] => {
    const list = conceptPapers.get(concept);
    if (!list) return [];
    if (!sorted.has(concept)) {
      list.sort((a, b) => {
        const da = dateOf(attrs.get(a));
        const db = dateOf(attrs.get(b));
        return da < db ? 1 : da > db ? -1 : a < b ? -1 : a > b ? 1 : 0;
      });
      sorted.add(concept);
    }
    return list;
  };
  const large = attrs.size > limits.nodes || edges > limits.edges;
  return { attrs, paperConcepts, conceptPapers, papersOf, variants, papers, concepts, edges, yearMin, yearMax, maxPaperCount, large };
}

/**
 * The concepts a large graph draws up front: the `cap` with most papers (ties by key), so the
 * map keeps its best-attested concepts and panning stays smooth. Example: paperCounts a:5, b:9,
 * c:5 with cap 2 → `["b", "a"]`.
 */
export function conceptsToDraw(model: Model, cap: number): string[] {
  const all: Array<[string, number]> = [];
  for (const [key, a] of model.attrs) if (isConcept(a)) all.push([key, a.paperCount ?? 0]);
  all.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return all.slice(0, Math.max(0, cap)).map(([k]) => k);
}

/** Search entries for every node (papers by title, concepts by name and aliases). */
export function searchEntries(model: Model): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const [key, a] of model.attrs) {
    if (isConcept(a)) {
      const n = a.paperCount ?? 0;
      out.push({ key, label: a.label, aliases: Array.isArray(a.aliases) ? a.aliases : [], kind: "concept", type: a.type, weight: n, detail: `${n} paper${n === 1 ? "" : "s"}` });
    } else {
      out.push({ key, label: a.label || a.title, aliases: [], kind: "paper", type: "paper", weight: 0, detail: a.date || "" });
    }
  }
  return out;
}

/**
 * Graph-space centre of each community over the given nodes (mean position), for the community
 * names drawn on the map. Example: nodes at (0,0) and (2,4) in community 1 → `Map { 1 => {x:1, y:2, n:2} }`.
 */
export function communityCentres(
  nodes: Iterable<{ community: number; x: number; y: number }>,
): Map<number, { x: number; y: number; n: number }> {
  const acc = new Map<number, { x: number; y: number; n: number }>();
  for (const n of nodes) {
    const c = acc.get(n.community) ?? { x: 0, y: 0, n: 0 };
    c.x += n.x;
    c.y += n.y;
    c.n++;
    acc.set(n.community, c);
  }
  for (const c of acc.values()) {
    c.x /= c.n;
    c.y /= c.n;
  }
  return acc;
}

/**
 * Picks which labels to place: biggest first, skipping any whose box overlaps one already placed.
 * Boxes are centred at (x, y) in pixels. Example: two 100×20 boxes at (0,0) and (50,5) → only the
 * first (bigger) survives.
 */
export function placeLabels<T extends { x: number; y: number; w: number; h: number; weight: number }>(boxes: T[]): T[] {
  const placed: T[] = [];
  for (const b of [...boxes].sort((p, q) => q.weight - p.weight)) {
    const clash = placed.some((p) => Math.abs(p.x - b.x) * 2 < p.w + b.w && Math.abs(p.y - b.y) * 2 < p.h + b.h);
    if (!clash) placed.push(b);
  }
  return placed;
}
