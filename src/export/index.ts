/**
 * Export
 * ======
 *
 * Serialises the finished graph: `graph.json` (graphology's own `export()`, the viewer's and
 * the library's input), `graph.gexf` (GEXF 1.3 for Gephi: typed attributes, viz colour without
 * alpha, size and position) and `report.md` (what was built, and what was skipped and why).
 * Pure: strings out. `writeFilesAtomic` is the one function here that touches the disk.
 */
import { mkdir, open, rename, rm, stat, writeFile } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";

import type { SerializedEdge } from "graphology-types";

import { PapergraphError } from "../errors.ts";
import type { BuildChanges, KnowledgeGraph, NodeAttributes, SkippedRecord } from "../types.ts";

export { removeTempFiles } from "../util/temp-files.ts";
import { CONCEPT_TYPES } from "../types.ts";
import { removeTempFiles } from "../util/temp-files.ts";
import { gexfChunks } from "./gexf.ts";
import { edgeRuns, FIRST_DYNAMIC, SLOTS, type FileReuse, type Piece } from "./reuse.ts";

/** `graph.json`: graphology's serialisation, loadable with `Graph.from(JSON.parse(text))`. */
export function toGraphJson(graph: KnowledgeGraph): string {
  return [...graphJsonChunks(graph)].join("");
}

/**
 * `graph.json` as chunks of about 1 MB: byte for byte `JSON.stringify(graph.export())` plus a
 * newline, without building the exported copy and its one huge string (an 80k-paper graph is
 * ~300 MB of JSON). Each node and edge is one `JSON.stringify` of an object with the export's
 * keys in the export's order, not one call per field: a quarter less time on an 80k-paper graph.
 * With `reuse`, the pieces also mark each paper's spans and copy those of the last build that
 * still hold (see `reuse.ts`).
 */
export function graphJsonChunks(graph: KnowledgeGraph): Generator<string>;
export function graphJsonChunks(graph: KnowledgeGraph, reuse: FileReuse): Generator<Piece>;
export function* graphJsonChunks(graph: KnowledgeGraph, reuse?: FileReuse): Generator<Piece> {
  const options = { type: graph.type, multi: graph.multi, allowSelfLoops: graph.allowSelfLoops };
  let chunk = `{"options":${JSON.stringify(options)},"attributes":${JSON.stringify(graph.getAttributes())},"nodes":[`;
  let first = true;
  let i = -1;
  for (const { node, attributes } of graph.nodeEntries()) {
    i++;
    if (first) first = false;
    else chunk += ",";
    const signature = reuse?.signatures[i] ?? "";
    const split = signature === "" ? undefined : splitRecord(node, attributes);
    if (split) {
      // a paper: its static part is a span of its own, copied when the last build's still holds
      const bytes = reuse?.previous?.check(reuse.previous.span(node, signature, 0), `{"key":${JSON.stringify(node)}`);
      if (bytes) reuse!.copied++;
      yield chunk;
      yield i * SLOTS;
      yield bytes ?? split.head();
      yield i * SLOTS + 1;
      chunk = split.tail;
    } else {
      chunk += JSON.stringify(Object.keys(attributes).length ? { key: node, attributes } : { key: node });
    }
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  chunk += `],"edges":[`;
  first = true;
  const mixed = graph.type === "mixed";
  let runStart = false; // the next record opens a paper's run: its separator went before the slot
  for (const step of edgeRuns(graph, reuse, (key) => `{"key":${JSON.stringify(key)}`)) {
    if (typeof step === "number") {
      if (step % SLOTS === 2) {
        if (!first) chunk += ",";
        first = false;
        runStart = true;
      }
      yield chunk;
      chunk = "";
      yield step;
      continue;
    }
    if (step instanceof Uint8Array) {
      yield step;
      runStart = false;
      continue;
    }
    const { edge: key, attributes, source, target, undirected } = step;
    const entry: SerializedEdge = Object.keys(attributes).length ? { key, source, target, attributes } : { key, source, target };
    if (undirected && mixed) entry.undirected = true;
    chunk += (first || runStart ? "" : ",") + JSON.stringify(entry);
    first = runStart = false;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  yield `${chunk}]}\n`;
}

/**
 * A node's JSON record in two parts: its static part (the key and every attribute before
 * `community`; `head`, made only when asked, since a copied one is not needed) and the rest,
 * closing the record. Joined, they are the node's `JSON.stringify`. Undefined for a node without
 * `community` or with nothing before it.
 */
function splitRecord(key: string, attributes: NodeAttributes): { head: () => string; tail: string } | undefined {
  const all = attributes as unknown as Record<string, unknown>;
  const after: Record<string, unknown> = {};
  let names = 0; // attributes before `community`
  let on = false;
  for (const name in all) {
    if (name === FIRST_DYNAMIC) on = true;
    if (on) after[name] = all[name];
    else names++;
  }
  if (names === 0 || after[FIRST_DYNAMIC] === undefined) return undefined;
  const head = (): string => {
    const before: Record<string, unknown> = {};
    for (const name in all) {
      if (name === FIRST_DYNAMIC) break;
      before[name] = all[name];
    }
    return JSON.stringify({ key, attributes: before }).slice(0, -2);
  };
  return { head, tail: `,${JSON.stringify(after).slice(1)}}` };
}

/** GEXF 1.3 as one string (see `gexf.ts`; `gexfFile` streams it instead). */
export function toGexf(graph: KnowledgeGraph): string {
  return [...gexfFile(graph)].join("");
}

/** GEXF 1.3 as chunks, for writing big graphs without holding the document (pieces, with `reuse`). */
export function gexfFile(graph: KnowledgeGraph): Iterable<string>;
export function gexfFile(graph: KnowledgeGraph, reuse: FileReuse | undefined): Iterable<Piece>;
export function gexfFile(graph: KnowledgeGraph, reuse?: FileReuse): Iterable<Piece> {
  const a = graph.getAttributes();
  const description =
    a.communities === undefined
      ? `papergraph ${graph.order} nodes, ${graph.size} edges`
      : `${a.papers} papers, ${a.concepts} concepts, ${a.communities.length} communities; modularity ${a.modularity}; ` +
        `seed ${a.seed}; resolution ${a.resolution}; schemaVersion ${a.schemaVersion}`;
  return reuse ? gexfChunks(graph, { description }, reuse) : gexfChunks(graph, { description });
}

/** What the build knows besides the graph, for `report.md`. */
export interface ReportInput {
  inputs: string[];
  entries: number;
  /** Entries without an abstract (skipped unless kept as title-only papers). */
  noAbstract: number;
  skipped: SkippedRecord[];
  warnings: SkippedRecord[];
  ambiguousAcronyms: Array<{ acronym: string; longForms: string[]; conceptIds: string[] }>;
  merged: number;
  isolated: number;
  /** What an incremental build changed since the build it started from. */
  changes?: BuildChanges;
}

const escapeCell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");

/** `report.md`: counts, modularity, communities with labels and top concepts, skipped input. */
export function toReport(graph: KnowledgeGraph, info: ReportInput): string {
  const a = graph.getAttributes();
  const byType = new Map<string, number>();
  const concepts: Array<{ label: string; type: string; papers: number }> = [];
  graph.forEachNode((_node, n) => {
    if (n.kind === "concept") {
      byType.set(n.type, (byType.get(n.type) ?? 0) + 1);
      concepts.push({ label: n.label, type: n.type, papers: n.paperCount });
    }
  });
  concepts.sort((x, y) => y.papers - x.papers || (x.label < y.label ? -1 : 1));
  const out: string[] = [];
  out.push("# papergraph report", "");
  out.push(`Inputs: ${info.inputs.map((i) => `\`${i}\``).join(", ") || "(none)"}`, "");
  out.push("## Counts", "");
  out.push("| what | count |", "|---|---:|");
  out.push(`| entries read | ${info.entries} |`);
  out.push(`| papers (after merging repeats) | ${a.papers} |`);
  out.push(`| concepts | ${a.concepts} |`);
  if ((a.minConceptPapers ?? 1) > 1) out.push(`| concepts left out (named by fewer than ${a.minConceptPapers} papers) | ${a.conceptsLeftOut ?? 0} |`);
  for (const type of CONCEPT_TYPES) out.push(`| · ${type} | ${byType.get(type) ?? 0} |`);
  out.push(`| edges | ${a.edges} |`);
  out.push(`| communities | ${a.communities.length} |`);
  out.push(`| small communities merged into a neighbour | ${info.merged} |`);
  out.push(`| nodes with no edge (community -1) | ${info.isolated} |`);
  out.push(`| entries without an abstract | ${info.noAbstract} |`);
  out.push(`| records skipped | ${info.skipped.length} |`, "");
  out.push(`Modularity: **${a.modularity.toFixed(4)}** (Louvain, resolution ${a.resolution}, seed ${a.seed}).`, "");
  if (info.changes) out.push(...changesSection(info.changes));
  out.push("## Communities", "");
  out.push("| id | label | nodes | papers | top concepts |", "|---:|---|---:|---:|---|");
  for (const c of a.communities) {
    out.push(`| ${c.id} | ${escapeCell(c.label)} | ${c.size} | ${c.papers} | ${escapeCell(c.topConcepts.join(", "))} |`);
  }
  out.push("", "## Most mentioned concepts", "");
  out.push("| concept | type | papers |", "|---|---|---:|");
  for (const c of concepts.slice(0, 25)) out.push(`| ${escapeCell(c.label)} | ${c.type} | ${c.papers} |`);
  out.push("", "## Ambiguous acronyms (kept apart)", "");
  if (info.ambiguousAcronyms.length === 0) out.push("None.");
  for (const amb of info.ambiguousAcronyms) {
    out.push(`- **${escapeCell(amb.acronym)}**: ${amb.longForms.map((f) => `"${escapeCell(f)}"`).join(" vs ")} (${amb.conceptIds.join(", ")})`);
  }
  out.push("", "## Skipped records", "");
  if (info.skipped.length === 0) out.push("None.");
  for (const s of info.skipped) out.push(`- \`${s.file}:${s.line}\`: ${escapeCell(s.reason)}`);
  out.push("", "## Warnings", "");
  if (info.warnings.length === 0) out.push("None.");
  for (const w of info.warnings) out.push(`- \`${w.file}:${w.line}\`: ${escapeCell(w.reason)}`);
  out.push("");
  return out.join("\n");
}

/** `report.md`'s account of an incremental build: what came and went since the last build. */
function changesSection(c: BuildChanges): string[] {
  const out = ["## Since the last build", "", "| what | count |", "|---|---:|"];
  out.push(`| papers added | ${c.papers.added} |`, `| papers gone | ${c.papers.removed} |`);
  out.push(`| concepts added | ${c.concepts.added} |`, `| concepts gone | ${c.concepts.removed} |`);
  out.push(`| communities that kept their id and colour | ${c.communities.kept} |`);
  out.push(`| new communities | ${c.communities.added} |`, `| communities gone | ${c.communities.removed} |`);
  out.push(`| nodes of the last build now in a community of another id | ${c.moved} of ${c.known} |`, "");
  if (c.concepts.newest.length) {
    const named = c.concepts.newest.map((n) => `${escapeCell(n.label)} (${n.newPapers} new of ${n.papers} papers)`);
    out.push(`New concepts named by the most new papers: ${named.join(", ")}.`, "");
  }
  return out;
}

/** Each of the two write buffers; text is written out once a buffer holds a megabyte. */
const BUFFER_BYTES = 1 << 22;
const FLUSH_AT = 1 << 20;

/**
 * Writes pieces in order, encoding text into one of two reused buffers: writing strings made Node
 * allocate a fresh buffer for every megabyte (~0.5 s of the ~650 MB an 80k-paper build writes).
 * The buffers take turns, so the next pieces are produced and encoded while the disk takes the
 * previous buffer, and no more than two are held. Bytes (a span of the last build's file) are
 * copied before the next piece is asked for; a number records the byte offset reached in that
 * slot of `offsets`. Every write has settled when this returns or throws, so the file can be closed.
 */
async function writePieces(handle: FileHandle, pieces: Iterable<Piece>, offsets: Float64Array | undefined): Promise<void> {
  let buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  let spare = Buffer.allocUnsafe(BUFFER_BYTES); // the one being written
  let used = 0; // bytes in `buffer`
  let before = 0; // bytes handed to the disk before `buffer`
  let pending: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    if (used === 0) return;
    const bytes = buffer.subarray(0, used);
    await pending;
    pending = writeAll(handle, bytes);
    [buffer, spare] = [spare, buffer];
    before += used;
    used = 0;
  };
  /** Bytes too big for a buffer: written as they are, and done with before the next piece. */
  const direct = async (bytes: Uint8Array): Promise<void> => {
    await flush();
    await pending;
    pending = writeAll(handle, bytes);
    before += bytes.length;
    await pending;
  };
  try {
    for (const piece of pieces) {
      if (typeof piece === "number") {
        if (offsets) offsets[piece] = before + used;
        continue;
      }
      if (typeof piece === "string") {
        if (piece.length * 3 > BUFFER_BYTES - used) await flush();
        if (piece.length * 3 <= BUFFER_BYTES) used += buffer.write(piece, used, "utf8");
        else await direct(Buffer.from(piece, "utf8"));
      } else {
        if (piece.length > BUFFER_BYTES - used) await flush();
        if (piece.length <= BUFFER_BYTES) {
          buffer.set(piece, used);
          used += piece.length;
        } else await direct(piece);
      }
      if (used >= FLUSH_AT) await flush();
    }
    await flush();
    await pending;
  } catch (error) {
    await pending?.catch(() => undefined);
    throw error;
  }
}

/** `write` may take fewer bytes than it is given (a disk filling up): write the rest. */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length; ) at += (await handle.write(bytes, at)).bytesWritten;
}

/** "--out a-file", a read-only folder: one line naming the folder, not a stack trace. */
function cannotWriteTo(dir: string, error: unknown): PapergraphError {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const why = { EEXIST: "a file is in the way of the folder", ENOTDIR: "a file is in the way of the folder", EACCES: "permission denied", EPERM: "permission denied", ENOSPC: "no space left on the disk", EROFS: "read-only file system" }[code];
  return new PapergraphError(`${dir}: cannot write the output (${why ?? (code || (error as Error).message)})`);
}

/**
 * Whether `dir` can become the output folder (missing, or a folder), checked before a build does
 * any work or writes its caches there.
 * @throws PapergraphError as `writeFilesAtomic` would, when a file is in the way
 */
export async function checkOutputFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw cannotWriteTo(dir, error);
  });
  if (info && !info.isDirectory()) throw cannotWriteTo(dir, Object.assign(new Error("not a folder"), { code: "ENOTDIR" }));
}

/**
 * Writes every file to `dir` atomically: each goes to a temporary name first, and only when all
 * are written are they renamed into place, so a failed or interrupted build leaves the previous
 * output as it was. A file's content may be a function, called only when that file is written,
 * returning a string or an iterable of pieces (`reuse.ts`), so big outputs (graph.json, GEXF) are
 * never all in memory at once; a file's pieces record their byte offsets in `offsets[name]`.
 */
export async function writeFilesAtomic(
  dir: string,
  files: Record<string, string | (() => string | Iterable<Piece>)>,
  offsets: Record<string, Float64Array> = {},
): Promise<void> {
  const cannotWrite = (error: unknown) => cannotWriteTo(dir, error);
  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw cannotWrite(error);
  });
  removeTempFiles(dir); // left by a build that was killed while writing
  const suffix = `.${process.pid}.tmp`;
  const names = Object.keys(files).sort();
  try {
    for (const name of names) {
      const content = files[name] ?? "";
      const data = typeof content === "function" ? content() : content;
      if (typeof data === "string") {
        await writeFile(join(dir, name + suffix), data, "utf8");
      } else {
        const handle = await open(join(dir, name + suffix), "w");
        try {
          await writePieces(handle, data, offsets[name]);
        } finally {
          await handle.close();
        }
      }
    }
  } catch (error) {
    await Promise.all(names.map((name) => rm(join(dir, name + suffix), { force: true })));
    throw (error as NodeJS.ErrnoException).code ? cannotWrite(error) : error;
  }
  for (const name of names) await rename(join(dir, name + suffix), join(dir, name));
}
