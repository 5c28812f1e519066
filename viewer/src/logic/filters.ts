/**
 * Filters
 * =======
 *
 * What the filter panel decides: which concept types and communities are shown, a year range for
 * papers, a minimum number of papers per concept and a minimum edge weight (mentions). The viewer
 * applies them in sigma's reducers (`hidden: true`), never by removing nodes, and uses the same
 * functions to count "1,234 of 5,678 nodes" and to export the visible subgraph. Pure: tested in Node.
 */
import type { ConceptType } from "../../../src/types.ts";

/** The five concept types, in the order the filter panel lists them. */
export const ALL_TYPES: readonly ConceptType[] = ["method", "dataset", "model", "task", "metric"];

/** The user's filter choices; `null` year bounds mean "no bound". */
export interface Filters {
  /** Concept types shown (all five by default). */
  types: ConceptType[];
  /** Community ids switched off in the legend. */
  hiddenCommunities: number[];
  yearMin: number | null;
  yearMax: number | null;
  /** Concepts with fewer papers are hidden (1 = all). */
  minPapers: number;
  /** Edges with fewer mentions are hidden (1 = all). */
  minWeight: number;
}

/** The filters of a fresh view: everything shown. */
export function defaultFilters(): Filters {
  return { types: [...ALL_TYPES], hiddenCommunities: [], yearMin: null, yearMax: null, minPapers: 1, minWeight: 1 };
}

/** The node facts a filter looks at (a subset of the node attributes of graph.json). */
export interface FilterableNode {
  kind: "paper" | "concept";
  type?: string;
  community: number;
  /** Papers: year, 0 when unknown. */
  year?: number;
  /** Concepts: number of papers mentioning it. */
  paperCount?: number;
}

/** Filters prepared for fast per-node checks (sets instead of arrays). */
export interface CompiledFilters {
  types: Set<string>;
  hiddenCommunities: Set<number>;
  yearMin: number | null;
  yearMax: number | null;
  minPapers: number;
  minWeight: number;
}

/** Prepares filters once per change, not per node. */
export function compileFilters(f: Filters): CompiledFilters {
  return {
    types: new Set(f.types),
    hiddenCommunities: new Set(f.hiddenCommunities),
    yearMin: f.yearMin,
    yearMax: f.yearMax,
    minPapers: f.minPapers,
    minWeight: f.minWeight,
  };
}

/**
 * Whether a node passes the filters. Papers of unknown year (0) are shown only while no year
 * bound is set. Example: a concept `{ kind: "concept", type: "metric", community: 2, paperCount: 1 }`
 * is hidden by `minPapers: 2`, by `types` without "metric" and by `hiddenCommunities: [2]`.
 */
export function nodePasses(node: FilterableNode, f: CompiledFilters): boolean {
  if (f.hiddenCommunities.has(node.community)) return false;
  if (node.kind === "concept") {
    if (node.type !== undefined && !f.types.has(node.type)) return false;
    return (node.paperCount ?? 0) >= f.minPapers;
  }
  const year = node.year ?? 0;
  if (f.yearMin !== null && (year === 0 || year < f.yearMin)) return false;
  if (f.yearMax !== null && (year === 0 || year > f.yearMax)) return false;
  return true;
}

/** Whether an edge passes: its own weight and both ends. */
export function edgePasses(weight: number, sourceShown: boolean, targetShown: boolean, f: CompiledFilters): boolean {
  return sourceShown && targetShown && weight >= f.minWeight;
}

/** Whether the filters are all at their defaults (nothing hidden). */
export function isDefaultFilters(f: Filters): boolean {
  const d = defaultFilters();
  return (
    f.types.length === d.types.length &&
    d.types.every((t) => f.types.includes(t)) &&
    f.hiddenCommunities.length === 0 &&
    f.yearMin === null &&
    f.yearMax === null &&
    f.minPapers === 1 &&
    f.minWeight === 1
  );
}

/**
 * "1,234 of 5,678 nodes" (English digit grouping, independent of the browser's locale).
 * Example: `shownCountText(1234, 5678)` → `"1,234 of 5,678 nodes"`.
 */
export function shownCountText(shown: number, total: number): string {
  const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${fmt(shown)} of ${fmt(total)} nodes`;
}
