/**
 * Reliability: bad input of every kind through the CLI
 * ====================================================
 *
 * `papergraph build` spawned as a user runs it, in a temporary folder, on inputs that are unusable
 * (exit 2: one `papergraph: FILE[:LINE]: ...` line), on files with some bad records (exit 0, each
 * bad record one `skipped FILE:LINE: ...` line, the good papers built), with `--strict` (exit 1 at
 * the first bad record), and on outputs that cannot be written (exit 1). Never a stack trace.
 * `test/cli.test.ts` already covers a missing file, an unknown format or option and NUL bytes in a
 * .jsonl; this file covers the rest of issue 6's list.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { run } from "./helpers/cli.ts";


/** The lines of stderr that are messages for people (not the per-stage progress lines). */
const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("papergraph:"));

const paper = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    title: `Paper ${id} on residual networks`,
    abstract: `We train ResNet-50 on ImageNet and report top-1 accuracy (${id}).`,
    date: "2024-03-02",
    ...extra,
  });
const GOOD = [paper("g1"), paper("g2"), paper("g3")].join("\n") + "\n";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "papergraph-reliability-cli-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Writes `files` (name → content) into a fresh folder under `dir`; returns its path. */
async function scene(name: string, files: Record<string, string | Buffer | undefined>): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    if (content === undefined) continue;
    await mkdir(join(folder, file, ".."), { recursive: true });
    await writeFile(join(folder, file), content);
  }
  return folder;
}

const gz = gzipSync(Buffer.from(GOOD.repeat(40)));

describe("unusable input: exit 2, one line naming the file (and line), no stack trace", () => {
  it.each([
    { name: "a folder without inputs", files: { "in/notes.md": "# notes\n", "in/manifest.json": "{}" }, input: "in", error: /^papergraph: in: folder has no input files/ },
    { name: "an empty file", files: { "empty.jsonl": "" }, input: "empty.jsonl", error: /^papergraph: empty\.jsonl: empty file$/ },
    { name: "a file of blank lines", files: { "blank.csv": "\n \r\n\t\n" }, input: "blank.csv", error: /^papergraph: blank\.csv: empty file/ },
    { name: "NUL bytes in a CSV", files: { "nul.csv": Buffer.from("id,title,abstract\na,T,An abstract.\nb,\x00\x00,x\n") }, input: "nul.csv", error: /^papergraph: nul\.csv:3: binary content/ },
    { name: "an image named .txt", files: { "scan.txt": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]) }, input: "scan.txt", error: /^papergraph: scan\.txt:\d+: (binary content|invalid UTF-8)/ },
    { name: "Latin-1 bytes", files: { "latin1.jsonl": Buffer.concat([Buffer.from(paper("a") + "\n"), Buffer.from('{"title": "Caf\xe9", "abstract": "x"}\n', "latin1")]) }, input: "latin1.jsonl", error: /^papergraph: latin1\.jsonl:2: invalid UTF-8/ },
    {
      name: "UTF-16 text with an unpaired surrogate",
      files: { "utf16.csv": Buffer.concat([Buffer.from("\ufefftitle,abstract\nT,A\nU,", "utf16le"), Buffer.from([0x00, 0xd8]), Buffer.from("B\n", "utf16le")]) },
      input: "utf16.csv",
      error: /^papergraph: utf16\.csv:3: invalid UTF-16 \(an unpaired surrogate or an odd byte\); save the file as UTF-8 text$/,
    },
    { name: "a truncated .gz", files: { "cut.jsonl.gz": gz.subarray(0, Math.floor(gz.length / 2)) }, input: "cut.jsonl.gz", error: /^papergraph: cut\.jsonl\.gz: truncated gzip data/ },
    { name: "a .gz of an empty file", files: { "nothing.jsonl.gz": gzipSync(Buffer.alloc(0)) }, input: "nothing.jsonl.gz", error: /^papergraph: nothing\.jsonl\.gz: empty file/ },
    { name: "a CSV without an abstract column", files: { "nocol.csv": "id,title,summary\na,T,S\n" }, input: "nocol.csv", error: /^papergraph: nocol\.csv:1: CSV header lacks the required column "abstract" \(or "text"\); it has: id, title, summary$/ },
    { name: "a CSV whose 2 MB header has no title", files: { "wide.csv": `abstract,${"x".repeat(2_000_000)}\nA,B\n` }, input: "wide.csv", error: /^papergraph: wide\.csv:1: CSV header lacks the required column "title"; it has: abstract, "x{30}…"$/ },
    { name: "an HTML page named .xml", files: { "page.xml": "<html><body>hi</body></html>\n" }, input: "page.xml", error: /^papergraph: page\.xml: cannot tell the format: an HTML page/ },
    { name: "a truncated Atom feed", files: { "feed.xml": '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry><title>T</title><summary>cut he' }, input: "feed.xml", error: /^papergraph: feed\.xml:3: XML ends inside/ },
    { name: "a truncated OpenAlex document", files: { "works.json": '{"results": [{"id": "https://openalex.org/W1", "title": "T", "abstract_inverted_index": {"a": [0]' }, input: "works.json", error: /^papergraph: works\.json:1: not valid JSON .*truncated/ },
    { name: "a manifest that is not JSON", files: { "pages/a.txt": "Title\n\n" + "An abstract. ".repeat(30) + "\n", "pages/manifest.json": "{year: 2025" }, input: "pages", error: /^papergraph: pages\/manifest\.json: not valid JSON/ },
  ])("$name", async ({ name, files, input, error }) => {
    const cwd = await scene(name.replace(/\W+/g, "-"), files);
    const r = await run(["build", input, "--no-viewer", "--no-cache", "--out", "out"], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const lines = errorLines(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(error);
    expect(lines[0]!.length).toBeLessThan(300);
    expect(r.stdout).toBe("");
  });
});

describe("bad records: skipped one line each, the rest built (exit 0); fatal with --strict (exit 1)", () => {
  const huge = JSON.stringify({ id: "huge", title: "An enormous line", abstract: "word ".repeat(4_000_000) }); // 20 MB
  const lines = [
    paper("ok1"), // 1
    '{"id": "broken", "title": "cut', // 2: not JSON
    JSON.stringify({ id: "noabs", title: "A title only" }), // 3: no abstract
    JSON.stringify({ id: "notitle", abstract: "An abstract without a title." }), // 4: no title
    "[1, 2, 3]", // 5: not an object
    paper("y99999", { date: "99999-01-01" }), // 6: absurd date, kept with a warning
    paper("feb30", { date: "2024-02-30" }), // 7: no such day, kept with a warning
    paper("y1066", { date: 1066 }), // 8: too early, kept with a warning
    huge, // 9: 20 MB
    paper("ok2", { authors: 1e20 }), // 10: absurd author count dropped
    "", // blank: not a record
    paper("ok3", { title: "<img src=x onerror=alert(1)> Markup in a title" }), // 12
  ];
  let cwd = "";
  beforeAll(async () => {
    cwd = await scene("records", { "mixed.jsonl": lines.join("\n") + "\n", "bad.csv": 'id,title,abstract\nc1,A CSV paper,We use BERT on SQuAD.\nc2,"unclosed,x\n' });
  });

  it("skips each bad record with file:line and a reason, warns about dates, builds the good papers", async () => {
    const r = await run(["build", "mixed.jsonl", "--no-viewer", "--no-cache", "--out", "out"], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const skipped = r.stderr.split("\n").filter((l) => l.startsWith("skipped "));
    expect(skipped.map((l) => l.replace(/: .*/, ""))).toEqual(["skipped mixed.jsonl:2", "skipped mixed.jsonl:3", "skipped mixed.jsonl:4", "skipped mixed.jsonl:5", "skipped mixed.jsonl:9"]);
    expect(skipped[0]).toMatch(/not valid JSON/);
    expect(skipped[1]).toMatch(/no abstract for "A title only"/);
    expect(skipped[2]).toMatch(/no title/);
    expect(skipped[3]).toMatch(/expected a JSON object/);
    expect(skipped[4]).toMatch(/abstract of 19,999,999 characters is longer than any abstract/);
    for (const l of skipped) expect(l.length).toBeLessThan(300);
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning "));
    expect(warnings.map((l) => l.replace(/: .*/, ""))).toEqual(["warning mixed.jsonl:6", "warning mixed.jsonl:7", "warning mixed.jsonl:8"]);
    expect(warnings[1]).toMatch(/day 30 does not exist/);
    expect(errorLines(r.stderr)).toEqual([]);

    const graph = JSON.parse(await readFile(join(cwd, "out", "graph.json"), "utf8")) as { nodes: Array<{ key: string; attributes: Record<string, unknown> }> };
    const papers = graph.nodes.filter((n) => n.attributes.kind === "paper");
    expect(papers.map((n) => n.key).sort()).toEqual(["paper:feb30", "paper:ok1", "paper:ok2", "paper:ok3", "paper:y1066", "paper:y99999"]);
    for (const p of papers) expect(["", "2024-03-02"]).toContain(p.attributes.date);
    expect(papers.find((p) => p.key === "paper:ok2")!.attributes.authors).not.toBe(1e20);
    const report = await readFile(join(cwd, "out", "report.md"), "utf8");
    for (const line of [2, 3, 4, 5, 9]) expect(report).toContain(`mixed.jsonl:${line}\``);
  }, 120_000);

  it("--strict stops at the first bad record: exit 1, one line naming file:line", async () => {
    const r = await run(["build", "mixed.jsonl", "--strict", "--no-viewer", "--no-cache", "--out", "strict-out"], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^papergraph: mixed\.jsonl:2: not valid JSON \(.{1,200}\)$/)]);
    await expect(readFile(join(cwd, "strict-out", "graph.json"))).rejects.toThrow(/ENOENT/);
  });

  it("an unclosed CSV quote is a skipped record at its line; --strict makes it fatal", async () => {
    const loose = await run(["build", "bad.csv", "--no-viewer", "--no-cache", "--out", "csv-out"], cwd);
    expect(loose.code, loose.stderr).toBe(0);
    expect(loose.stderr).toMatch(/^skipped bad\.csv:3: a quoted field is never closed$/m);
    const strict = await run(["build", "bad.csv", "--strict", "--no-viewer", "--no-cache", "--out", "csv-out2"], cwd);
    expect(strict.code).toBe(1);
    expect(errorLines(strict.stderr)).toEqual(["papergraph: bad.csv:3: a quoted field is never closed"]);
  });

  it("a file with no usable record at all: exit 1, each record named, no stack", async () => {
    await writeFile(join(cwd, "allbad.jsonl"), [lines[1], lines[2], lines[4]].join("\n") + "\n");
    const r = await run(["build", "allbad.jsonl", "--no-viewer", "--no-cache", "--out", "none-out"], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("skipped allbad.jsonl:"))).toHaveLength(3);
    expect(errorLines(r.stderr)).toEqual(["papergraph: no papers in allbad.jsonl; 3 records skipped (see above)"]);
  });

  it("a .jsonl whose first line is the broken one is still read as JSON Lines", async () => {
    await writeFile(join(cwd, "firstbad.jsonl"), ["x".repeat(100_000), paper("f1"), paper("f2")].join("\n") + "\n");
    const r = await run(["build", "firstbad.jsonl", "--no-viewer", "--no-cache", "--out", "firstbad-out"], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^skipped firstbad\.jsonl:1: not valid JSON/m);
    expect(r.stdout).toMatch(/^2 papers/);
  });
});

describe("outputs and options that cannot be used: one line, no stack", () => {
  it.each([
    { name: "--out naming a file", args: ["--out", "GOOD.jsonl"], code: 1, error: /^papergraph: .*GOOD\.jsonl: cannot write the output \(a file is in the way of the folder\)$/ },
    { name: "--out below a file", args: ["--out", "GOOD.jsonl/out"], code: 1, error: /^papergraph: .*GOOD\.jsonl\/out: cannot write the output \(a file is in the way of the folder\)$/ },
    { name: "a missing --lexicon", args: ["--lexicon", "nope.tsv", "--out", "o"], code: 2, error: /^papergraph: nope\.tsv: cannot read/ },
    { name: "an absurd --year", args: ["--year", "99999", "--out", "o"], code: 2, error: /^papergraph: --year: expected a year between 1900 and \d{4}, found 99999$/ },
    { name: "--incremental over a graph.json that is not one", args: ["--incremental", "--out", "junk"], code: 2, error: /^papergraph: .*junk\/graph\.json: not a papergraph graph\.json/ },
  ])("$name", async ({ args, code, error }) => {
    const cwd = await scene(`out-${args.join("-").replace(/\W+/g, "-")}`, { "GOOD.jsonl": GOOD, "junk/graph.json": '{"nodes": 3}' });
    const r = await run(["build", "GOOD.jsonl", "--no-viewer", "--no-cache", ...args], cwd);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const lines = errorLines(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(error);
  });

  it("extract --out below a file is one line too", async () => {
    const cwd = await scene("extract-out", { "GOOD.jsonl": GOOD });
    const r = await run(["extract", "GOOD.jsonl", "--out", "GOOD.jsonl/x.jsonl"], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/GOOD\.jsonl: cannot write the output/)]);
  });
});
