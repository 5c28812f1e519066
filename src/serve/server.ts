/**
 * Viewer server
 * =============
 *
 * A small node:http server for `papergraph serve`: the built viewer's files plus one graph file
 * at `/graph.json`, and nothing else. The files it may serve are listed once at start-up
 * (`/index.html`, `/assets/index-<hash>.js`, ...), so a request can only ever name one of them:
 * `/../package.json`, `/%2e%2e/package.json` and `/..%2fpackage.json` are plain 404s, never a
 * path joined onto the disk. Binds 127.0.0.1 unless told otherwise.
 */
import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, extname, join, relative, resolve, sep } from "node:path";
import { InputError, OptionsError } from "../errors.ts";
import { SCHEMA_VERSION } from "../types.ts";
import { listFiles } from "./viewer.ts";

/** What `startServer` serves and where it listens. */
export interface ServeOptions {
  /** Folder of the built viewer (holds `index.html` and `assets/`), e.g. `dist/viewer` or `output`. */
  root: string;
  /** The graph served at `/graph.json`; default `<root>/graph.json`. */
  graphFile?: string;
  /** Default 4173; 0 picks a free port. When the default is taken, a free port is used instead. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where warnings go (a missing or wrong-version graph); default stderr. */
  log?: (line: string) => void;
}

/** A listening server: its URL, what was wrong with the graph at start-up, and how to stop it. */
export interface RunningServer {
  /** `http://127.0.0.1:4173/` */
  url: string;
  /** What is wrong with the graph file at start-up, or null; also logged and shown in the page. */
  graphProblem: string | null;
  close(): Promise<void>;
}

/** The port `papergraph serve` tries first (Vite preview's default, rarely taken). */
export const DEFAULT_PORT = 4173;

/** Content types by extension; anything else is `application/octet-stream`. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".gexf": "application/gexf+xml",
  ".md": "text/markdown; charset=utf-8",
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Checks a graph file the way the viewer will, without keeping it: exists, is JSON, has the
 * schema version this build writes. Returns a sentence for stderr and the page, or null.
 */
export async function checkGraphFile(file: string): Promise<string | null> {
  let text: string;
  try {
    // A big graph (the 80k build is >100 MB) is not parsed just to read its version: graphology's
    // export puts `attributes` first, so the version is in the head of the file.
    const size = (await stat(file)).size;
    if (size > HEAD_BYTES) {
      const handle = await open(file, "r");
      try {
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
        const head = buffer.subarray(0, bytesRead).toString("utf8");
        const m = /^\s*\{[\s\S]*?"attributes"\s*:\s*\{[\s\S]*?"schemaVersion"\s*:\s*(-?\d+(?:\.\d+)?|null|"[^"]*")/.exec(head);
        if (m) {
          const version: unknown = JSON.parse(m[1]!);
          return version === SCHEMA_VERSION ? null : versionProblem(file, version);
        }
      } finally {
        await handle.close();
      }
    }
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT"
      ? `${file} does not exist; run \`papergraph build\` first (or pass --graph FILE).`
      : `${file} cannot be read (${code ?? (e as Error).message}).`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return `${file} is not valid JSON (${(e as Error).message}).`;
  }
  const version = (json as { attributes?: { schemaVersion?: unknown } } | null)?.attributes?.schemaVersion;
  return version === SCHEMA_VERSION ? null : versionProblem(file, version);
}

/** Files above this size are checked from their head only. */
const HEAD_BYTES = 1 << 20;

const versionProblem = (file: string, version: unknown) =>
  `${file} has schemaVersion ${JSON.stringify(version ?? null)}; this viewer reads version ${SCHEMA_VERSION}. Rebuild it with \`papergraph build\`.`;

/** The URL paths the server answers, mapped to files: `/index.html` → `<root>/index.html`, ... */
async function servedFiles(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const f of await listFiles(root)) {
    const rel = relative(root, f).split(sep).join("/");
    const name = basename(f);
    // Not ours to serve: the graph (served from graphFile), temp files, dotfiles, reports.
    if (rel === "graph.json" || name.startsWith(".") || name.endsWith(".tmp") || rel.split("/").some((p) => p.startsWith("."))) continue;
    if (rel !== "index.html" && !rel.startsWith("assets/") && rel !== "favicon.ico") continue;
    files.set(`/${rel}`, f);
  }
  return files;
}

function sendText(res: ServerResponse, status: number, text: string, head = false) {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
  });
  res.end(head ? undefined : text);
}

/**
 * Starts the server. Resolves once it listens; `close()` stops it and drops open connections.
 * Example: `const s = await startServer({ root: "dist/viewer", graphFile: "output/graph.json", port: 0 })`
 * → `s.url === "http://127.0.0.1:41234/"`.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const root = resolve(options.root);
  const graphFile = resolve(options.graphFile ?? join(root, "graph.json"));
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
    throw new OptionsError(`--port: expected an integer from 0 to 65535, got ${options.port}`);
  }
  const files = await servedFiles(root);
  if (!files.has("/index.html")) {
    throw new InputError("no index.html here; build the viewer first (`npm run viewer:build`)", root);
  }
  const graphProblem = await checkGraphFile(graphFile);
  if (graphProblem) log(`papergraph serve: ${graphProblem}`);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return sendText(res, 405, "Method not allowed\n");
    }
    const head = method === "HEAD";
    let path: string;
    try {
      const raw = new URL(req.url ?? "/", "http://localhost").pathname;
      path = decodeURIComponent(raw);
    } catch {
      return sendText(res, 400, "Bad request\n", head);
    }
    if (path === "/") path = "/index.html";
    let file: string | undefined;
    let type: string;
    if (path === "/graph.json") {
      file = graphFile;
      type = CONTENT_TYPES[".json"]!;
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) {
        return sendText(res, 404, `papergraph serve: ${graphFile} does not exist; run \`papergraph build\` first (or pass --graph FILE).\n`, head);
      }
    } else {
      file = files.get(path); // only the listed files; "..", "%2e%2e", "%2f" never match
      if (!file) return sendText(res, 404, "Not found\n", head);
      type = CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
    }
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) return sendText(res, 404, "Not found\n", head);
    const headers: Record<string, string | number> = {
      "Content-Type": type,
      "Content-Length": st.size,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
    };
    if (path === "/index.html") headers["Content-Security-Policy"] = CSP;
    res.writeHead(200, headers);
    if (head) return void res.end();
    const stream = createReadStream(file);
    stream.on("error", () => res.destroy());
    stream.pipe(res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`papergraph serve: ${req.url}: ${(e as Error).message}`);
      if (!res.headersSent) sendText(res, 500, "Internal error\n");
      else res.destroy();
    });
  });
  const listen = (port: number) =>
    new Promise<AddressInfo>((ok, fail) => {
      const onError = (e: Error) => {
        server.off("listening", onListening);
        fail(e);
      };
      const onListening = () => {
        server.off("error", onError);
        ok(server.address() as AddressInfo);
      };
      server.once("error", onError);
      server.once("listening", onListening);
      server.listen(port, host);
    });
  let address: AddressInfo;
  try {
    address = await listen(options.port ?? DEFAULT_PORT);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" && options.port === undefined) address = await listen(0);
    else if (code === "EADDRINUSE") throw new OptionsError(`--port ${options.port}: already in use on ${host}; pick another port or 0 for any free one`);
    else if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new OptionsError(`--host ${host}: not an address of this machine`);
    else throw e;
  }
  const shownHost = address.family === "IPv6" || host.includes(":") ? `[${address.address}]` : host;
  return {
    url: `http://${shownHost}:${address.port}/`,
    graphProblem,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((e) => (e ? fail(e) : ok()));
        server.closeAllConnections();
      }),
  };
}
