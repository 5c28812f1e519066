/**
 * Running extraction over a corpus
 * ================================
 *
 * Worker threads plus a content-hash cache. Each paper's result depends only on its title,
 * abstract, the user lexicon and the extractor itself, so:
 *
 * - the cache key is sha1(extractor fingerprint, user lexicon, sha1(title, abstract)); the fingerprint
 *   hashes this folder's source and lexicon files, so any rule change invalidates the cache; a
 *   user-lexicon edit does not: the papers that mention none of the keys it changes
 *   (`changedKeys`, `mentionsAny`) keep the last run's extraction, found under their old key;
 *   new papers are appended, and the file is compacted to the latest run's papers once a quarter
 *   of it is stale; papers of the last build come from its columns instead (`snapshot.ts`), and
 *   the file is read only when some paper is not there;
 * - workers get batches of papers in turn and results land at their input index, so the output
 *   is identical to the single-thread path whatever the scheduling.
 *
 * Workers load TypeScript through tsx: worker-boot.mjs registers it (workers do not inherit
 * `--import tsx` on Node 20), then imports worker.ts; this works under vitest too.
 */
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

import type { ConceptType, Mention, Paper, PaperConcept } from "../types.ts";
import { removeTempFiles } from "../util/temp-files.ts";
import { textHash } from "../util/text-hash.ts";
import { ColumnsBuilder, extractionOf, type ExtractionColumns } from "./columns.ts";
import type { Definition, ExtractOptions, PaperExtraction } from "./concepts.ts";
import { asUserLexicon, changedKeys, mentionsAny, type UserLexicon } from "./lexicon.ts";
import { readSnapshotHeader, writeSnapshot } from "./snapshot.ts";

export interface RunOptions extends ExtractOptions {
  /**
   * Worker threads (1 runs in this thread); default: available cores from 10,000 papers to parse;
   * fewer, one worker when there is a cache folder (see `MIN_PARALLEL`), else this thread.
   */
  workers?: number;
  /** Per-abstract results cached by content hash in this folder (e.g. `output/.cache`). */
  cacheDir?: string;
  /** Called as papers finish (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** An `ExtractWorker` booted ahead of the run (with the same lexicon), for the papers it has to parse; the run ends it. */
  booted?: ExtractWorker;
}

/** The extractor, on this thread: imported when a paper is to be parsed here (compromise takes ~0.7 s to import). */
const loadExtractor = async () => (await import("./concepts.ts")).extractPaper;

const BATCH = 64;
/**
 * Below this many papers to parse, threads cost more than they save: each worker boots tsx,
 * compromise and the lexicon (seconds on 2 busy cores). Measured with `papergraph extract` here:
 * 1,000 papers 2.5 s on one thread vs 3.5 s with 2 workers, 6,000 5.8–7.1 vs 7.8–8.0, 12,000
 * 9.8–10.2 vs 9.6–9.7; at 20,000 the workers are ~20% faster (bench/results.md). With a cache
 * folder, fewer papers go to one worker booted as the run starts: this thread has the last build's
 * columns and the cache file to read meanwhile (~1.3 s for 80k papers), and never loads the
 * extractor (compromise alone takes 0.7 s to import). Adding 1,000 papers to 80k, six runs each
 * way in turns: extract stage median 3.2 s against 3.8 s on this thread, and the CLI's start-up
 * 0.6 s against 1.5 s.
 */
const MIN_PARALLEL = 10_000;
const CACHE_FILE = "extract-cache.jsonl";

let fingerprint: string | undefined;

/** Hash of the extractor's own source and data files: a change to any rule invalidates the cache. */
export function extractorFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash("sha1");
  for (const dir of [".", "./lexicon"]) {
    const url = new URL(`${dir}/`, import.meta.url);
    for (const f of readdirSync(url).sort()) if (/\.(ts|tsv)$/.test(f) && f !== "eval.ts") h.update(f).update(readFileSync(new URL(f, url)));
  }
  fingerprint = h.digest("hex").slice(0, 16);
  return fingerprint;
}

/** What a paper's extraction depends on besides its text: the extractor and the user lexicon. */
function saltOf(fingerprint: string, lexicon: UserLexicon | undefined): string {
  return `${fingerprint}:${JSON.stringify(lexicon ?? null)}`;
}

/** The user lexicon a salt of `saltOf(fingerprint, …)` was made with (null: none), or undefined when it does not read as one. */
function lexiconOfSalt(salt: string, fingerprint: string): UserLexicon | null | undefined {
  let value: unknown;
  try {
    value = JSON.parse(salt.slice(fingerprint.length + 1));
  } catch {
    return undefined;
  }
  return value === null ? null : asUserLexicon(value);
}

/** A paper's cache key: of the salt and its `textHash` (which a paper read from the ingest cache has already). */
function paperHash(p: Pick<Paper, "title" | "abstract">, salt: string): string {
  return createHash("sha1").update(salt).update("\u0000").update(textHash(p)).digest("hex");
}

/**
 * The cache file: one line per paper, `<sha1 hex, 40 chars><payload JSON>`. The payload is the
 * paper's extraction as arrays, without repeated field names and without mention text (it is
 * `paper[field].slice(start, end)`, rebuilt on read from the paper in hand): a third of the bytes
 * of the objects (68 MB for 79k papers, not 189 MB) and far fewer strings to allocate. The hash
 * comes first so a line is looked up before it is parsed: lines of papers not in this run cost a
 * `slice`, not a `JSON.parse`. The format needs no version tag of its own: it is defined in this
 * file, which the fingerprint hashes, so a file written in another format holds no key this code
 * asks for (its lines count as stale and the next compaction drops them).
 *
 *   payload    = [concepts, definitions]
 *   concept    = [id, name, aliases, mentions, parent?]   type is the id's prefix
 *   mentions   = [field, start, end, field, start, end, ...]   field 0 = title, 1 = abstract
 *   definition = [acronym, longForm, conceptId]
 */
const HASH_LENGTH = 40;
type Encoded = [Array<[string, string, string[], number[], string?]>, Array<[string, string, string]>];

function encodeExtraction(r: PaperExtraction): string {
  const concepts = r.concepts.map((c) => {
    const mentions = c.mentions.flatMap((m) => [m.field === "title" ? 0 : 1, m.start, m.end]);
    return c.parent === undefined ? [c.id, c.name, c.aliases, mentions] : [c.id, c.name, c.aliases, mentions, c.parent];
  });
  return JSON.stringify([concepts, r.definitions.map((d) => [d.acronym, d.longForm, d.conceptId])]);
}

const isString = (x: unknown): x is string => typeof x === "string";
const isOffset = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;

/** The extraction a payload encodes, or undefined when the payload is torn or not of that shape. */
function decodeExtraction(payload: string, paper: Pick<Paper, "title" | "abstract">): PaperExtraction | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined; // a torn line from an interrupted run: the paper is parsed again
  }
  // a line of another shape (edited or corrupted by hand) is a miss, not a crash
  if (!Array.isArray(value) || !Array.isArray(value[0]) || !Array.isArray(value[1])) return undefined;
  const [encodedConcepts, encodedDefinitions] = value as Encoded;
  const concepts: PaperConcept[] = [];
  for (const e of encodedConcepts) {
    if (!Array.isArray(e) || !isString(e[0]) || !isString(e[1]) || !Array.isArray(e[2]) || !e[2].every(isString) || !Array.isArray(e[3]) || e[3].length % 3) return undefined;
    const [id, name, aliases, flat, parent] = e;
    const mentions: Mention[] = [];
    for (let k = 0; k < flat.length; k += 3) {
      const f = flat[k];
      const start = flat[k + 1];
      const end = flat[k + 2];
      if ((f !== 0 && f !== 1) || !isOffset(start) || !isOffset(end)) return undefined;
      const field = f === 0 ? "title" : "abstract";
      mentions.push({ field, start, end, text: paper[field].slice(start, end) });
    }
    const concept: PaperConcept = { id, name, type: id.slice(0, id.indexOf(":")) as ConceptType, aliases, mentions };
    if (isString(parent)) concept.parent = parent;
    concepts.push(concept);
  }
  const definitions: Definition[] = [];
  for (const d of encodedDefinitions) {
    if (!Array.isArray(d) || !isString(d[0]) || !isString(d[1]) || !isString(d[2])) return undefined;
    definitions.push({ acronym: d[0], longForm: d[1], conceptId: d[2] });
  }
  return { concepts, definitions };
}

/**
 * The payloads (unparsed) of the hashes in `wanted` that `needed` says are needed, and how many
 * lines of the file are of no use to this run (other papers, torn lines, repeats): the measure of
 * when to compact. The file is scanned as bytes and only the needed lines are decoded: an
 * incremental build needs a few of its 79k lines (68 MB), and decoding the whole file took 0.4 s.
 */
function readCache(dir: string, wanted: ReadonlySet<string>, needed: ReadonlySet<string>): { payloads: Map<string, string>; lines: number; stale: number } {
  const payloads = new Map<string, string>();
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, CACHE_FILE));
  } catch {
    return { payloads, lines: 0, stale: 0 };
  }
  const useful = new Set<string>();
  let lines = 0;
  for (let from = 0; from < bytes.length; ) {
    let to = bytes.indexOf(10, from);
    if (to < 0) to = bytes.length;
    if (to > from) {
      lines++;
      // a hash is hex: 40 bytes are 40 characters (a line too short or torn matches no hash)
      const h = bytes.toString("latin1", from, Math.min(to, from + HASH_LENGTH));
      if (wanted.has(h)) {
        useful.add(h);
        // the last line of a hash wins: a paper whose line was torn was parsed again and appended
        if (needed.has(h)) payloads.set(h, bytes.toString("utf8", from + HASH_LENGTH, to));
      }
    }
    from = to + 1;
  }
  return { payloads, lines, stale: lines - useful.size };
}

type CacheRead = ReturnType<typeof readCache>;

function writeCache(dir: string, lines: string[]): void {
  mkdirSync(dir, { recursive: true });
  removeTempFiles(dir); // left by a build killed while writing the cache
  const file = join(dir, CACHE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, lines.join("\n") + "\n");
  renameSync(tmp, file);
}

/**
 * Appends lines to the cache file. A line torn by a crash is ignored when read; the leading
 * newline keeps such a line from swallowing the first appended one.
 */
function appendCache(dir: string, lines: string[]): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, CACHE_FILE), `\n${lines.join("\n")}\n`);
}

/**
 * One extraction worker: booted when made (tsx, compromise, then the lexicon: ~1.5 s on this
 * machine's other core). Batches may be sent before it is ready: they wait in its port, so a
 * worker booting while this thread is busy starts on them as soon as it can, without this thread's
 * event loop. A caller with other work first may make one ahead of a run (the CLI does, before it
 * reads the inputs) and pass it as `booted`; until it is given papers it does not keep the process
 * alive, and it should be `terminate`d if the run never comes.
 */
export class ExtractWorker {
  private readonly worker: Worker;
  /** Settles when the worker can take a batch (rejects if it fails before). */
  readonly ready: Promise<void>;
  private readonly pending = new Map<number, { resolve: (results: PaperExtraction[]) => void; reject: (error: Error) => void }>();
  private next = 0;
  private failed: Error | undefined;

  constructor(options: Pick<RunOptions, "lexicon">) {
    this.worker = new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData: { lexicon: options.lexicon } });
    this.worker.unref(); // until it is given papers: a worker booted for a run that never comes does not keep the process alive
    let booted!: () => void;
    let bootFailed!: (error: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => ((booted = resolve), (bootFailed = reject)));
    this.ready.catch(() => undefined); // a worker never used may fail unobserved
    const fail = (error: Error) => {
      this.failed ??= error;
      bootFailed(error);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
    this.worker.on("message", (msg: { ready?: boolean; id?: number; results?: string; error?: string }) => {
      if (msg.ready) return booted();
      const pending = this.pending.get(msg.id!);
      this.pending.delete(msg.id!);
      if (msg.error !== undefined) pending?.reject(new Error(`extract worker: ${msg.error}`));
      else pending?.resolve(JSON.parse(msg.results!) as PaperExtraction[]);
    });
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`extract worker exited with code ${code}`)));
  }

  /** The extractions of `papers` (sent at once; batches sent together are done in turn). */
  run(papers: ReadonlyArray<Pick<Paper, "title" | "abstract">>): Promise<PaperExtraction[]> {
    if (this.failed) return Promise.reject(this.failed);
    this.worker.ref();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, papers: papers.map((p) => ({ title: p.title, abstract: p.abstract })) });
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * Extracts papers on `workers`; results in input order. With `meanwhile`, this thread takes
 * batches itself until every worker is ready.
 */
async function onWorkers(
  papers: ReadonlyArray<Pick<Paper, "title" | "abstract">>,
  workers: ExtractWorker[],
  options: RunOptions,
  progress: (k: number) => void,
  meanwhile: boolean,
): Promise<PaperExtraction[]> {
  const results: PaperExtraction[] = new Array(papers.length);
  const batches: Array<{ from: number; to: number }> = [];
  for (let from = 0; from < papers.length; from += BATCH) batches.push({ from, to: Math.min(papers.length, from + BATCH) });
  let next = 0;
  let ready = 0;
  // while workers boot (tsx, compromise, lexicon), this thread takes batches itself
  const here = async () => {
    const extractPaper = await loadExtractor();
    while (ready < workers.length) {
      const b = batches[next++];
      if (!b) return;
      for (let i = b.from; i < b.to; i++) results[i] = extractPaper(papers[i]!, options);
      progress(b.to - b.from);
      await new Promise((r) => setImmediate(r));
    }
  };
  const take = async (w: ExtractWorker, b: { from: number; to: number }) => {
    const out = await w.run(papers.slice(b.from, b.to));
    out.forEach((r, k) => (results[b.from + k] = r));
    progress(b.to - b.from);
  };
  // shared out a batch at a time as each is done, or all to the one worker at once
  const there = async (w: ExtractWorker) => {
    await w.ready;
    ready++;
    for (let b = batches[next++]; b; b = batches[next++]) await take(w, b);
  };
  try {
    if (!meanwhile && workers.length === 1) await Promise.all(batches.map((b) => take(workers[0]!, b)));
    else await Promise.all([...(meanwhile ? [here()] : []), ...workers.map(there)]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/** What `runExtraction` gives: the papers' extractions in columns, in input order. */
export interface ExtractionRun {
  columns: ExtractionColumns;
  /** Papers extracted in this run, and taken from the last build's columns or the cache. */
  parsed: number;
  cached: number;
  /**
   * When the user lexicon changed since the last run: how many match keys mean something else
   * now, and how many papers mention one of them (and were parsed again; the others were not).
   */
  lexiconEdit?: { keys: number; papers: number };
  /**
   * Leaves these columns for the next run (with a cache folder) when a tenth or more of the papers
   * were not in the last run's, or of the last run's are gone. Call it once they are resolved, so
   * that what resolving derived from their strings is kept too. Below a tenth the old file stays:
   * rewriting ~90 MB for this week's 1,000 papers of 80k would cost more than reading those few
   * from the cache file next time.
   */
  keep: () => void;
}

/**
 * Parses papers `todo` into `results`: on worker threads when there are many (this thread taking
 * batches while they boot), on the `background` worker when there is one, else on this thread.
 */
async function parse(
  papers: ReadonlyArray<Pick<Paper, "title" | "abstract">>,
  todo: readonly number[],
  results: Array<PaperExtraction | undefined>,
  options: RunOptions,
  progress: (k: number) => void,
  background: ExtractWorker | undefined,
): Promise<void> {
  if (todo.length === 0) return;
  const n = Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.ceil(todo.length / BATCH)));
  const parallel = !(n <= 1 || (options.workers === undefined && todo.length < MIN_PARALLEL));
  if (parallel || background) {
    // the background worker is one of the many, or the one
    const workers = background ? [background] : [];
    if (parallel) while (workers.length < n) workers.push(new ExtractWorker(options));
    const out = await onWorkers(
      todo.map((i) => papers[i]!),
      workers,
      options,
      progress,
      parallel,
    );
    todo.forEach((i, k) => (results[i] = out[k]));
    return;
  }
  const extractPaper = await loadExtractor();
  for (const i of todo) {
    results[i] = extractPaper(papers[i]!, options);
    progress(1);
  }
}

/**
 * Per-paper extractions in input order: from the last run's columns (`snapshot.ts`) for the
 * papers it had, else from the cache, else extracted (on worker threads for many papers).
 */
export async function runExtraction(papers: ReadonlyArray<Pick<Paper, "title" | "abstract">>, options: RunOptions): Promise<ExtractionRun> {
  const total = papers.length;
  let done = 0;
  let lastReport = 0;
  const progress = (k: number) => {
    done += k;
    if (options.onProgress && (done === total || done - lastReport >= 500)) {
      lastReport = done;
      options.onProgress(done, total);
    }
  };

  const dir = options.cacheDir;
  // a build killed while writing the columns or the cache file left its temporary file (~90 MB),
  // and the next write may be weeks away (see `keep`)
  if (dir) removeTempFiles(dir);
  // With a cache, what is left to parse is mostly a few papers (an update's new ones): one worker,
  // booted now, parses them once they are known, while this thread reads the last build's columns
  // and the cache file (see `MIN_PARALLEL`).
  const background = options.booted ?? (dir && options.workers === undefined ? new ExtractWorker(options) : undefined);
  try {
    return await fromEverywhere(papers, options, progress, background);
  } finally {
    await background?.terminate();
  }
}

/** `runExtraction`'s work, with the worker it booted, if it did. */
async function fromEverywhere(
  papers: ReadonlyArray<Pick<Paper, "title" | "abstract">>,
  options: RunOptions,
  progress: (k: number) => void,
  background: ExtractWorker | undefined,
): Promise<ExtractionRun> {
  const total = papers.length;
  const dir = options.cacheDir;
  const fingerprint = dir ? extractorFingerprint() : "";
  const salt = dir ? saltOf(fingerprint, options.lexicon) : "";
  const hashes = dir ? papers.map((p) => paperHash(p, salt)) : [];
  // The last run's columns, read as far as the papers they have; the others are taken from the
  // cache file, and the rest are being parsed while the columns are decoded. Columns of the same
  // extractor under another user lexicon still hold for the papers the edit cannot reach.
  let opened = dir ? readSnapshotHeader(dir, (s) => s === salt || s.startsWith(`${fingerprint}:`)) : undefined;
  /** The key each paper's extraction is found under: its hash, or its hash under the last run's lexicon when the edit does not reach it. */
  let found = hashes;
  let lexiconEdit: ExtractionRun["lexiconEdit"];
  if (opened && opened.salt !== salt) {
    const last = opened.salt;
    const before = lexiconOfSalt(last, fingerprint);
    const keys = before === undefined ? undefined : changedKeys(before ?? undefined, options.lexicon);
    if (keys === undefined) opened = undefined;
    else {
      const reaches = mentionsAny(keys);
      let reached = 0;
      found = papers.map((p, i) => (reaches(p) ? (reached++, hashes[i]!) : paperHash(p, last)));
      lexiconEdit = { keys: keys.length, papers: reached };
    }
  }
  const inHeader = new Set(opened?.hashes);
  const results: Array<PaperExtraction | undefined> = new Array(total);
  const todo: number[] = [];
  let cache: CacheRead | undefined;
  let stale = 0;
  /** Papers `which` from the cache file where it has them; the others go to `todo`. */
  const lookUp = (which: number[]) => {
    // the cache file is read for papers the last run did not have (and to see whether it needs compacting)
    const read = dir && which.length ? readCache(dir, new Set(found), new Set(which.map((i) => found[i]!))) : undefined;
    if (read && cache) for (const [h, payload] of read.payloads) cache.payloads.set(h, payload);
    else if (read) [cache, stale] = [read, read.stale];
    for (const i of which) {
      const payload = cache?.payloads.get(found[i]!);
      const hit = payload === undefined ? undefined : decodeExtraction(payload, papers[i]!);
      if (hit) results[i] = hit;
      else todo.push(i);
      if (cache && payload !== undefined && !hit) {
        cache.payloads.delete(found[i]!); // unreadable: parsed again, and its line is stale
        stale++;
      }
    }
  };
  const elsewhere = papers.flatMap((_, i) => (inHeader.has(found[i]!) ? [] : [i]));
  lookUp(elsewhere);
  const first = todo.length;
  const parsing = parse(papers, todo.slice(), results, options, progress, background);
  const snapshot = opened?.decode();
  if (opened && !snapshot) {
    // the columns do not check out: their papers come from the cache file or the extractor too
    const late = papers.flatMap((_, i) => (inHeader.has(found[i]!) ? [i] : []));
    elsewhere.push(...late);
    lookUp(late);
  }
  const cached = total - todo.length;
  if (cached) progress(cached);
  await parsing;
  if (todo.length > first) await parse(papers, todo.slice(first), results, options, progress, undefined);
  const inSnapshot = new Map(snapshot?.hashes.map((h, i) => [h, i]));

  const builder = new ColumnsBuilder(snapshot?.columns.table);
  if (snapshot) builder.reserve(snapshot.columns, total); // most papers come from there, the others are like them
  // papers the last run had, in runs of consecutive ones (an update's: all but the new ones, in one)
  for (let i = 0; i < total; ) {
    const at = inSnapshot.get(found[i]!);
    if (at === undefined) {
      builder.add(results[i++]!);
      continue;
    }
    let run = 1;
    while (i + run < total && inSnapshot.get(found[i + run]!) === at + run) run++;
    builder.copyRun(snapshot!.columns, at, at + run);
    i += run;
  }
  const columns = builder.finish();

  // New papers are appended (an 80k cache is rewritten in seconds, appended in milliseconds); once
  // a quarter of the file is entries of an older extractor or of papers no longer in the input,
  // it is rewritten with this run's papers only, so they do not pile up forever.
  const file = cache as CacheRead | undefined; // (assigned in `lookUp`)
  if (file && dir) {
    const line = (i: number) => hashes[i]! + (file.payloads.get(found[i]!) ?? encodeExtraction(results[i] ?? extractionOf(columns, i, papers[i]!)));
    if (stale > file.lines / 4) writeCache(dir, [...new Set(papers.map((_, i) => line(i)))]);
    else if (todo.length) appendCache(dir, todo.map(line));
  }
  const keep = () => {
    if (!dir) return;
    const gone = snapshot ? snapshot.hashes.length - (total - elsewhere.length) : 0; // about: a paper may come twice
    // (columns of another lexicon are kept under this one's: the next run finds its papers by their hashes)
    if (!snapshot || lexiconEdit || elsewhere.length >= total / 10 || gone >= snapshot.hashes.length / 10) writeSnapshot(dir, { hashes, columns }, salt);
  };
  return { columns, parsed: todo.length, cached, ...(lexiconEdit ? { lexiconEdit } : {}), keep };
}
