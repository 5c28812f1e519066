/**
 * papergraph
 * ==========
 *
 * The library entry (`import { loadGraph, neighbours } from "papergraph"`): the pipeline stages
 * (read inputs → extract concepts → build the graph → communities → layout), the exports
 * (graph.json, GEXF, GraphML, CSV, Neo4j CSV, the concept co-occurrence projection) and the
 * queries over a built graph. `npm install` builds it to `dist/lib/` (JavaScript plus type
 * declarations, see `tsconfig.lib.json`). Browser code should import `src/query/index.ts`, which
 * has no Node-only import; `loadGraph` and the readers here use the file system.
 *
 * @example
 * import { loadGraph, neighbours, related } from "papergraph";
 * const graph = loadGraph("output/graph.json");
 * neighbours(graph, "ImageNet", { type: "model", depth: 2, limit: 5 });
 * related(graph, "LoRA", { limit: 10 });
 */

// Domain types and errors
export * from "./types.ts";
export { PapergraphError, InputError, RecordError, OptionsError, NotFoundError } from "./errors.ts";

// Pipeline stages
export { readInputs } from "./ingest/index.ts";
export type { IngestOptions, IngestResult } from "./ingest/index.ts";
export { extractConcepts, extractPaper, extractPapers, extractPapersSync } from "./extract/index.ts";
export type { ExtractOptions, ExtractRunOptions, ExtractRunResult } from "./extract/index.ts";
export { buildGraph } from "./graph/index.ts";
export { assignCommunities } from "./communities/index.ts";
export type { CommunityOptions, CommunityResult } from "./communities/index.ts";
export { assignLayout } from "./layout/index.ts";
export type { LayoutOptions } from "./layout/index.ts";
export { autoMinConceptPapers, previousState, runPipeline } from "./pipeline.ts";
export type { PipelineOptions, PipelineResult, PreviousState } from "./pipeline.ts";

// Exports
export { toGraphJson, toGexf, toReport } from "./export/index.ts";
export { toGraphml } from "./export/graphml.ts";
export { toCsvTables, toNeo4jCsv, NEO4J_FILES } from "./export/tables.ts";
export type { CsvTables } from "./export/tables.ts";
export { exportFiles, parseFormats, parseProjection, toVosviewer, EXPORT_FORMATS } from "./export/formats.ts";
export type { ExportChoice, ExportFormat, Projection } from "./export/formats.ts";

// Queries
export { loadGraph } from "./query/load.ts";
export * from "./query/index.ts";
