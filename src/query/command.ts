/**
 * The `papergraph query` command
 * ==============================
 *
 * `papergraph query neighbours|search|related|papers|community|path ...`: parses the already split
 * arguments, loads the graph, runs the query from `index.ts` and renders a table (default) or JSON
 * (`--json`). Returns the text and the exit code instead of printing, so `cli.ts` only dispatches
 * and tests need no process. Bad usage throws `OptionsError` (exit 2); an unknown node, no search
 * hit or no path is exit 1 with suggestions on stderr (and `{error, suggestions}` on stdout with `--json`).
 */
import { NotFoundError, OptionsError } from "../errors.ts";
import type { KnowledgeGraph } from "../types.ts";
import {
  communityOf,
  communitySummary,
  findNode,
  checkType,
  lookupNode,
  neighbours,
  nodeRef,
  papersMentioning,
  path,
  related,
  search,
  suggest,
} from "./index.ts";
import type { TypeFilter } from "./index.ts";
import { loadGraph } from "./load.ts";

/** Arguments after `query <sub>`: positionals in order, flags without their dashes (`{ depth: "2", json: true }`). */
export interface QueryArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

/** Flags that take no value. */
const BOOLEANS = new Set(["json", "help", "no-variants"]);

/**
 * `[sub, ...args]` as the shell splits them into the subcommand and its arguments: flags are
 * `--name value`, `--name=value`, or a bare boolean (`--json`); `--` and anything not starting with
 * `--` is a positional.
 * @throws OptionsError when a flag that takes a value has none.
 */
export function parseQueryArgs(args: readonly string[]): QueryArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (!arg.startsWith("--") || arg === "--") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (eq > 0) flags[name] = arg.slice(eq + 1);
    else if (BOOLEANS.has(name)) flags[name] = true;
    else {
      const value = args[i + 1];
      if (value === undefined) throw new OptionsError(`--${name} needs a value`);
      flags[name] = value;
      i += 1;
    }
  }
  return { positionals, flags };
}

/** What the CLI prints and exits with. */
export interface QueryOutput {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1;
}

export const QUERY_SUBCOMMANDS = ["neighbours", "search", "related", "papers", "community", "path"] as const;

/** Default graph file, per CONTRACT.md. */
export const DEFAULT_GRAPH = "output/graph.json";

export const QUERY_USAGE = `usage: papergraph query <subcommand> [--graph FILE] [--json] ...
  neighbours NODE   [--type T] [--depth D] [--limit K] [--min-weight W]   nodes around NODE (key, name or alias)
  search TEXT       [--type T] [--limit K]                                fuzzy search over labels and aliases
  related CONCEPT   [--type T] [--limit K] [--min-shared N]               co-occurring concepts, ranked by NPMI
  papers CONCEPT... [--limit K] [--no-variants]                           papers that mention all the concepts
  community C       [--limit K]                                           a community by id, label, or a member node
  path A B          [--max-length N]                                      a shortest path between two nodes
  shell                                                                   many queries, one per line of stdin, on one load of the graph
  T is paper, concept, method, dataset, model, task or metric; --graph defaults to ${DEFAULT_GRAPH}.`;

const COMMON = ["graph", "json", "help"];
const FLAGS: Record<(typeof QUERY_SUBCOMMANDS)[number], string[]> = {
  neighbours: ["type", "depth", "limit", "min-weight"],
  search: ["type", "limit"],
  related: ["type", "limit", "min-shared"],
  papers: ["limit", "no-variants"],
  community: ["limit"],
  path: ["max-length"],
};
const ARITY: Record<(typeof QUERY_SUBCOMMANDS)[number], [number, number]> = {
  neighbours: [1, 1],
  search: [1, Infinity],
  related: [1, 1],
  papers: [1, Infinity],
  community: [1, 1],
  path: [2, 2],
};

/** `min-weight` and `minWeight` are the same flag. */
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

class Flags {
  private readonly values = new Map<string, string | boolean>();
  constructor(sub: string, flags: Record<string, string | boolean>, allowed: string[]) {
    for (const [name, value] of Object.entries(flags)) {
      const flag = kebab(name);
      if (!allowed.includes(flag)) throw new OptionsError(`query ${sub}: unknown option --${flag}; see "papergraph query --help"`);
      this.values.set(flag, value);
    }
  }
  bool(name: string): boolean {
    const value = this.values.get(name);
    if (value === undefined || value === false || value === "false") return false;
    if (value === true || value === "true" || value === "") return true;
    throw new OptionsError(`--${name} takes no value (got "${value}")`);
  }
  string(name: string): string | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === false) return undefined;
    if (value === true) throw new OptionsError(`--${name} needs a value`);
    return value;
  }
  number(name: string, { integer, min }: { integer: boolean; min: number }): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!text.trim() || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min)
      throw new OptionsError(`--${name}: expected ${integer ? "an integer" : "a number"} >= ${min}, got "${text}"`);
    return value;
  }
}

/**
 * Runs `papergraph query <sub> ...`.
 *
 * @example
 * runQueryCommand("neighbours", { positionals: ["ImageNet"], flags: { type: "model", json: true } });
 * // { stdout: '{"query":"neighbours", …}', stderr: "", exitCode: 0 }
 * @throws OptionsError on bad usage (unknown subcommand or option, missing argument): exit 2.
 * @throws InputError when the graph file is missing or not a papergraph graph.
 */
export function runQueryCommand(sub: string, args: QueryArgs, load: (file: string) => KnowledgeGraph = loadGraph): QueryOutput {
  if (!(QUERY_SUBCOMMANDS as readonly string[]).includes(sub))
    throw new OptionsError(`query: unknown subcommand "${sub}"; see "papergraph query --help"`);
  const name = sub as (typeof QUERY_SUBCOMMANDS)[number];
  const flags = new Flags(name, args.flags, [...COMMON, ...FLAGS[name]]);
  if (flags.bool("help")) return { stdout: `${QUERY_USAGE}\n`, stderr: "", exitCode: 0 };
  const [min, max] = ARITY[name];
  if (args.positionals.length < min || args.positionals.length > max)
    throw new OptionsError(
      `query ${name}: expected ${min === max ? min : `${min} or more`} argument${max === 1 ? "" : "s"}, got ${args.positionals.length}; see "papergraph query --help"`,
    );
  const json = flags.bool("json");
  const type = flags.string("type") as TypeFilter | undefined;
  const limit = flags.number("limit", { integer: true, min: 0 });
  // Every option is checked before the graph is read or a node looked up: bad usage is exit 2 first.
  const depth = flags.number("depth", { integer: true, min: 1 }) ?? 1;
  const minWeight = flags.number("min-weight", { integer: false, min: 0 });
  const minShared = flags.number("min-shared", { integer: true, min: 1 });
  const maxLength = flags.number("max-length", { integer: true, min: 0 });
  const variants = !flags.bool("no-variants");
  checkType(type);
  const graph = load(flags.string("graph") ?? DEFAULT_GRAPH);
  const [first = "", second = ""] = args.positionals;

  try {
    switch (name) {
      case "neighbours": {
        const key = findNode(graph, first);
        const all = neighbours(graph, key, { type, depth, minWeight });
        const results = all.slice(0, limit ?? 20);
        return ok(json, { query: name, node: nodeRef(graph, key), depth, total: all.length, results }, () => [
          `${describe(graph, key)}: ${results.length} of ${all.length} neighbours within ${depth} hop${depth === 1 ? "" : "s"}${type ? ` (type ${type})` : ""}`,
          table(["weight", "depth", "type", "key", "label"], results.map((n) => [n.weight, n.depth, n.type, n.key, n.label]), [0, 1]),
        ]);
      }
      case "search": {
        const text = args.positionals.join(" ");
        const results = search(graph, text, { type, limit: limit ?? 20 });
        if (!results.length) throw new NotFoundError(`no match for "${text}"${type ? ` among ${type} nodes` : ""}`, suggest(graph, text));
        return ok(json, { query: name, text, results }, () => [
          `${results.length} match${results.length === 1 ? "" : "es"} for "${text}"`,
          table(
            ["score", "type", "papers", "key", "label", "matched"],
            results.map((h) => [h.score.toFixed(2), h.type, h.kind === "concept" ? h.paperCount : "", h.key, h.label, h.matched === h.label ? "" : h.matched]),
            [0, 2],
          ),
        ]);
      }
      case "related": {
        const key = findNode(graph, first);
        const results = related(graph, key, { type, limit: limit ?? 20, minShared });
        return ok(json, { query: name, node: nodeRef(graph, key), minShared: minShared ?? 2, results }, () => [
          `${describe(graph, key)}: ${results.length} related concept${results.length === 1 ? "" : "s"} (NPMI over papers, at least ${minShared ?? 2} shared)`,
          table(
            ["npmi", "shared", "papers", "type", "key", "label", "shared papers"],
            results.map((r) => [r.npmi.toFixed(3), r.shared, r.paperCount, r.type, r.key, r.label, abbreviateList(r.papers, 3)]),
            [0, 1, 2],
          ),
        ]);
      }
      case "papers": {
        const keys = args.positionals.map((ref) => findNode(graph, ref));
        const all = papersMentioning(graph, keys, { variants });
        const results = all.slice(0, limit ?? 20);
        return ok(json, { query: name, concepts: keys.map((k) => nodeRef(graph, k)), total: all.length, results }, () => [
          `${all.length} paper${all.length === 1 ? "" : "s"} mention ${keys.map((k) => describe(graph, k)).join(" and ")}${results.length < all.length ? ` (${results.length} shown)` : ""}`,
          table(["mentions", "date", "key", "title"], results.map((p) => [p.weight, p.date, p.key, p.title]), [0]),
        ]);
      }
      case "community": {
        const options = { limit: limit ?? 10 };
        // "3" is an id; otherwise a node first ("LoRA" → its community), then a community label.
        const byNode = /^\s*-?\d+\s*$/.test(first) ? undefined : lookupNode(graph, first);
        const community = byNode ? communityOf(graph, byNode, options) : communitySummary(graph, first, options);
        return ok(json, { query: name, community }, () => [
          `community ${community.id} "${community.label}": ${community.size} nodes, ${community.papers} papers, ${community.conceptCount} concepts${byNode ? ` (the community of ${describe(graph, byNode)})` : ""}`,
          table(["papers", "type", "key", "label"], community.concepts.map((c) => [c.paperCount, c.type, c.key, c.label]), [0]),
          community.paperList.length ? table(["date", "key", "title"], community.paperList.map((p) => [p.date, p.key, p.label])) : "",
        ]);
      }
      case "path": {
        const from = findNode(graph, first);
        const to = findNode(graph, second);
        const found = path(graph, from, to, { maxLength });
        if (!found) {
          const error = `no path between ${describe(graph, from)} and ${describe(graph, to)}`;
          return { stdout: json ? `${JSON.stringify({ query: name, error, path: null })}\n` : "", stderr: `${error}\n`, exitCode: 1 };
        }
        return ok(json, { query: name, from: nodeRef(graph, from), to: nodeRef(graph, to), length: found.length - 1, path: found }, () => [
          `${found.length - 1} hop${found.length === 2 ? "" : "s"} from ${describe(graph, from)} to ${describe(graph, to)}`,
          table(["step", "type", "key", "label"], found.map((n, i) => [i, n.type, n.key, n.label]), [0]),
        ]);
      }
    }
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return {
      stdout: json ? `${JSON.stringify({ query: name, error: error.message, suggestions: error.suggestions })}\n` : "",
      stderr: `${error.message}\n`,
      exitCode: 1,
    };
  }
}

function ok(json: boolean, data: unknown, lines: () => string[]): QueryOutput {
  const stdout = json ? `${JSON.stringify(data, null, 2)}\n` : `${lines().filter(Boolean).join("\n\n")}\n`;
  return { stdout, stderr: "", exitCode: 0 };
}

/** `LoRA (method:lora)` */
function describe(graph: KnowledgeGraph, key: string): string {
  return `${clip(graph.getNodeAttribute(key, "label"), 60)} (${key})`;
}

/** `["a", "b", "c", "d"]`, 2 → `"a, b, +2"` */
function abbreviateList(items: string[], max: number): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")}, +${items.length - max}`;
}

/** One line per cell, control characters and newlines flattened, long text cut with an ellipsis. */
function clip(text: string, width: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, " ");
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

/** A plain-text table: a header row, then rows; `right` lists the columns aligned to the right (numbers). */
export function table(header: string[], rows: Array<Array<string | number>>, right: number[] = []): string {
  if (!rows.length) return "(none)";
  // Keys are identifiers to copy into the next query: never cut. The last column may run long.
  const width = (i: number) => (header[i] === "key" ? Infinity : i === header.length - 1 ? 100 : 60);
  const cells = [header, ...rows.map((row) => row.map((cell, i) => clip(String(cell), width(i))))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : right.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
