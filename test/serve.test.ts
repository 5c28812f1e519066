/**
 * Serve
 * =====
 *
 * `startServer`: only the files it means to serve (traversal attempts sent raw, not normalised by
 * a client), content types, 404/405, a missing or wrong-version graph, a burst of concurrent
 * requests; `writeViewer`: the built viewer copied next to a graph with relative asset paths.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, OptionsError } from "../src/errors.ts";
import { checkGraphFile, startServer, viewerIsStale, VIEWER_DIST, writeViewer, type RunningServer } from "../src/serve/index.ts";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends `path` byte for byte (fetch would normalise `/../x` to `/x` before sending). */
function raw(url: string, path: string, method = "GET"): Promise<Reply> {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ hostname, port, path, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}

const dir = mkdtempSync(join(tmpdir(), "papergraph-serve-"));
const root = join(dir, "site");
const graphFile = join(dir, "graph.json");
const GRAPH = JSON.stringify({ attributes: { schemaVersion: 1, communities: [] }, nodes: [], edges: [] });

beforeAll(() => {
  mkdirSync(join(root, "assets"), { recursive: true });
  writeFileSync(join(root, "index.html"), '<!doctype html><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(root, "assets", "app.js"), "console.log('app')");
  writeFileSync(join(root, "assets", "app.css"), "body{}");
  writeFileSync(join(root, "assets", "logo.svg"), "<svg/>");
  writeFileSync(join(root, "assets", "blob.bin"), "??");
  writeFileSync(join(root, ".env"), "SECRET=root-dotfile");
  writeFileSync(join(root, "notes.txt"), "not part of the viewer");
  writeFileSync(join(dir, "secret.txt"), "SECRET=outside");
  writeFileSync(graphFile, GRAPH);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("startServer", () => {
  let server: RunningServer;
  const logs: string[] = [];
  beforeAll(async () => {
    server = await startServer({ root, graphFile, port: 0, log: (l) => logs.push(l) });
  });
  afterAll(() => server.close());

  it("binds 127.0.0.1 by default and has nothing to complain about", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.graphProblem).toBeNull();
    expect(logs).toEqual([]);
  });

  it.each([
    ["/", 200, "text/html; charset=utf-8"],
    ["/index.html", 200, "text/html; charset=utf-8"],
    ["/?graph=x.json&sel=a", 200, "text/html; charset=utf-8"],
    ["/assets/app.js", 200, "text/javascript; charset=utf-8"],
    ["/assets/app.css", 200, "text/css; charset=utf-8"],
    ["/assets/logo.svg", 200, "image/svg+xml"],
    ["/assets/blob.bin", 200, "application/octet-stream"],
    ["/graph.json", 200, "application/json; charset=utf-8"],
    ["/graph.json?v=2", 200, "application/json; charset=utf-8"],
  ])("GET %s → %i %s", async (path, status, type) => {
    const r = await raw(server.url, path);
    expect(r.status).toBe(status);
    expect(r.headers["content-type"]).toBe(type);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("serves the graph file's bytes and a CSP on the page", async () => {
    expect((await raw(server.url, "/graph.json")).body).toBe(GRAPH);
    const page = await raw(server.url, "/");
    expect(page.body).toContain("./assets/app.js");
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
  });

  it.each([
    "/../package.json",
    "/%2e%2e/package.json",
    "/..%2fpackage.json",
    "/%2e%2e%2fsecret.txt",
    "/../secret.txt",
    "/assets/../../secret.txt",
    "/assets/%2e%2e/%2e%2e/secret.txt",
    "/assets/..%5c..%5csecret.txt",
    "/assets%2f..%2f..%2fsecret.txt",
    "//etc/passwd",
    "/%00/index.html",
    "/.env",
    "/notes.txt",
    "/assets/",
    "/assets",
    "/missing.js",
    "/assets/app.js/../../../package.json",
    `/${encodeURIComponent(join(dir, "secret.txt"))}`,
  ])("does not serve %s", async (path) => {
    const r = await raw(server.url, path);
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toContain("SECRET");
    expect(r.body).not.toContain('"name": "papergraph"');
    expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
  });

  it("answers a malformed escape with 400", async () => {
    expect((await raw(server.url, "/%E0%A4%A")).status).toBe(400);
  });

  it("only allows GET and HEAD", async () => {
    const post = await raw(server.url, "/index.html", "POST");
    expect(post.status).toBe(405);
    expect(post.headers["allow"]).toBe("GET, HEAD");
    const head = await raw(server.url, "/assets/app.js", "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers["content-length"]).toBe(String("console.log('app')".length));
  });

  it("survives a burst of 300 concurrent requests", async () => {
    const paths = ["/", "/assets/app.js", "/graph.json", "/../package.json", "/nope"];
    const replies = await Promise.all(Array.from({ length: 300 }, (_, i) => raw(server.url, paths[i % paths.length]!)));
    replies.forEach((r, i) => {
      const p = paths[i % paths.length]!;
      expect(r.status, p).toBe(p === "/../package.json" || p === "/nope" ? 404 : 200);
    });
    expect(replies.filter((_r, i) => paths[i % paths.length] === "/graph.json").every((r) => r.body === GRAPH)).toBe(true);
    expect((await raw(server.url, "/")).status).toBe(200); // still up
  });
});

describe("startServer, graph problems and bad options", () => {
  it("says on stderr and in the page that the graph is missing", async () => {
    const logs: string[] = [];
    const missing = join(dir, "nope", "graph.json");
    const s = await startServer({ root, graphFile: missing, port: 0, log: (l) => logs.push(l) });
    try {
      expect(s.graphProblem).toContain(`${missing} does not exist; run \`papergraph build\``);
      expect(logs).toEqual([`papergraph serve: ${s.graphProblem}`]);
      const r = await raw(s.url, "/graph.json");
      expect(r.status).toBe(404);
      expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(r.body).toContain("does not exist; run `papergraph build` first");
    } finally {
      await s.close();
    }
  });

  it.each([
    ['{"attributes":{"schemaVersion":2},"nodes":[]}', /schemaVersion 2; this viewer reads version 1/],
    ['{"nodes":[]}', /schemaVersion null; this viewer reads version 1/],
    ["{not json", /is not valid JSON/],
  ])("reports a bad graph file %s", async (content, message) => {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, content);
    const logs: string[] = [];
    const s = await startServer({ root, graphFile: file, port: 0, log: (l) => logs.push(l) });
    try {
      expect(s.graphProblem).toMatch(message);
      expect(logs[0]).toMatch(message);
      expect((await raw(s.url, "/graph.json")).status).toBe(200); // the page shows the same sentence
    } finally {
      await s.close();
    }
  });

  it("reads a big graph's version from its head without parsing it all", async () => {
    const pad = "x".repeat(1_200_000);
    const cases: Array<[string, RegExp | null]> = [
      [`{"options":{},"attributes":{"schemaVersion":1,"communities":[]},"nodes":[{"key":"${pad}"}],"edges":[]}`, null],
      [`{"attributes":{"schemaVersion":3},"nodes":[{"key":"${pad}"}]`, /schemaVersion 3; this viewer reads version 1/], // truncated, still answered from the head
      [`{"nodes":[{"key":"${pad}"}],"attributes":{"schemaVersion":1}}`, null], // version not in the head: full parse
      [`{"nodes":[{"key":"${pad}"}],"attributes":{"schemaVersion":1}`, /is not valid JSON/],
    ];
    for (const [content, problem] of cases) {
      const file = join(dir, `big-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, content);
      const got = await checkGraphFile(file);
      if (problem) expect(got).toMatch(problem);
      else expect(got).toBeNull();
    }
  });

  it("refuses a root without index.html, a bad port and a taken port", async () => {
    await expect(startServer({ root: dir, port: 0, log: () => {} })).rejects.toBeInstanceOf(InputError);
    await expect(startServer({ root, port: 70000, log: () => {} })).rejects.toBeInstanceOf(OptionsError);
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, "127.0.0.1", ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startServer({ root, graphFile, port, log: () => {} })).rejects.toThrow(/already in use/);
    } finally {
      blocker.close();
    }
  });
});

describe("viewerIsStale", () => {
  it("is stale when the build is missing or older than any source", async () => {
    const src = join(dir, "vsrc");
    const dist = join(dir, "vdist");
    mkdirSync(join(src, "src"), { recursive: true });
    writeFileSync(join(src, "src", "main.ts"), "x");
    const shared = join(dir, "vshared"); // a folder of modules the bundle imports (src/ for ours)
    mkdirSync(shared, { recursive: true });
    writeFileSync(join(shared, "xml.ts"), "y");
    const sources = [src, shared];
    expect(await viewerIsStale(sources, dist)).toBe(true); // no build
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, "index.html"), "<!doctype html>");
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 60_000);
    for (const file of [join(src, "src", "main.ts"), join(shared, "xml.ts")]) utimesSync(file, past, past);
    expect(await viewerIsStale(sources, dist)).toBe(false);
    utimesSync(join(shared, "xml.ts"), future, future);
    expect(await viewerIsStale(sources, dist)).toBe(true); // an imported module edited after the build
    utimesSync(join(shared, "xml.ts"), past, past);
    utimesSync(join(src, "src", "main.ts"), future, future);
    expect(await viewerIsStale(sources, dist)).toBe(true); // a viewer source edited after the build
  });
});

describe("writeViewer", () => {
  it("copies the built viewer next to a graph, with relative asset paths, atomically", async () => {
    const out = join(dir, "output");
    mkdirSync(join(out, "assets"), { recursive: true });
    writeFileSync(join(out, "graph.json"), GRAPH);
    writeFileSync(join(out, "assets", "index-OLD.js"), "stale");
    await writeViewer(out);
    expect(await viewerIsStale()).toBe(false);
    const html = readFileSync(join(out, "index.html"), "utf8");
    const refs = [...html.matchAll(/(?:src|href)="(\.\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(2); // script + stylesheet
    for (const ref of refs) expect(existsSync(join(out, ref))).toBe(true);
    expect(html).not.toMatch(/(?:src|href)="\/assets/); // no absolute paths
    expect(existsSync(join(out, "assets", "index-OLD.js"))).toBe(false);
    expect(readFileSync(join(out, "graph.json"), "utf8")).toBe(GRAPH);
    expect(readdirSync(out).concat(readdirSync(join(out, "assets"))).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(readdirSync(join(out, "assets")).sort()).toEqual(readdirSync(join(VIEWER_DIST, "assets")).sort());
    // And the copy serves as a site on its own.
    const s = await startServer({ root: out, port: 0, log: () => {} });
    try {
      for (const ref of refs) expect((await raw(s.url, ref.slice(1))).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
