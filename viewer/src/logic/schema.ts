/**
 * graph.json check
 * ================
 *
 * The viewer reads `graph.json` = graphology's `graph.export()` of the pipeline's graph
 * (`src/types.ts`). This module checks the parts the viewer relies on before anything is drawn,
 * so a wrong file gives one readable sentence instead of a blank canvas:
 * `{ attributes: { schemaVersion: 1, communities: [...] }, nodes: [{ key, attributes }], edges: [...] }`.
 * No sigma, no DOM: tested in Node.
 */
import type { EdgeAttributes, GraphAttributes, NodeAttributes } from "../../../src/types.ts";

/** The `schemaVersion` this viewer reads (the pipeline's `SCHEMA_VERSION`). */
export const VIEWER_SCHEMA_VERSION = 1;

/** graphology's serialised graph, narrowed to our attribute types. */
export interface GraphJson {
  options?: { type?: string; multi?: boolean; allowSelfLoops?: boolean };
  attributes: GraphAttributes;
  nodes: Array<{ key: string; attributes: NodeAttributes }>;
  edges: Array<{ key?: string; source: string; target: string; attributes: EdgeAttributes }>;
}

/** The checked graph, or one sentence saying what is wrong with it. */
export type CheckResult = { ok: true; graph: GraphJson } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks a parsed graph.json: shape, schema version, and that every node has a position.
 * Example: `checkGraphJson({ attributes: { schemaVersion: 2 }, nodes: [], edges: [] })` →
 * `{ ok: false, message: "graph.json has schemaVersion 2; this viewer reads version 1 ..." }`.
 */
export function checkGraphJson(json: unknown, source = "graph.json"): CheckResult {
  if (!isObject(json)) return { ok: false, message: `${source} is not a JSON object (expected graphology's graph.export()).` };
  const attributes = json["attributes"];
  if (!isObject(attributes)) return { ok: false, message: `${source} has no "attributes" object (expected graphology's graph.export()).` };
  const version = attributes["schemaVersion"];
  if (version !== VIEWER_SCHEMA_VERSION) {
    return {
      ok: false,
      message:
        version === undefined
          ? `${source} has no schemaVersion; this viewer reads version ${VIEWER_SCHEMA_VERSION}. Rebuild it with \`papergraph build\`.`
          : `${source} has schemaVersion ${JSON.stringify(version)}; this viewer reads version ${VIEWER_SCHEMA_VERSION}. Rebuild it with \`papergraph build\`.`,
    };
  }
  if (!Array.isArray(json["nodes"])) return { ok: false, message: `${source} has no "nodes" array.` };
  if (json["edges"] !== undefined && !Array.isArray(json["edges"])) return { ok: false, message: `${source}: "edges" is not an array.` };
  const nodes = json["nodes"] as unknown[];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (!isObject(n) || typeof n["key"] !== "string" || !isObject(n["attributes"])) {
      return { ok: false, message: `${source}: node #${i} has no string "key" and "attributes" object.` };
    }
    const a = n["attributes"];
    if (typeof a["x"] !== "number" || typeof a["y"] !== "number" || !Number.isFinite(a["x"]) || !Number.isFinite(a["y"])) {
      return { ok: false, message: `${source}: node "${n["key"]}" has no numeric x and y (the pipeline's layout step sets them).` };
    }
    if (a["kind"] !== "paper" && a["kind"] !== "concept") {
      return { ok: false, message: `${source}: node "${n["key"]}" has kind ${JSON.stringify(a["kind"])}, expected "paper" or "concept".` };
    }
  }
  if (!Array.isArray(attributes["communities"])) attributes["communities"] = [];
  if (json["edges"] === undefined) json["edges"] = [];
  return { ok: true, graph: json as unknown as GraphJson };
}
