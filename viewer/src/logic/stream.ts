/**
 * graph.json as it arrives
 * ========================
 *
 * An 80k-paper graph.json is ~300 MB. `await response.json()` holds it as one string before it
 * parses anything (and a string that size is near V8's limit of ~536M characters), so the page
 * waits for the whole download, then for the whole parse. Here the text is parsed while it
 * arrives, a batch of whole records at a time, into the same value `JSON.parse` gives.
 *
 * It reads the compact layout graphology's `export()` gives under `JSON.stringify`, which is what
 * the build writes: `{"options":…,"attributes":…,"nodes":[{"key":…},…],"edges":[{"key":…},…]}`.
 * Records are cut where `},{"key":` is: a quote inside a JSON string is always escaped, so that
 * text never lies inside a string, and a cut inside a record (an attribute holding objects keyed
 * "key") leaves a batch that does not parse, so it waits for the next cut. Every batch that
 * parses is whole records, so the result is exactly the file's value; text of any other layout
 * (indented, keys in another order) is reported as such, for the caller to parse whole.
 * No DOM: tested in Node.
 */

/** What `JSON.parse` gives for a graph.json, before it is checked (`schema.ts`). */
export interface ParsedGraph {
  [key: string]: unknown;
  nodes: unknown[];
  edges: unknown[];
}

/** Text waits for a cut until it holds this many characters, so each `JSON.parse` takes many records. */
const BATCH = 1 << 20;
const NODES = ',"nodes":[';
const EDGES = '],"edges":[';
const CUT = '},{"key":';

type Phase = "head" | "nodes" | "edges";

/**
 * Feed it the text in order (`push`), then call `end`. Both return false once the text is not in
 * the layout this reads (or not JSON): then nothing more is read and `end` gives undefined.
 */
export class GraphJsonReader {
  private text = "";
  private phase: Phase = "head";
  private head: Record<string, unknown> | undefined;
  private readonly nodes: unknown[] = [];
  private readonly edges: unknown[] = [];
  private failed = false;
  /** Where the next search for a section's end starts (what was searched before cannot hold it). */
  private searched = 0;
  /** Text of the current section is not cut again until it is this long (the last cut did not parse). */
  private retryAt = 0;

  /** `batch`: characters that wait for a cut (small in tests, to cut often). */
  constructor(private readonly batch = BATCH) {}

  push(chunk: string): boolean {
    if (this.failed) return false;
    this.text += chunk;
    if (this.phase === "head" && !this.readHead()) return !this.failed;
    if (this.phase === "nodes" && !this.closeNodes()) this.cut(this.nodes);
    if (this.phase === "edges") this.cut(this.edges);
    return !this.failed;
  }

  /** The parsed graph.json, or undefined when the text was not in this layout. */
  end(): ParsedGraph | undefined {
    if (this.failed || this.phase === "head" || (this.phase === "nodes" && !this.closeNodes())) return undefined;
    const rest = this.text.trimEnd();
    if (!rest.endsWith("]}") || !this.take(rest.slice(0, -2), this.edges)) return undefined;
    this.text = "";
    return { ...this.head, nodes: this.nodes, edges: this.edges };
  }

  /** The object before `"nodes"` (options, attributes), once its text is all here. */
  private readHead(): boolean {
    if (!'{"options":'.startsWith(this.text.slice(0, 11))) return this.fail();
    for (let at = this.text.indexOf(NODES, this.searched); at >= 0; at = this.text.indexOf(NODES, at + 1)) {
      let head: unknown;
      try {
        head = JSON.parse(`${this.text.slice(0, at)}}`);
      } catch {
        continue; // "nodes" inside an attribute: the top-level one comes later
      }
      if (typeof head !== "object" || head === null || Array.isArray(head)) return this.fail();
      this.head = head as Record<string, unknown>;
      this.text = this.text.slice(at + NODES.length);
      this.phase = "nodes";
      this.searched = this.retryAt = 0;
      return true;
    }
    this.searched = Math.max(0, this.text.length - NODES.length);
    return false;
  }

  /** Ends the node list where `],"edges":[` closes it; false while that is not here yet. */
  private closeNodes(): boolean {
    for (let at = this.text.indexOf(EDGES, this.searched); at >= 0; at = this.text.indexOf(EDGES, at + 1)) {
      if (!this.take(this.text.slice(0, at), this.nodes)) continue;
      this.text = this.text.slice(at + EDGES.length);
      this.phase = "edges";
      this.searched = this.retryAt = 0;
      return true;
    }
    this.searched = Math.max(0, this.text.length - EDGES.length);
    return false;
  }

  /** Parses the records before the last cut, when enough text waits (trying a few cuts back). */
  private cut(into: unknown[]): void {
    if (this.text.length < Math.max(this.batch, this.retryAt)) return;
    for (let at = this.text.lastIndexOf(CUT), tries = 0; at > 0 && tries < 4; at = this.text.lastIndexOf(CUT, at - 1), tries++) {
      if (!this.take(this.text.slice(0, at + 1), into)) continue; // a cut inside a record
      this.text = this.text.slice(at + 2);
      this.searched = this.retryAt = 0;
      return;
    }
    this.retryAt = this.text.length + this.batch; // wait for more
  }

  /** Appends the records of `items` (list text without its brackets) to `into`; false when it does not parse. */
  private take(items: string, into: unknown[]): boolean {
    if (items.trim() === "") return true;
    let parsed: unknown[];
    try {
      parsed = JSON.parse(`[${items}]`) as unknown[];
    } catch {
      return false;
    }
    for (const item of parsed) into.push(item);
    return true;
  }

  private fail(): false {
    this.failed = true;
    this.text = "";
    return false;
  }
}

/**
 * Reads a graph.json response as it arrives, reporting characters read. Undefined when the text is
 * not in the compact layout (the caller then parses it whole); throws what `fetch`'s body throws.
 */
export async function readGraphJson(body: ReadableStream<Uint8Array>, onProgress?: (bytes: number) => void): Promise<ParsedGraph | undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new GraphJsonReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (!parser.push(decoder.decode(value, { stream: true }))) return undefined;
      onProgress?.(bytes);
    }
    if (!parser.push(decoder.decode())) return undefined;
    return parser.end();
  } finally {
    reader.releaseLock();
    void body.cancel().catch(() => undefined);
  }
}
