/**
 * Flat attribute tables
 * =====================
 *
 * GraphML and CSV hold one scalar per cell, with one type per column. This module turns node and
 * edge attributes into such columns, shared by `graphml.ts` and `tables.ts`:
 * - string lists become one string joined with "; " (`aliases: ["ILSVRC", "ImageNet-1k"]` →
 *   `"ILSVRC; ImageNet-1k"`), as in Gephi's CSV exports;
 * - `authors` (a list of names, or only their count) becomes `authors` (names joined, "" when only
 *   the count is known) plus `authorCount` (int), the same pair the GEXF export writes;
 * - `mentions` (the viewer's highlight offsets) and any other nested value are left out;
 * - a column's type is `boolean`, `string`, `int` (every value an integer, e.g. `year`), or
 *   `double` (positions, sizes, weights and scores are always `double`, whole or not).
 * Works on any graphology graph, so the concept co-occurrence projection exports the same way.
 */
import type { Attributes } from "graphology-types";

/** A column of a flat table: its name and the one type of all its values. */
export interface Column {
  name: string;
  type: "boolean" | "int" | "double" | "string";
}

export type Scalar = string | number | boolean;

/** Always `double`, even when every value happens to be whole (a layout can put a node at 0). */
const DOUBLE = new Set(["x", "y", "size", "weight", "pmi", "npmi", "modularity", "resolution"]);

/** Preferred column order; anything else follows in alphabetical order. */
const ORDER = [
  "label", "kind", "type", "community", "communityLabel", "relation", "weight", "pmi", "npmi",
  "title", "date", "year", "authors", "authorCount", "organisation", "url", "doi", "sources",
  "aliases", "paperCount", "mentionCount", "parent", "abstract", "x", "y", "size", "color", "r", "g", "b",
];

const LEFT_OUT = new Set(["mentions"]);

/** The separator of joined list values (`"ILSVRC; ImageNet-1k"`). */
export const LIST_SEPARATOR = "; ";

/**
 * One element's attributes as scalars (see the title block).
 *
 * @example
 * flattenAttributes({ aliases: ["ILSVRC"], authors: 3, mentions: [["model:vit", "abstract", 0, 3]] });
 * // { aliases: "ILSVRC", authors: "", authorCount: 3 }
 */
export function flattenAttributes(attributes: Attributes): Record<string, Scalar> {
  const flat: Record<string, Scalar> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (LEFT_OUT.has(name) || value === undefined || value === null) continue;
    if (name === "authors" && (typeof value === "number" || Array.isArray(value))) {
      const names = Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
      flat["authors"] = names.join(LIST_SEPARATOR);
      flat["authorCount"] = Array.isArray(value) ? value.length : value;
    } else if (typeof value === "string" || typeof value === "boolean") flat[name] = value;
    else if (typeof value === "number") {
      if (Number.isFinite(value)) flat[name] = value;
    } else if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number"))
      flat[name] = value.join(LIST_SEPARATOR);
  }
  return flat;
}

/** Columns covering every row, typed, in the preferred order (see `ORDER`). */
export function inferColumns(rows: Iterable<Record<string, Scalar>>): Column[] {
  const seen = new Map<string, Set<string>>();
  for (const row of rows)
    for (const [name, value] of Object.entries(row)) {
      const kinds = seen.get(name) ?? new Set<string>();
      kinds.add(typeof value === "number" ? (Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? "int" : "double") : typeof value);
      seen.set(name, kinds);
    }
  const columns: Column[] = [];
  for (const [name, kinds] of seen) {
    let type: Column["type"];
    if (kinds.size === 1 && kinds.has("boolean")) type = "boolean";
    else if ([...kinds].every((k) => k === "int" || k === "double"))
      type = DOUBLE.has(name) || kinds.has("double") ? "double" : "int";
    else type = "string";
    columns.push({ name, type });
  }
  const rank = (name: string) => {
    const i = ORDER.indexOf(name);
    return i === -1 ? ORDER.length : i;
  };
  return columns.sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A value as text for a cell of a column of that type (`true`, `3`, `0.25`; "" when missing). */
export function cellText(value: Scalar | undefined): string {
  if (value === undefined) return "";
  return String(value);
}
