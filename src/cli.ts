/**
 * papergraph CLI
 * ==============
 *
 * The only module that reads argv, prints for people and sets exit codes (CONTRACT.md):
 * 0 ok, 1 a failed run (a bad record under `--strict`, a write that failed), 2 bad usage or an
 * input that cannot be used at all (missing, binary, not UTF-8, unknown format). Expected failures are one line on stderr; anything else is a bug and is
 * printed with its stack. Progress goes to stderr, data to stdout or files.
 */
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs, type ParseArgsConfig } from "node:util";

import { InputError, OptionsError, PapergraphError, RecordError } from "./errors.ts";
import { exportFiles, parseFormats, parseProjection, REUSED_FILES } from "./export/formats.ts";
import { planReuse, recordWritten } from "./export/reuse.ts";
import { checkOutputFolder, removeTempFiles, toReport, writeFilesAtomic, type ReportInput } from "./export/index.ts";
import { ExtractWorker, extractCorpus, extractPapers, type CorpusExtraction, type ExtractRunOptions } from "./extract/corpus.ts";
import { loadUserLexicon } from "./extract/lexicon.ts";
import { buildGraphOfColumns } from "./graph/index.ts";
import { INPUT_FORMATS, listInputFiles, MANIFEST_NAME, readInputs, type IngestOptions, type IngestResult } from "./ingest/index.ts";
import { autoMinConceptPapers, changesSince, clusterAndLayout, decodeState, encodeState, previousState, STATE_FILE, type PreviousState } from "./pipeline.ts";
import { graphJsonProblem, type GraphJson } from "./query/graph.ts";
import { parseQueryArgs, QUERY_USAGE, runQueryCommand, type QueryArgs } from "./query/command.ts";
import { runQueryLines } from "./query/shell.ts";
import { DEFAULT_PORT, ensureViewerBuilt, startServer, writeViewer } from "./serve/index.ts";
import { createProgress, type Progress } from "./util/progress.ts";
import { buildStamp, codeStamp } from "./util/stamp.ts";
import type { KnowledgeGraph } from "./types.ts";

/** Left in the output folder by `build --if-stale`: the stamp of the inputs, options and code it was built from. */
const STAMP_FILE = "build-stamp.txt";

const USAGE = `usage: papergraph <command> [options]

commands:
  build [INPUT...]     ingest → extract → graph → communities → layout → write --out (default output/)
  extract [INPUT...]   concepts per paper as JSON Lines (stdout or --out FILE)
  eval --gold FILE     precision / recall / F1 of extraction against a gold file
  query SUB ...        neighbours | search | related | papers | community | path (see "papergraph query --help")
  serve                the viewer over a built graph, on http://127.0.0.1:${DEFAULT_PORT}/
  help                 this text

inputs are files or folders (default data/); formats: auto, ${INPUT_FORMATS.join(", ")}

build options:
  --out DIR                output folder (default output/)
  --format F               input format (default auto)
  --year Y                 year of dates without one (Daily Papers pages); else data/manifest.json
  --seed N                 seed of Louvain and the layout (default 42)
  --resolution R           Louvain resolution, higher = more communities (default 1)
  --min-community-size N   merge communities of fewer papers into a neighbour (default 3)
  --min-concept-papers N   leave out concepts named by fewer papers (default auto: 1 under 2,000 papers,
                           2 under 20,000, else 3)
  --iterations N           ForceAtlas2 iterations (default by graph size)
  --lexicon FILE           user aliases and stop-concepts (default data/lexicon.tsv if present)
  --workers N              extraction worker threads (default: cores from 10,000 papers to parse, else 1)
  --no-cache               do not read or write the extraction cache
  --strict                 a bad record fails the run instead of being skipped
  --keep-title-only        keep entries without an abstract as title-only papers (default: counted, skipped)
  --formats LIST           outputs: json,gexf,graphml,csv,neo4j or all (default json,gexf)
  --projection concepts    also the concept–concept co-occurrence graph (concepts.*, VOSviewer files)
  --min-cooccurrence N     fewest shared papers for a projection edge (default 1)
  --no-viewer              do not copy the viewer next to the graph
  --incremental            build on the last output in --out: cached extraction, the map and community
                           ids kept where they were
  --if-stale               skip the build when inputs, options and code are those of the last one
extract options: --out FILE, --format, --year, --lexicon, --workers, --strict, --keep-title-only
eval options: --gold FILE, --errors (list misses and false alarms), --lexicon FILE
serve options: --graph FILE (default output/graph.json), --port P (default ${DEFAULT_PORT}; 0 = any free port),
  --host H (default 127.0.0.1)`;

const COMMON = {
  format: { type: "string" },
  year: { type: "string" },
  lexicon: { type: "string" },
  workers: { type: "string" },
  strict: { type: "boolean" },
  "keep-title-only": { type: "boolean" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

function parse<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new OptionsError((error as Error).message.split("\n")[0] ?? "bad arguments");
  }
}

function intOption(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new OptionsError(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new OptionsError(`--${name} must be a positive number, got "${value}"`);
  return n;
}

function ingestOptions(values: { format?: string; year?: string; strict?: boolean; "keep-title-only"?: boolean }): IngestOptions {
  const format = values.format ?? "auto";
  if (format !== "auto" && !(INPUT_FORMATS as readonly string[]).includes(format)) {
    throw new OptionsError(`unknown format "${format}"; expected auto, ${INPUT_FORMATS.join(", ")}`);
  }
  const year = intOption("year", values.year, 1900);
  return {
    format: format as IngestOptions["format"],
    strict: Boolean(values.strict),
    keepTitleOnly: Boolean(values["keep-title-only"]),
    ...(year === undefined ? {} : { year }),
  };
}

async function ingest(inputs: string[], options: IngestOptions): Promise<IngestResult> {
  const progress = createProgress("ingest");
  const result = await readInputs(inputs.length ? inputs : ["data"], { ...options, onProgress: (n) => progress.update(n) });
  const fromCache = [
    ...(result.cached ? [`${result.cached} unchanged, from cache`] : []),
    ...(result.grown ? [`${result.grown} grown, only ${result.grown === 1 ? "its" : "their"} new lines read`] : []),
  ];
  const cached = fromCache.length ? ` (${fromCache.join("; ")})` : "";
  progress.done(`${result.entries} entries, ${result.papers.length} papers from ${result.files.length} files${cached}`);
  for (const s of result.skipped) process.stderr.write(`skipped ${s.file}:${s.line}: ${s.reason}\n`);
  for (const w of result.warnings) process.stderr.write(`warning ${w.file}:${w.line}: ${w.reason}\n`);
  if (result.papers.length === 0) {
    const skipped = result.skipped.length ? `; ${result.skipped.length} records skipped (see above)` : "";
    throw new PapergraphError(`no papers in ${result.files.join(", ") || "the input"}${skipped}`);
  }
  return result;
}

function extractOptions(values: { lexicon?: string; workers?: string }, cacheDir?: string): ExtractRunOptions {
  const workers = intOption("workers", values.workers, 1);
  return {
    ...(values.lexicon ? { lexicon: loadUserLexicon(values.lexicon) } : {}),
    ...(workers === undefined ? {} : { workers }),
    ...(cacheDir ? { cacheDir } : {}),
  };
}

async function build(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    ...COMMON,
    seed: { type: "string" },
    resolution: { type: "string" },
    "min-community-size": { type: "string" },
    iterations: { type: "string" },
    "no-cache": { type: "boolean" },
    "no-viewer": { type: "boolean" },
    "if-stale": { type: "boolean" },
    incremental: { type: "boolean" },
    formats: { type: "string" },
    projection: { type: "string" },
    "min-cooccurrence": { type: "string" },
    "min-concept-papers": { type: "string" },
  });
  const started = performance.now();
  const outDir = resolve(values.out ?? "output");
  await checkOutputFolder(outDir);
  // Ctrl-C or kill while writing: no half-written temporary files left in --out (the files in place are untouched)
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.once(signal, () => {
      removeTempFiles(outDir, true);
      process.exit(code);
    });
  }
  const seed = intOption("seed", values.seed, 0) ?? 42;
  const resolution = numberOption("resolution", values.resolution) ?? 1;
  const minCommunitySize = intOption("min-community-size", values["min-community-size"], 1);
  const layoutIterations = intOption("iterations", values.iterations, 0);
  const minConceptPapersOption =
    values["min-concept-papers"] === "auto" ? undefined : intOption("min-concept-papers", values["min-concept-papers"], 1);
  const lexicon = values.lexicon ?? (await exists("data/lexicon.tsv") && positionals.length === 0 ? "data/lexicon.tsv" : undefined);

  const ingestOpts = ingestOptions(values);
  const exportChoice = {
    formats: parseFormats(values.formats),
    projection: parseProjection(values.projection),
    minWeight: intOption("min-cooccurrence", values["min-cooccurrence"], 1) ?? 1,
  };
  const buildOptions = {
    ingestOpts,
    seed,
    resolution,
    minCommunitySize,
    minConceptPapersOption,
    layoutIterations,
    lexicon,
    exportChoice,
    viewer: !values["no-viewer"],
  };
  let stamp = "";
  if (values["if-stale"]) {
    const inputs = positionals.length ? positionals : ["data"];
    const files = await listInputFiles(inputs);
    // A folder's manifest (the year of its Daily Papers pages) changes the output too.
    const manifests = (await Promise.all(inputs.map(async (i) => ((await exists(join(i, MANIFEST_NAME))) ? [join(i, MANIFEST_NAME)] : [])))).flat();
    stamp = await buildStamp([...files, ...manifests, ...(lexicon ? [lexicon] : [])], buildOptions);
    const previous = await readFile(join(outDir, STAMP_FILE), "utf8").catch(() => "");
    if (previous.trim() === stamp && (await exists(join(outDir, "graph.json")))) {
      process.stdout.write(`${outDir}/graph.json is up to date (inputs, options and code unchanged)\n`);
      return 0;
    }
  }

  const previous = values.incremental ? await readPrevious(outDir) : undefined;
  const cacheDir = values["no-cache"] ? undefined : resolve(outDir, ".cache");
  const { graph, info } = await graphOfInputs(positionals, {
    ingestOpts: { ...ingestOpts, ...(cacheDir ? { cacheDir } : {}) },
    extractOpts: extractOptions({ ...values, ...(lexicon ? { lexicon } : {}) }, cacheDir),
    seed,
    resolution,
    minConceptPapers: minConceptPapersOption,
  });
  let stage: Progress | undefined;
  const { communities } = clusterAndLayout(graph, {
    seed,
    resolution,
    ...(minCommunitySize === undefined ? {} : { minCommunitySize }),
    ...(layoutIterations === undefined ? {} : { layoutIterations }),
    ...(previous ? { previous } : {}),
    onStage: (name) => {
      stage?.done("done");
      stage = createProgress(name);
    },
  });
  stage?.done("done");

  const changes = previous ? changesSince(previous, graph) : undefined;
  if (changes) {
    const { papers: p, concepts: c, communities: k } = changes;
    process.stderr.write(
      `incremental: papers +${p.added} −${p.removed}, concepts +${c.added} −${c.removed}; ` +
        `${k.kept} communities kept their id, ${k.added} new, ${k.removed} gone (see report.md)\n`,
    );
  }
  const report = toReport(graph, { ...info, merged: communities.merged, isolated: communities.isolated, ...(changes ? { changes } : {}) });
  const writing = createProgress("write");
  // Papers whose text and mentions are as the last build wrote them are copied from its files.
  const code = await codeStamp();
  const plan = planReuse(graph, outDir, REUSED_FILES, code, previous?.written);
  const files = { ...exportFiles(graph, exportChoice, plan), "report.md": report };
  const offsets = Object.fromEntries(Object.entries(plan).map(([name, reuse]) => [name, reuse.offsets]));
  try {
    await writeFilesAtomic(outDir, files, offsets);
  } finally {
    for (const reuse of Object.values(plan)) reuse.previous?.close();
  }
  // After the outputs: a build killed in between leaves the state of the one before, still a fair
  // start (its record of the files no longer matches them, so nothing is copied from them).
  const written = recordWritten(outDir, Object.fromEntries(Object.entries(plan).filter(([name]) => name in files)), code);
  await writeFilesAtomic(dirname(join(outDir, STATE_FILE)), { [basename(STATE_FILE)]: encodeState(graph, written) });
  if (!values["no-viewer"]) await writeViewer(outDir);
  if (stamp) await writeFilesAtomic(outDir, { [STAMP_FILE]: `${stamp}\n` });
  const copied = Object.entries(plan).flatMap(([name, reuse]) => (name in files ? [`${name} ${reuse.copied}`] : []));
  const reused = previous ? ` (papers copied from the last build: ${copied.join(", ")} of ${graph.getAttribute("papers")})` : "";
  writing.done(Object.keys(files).join(", ") + (values["no-viewer"] ? "" : ", viewer") + reused);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`build: ${seconds}s in all, peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
  const a = graph.getAttributes();
  process.stdout.write(
    `${a.papers} papers, ${a.concepts} concepts, ${a.edges} edges, ${a.communities.length} communities ` +
      `(modularity ${a.modularity.toFixed(3)}) → ${outDir}/${Object.keys(files).join(", ")}\n`,
  );
  return 0;
}

/**
 * Ingest, extraction and the graph, with their progress lines. A function of its own so that the
 * papers and their extractions (hundreds of MB on a big corpus) can be collected once the graph
 * holds what it needs, before communities, layout and writing.
 */
async function graphOfInputs(
  positionals: string[],
  o: { ingestOpts: IngestOptions; extractOpts: ExtractRunOptions; seed: number; resolution: number; minConceptPapers: number | undefined },
): Promise<{ graph: KnowledgeGraph; info: Omit<ReportInput, "merged" | "isolated"> }> {
  // With a cache, the papers left to parse (an update's new ones) go to a worker: booted before
  // the inputs are read, it is ready when they are known.
  const booted = o.extractOpts.cacheDir && o.extractOpts.workers === undefined ? new ExtractWorker(o.extractOpts) : undefined;
  let ingested: IngestResult;
  let extracted: CorpusExtraction;
  try {
    ingested = await ingest(positionals, o.ingestOpts);
    const progress = createProgress("extract");
    const onProgress = (done: number, total: number) => progress.update(done, total);
    extracted = await extractCorpus(ingested.papers, { ...o.extractOpts, ...(booted ? { booted } : {}), onProgress });
    const edit = extracted.stats.lexiconEdit;
    const edited = edit ? `; the lexicon changed ${edit.keys} keys since the last build, ${edit.papers} papers name one and were parsed again` : "";
    progress.done(`${extracted.columns.papers} papers (${extracted.stats.cached} from cache${edited})`);
  } finally {
    await booted?.terminate(); // the run ends it, unless the run never came (bad input)
  }
  const stage = createProgress("graph");
  const graph = buildGraphOfColumns(ingested.papers, extracted.columns, {
    seed: o.seed,
    resolution: o.resolution,
    minPapers: o.minConceptPapers ?? autoMinConceptPapers(ingested.papers.length),
  });
  stage.done("done");
  const { files: inputs, entries, noAbstract, skipped, warnings } = ingested;
  return { graph, info: { inputs, entries, noAbstract, skipped, warnings, ambiguousAcronyms: extracted.ambiguousAcronyms } };
}

/**
 * The positions and communities of the last build in `outDir`, for `--incremental`: from the
 * state file it left, else (a folder built before there was one, or `.cache/` deleted) from its graph.json.
 */
async function readPrevious(outDir: string): Promise<PreviousState | undefined> {
  const stateText = await readFile(join(outDir, STATE_FILE), "utf8").catch(() => undefined);
  const fromState = stateText === undefined ? undefined : decodeState(stateText);
  if (fromState) {
    process.stderr.write(`incremental: starting from ${fromState.positions.size} nodes of the last build\n`);
    return fromState;
  }
  const file = join(outDir, "graph.json");
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) {
    process.stderr.write(`incremental: no previous ${file}; building from scratch\n`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const problem = json === undefined ? "not valid JSON" : graphJsonProblem(json);
  if (problem) throw new InputError(`not a papergraph graph.json to build on (${problem}); build without --incremental`, file);
  const state = previousState(json as GraphJson);
  process.stderr.write(`incremental: starting from ${state.positions.size} nodes of ${file}\n`);
  return state;
}

async function extract(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, COMMON);
  const ingested = await ingest(positionals, ingestOptions(values));
  const progress = createProgress("extract");
  const result = await extractPapers(ingested.papers, {
    ...extractOptions(values),
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.done(`${result.papers.length} papers`);
  const lines = result.papers.map((p) => JSON.stringify(p)).join("\n") + "\n";
  if (values.out) {
    const out = resolve(values.out);
    await writeFilesAtomic(dirname(out), { [basename(out)]: lines });
  } else {
    process.stdout.write(lines);
  }
  return 0;
}

async function evalCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { gold: { type: "string" }, errors: { type: "boolean" }, lexicon: { type: "string" } });
  if (!values.gold) throw new OptionsError("eval needs --gold FILE");
  const text = await readText(values.gold);
  // the extractor itself, loaded by the one command that runs it on this thread
  const { evaluate, formatEvalReport, parseGold } = await import("./extract/eval.ts");
  const gold = parseGold(text, values.gold);
  const report = evaluate(gold, values.lexicon ? { lexicon: loadUserLexicon(values.lexicon) } : {});
  process.stdout.write(formatEvalReport(report, { errors: Boolean(values.errors) }));
  return 0;
}

async function serve(args: string[]): Promise<number> {
  const { values } = parse(args, { graph: { type: "string" }, port: { type: "string" }, host: { type: "string" } });
  // No --port: 4173, or any free port when that one is taken; an explicit --port must be free.
  const port = intOption("port", values.port, 0);
  const root = await ensureViewerBuilt();
  const server = await startServer({
    root,
    graphFile: resolve(values.graph ?? "output/graph.json"),
    ...(port === undefined ? {} : { port }),
    host: values.host ?? "127.0.0.1",
  });
  process.stdout.write(`papergraph: serving the viewer on ${server.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}

/** `query SUB args` (see `parseQueryArgs`); `query shell` reads one query per line of stdin. */
async function query(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    process.stdout.write(`${QUERY_USAGE}\n`);
    return sub === undefined ? 2 : 0;
  }
  const parsed = parseQueryArgs(rest);
  if (sub === "shell") return queryShell(parsed);
  const out = runQueryCommand(sub, parsed);
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  return out.exitCode;
}

/** `query shell [--graph FILE] [--json]`: answers each line of stdin; a prompt when it is a terminal. Exit 1 if a query failed. */
async function queryShell({ positionals, flags }: QueryArgs): Promise<number> {
  if (flags.help === true) {
    process.stdout.write(`${QUERY_USAGE}\n`);
    return 0;
  }
  const unknown = [...positionals, ...Object.keys(flags).filter((f) => f !== "graph" && f !== "json").map((f) => `--${f}`)];
  if (unknown.length) throw new OptionsError(`query shell: unexpected ${unknown.join(" ")}; it takes --graph FILE and --json only`);
  const defaults = { ...(typeof flags.graph === "string" ? { graph: flags.graph } : {}), json: flags.json === true };
  const prompt = process.stdin.isTTY ? "papergraph> " : "";
  const lines = createInterface({ input: process.stdin, ...(prompt ? { output: process.stdout, prompt } : {}) });
  if (prompt) {
    process.stdout.write(`papergraph query shell: one query a line ("neighbours ImageNet --depth 2"), "help", "quit"\n`);
    lines.prompt();
  }
  let failed = false;
  for await (const answer of runQueryLines(lines, { ...defaults, numbered: !prompt })) {
    process.stdout.write(answer.stdout);
    process.stderr.write(answer.stderr);
    if (answer.exitCode !== 0) failed = true;
    if (answer.quit) break;
    if (prompt) lines.prompt();
  }
  lines.close();
  return failed ? 1 : 0;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? "no such file" : `cannot read (${code})`, file);
  }
}

/** Whether `file` exists as a file (without reading it: graph.json can be hundreds of MB). */
async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** Runs one command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // "papergraph build --help": the usage, as for "papergraph help" ("query" has its own)
  const options = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
  if (command !== "query" && (options.includes("--help") || options.includes("-h"))) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  switch (command) {
    case "build":
      return build(rest);
    case "extract":
      return extract(rest);
    case "eval":
      return evalCommand(rest);
    case "query":
      return query(rest);
    case "serve":
      return serve(rest);
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case undefined:
      throw new OptionsError("no command given");
    default:
      throw new OptionsError(`unknown command "${command}"`);
  }
}

/** A failed system call (a full disk, a file where a folder should be): "PATH: no space left on device (write, ENOSPC)". */
function systemError(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof e.code !== "string" || typeof e.syscall !== "string") return undefined;
  const what = e.message.replace(/^[A-Z]+: /, "").split(",")[0];
  return `${e.path ? `${e.path}: ` : ""}${what} (${e.syscall}, ${e.code})`;
}

/**
 * Ends the process once stdout and stderr have taken what was written to them: `process.exit`
 * drops what a pipe has not taken yet (a pipe takes 64 KB at a time, so `extract | jq` got the
 * first 128 KB when jq read slower than we wrote).
 */
function exitWhenWritten(code: number): void {
  let pending = 2;
  const written = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", written);
  process.stderr.write("", written);
}

// A reader that has gone ("| head") ends the command quietly, not with an EPIPE stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") process.stderr.write(`papergraph: cannot write to standard output (${error.code ?? error.message})\n`);
  process.exit(error.code === "EPIPE" ? 0 : 1);
});

main(process.argv.slice(2)).then(exitWhenWritten, (error: unknown) => {
  if (error instanceof OptionsError) {
    process.stderr.write(`papergraph: ${error.message}\n${USAGE.split("\n")[0]}\n(run "papergraph help" for the options)\n`);
    exitWhenWritten(2);
  } else if (error instanceof InputError) {
    // An input that cannot be used at all is bad usage (2); a bad record under --strict fails the run (1).
    process.stderr.write(`papergraph: ${error.message}\n`);
    exitWhenWritten(error instanceof RecordError ? 1 : 2);
  } else if (error instanceof PapergraphError) {
    process.stderr.write(`papergraph: ${error.message}\n`);
    exitWhenWritten(1);
  } else {
    const failed = systemError(error);
    if (failed) process.stderr.write(`papergraph: ${failed}\n`);
    else console.error(error);
    exitWhenWritten(1);
  }
});
