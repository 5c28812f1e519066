/**
 * Reliability: serve lets nothing out
 * ===================================
 *
 * `startServer` tested with raw bytes on a socket (no client normalises the path first): traversal
 * in every spelling `test/serve.test.ts` does not already send (double-encoded, overlong UTF-8,
 * fullwidth dots, raw backslashes, raw NUL, absolute paths and absolute-form request targets,
 * symlinks inside the root pointing out of it), loopback only by default, and a burst of 200
 * concurrent requests alongside 200 connections that never finish their headers and a 100 kB URL.
 * Only loopback addresses are used.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startServer, type RunningServer } from "../src/serve/index.ts";

interface Reply {
  status: number;
  head: string;
  body: string;
}

/** Sends `requestLine` and headers byte for byte on a fresh socket; resolves with the status and body. */
function rawRequest(port: number, target: string, extraHeaders = ""): Promise<Reply> {
  return new Promise((ok, fail) => {
    const socket = connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", fail);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const [head = "", body = ""] = text.split("\r\n\r\n", 2);
      ok({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
    socket.write(Buffer.from(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extraHeaders}Connection: close\r\n\r\n`, "latin1"));
  });
}

const dir = mkdtempSync(join(tmpdir(), "papergraph-reliability-serve-"));
const root = join(dir, "site");
const outside = join(dir, "outside");
const GRAPH = JSON.stringify({ attributes: { schemaVersion: 1, communities: [] }, nodes: [], edges: [] });
let server: RunningServer;
let port = 0;

beforeAll(async () => {
  mkdirSync(join(root, "assets"), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(root, "index.html"), "<!doctype html><title>viewer</title>");
  writeFileSync(join(root, "assets", "app.js"), "console.log('app')");
  writeFileSync(join(dir, "secret.txt"), "SECRET=outside");
  writeFileSync(join(outside, "secret.txt"), "SECRET=linked");
  symlinkSync(join(dir, "secret.txt"), join(root, "assets", "link.js"));
  symlinkSync(outside, join(root, "assets", "linked-dir"));
  writeFileSync(join(root, "graph.json"), GRAPH);
  server = await startServer({ root, port: 0, log: () => {} });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("serve binds loopback only", () => {
  it("listens on 127.0.0.1 by default, not on ::1 or any other address", async () => {
    expect(new URL(server.url).hostname).toBe("127.0.0.1");
    expect((await rawRequest(port, "/")).status).toBe(200);
    const v6 = await new Promise<string>((ok) => {
      const s = connect({ host: "::1", port });
      s.on("connect", () => {
        s.destroy();
        ok("connected");
      });
      s.on("error", (e: NodeJS.ErrnoException) => ok(e.code ?? "error"));
    });
    expect(["ECONNREFUSED", "EADDRNOTAVAIL", "EAFNOSUPPORT", "ENETUNREACH"]).toContain(v6);
  });
});

describe("serve serves nothing outside its folder", () => {
  it.each([
    "/%252e%252e/secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/assets/%252e%252e/%252e%252e/secret.txt",
    "/%25252e%25252e/secret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/%c0%af..%c0%afsecret.txt",
    "/%ef%bc%8e%ef%bc%8e/secret.txt",
    "/..\\secret.txt",
    "/assets\\..\\..\\secret.txt",
    "/%5c..%5c..%5csecret.txt",
    "/assets/..%5c..%5csecret.txt",
    "/..;/secret.txt",
    "/.../secret.txt",
    "/....//....//secret.txt",
    "//..//..//secret.txt",
    "/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/%2E%2E/%2E%2E/secret.txt",
    "/./../secret.txt",
    "/etc/passwd",
    "/%2fetc%2fpasswd",
    "/%2Fetc%2Fpasswd",
    `/${join(dir, "secret.txt")}`,
    `/${encodeURIComponent(join(dir, "secret.txt"))}`,
    `/file://${join(dir, "secret.txt")}`,
    "/index.html%00",
    "/index.html%00.js",
    "/%00/../secret.txt",
    "/assets/app.js%00/../../../secret.txt",
    "/assets/link.js",
    "/assets/linked-dir/secret.txt",
    "/assets/linked-dir/%2e%2e/secret.txt",
    "/graph.json/../secret.txt",
    "/graph.json%2f..%2fsecret.txt",
    "http://127.0.0.1/../secret.txt",
    `http://127.0.0.1${join(dir, "secret.txt")}`,
    "file:///etc/passwd",
    "*",
  ])("GET %s", async (target) => {
    const r = await rawRequest(port, target);
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toContain("SECRET");
    expect(r.body).not.toMatch(/root:.*:0:0:/);
  });

  it.each([
    ["a raw NUL in the path", "/index.html\u0000.js"],
    ["a raw NUL before ..", "/\u0000/../secret.txt"],
    ["a raw space and HTTP/0.9 tail", "/../secret.txt HTTP/1.1\r\nX: y"],
    ["raw high bytes", "/\u00c0\u00ae\u00c0\u00ae/secret.txt"],
    ["a raw tab", "/..\t/secret.txt"],
  ])("%s is refused, and the server stays up", async (_name, target) => {
    const r = await rawRequest(port, target);
    expect(r.status === 0 || r.status === 400 || r.status === 404).toBe(true);
    expect(r.body).not.toContain("SECRET");
    expect((await rawRequest(port, "/assets/app.js")).status).toBe(200);
  });

  it("the legitimate files are still served (the checks above are not blanket 404s)", async () => {
    expect((await rawRequest(port, "/assets/app.js")).body).toBe("console.log('app')");
    expect((await rawRequest(port, "/graph.json")).body).toBe(GRAPH);
    expect((await rawRequest(port, "/assets/%61pp.js")).status).toBe(200); // %61 = "a": decoding works
  });
});

describe("serve survives abuse", () => {
  it("200 concurrent requests alongside 200 stalled connections, then a 100 kB URL", async () => {
    // connections that send half a request and wait (slowloris)
    const stalled = await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<ReturnType<typeof connect>>((ok, fail) => {
            const s = connect({ host: "127.0.0.1", port }, () => {
              s.write("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
              ok(s);
            });
            s.on("error", fail);
          }),
      ),
    );
    try {
      const targets = ["/", "/assets/app.js", "/graph.json", "/%252e%252e/secret.txt", "/assets/link.js"];
      const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => rawRequest(port, targets[i % targets.length]!)));
      replies.forEach((r, i) => {
        const t = targets[i % targets.length]!;
        expect(r.status, t).toBe(t.includes("secret") || t.includes("link") ? 404 : 200);
        expect(r.body).not.toContain("SECRET");
      });
      expect(replies.filter((_r, i) => i % targets.length === 2).every((r) => r.body === GRAPH)).toBe(true);
    } finally {
      for (const s of stalled) s.destroy();
    }
    const long = await rawRequest(port, `/${"a".repeat(100_000)}`);
    expect([400, 404, 414, 431]).toContain(long.status);
    const hugeHeader = await rawRequest(port, "/", `X-Big: ${"b".repeat(100_000)}\r\n`);
    expect([400, 431]).toContain(hugeHeader.status);
    expect((await rawRequest(port, "/")).status).toBe(200); // still up
  }, 60_000);
});
