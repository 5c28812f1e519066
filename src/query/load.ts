/**
 * Loading graph.json
 * ==================
 *
 * The one query module that touches the file system: reads `graph.json` and hands it to
 * `graphFromJson`. Node only; the viewer fetches the file itself and calls `graphFromJson`.
 */
import { readFileSync } from "node:fs";

import { InputError } from "../errors.ts";
import type { KnowledgeGraph } from "../types.ts";
import { graphFromJson } from "./graph.ts";

/**
 * Loads a built graph from a `graph.json` path, or from already parsed JSON.
 *
 * @example
 * import { loadGraph, neighbours } from "papergraph";
 * const graph = loadGraph("output/graph.json");
 * neighbours(graph, "ImageNet", { type: "model", depth: 2, limit: 5 });
 * @throws InputError naming the file when it is missing, not JSON, or of another schema version.
 */
export function loadGraph(pathOrJson: string | object): KnowledgeGraph {
  if (typeof pathOrJson !== "string") return graphFromJson(pathOrJson);
  let text: string;
  try {
    text = readFileSync(pathOrJson, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT" ? "no such file; run `papergraph build` first or pass --graph FILE" : `cannot read (${code ?? String(error)})`,
      pathOrJson,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the start of the text, newlines and all: keep the message to one line.
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 200);
    throw new InputError(`not valid JSON (${reason})`, pathOrJson);
  }
  return graphFromJson(json, pathOrJson);
}
