/**
 * CSV exports
 * ===========
 *
 * Two sets of comma-separated tables (RFC 4180: fields with a comma, quote, newline or edge
 * space are quoted, quotes doubled; `\n` line ends; a header row; UTF-8, no BOM):
 * - `toCsvTables`: `nodes.csv` and `edges.csv` for pandas, R, spreadsheets and Gephi's
 *   spreadsheet import (`id`/`label` and `source`/`target` columns, then every attribute as
 *   `flatten.ts` makes it, lists joined with "; ");
 * - `toNeo4jCsv`: the bulk-import files of `neo4j-admin database import full`, with typed headers
 *   (`id:ID`, `:LABEL`, `year:int`, `aliases:string[]`, `:START_ID`, `:END_ID`, `:TYPE`) and
 *   `;` as the array delimiter (the tool's default).
 * Pure: strings out. Untrusted text is written as data; nothing is evaluated or escaped for a
 * spreadsheet's formulas, so open the files as text (or import them) rather than double-click.
 */
import type { AbstractGraph, Attributes } from "graphology-types";

import type { KnowledgeGraph, NodeAttributes } from "../types.ts";
import { cellText, flattenAttributes, inferColumns } from "./flatten.ts";
import type { Scalar } from "./flatten.ts";

/** One CSV field: quoted when it holds a comma, quote, CR/LF or leading/trailing space. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Header plus rows as CSV text, one `\n` after every row. */
export function csvTable(header: string[], rows: Array<Array<string | number | boolean | undefined>>): string {
  const lines = [header, ...rows].map((row) => row.map((cell) => csvField(cell === undefined ? "" : String(cell))).join(","));
  return `${lines.join("\n")}\n`;
}

/** `nodes.csv` and `edges.csv`. */
export interface CsvTables {
  "nodes.csv": string;
  "edges.csv": string;
}

/**
 * A node table and an edge table with every scalar attribute (see `flatten.ts`).
 *
 * @example
 * const { "nodes.csv": nodes, "edges.csv": edges } = toCsvTables(graph);
 * // nodes: "id,label,kind,type,community,…\nmethod:lora,LoRA,concept,method,1,…"
 * // edges: "id,source,target,relation,weight\npaper:2401.00004->method:lora,paper:2401.00004,method:lora,mention,2"
 */
export function toCsvTables(graph: AbstractGraph<Attributes, Attributes, Attributes>): CsvTables {
  const nodeRows: Array<[string, Record<string, Scalar>]> = [];
  graph.forEachNode((key, attributes) => {
    nodeRows.push([key, flattenAttributes(attributes)]);
  });
  const nodeColumns = inferColumns(nodeRows.map(([, row]) => row)).filter((c) => c.name !== "id");
  const edgeRows: Array<[string, string, string, Record<string, Scalar>]> = [];
  graph.forEachEdge((key, attributes, source, target) => {
    edgeRows.push([key, source, target, flattenAttributes(attributes)]);
  });
  const reserved = new Set(["id", "source", "target"]);
  const edgeColumns = inferColumns(edgeRows.map(([, , , row]) => row)).filter((c) => !reserved.has(c.name));
  return {
    "nodes.csv": csvTable(
      ["id", ...nodeColumns.map((c) => c.name)],
      nodeRows.map(([key, row]) => [key, ...nodeColumns.map((c) => cellText(row[c.name]))]),
    ),
    "edges.csv": csvTable(
      ["id", "source", "target", ...edgeColumns.map((c) => c.name)],
      edgeRows.map(([key, source, target, row]) => [key, source, target, ...edgeColumns.map((c) => cellText(row[c.name]))]),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Neo4j

/** File names `toNeo4jCsv` returns, in the order to pass them to `neo4j-admin`. */
export const NEO4J_FILES = ["neo4j-papers.csv", "neo4j-concepts.csv", "neo4j-mentions.csv", "neo4j-variants.csv"] as const;

/** `neo4j-admin`'s default array delimiter; a `;` inside a list item becomes `,`. */
const ARRAY_DELIMITER = ";";

function neo4jArray(items: readonly string[]): string {
  return items.map((item) => item.replaceAll(ARRAY_DELIMITER, ",")).join(ARRAY_DELIMITER);
}

/** `method` → `Method`: concept types as secondary node labels. */
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The bulk-import CSVs of `neo4j-admin database import full`: papers (label `Paper`), concepts
 * (labels `Concept` plus the type, e.g. `Concept;Dataset`), `MENTIONS` relationships from paper
 * to concept (`weight:int`, the mentions), and `VARIANT_OF` from a variant to its family
 * (`ImageNet-21k` → `ImageNet`). Node ids are the graph keys, stored as the `id` property.
 *
 * @example
 * for (const [name, text] of Object.entries(toNeo4jCsv(graph))) writeFileSync(`output/${name}`, text);
 * // neo4j-admin database import full neo4j --nodes=neo4j-papers.csv --nodes=neo4j-concepts.csv \
 * //   --relationships=neo4j-mentions.csv --relationships=neo4j-variants.csv --multiline-fields=true
 */
export function toNeo4jCsv(graph: KnowledgeGraph): Record<(typeof NEO4J_FILES)[number], string> {
  const papers: Array<Array<string | number>> = [];
  const concepts: Array<Array<string | number>> = [];
  graph.forEachNode((key, a: NodeAttributes) => {
    const common = [a.community, a.communityLabel ?? "", a.x, a.y, a.size, a.color];
    if (a.kind === "paper") {
      const names = Array.isArray(a.authors) ? a.authors : [];
      papers.push([
        key, "Paper", a.title ?? a.label, a.date ?? "", a.year ?? 0, neo4jArray(names),
        Array.isArray(a.authors) ? a.authors.length : (a.authors ?? 0), a.organisation ?? "", a.url ?? "",
        neo4jArray(a.sources ?? []), a.abstract ?? "", ...common,
      ]);
    } else {
      concepts.push([
        key, `Concept${ARRAY_DELIMITER}${capitalise(a.type)}`, a.label, a.type, neo4jArray(a.aliases ?? []),
        a.paperCount, a.mentionCount, a.parent ?? "", ...common,
      ]);
    }
  });
  const mentions: Array<Array<string | number>> = [];
  const variants: Array<Array<string>> = [];
  graph.forEachEdge((_key, e, source, target, s, t) => {
    if (e.relation === "mention") {
      const [paper, concept] = s.kind === "paper" ? [source, target] : [target, source];
      mentions.push([paper, concept, "MENTIONS", e.weight]);
    } else if (e.relation === "variant") {
      // The variant is the end whose `parent` is the other end; default to source → target otherwise.
      const targetIsVariant = t.kind === "concept" && t.parent === source;
      const [variant, family] = targetIsVariant ? [target, source] : [source, target];
      variants.push([variant, family, "VARIANT_OF"]);
    }
  });
  const place = ["community:int", "communityLabel", "x:double", "y:double", "size:double", "color"];
  return {
    "neo4j-papers.csv": csvTable(
      ["id:ID", ":LABEL", "title", "date", "year:int", "authors:string[]", "authorCount:int", "organisation", "url", "sources:string[]", "abstract", ...place],
      papers,
    ),
    "neo4j-concepts.csv": csvTable(
      ["id:ID", ":LABEL", "name", "type", "aliases:string[]", "paperCount:int", "mentionCount:int", "parent", ...place],
      concepts,
    ),
    "neo4j-mentions.csv": csvTable([":START_ID", ":END_ID", ":TYPE", "weight:int"], mentions),
    "neo4j-variants.csv": csvTable([":START_ID", ":END_ID", ":TYPE"], variants),
  };
}
