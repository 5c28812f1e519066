/**
 * Output formats of `papergraph build`
 * ====================================
 *
 * `--formats json,gexf,graphml,csv,neo4j` and `--projection concepts` in one place: parses the
 * option and says which files each choice writes, as lazy contents for `writeFilesAtomic`. The
 * concept projection (`buildCooccurrence`) is written as `concepts.json` and `concepts.gexf`, plus
 * GraphML / CSV when those formats are asked for, plus the VOSviewer map and network files
 * (`concepts-vosviewer-map.txt`, `concepts-vosviewer-network.txt`) that VOSviewer's "Create map
 * based on network data" opens. Pure: names and strings out.
 */
import { OptionsError } from "../errors.ts";
import { buildCooccurrence } from "../query/cooccurrence.ts";
import type { CooccurrenceGraph } from "../query/cooccurrence.ts";
import type { KnowledgeGraph } from "../types.ts";
import { gexfFile, graphJsonChunks } from "./index.ts";
import type { FileReuse, Piece } from "./reuse.ts";
import { toGraphml } from "./graphml.ts";
import { toCsvTables, toNeo4jCsv } from "./tables.ts";

export const EXPORT_FORMATS = ["json", "gexf", "graphml", "csv", "neo4j"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const DEFAULT_FORMATS: readonly ExportFormat[] = ["json", "gexf"];

export const PROJECTIONS = ["concepts"] as const;
export type Projection = (typeof PROJECTIONS)[number];

/**
 * `"json,gexf,graphml"` → `["json", "gexf", "graphml"]`; `all` means every format. `json` is always
 * included: the viewer and `papergraph query` read `graph.json`.
 *
 * @example
 * parseFormats("gexf, csv"); // ["json", "gexf", "csv"]
 * @throws OptionsError for an unknown format.
 */
export function parseFormats(text: string | undefined): ExportFormat[] {
  if (text === undefined) return [...DEFAULT_FORMATS];
  const names = text.split(",").map((name) => name.trim().toLowerCase()).filter(Boolean);
  const chosen = new Set<ExportFormat>(["json"]);
  for (const name of names) {
    if (name === "all") EXPORT_FORMATS.forEach((f) => chosen.add(f));
    else if ((EXPORT_FORMATS as readonly string[]).includes(name)) chosen.add(name as ExportFormat);
    else throw new OptionsError(`--formats: unknown format "${name}"; expected a comma-separated list of ${EXPORT_FORMATS.join(", ")} (or all)`);
  }
  return EXPORT_FORMATS.filter((f) => chosen.has(f));
}

/**
 * `--projection concepts` → `"concepts"`.
 *
 * @throws OptionsError for anything else.
 */
export function parseProjection(text: string | undefined): Projection | undefined {
  if (text === undefined) return undefined;
  if ((PROJECTIONS as readonly string[]).includes(text)) return text as Projection;
  throw new OptionsError(`--projection: unknown projection "${text}"; expected ${PROJECTIONS.join(", ")}`);
}

export interface ExportChoice {
  /** Default `["json", "gexf"]`. */
  formats?: readonly ExportFormat[];
  /** Also write the concept co-occurrence graph. */
  projection?: Projection;
  /** Fewest shared papers for a projection edge. Default 1. */
  minWeight?: number;
}

/** The files whose spans a build records and the next one reuses. */
export const REUSED_FILES = ["graph.json", "graph.gexf"] as const;
export type ReusedFile = (typeof REUSED_FILES)[number];

/**
 * The files a build writes besides `report.md`, by name, with contents computed on demand;
 * graph.json and graph.gexf record their spans and reuse the last build's with `reuse` (`reuse.ts`).
 *
 * @example
 * await writeFilesAtomic(outDir, { ...exportFiles(graph, { formats: parseFormats("all"), projection: "concepts" }), "report.md": report });
 * // graph.json, graph.gexf, graph.graphml, nodes.csv, edges.csv, neo4j-*.csv, concepts.json, concepts.gexf, …
 */
export function exportFiles(
  graph: KnowledgeGraph,
  choice: ExportChoice = {},
  reuse: Partial<Record<ReusedFile, FileReuse>> = {},
): Record<string, () => string | Iterable<Piece>> {
  const formats = new Set(choice.formats ?? DEFAULT_FORMATS);
  const files: Record<string, () => string | Iterable<Piece>> = {};
  const json = reuse["graph.json"];
  const gexf = reuse["graph.gexf"];
  if (formats.has("json")) files["graph.json"] = () => (json ? graphJsonChunks(graph, json) : graphJsonChunks(graph));
  if (formats.has("gexf")) files["graph.gexf"] = () => gexfFile(graph, gexf);
  if (formats.has("graphml")) files["graph.graphml"] = () => toGraphml(graph);
  if (formats.has("csv")) {
    let tables: ReturnType<typeof toCsvTables> | undefined;
    files["nodes.csv"] = () => (tables ??= toCsvTables(graph))["nodes.csv"];
    files["edges.csv"] = () => (tables ??= toCsvTables(graph))["edges.csv"];
  }
  if (formats.has("neo4j")) {
    let neo4j: ReturnType<typeof toNeo4jCsv> | undefined;
    for (const name of ["neo4j-papers.csv", "neo4j-concepts.csv", "neo4j-mentions.csv", "neo4j-variants.csv"] as const)
      files[name] = () => (neo4j ??= toNeo4jCsv(graph))[name];
  }
  if (choice.projection === "concepts") {
    let projected: CooccurrenceGraph | undefined;
    const concepts = () => (projected ??= buildCooccurrence(graph, { minWeight: choice.minWeight ?? 1 }));
    files["concepts.json"] = () => `${JSON.stringify(concepts().export())}\n`;
    // The GEXF writer formats our node attributes; concept nodes keep them as they are. Its edges
    // carry `weight` (shared papers); the PMI/NPMI scores are in concepts.json/.graphml/.csv.
    if (formats.has("gexf")) files["concepts.gexf"] = () => gexfFile(concepts() as unknown as KnowledgeGraph);
    if (formats.has("graphml")) files["concepts.graphml"] = () => toGraphml(concepts());
    if (formats.has("csv")) {
      let tables: ReturnType<typeof toCsvTables> | undefined;
      files["concepts-nodes.csv"] = () => (tables ??= toCsvTables(concepts()))["nodes.csv"];
      files["concepts-edges.csv"] = () => (tables ??= toCsvTables(concepts()))["edges.csv"];
    }
    let vos: ReturnType<typeof toVosviewer> | undefined;
    files["concepts-vosviewer-map.txt"] = () => (vos ??= toVosviewer(concepts()))["map"];
    files["concepts-vosviewer-network.txt"] = () => (vos ??= toVosviewer(concepts()))["network"];
  }
  return files;
}

/** A VOSviewer cell: tabs and newlines become spaces; a comma or semicolon means double quotes. */
function vosCell(text: string): string {
  const flat = text.replace(/[\t\r\n]+/g, " ").replace(/"/g, "'");
  return /[,;]/.test(flat) ? `"${flat}"` : flat;
}

/**
 * VOSviewer map and network files of the concept projection (tab-delimited; ids 1…n in node order;
 * cluster = community + 1, since VOSviewer clusters start at 1; `weight<Papers>` and
 * `weight<Mentions>` per item; links weighted by shared papers).
 *
 * @example
 * const { map, network } = toVosviewer(buildCooccurrence(graph));
 * // map: "id\tlabel\tdescription\tx\ty\tcluster\tweight<Papers>\tweight<Mentions>\n1\tViT\tmodel:vit\t…"
 * // network: "1\t2\t2\n…" (id, id, shared papers)
 */
export function toVosviewer(concepts: CooccurrenceGraph): { map: string; network: string } {
  const ids = new Map<string, number>();
  const map = ["id\tlabel\tdescription\tx\ty\tcluster\tweight<Papers>\tweight<Mentions>"];
  concepts.forEachNode((key, a) => {
    ids.set(key, ids.size + 1);
    const cluster = a.community >= 0 && a.community < 1000 ? String(a.community + 1) : "";
    map.push([ids.size, vosCell(a.label), vosCell(`${a.type}: ${key}`), a.x, a.y, cluster, a.paperCount, a.mentionCount].join("\t"));
  });
  const network: string[] = [];
  concepts.forEachEdge((_key, e, source, target) => {
    network.push(`${ids.get(source)}\t${ids.get(target)}\t${e.weight}`);
  });
  return { map: `${map.join("\n")}\n`, network: network.length ? `${network.join("\n")}\n` : "" };
}
