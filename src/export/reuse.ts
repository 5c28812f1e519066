/**
 * Reusing the last build's bytes
 * ==============================
 *
 * Most of an 80k-paper graph.json and GEXF is paper text: titles, abstracts, authors, mentions,
 * and each paper's edges. An incremental build that adds this week's papers changes little of it,
 * but serialising, escaping and encoding it all again was most of its write stage (~650 MB). So
 * each build records, per paper, where two spans of each file lie:
 * - the paper's *static* part: the node record up to its community (JSON: every attribute before
 *   `community`; GEXF: the attribute values after `communityLabel`), which is what it is written
 *   from: title, abstract, date, authors, sources, mentions…;
 * - the paper's *edges*: its edges are one run in the sorted edge list (their keys all start with
 *   `paper:<id>->`), so one span.
 * and a signature of the static attributes. The next build copies a paper's two spans from the
 * last file when the signature is the same, the code that wrote the file is this code, and the
 * file is the one that was recorded (size and time); everything else (community, colour,
 * position, size, concept nodes, variant edges) is written fresh. The output is byte for byte
 * what writing from scratch gives (tested).
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";

import { MENTIONS_DIGEST, PAPER_OF } from "../graph/keys.ts";
import type { KnowledgeGraph, NodeAttributes, Paper } from "../types.ts";
import { Digest } from "../util/digest.ts";
import { textHash } from "../util/text-hash.ts";

/**
 * Slots per node in a file's `offsets`: static part start, end; edges start, end. -1 where there
 * is none (concepts, a paper without edges).
 */
export const SLOTS = 4;

/** A piece of a file as the writers produce it: text, bytes reused from the last build, or a slot whose byte offset the writer records. */
export type Piece = string | Uint8Array | number;

/** What a writer needs to record spans and reuse the last build's. */
export interface FileReuse {
  /** Each node's position in graph order. */
  index: ReadonlyMap<string, number>;
  /** This build's signature of each node's static part, in graph order ("" for nodes never reused). */
  signatures: readonly string[];
  /** Byte offsets recorded while writing, `SLOTS` per node (filled by `writeFilesAtomic`). */
  offsets: Float64Array;
  /** The last build's file, when its bytes can be reused. */
  previous?: PreviousFile;
  /** Papers whose static part the writer copied from it. */
  copied: number;
  /** The graph's edges as columns, made on the first call and shared by every file of the plan. */
  edges: <E>(graph: EdgeSource<E>) => EdgeColumns<E>;
  /**
   * What must not differ between the two files for spans to be copied (the GEXF attribute
   * declarations, which decide how values are written), set by the writer.
   */
  header?: string;
}

/** The attribute where a node's changing part begins; everything before it is its static part. */
export const FIRST_DYNAMIC = "community";

/**
 * The signature of a paper node's static part: a 64-bit hash (two 32-bit lanes, FNV-1a and a
 * murmur-style mix) of its attributes before `community`, names and values, fed unit by unit
 * without building a string (SHA-1 over the same took 1.1 s on an 80k-paper graph, this about
 * 0.5 s); its mentions by their `MENTIONS_DIGEST` when it has one, its title and abstract by the
 * `textHash` of its `PAPER_OF` while they are that paper's (a paper read back from the ingest
 * cache is not hashed again: 0.2–0.3 s of an 80k update). It only tells one node's old
 * record from its new one, so 64 bits are plenty. "" for concept nodes, whose records are always
 * written fresh.
 */
export function staticSignature(attributes: NodeAttributes): string {
  if (attributes.kind !== "paper") return "";
  const h = new Digest();
  const digest = (attributes as { [MENTIONS_DIGEST]?: string })[MENTIONS_DIGEST];
  const paper = (attributes as { [PAPER_OF]?: Pick<Paper, "title" | "abstract"> })[PAPER_OF];
  const text = paper && paper.title === attributes.title && paper.abstract === attributes.abstract ? textHash(paper) : undefined;
  for (const key in attributes) {
    if (key === FIRST_DYNAMIC) break;
    feed(h, key);
    if (key === "mentions" && digest !== undefined) h.units(digest, 2);
    else if ((key === "title" || key === "abstract") && text !== undefined) h.units(text, 2);
    else feed(h, (attributes as unknown as Record<string, unknown>)[key]);
  }
  return h.value();
}

/** Feeds one value to `h`: its kind, then its UTF-16 units (a string) or text, or its items (an array). */
function feed(h: Digest, value: unknown): void {
  if (Array.isArray(value)) {
    h.units("", 4 + value.length);
    for (const item of value) feed(h, item);
  } else if (typeof value === "string") h.units(value, 1);
  else h.units(typeof value === "number" ? String(value) : (JSON.stringify(value) ?? "undefined"), 3);
}

/** The bytes of a file the last build wrote, read forward through a window. */
const WINDOW = 1 << 24;

/**
 * The last build's file and its recorded spans. Spans are asked for in file order (the writers go
 * through nodes, then edges, in the order the last build wrote them), so it reads through the file
 * once, a 16 MB window at a time.
 */
export class PreviousFile {
  private fd: number | undefined;
  private dropped = false;
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly path: string,
    private readonly index: ReadonlyMap<string, number>,
    private readonly signatures: readonly string[],
    private readonly offsets: ArrayLike<number>,
    /** The `header` its writer set. */
    readonly header: string,
  ) {}

  /**
   * The bytes of `key`'s static part (`slot` 0) or edges (`slot` 2), if the last build wrote them
   * with the same `signature`. Valid until the next call.
   */
  span(key: string, signature: string, slot: 0 | 2): Buffer | undefined {
    const i = this.dropped ? undefined : this.index.get(key);
    if (i === undefined || signature === "" || this.signatures[i] !== signature) return undefined;
    const start = this.offsets[i * SLOTS + slot]!;
    const end = this.offsets[i * SLOTS + slot + 1]!;
    if (!(start >= 0 && end > start)) return undefined;
    return this.read(start, end);
  }

  private read(start: number, end: number): Buffer {
    if (start < this.windowStart || end > this.windowStart + this.window.length) {
      this.fd ??= openSync(this.path, "r");
      const length = Math.max(WINDOW, end - start);
      if (this.window.length < length) this.window = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const n = readSync(this.fd, this.window, got, length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      this.windowStart = start;
      if (start + got < end) throw new Error(`${this.path}: shorter than its recorded spans`);
    }
    return this.window.subarray(start - this.windowStart, end - this.windowStart);
  }

  /**
   * `bytes` if they begin with `text` (a cheap check that a span is the record it should be); if
   * not, the file is not the one recorded, and nothing more is copied from it.
   */
  check(bytes: Buffer | undefined, text: string): Buffer | undefined {
    if (!bytes) return undefined;
    const length = Buffer.byteLength(text);
    if (bytes.length >= length && bytes.toString("utf8", 0, length) === text) return bytes;
    this.close();
    return undefined;
  }

  /** Closes the file; nothing more is copied from it. */
  close(): void {
    this.dropped = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** One edge as the writers take it (graphology's edge entry, without the end nodes' attributes). */
export interface EdgeEntry<E = Record<string, unknown>> {
  edge: string;
  attributes: E;
  source: string;
  target: string;
  undirected: boolean;
}

/** What `edgeRuns` needs of a graph. */
export interface EdgeSource<E> {
  edgeEntries(): Iterable<EdgeEntry<E>>;
  forEachEdge(callback: (edge: string, attributes: E, source: string, target: string, sa: unknown, ta: unknown, undirected: boolean) => void): void;
}

/**
 * A graph's edges as columns, in graph order: one pass over graphology's edges for every file
 * written with reuse, where each writer walking graphology's entries made an object per edge,
 * copied paper or not (537k edges, twice).
 */
export class EdgeColumns<E> {
  readonly keys: string[] = [];
  readonly attributes: E[] = [];
  readonly sources: string[] = [];
  readonly targets: string[] = [];
  readonly undirected: boolean[] = [];

  constructor(graph: EdgeSource<E>) {
    graph.forEachEdge((edge, attributes, source, target, _sa, _ta, undirected) => {
      this.keys.push(edge);
      this.attributes.push(attributes);
      this.sources.push(source);
      this.targets.push(target);
      this.undirected.push(undirected);
    });
  }

  entry(e: number): EdgeEntry<E> {
    return { edge: this.keys[e]!, attributes: this.attributes[e]!, source: this.sources[e]!, target: this.targets[e]!, undirected: this.undirected[e]! };
  }
}

/**
 * A writer's walk over the edges of `graph`, in graph order: each edge to write, and with
 * `reuse`, around each paper's run of edges (consecutive edges of one source: all of a paper's,
 * in key order) the slots of its start and end (numbers), the run itself as the last build's
 * bytes (a Buffer) in place of its edges when they still hold. `prefix` is how the writer's record
 * of an edge key begins.
 */
export function* edgeRuns<E>(
  graph: EdgeSource<E>,
  reuse: FileReuse | undefined,
  prefix: (edgeKey: string) => string,
): Generator<EdgeEntry<E> | number | Buffer> {
  if (!reuse) return yield* graph.edgeEntries();
  const edges = reuse.edges(graph) as EdgeColumns<E>;
  const { sources } = edges;
  for (let e = 0; e < sources.length; ) {
    const source = sources[e]!;
    let end = e + 1;
    while (end < sources.length && sources[end] === source) end++;
    const at = reuse.index.get(source);
    const signature = at === undefined ? "" : (reuse.signatures[at] ?? "");
    // a second run of one paper (sorted keys never make one) is written as it comes, unrecorded
    const recorded = at !== undefined && signature !== "" && reuse.offsets[at * SLOTS + 2] === -1;
    if (recorded) yield at * SLOTS + 2;
    const bytes = recorded ? reuse.previous?.check(reuse.previous.span(source, signature, 2), prefix(edges.keys[e]!)) : undefined;
    if (bytes) yield bytes;
    else for (let k = e; k < end; k++) yield edges.entry(k);
    if (recorded) yield at * SLOTS + 3;
    e = end;
  }
}

/** What a build records of one file it wrote, for the next build (kept in its state file). */
export interface WrittenFile {
  size: number;
  /** Matched to within a millisecond: a copy that keeps times (`cp -a`; `fs.cp` with `preserveTimestamps` rounds them) still matches. */
  mtimeMs: number;
  header: string;
  /** `SLOTS` per node, in the order of `Written.nodes`. */
  offsets: number[];
}

/** What a build records of the files it wrote. */
export interface Written {
  /** The stamp of the code that wrote them (`codeStamp`): other code may write other bytes. */
  code: string;
  signatures: string[];
  files: Record<string, WrittenFile>;
}

/**
 * What each of `names` needs to be written with reuse: this graph's signatures, slots to record
 * into, and the last build's file when `last` recorded it, with this `code`, and it is still
 * the file recorded (same size and modification time).
 */
export function planReuse(
  graph: KnowledgeGraph,
  dir: string,
  names: readonly string[],
  code: string,
  last?: { index: ReadonlyMap<string, number>; written: Written },
): Record<string, FileReuse> {
  const index = new Map<string, number>();
  const signatures: string[] = [];
  graph.forEachNode((key, attributes) => {
    index.set(key, signatures.length);
    signatures.push(staticSignature(attributes));
  });
  let columns: EdgeColumns<unknown> | undefined;
  const edges = <E>(source: EdgeSource<E>): EdgeColumns<E> => (columns ??= new EdgeColumns(source as EdgeSource<unknown>)) as EdgeColumns<E>;
  const plan: Record<string, FileReuse> = {};
  for (const name of names) {
    const offsets = new Float64Array(signatures.length * SLOTS).fill(-1);
    const recorded = last?.written.code === code ? last.written.files[name] : undefined;
    const path = join(dir, name);
    const stats = recorded ? statSync(path, { throwIfNoEntry: false }) : undefined;
    const same = recorded && stats && stats.size === recorded.size && Math.abs(stats.mtimeMs - recorded.mtimeMs) < 1;
    plan[name] = {
      index,
      signatures,
      offsets,
      copied: 0,
      edges,
      ...(same && last ? { previous: new PreviousFile(path, last.index, last.written.signatures, recorded.offsets, recorded.header) } : {}),
    };
  }
  return plan;
}

/** What the files of `plan`, as written to `dir`, are for the next build. */
export function recordWritten(dir: string, plan: Record<string, FileReuse>, code: string): Written {
  const files: Record<string, WrittenFile> = {};
  let signatures: readonly string[] = [];
  for (const [name, reuse] of Object.entries(plan)) {
    reuse.previous?.close();
    signatures = reuse.signatures;
    const stats = statSync(join(dir, name), { throwIfNoEntry: false });
    if (stats) files[name] = { size: stats.size, mtimeMs: stats.mtimeMs, header: reuse.header ?? "", offsets: Array.from(reuse.offsets) };
  }
  return { code, signatures: [...signatures], files };
}
