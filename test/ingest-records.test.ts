/**
 * Ingest: JSON Lines, CSV, gzip, detection and fatal errors
 * =========================================================
 *
 * Synthetic fixtures in `test/fixtures/ingest/` (see its README); broken files (binary, bad UTF-8,
 * truncated gzip, empty) are written to a temp folder by the tests themselves.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";

import { InputError, OptionsError, RecordError } from "../src/errors.ts";
import { detectFormat, normaliseDate, parseCsv, parseJsonDocument, parseJsonl, readInputs } from "../src/ingest/index.ts";
import { utf16ToUtf8 } from "../src/ingest/read.ts";
import { abstractText } from "../src/ingest/text.ts";

const FIXTURES = "test/fixtures/ingest";
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const tmp = mkdtempSync(join(tmpdir(), "papergraph-ingest-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, content: string | Buffer) => {
  const file = join(tmp, name);
  writeFileSync(file, content);
  return file;
};

describe("parseJsonl", () => {
  const result = parseJsonl(fixture("papers.jsonl"), "papers.jsonl", { maxYear: 2026 });

  it.each([
    ["ours", { date: "2024-03-02", year: 2020 }, "2024-03-02"],
    ["Semantic Scholar's", { publicationDate: "2023-06-01", year: 2023 }, "2023-06-01"],
    ["Semantic Scholar's year alone", { publicationDate: null, year: 2023 }, "2023"],
    ["the arXiv API's", { published: "2023-06-01T17:59:59Z" }, "2023-06-01"],
    ["the arXiv snapshot's first version", { versions: [{ version: "v1", created: "Mon, 2 Apr 2007 19:18:42 GMT" }, { version: "v2", created: "Tue, 24 Jul 2007 20:10:27 GMT" }], update_date: "2008-11-13" }, "2007-04-02"],
    ["the arXiv snapshot's update date, without versions", { update_date: "2008-11-13" }, "2008-11-13"],
  ])("reads %s date field", (_what, fields, date) => {
    const line = JSON.stringify({ title: "T", abstract: "A", ...fields });
    const one = parseJsonl(line + "\n", "dump.jsonl", { maxYear: 2026 });
    expect(one.warnings).toEqual([]);
    expect(one.papers[0]!.date).toBe(date);
  });

  it("keeps the good lines with normalised fields", () => {
    expect(result.entries).toBe(8); // 9 lines, one blank
    expect(result.papers.map((p) => [p.sources[0]!.line, p.id, p.date])).toEqual([
      [1, "arxiv:2306.00978", "2023-06-01"],
      [5, "arxiv:2401.00003", undefined],
      [6, "title:historical-perceptrons-revisited", undefined],
      [8, "doi:10.1000/rag.de.1", "2025-03"],
      [9, "2306.00978v2", "2023-06-01"],
    ]);
    expect(result.papers[0]!.authors).toHaveLength(6);
    expect(result.papers[1]!.abstract).toMatch(/^We study sparse mixtures/); // from "text"
    expect(result.papers[3]).toMatchObject({
      authors: ["Jörg Müller", "Ana Ñúñez", "Li Wei"],
      categories: ["cs.CL", "cs.IR"],
      doi: "10.1000/rag.de.1",
    });
  });

  it("skips bad lines with their line number and a reason", () => {
    expect(result.skipped).toEqual([
      { file: "papers.jsonl", line: 3, reason: expect.stringMatching(/^not valid JSON/) },
      { file: "papers.jsonl", line: 4, reason: expect.stringMatching(/^no abstract/) },
      { file: "papers.jsonl", line: 7, reason: "expected a JSON object, found an array" },
    ]);
  });

  it("drops absurd dates with a warning, keeping the paper", () => {
    expect(result.warnings).toEqual([
      { file: "papers.jsonl", line: 5, reason: "date dropped: month 13 does not exist" },
      { file: "papers.jsonl", line: 6, reason: "date dropped: year 1850 is outside 1900–2026" },
    ]);
  });

  it("keepTitleOnly keeps a paper without abstract, with a warning", () => {
    const kept = parseJsonl(fixture("papers.jsonl"), "papers.jsonl", { keepTitleOnly: true, maxYear: 2026 });
    expect(kept.papers.find((p) => p.title === "A Paper Without Its Abstract")).toMatchObject({ abstract: "", date: "2024-01-03" });
    expect(kept.warnings.some((w) => w.line === 4 && /title-only/.test(w.reason))).toBe(true);
  });
});

describe("normaliseDate", () => {
  it.each([
    ["2024-06-10", "2024-06-10"],
    ["2024-6-1", "2024-06-01"],
    ["2024-06-10T17:59:59Z", "2024-06-10"],
    ["2024/06/10", "2024-06-10"],
    ["2024-06", "2024-06"],
    [2024, "2024"],
    ["2024", "2024"],
    ["Jun 10, 2024", "2024-06-10"],
    ["10 June 2024", "2024-06-10"],
    ["June 2024", "2024-06"],
    // PubMed's DP and Web of Science's PY + PD
    ["2019 Nov 5", "2019-11-05"],
    ["2019 Nov-Dec", "2019-11"],
    ["2023 DEC 4-11", "2023-12-04"],
    ["2021 SPR", "2021"],
    ["2019 Spring", "2019"],
  ])("%j → %j", (input, iso) => expect(normaliseDate(input, 2026)).toEqual({ date: iso }));

  it.each([
    ["1899-12-31", /year 1899/],
    ["2027-01-01", /year 2027/],
    ["2024-13", /month 13/],
    ["2023-02-29", /day 29/],
    ["yesterday", /cannot read/],
    ["2019 Someday", /cannot read/],
    [true, /not a string/],
  ])("%j is dropped: %s", (input, problem) => {
    const result = normaliseDate(input, 2026);
    expect("problem" in result && result.problem).toMatch(problem);
  });
});

describe("abstractText", () => {
  it.each([
    ["We win. (C) 2019 Elsevier B.V. All rights reserved.", "We win."],
    ["We win. Copyright © 2020 Elsevier Inc. All rights reserved.", "We win."],
    ["We win. © 2021 The Authors. Published by Elsevier.", "We win."],
    ["[No abstract available]", ""],
    ["No abstract available.", ""],
    // a notice far from the end is not a notice at the end
    [`We cite (c) 2019 results${" and go on".repeat(30)}.`, `We cite (c) 2019 results${" and go on".repeat(30)}.`],
    ["We train on C4 (2019) and report 2020 results.", "We train on C4 (2019) and report 2020 results."],
  ])("%j → %j", (abstract, expected) => expect(abstractText(abstract)).toBe(expected));
});

describe("parseCsv", () => {
  it("reads quoted multi-line fields and reports bad rows at the line they start on", () => {
    const result = parseCsv(fixture("papers.csv"), "papers.csv", { maxYear: 2026 });
    expect(result.entries).toBe(4);
    expect(result.papers.map((p) => [p.sources[0]!.line, p.title, p.date, p.authors])).toEqual([
      [2, "Quantized Attention, Revisited", "2025-02-01", ["A. Smith", "B. Jones"]],
      [7, "Token Merging for Vision Transformers", "2025-02-04", ["C. Wu", "D. Roe"]],
    ]);
    expect(result.papers[0]!.abstract).toBe(
      "We revisit quantized attention. The second line of this abstract is inside the quoted field, and so is the third.",
    );
    expect(result.skipped).toEqual([
      { file: "papers.csv", line: 5, reason: "expected 7 fields as in the header (line 1), found 3" },
      { file: "papers.csv", line: 6, reason: "no title" },
    ]);
  });

  it("an unclosed quote is a skipped record at its first line", () => {
    const text = 'title,abstract\nGood,"fine"\n\nBroken,"never closed\nmore text\n';
    const result = parseCsv(text, "x.csv");
    expect(result.papers.map((p) => p.title)).toEqual(["Good"]);
    expect(result.skipped).toEqual([{ file: "x.csv", line: 4, reason: "a quoted field is never closed" }]);
  });

  it("CRLF line ends and a tab-separated header work too", () => {
    const result = parseCsv("title\tabstract\r\nA\tB\r\nC\t\"D\r\nE\"\r\n", "x.tsv");
    expect(result.papers.map((p) => [p.sources[0]!.line, p.title, p.abstract])).toEqual([
      [2, "A", "B"],
      [3, "C", "D E"],
    ]);
  });

  it.each([
    [
      "Zotero",
      '"Key","Item Type","Publication Year","Author","Title","Url","Abstract Note","Date"\n' +
        '"K1","journalArticle","2023","Lin, Ji; Tang, Jiaming","AWQ","https://arxiv.org/abs/2306.00978","We quantize.","2023-06-01"\n',
      { id: "arxiv:2306.00978", title: "AWQ", abstract: "We quantize.", date: "2023-06-01", authors: ["Lin, Ji", "Tang, Jiaming"] },
    ],
    ["Scopus", "Authors,Title,Year,Abstract,DOI,Link\n\"Lin J.; Tang J.\",AWQ,2023,We quantize.,10.1145/3600006,https://x.org/a\n", { id: "doi:10.1145/3600006", date: "2023", url: "https://x.org/a", authors: ["Lin J.", "Tang J."] }],
    ["Web of Science (tab-delimited)", "PT\tAU\tTI\tAB\tPY\tDI\nJ\tLin, J; Tang, J\tAWQ\tWe quantize.\t2024\t10.5555/3618408\n", { id: "doi:10.5555/3618408", title: "AWQ", date: "2024", authors: ["Lin, J", "Tang, J"] }],
    ["our own column beats an export's", "title,abstract note,abstract\nT,not this,this\n", { abstract: "this" }],
    ["Scopus with a publisher's notice", "Title,Abstract\nAWQ,\"We quantize. © 2023 Elsevier B.V. All rights reserved.\"\n", { abstract: "We quantize." }],
  ])("reads the columns of a %s export", (_what, text, expected) => {
    const result = parseCsv(text, "export.csv", { maxYear: 2026 });
    expect(result.skipped).toEqual([]);
    expect(result.papers).toHaveLength(1);
    expect(result.papers[0]).toMatchObject(expected);
  });

  it("counts Scopus's '[No abstract available]' as no abstract", () => {
    const result = parseCsv("Title,Abstract\nAn Editorial,[No abstract available]\n", "scopus.csv", { maxYear: 2026 });
    expect(result.papers).toEqual([]);
    expect(result.noAbstract).toBe(1);
  });

  it("a missing required column is one InputError naming the file and header line", () => {
    expect(() => parseCsv(fixture("bad-header.csv"), "bad-header.csv")).toThrowError(
      new InputError(`CSV header lacks the required columns "title" and "abstract" (or "text"); it has: id, name, summary`, "bad-header.csv", 1),
    );
    expect(() => parseCsv("\n\nid,title\n1,x\n", "h.csv")).toThrowError(/^h\.csv:3: CSV header lacks the required column "abstract"/);
  });
});

describe("parseJsonDocument", () => {
  it("reads an array of records, each at the line of its title", () => {
    const text = JSON.stringify([{ title: "A", abstract: "X", year: 2021 }, 3, { title: "B", text: "Y" }], null, 2);
    const result = parseJsonDocument(text, "dump.json", { maxYear: 2026 });
    expect(result.entries).toBe(3);
    expect(result.papers.map((p) => [p.title, p.abstract, p.date ?? "", p.sources[0]!.line])).toEqual([
      ["A", "X", "2021", 3],
      ["B", "Y", "", 9],
    ]);
    expect(result.skipped).toEqual([{ file: "dump.json", line: 3, reason: 'expected a JSON object, found "3"' }]);
  });

  it("reads a Semantic Scholar page: records under data, ids from externalIds", () => {
    const page = { total: 1, data: [{ paperId: "p1", externalIds: { ArXiv: "2306.00978", DOI: "10.1145/3600006" }, title: "AWQ", abstract: "We quantize.", authors: [{ authorId: "1", name: "Ji Lin" }] }] };
    const result = parseJsonDocument(JSON.stringify(page), "s2.json");
    expect(result.papers[0]).toMatchObject({ id: "arxiv:2306.00978", doi: "10.1145/3600006", authors: ["Ji Lin"] });
  });

  it.each([
    ['[{"title": "A", "abstract": "X"},', "dump.json:1: not valid JSON (Unexpected end of JSON input); the file is truncated"],
    ['{"meta": {}, "items": 3}', "dump.json: a JSON document without a list of papers (an array, or one under data, results, papers, records)"],
  ])("%s is one InputError", (text, message) => {
    expect(() => parseJsonDocument(text, "dump.json")).toThrowError(message);
  });
});

describe("detectFormat", () => {
  it.each([
    ['[{"title": "T", "abstract": "A"}]\n', "dump.json", "json"],
    ['[\n  {\n    "title": "T",\n', "dump.json", "json"],
    ['{"data": [{"title": "T", "abstract": "A"}]}', "s2.json", "json"],
    ['{"title": "T", "abstract": "A"}\n', "x.dat", "jsonl"],
    ['{"title": "T", "abstr', "x.jsonl", "jsonl"],
    ["title,abstract\nT,A\n", "x.dat", "csv"],
    ['"ID";"Title";"Abstract"\n', "x.dat", "csv"],
    ["id,name\n1,2\n", "x.csv", "csv"], // the extension: the reader then reports the missing columns
    ["PT\tAU\tTI\tAB\tPY\nJ\tA\tT\tB\t2024\n", "savedrecs.txt", "csv"], // Web of Science's tab-delimited export
    ["new\n\nGet trending papers in your email inbox!\n", "page", "hf-daily"],
    ["A Title\n\n" + "An abstract sentence. ".repeat(12) + "\n", "excerpt.txt", "hf-daily"], // shape only: needs .txt
    ["Title, Abstract and Text: A Survey\n\n  • 2 authors\n·\nMay 3\n", "p.csv", "hf-daily"], // marks beat a CSV-like line
    ['<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n', "query", "arxiv"],
    ["% Zotero\n\n@article{lin2023,\n  title = {AWQ},\n", "refs.txt", "bibtex"],
    ["TY  - JOUR\nTI  - AWQ\n", "refs.txt", "ris"],
    ["\nTY - JOUR\nTI - AWQ\n", "refs", "ris"],
    ['{\n  "meta": {"count": 1},\n  "results": [{"id": "https://openalex.org/W1"', "works.json", "openalex"],
    ['{"id": "https://openalex.org/W1", "title": "T", "abstract_inverted_index": {"A": [0]}}\n', "works.jsonl", "openalex"],
  ])("%j named %s → %s", (head, name, format) => expect(detectFormat(head, name)).toBe(format));

  it.each([
    ["just some words\n", "notes.md", "cannot tell the format; use --format"],
    ["A Title\n\n" + "An abstract sentence. ".repeat(12) + "\n", "excerpt.dat", "cannot tell the format; use --format"],
    ['<?xml version="1.0"?>\n<rss version="2.0">\n', "feed.xml", "cannot tell the format: XML but not an Atom feed; use --format"],
    ["<!DOCTYPE html>\n<html><head><title>Daily Papers</title>\n", "papers.html", "cannot tell the format: an HTML page; for a Daily Papers page, save its text instead (select all, copy, paste into a .txt file)"],
  ])("an undetectable file is one InputError that suggests --format (%#)", (head, name, message) => {
    expect(() => detectFormat(head, name)).toThrowError(new InputError(message, name));
  });
});

describe("readInputs", () => {
  it("reads .jsonl.gz by its magic bytes, streamed, the same as the plain file", async () => {
    const plain = await readInputs([join(FIXTURES, "papers.jsonl")]);
    const gz = await readInputs([join(FIXTURES, "papers.jsonl.gz")]);
    expect(gz.formats).toEqual(["jsonl"]);
    const strip = (r: typeof plain) => r.papers.map((p) => ({ ...p, sources: p.sources.map((s) => s.line) }));
    expect(strip(gz)).toEqual(strip(plain));
    expect(gz.entries).toBe(8);
    // gzip even without a .gz name
    const renamed = write("papers-gz.data", readFileSync(join(FIXTURES, "papers.jsonl.gz")));
    expect((await readInputs([renamed])).papers).toHaveLength(plain.papers.length);
  });

  it("merges the same paper across formats by arXiv id and title, keeping the given id", async () => {
    const result = await readInputs([join(FIXTURES, "hf-page-b.txt"), join(FIXTURES, "papers.jsonl")], { year: 2025 });
    const awq = result.papers.filter((p) => p.title.startsWith("AWQ"));
    expect(awq).toHaveLength(1);
    expect(awq[0]).toMatchObject({ id: "arxiv:2306.00978", authors: expect.any(Array), date: "2023-06-01" });
    expect(awq[0]!.sources.map((s) => `${s.file.split("/").at(-1)}:${s.line}`)).toEqual(["hf-page-b.txt:21", "papers.jsonl:1", "papers.jsonl:9"]);
  });

  it("a folder's input files are read sorted by name; manifest.json is not an input", async () => {
    const result = await readInputs([join(FIXTURES, "manifest")]);
    expect(result.files.map((f) => f.split("/").at(-1))).toEqual(["p1.txt", "p2.txt"]);
  });

  it("strict makes the first bad record fatal, as a RecordError", async () => {
    await expect(readInputs([join(FIXTURES, "papers.jsonl")], { strict: true })).rejects.toThrowError(RecordError);
    await expect(readInputs([join(FIXTURES, "papers.jsonl")], { strict: true })).rejects.toThrowError(
      /papers\.jsonl:3: not valid JSON/,
    );
    await expect(readInputs([join(FIXTURES, "papers.csv")], { strict: true })).rejects.toThrowError(/papers\.csv:5: expected 7 fields/);
  });

  it("progress is reported per 1,000 entries and per file", async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ id: `p${i}`, title: `Paper ${i}`, abstract: "An abstract." }));
    const file = write("many.jsonl", lines.join("\n"));
    const seen: number[] = [];
    const result = await readInputs([file], { onProgress: (n) => seen.push(n) });
    expect(result.papers).toHaveLength(2500);
    expect(seen).toEqual([1000, 2000, 2500]);
  });

  it.each([
    { name: "UTF-16LE with its byte order mark (Excel's \"Unicode Text\", a tab-separated table)", file: "excel.tsv", bytes: Buffer.from("\ufefftitle\tabstract\r\nCafé nets\tWe train Über-Net on 😀 emoji.\r\n", "utf16le") },
    { name: "UTF-16BE with its byte order mark", file: "be.jsonl", bytes: Buffer.from("\ufeff" + JSON.stringify({ title: "Café nets", abstract: "We train Über-Net on 😀 emoji." }) + "\n", "utf16le").swap16() },
    { name: "gzipped UTF-16LE (PowerShell's > output, compressed)", file: "ps.jsonl.gz", bytes: gzipSync(Buffer.from("\ufeff" + JSON.stringify({ title: "Café nets", abstract: "We train Über-Net on 😀 emoji." }) + "\n", "utf16le")) },
  ])("reads $name", async ({ file, bytes }) => {
    const result = await readInputs([write(file, bytes)]);
    expect(result.papers.map((p) => [p.title, p.abstract])).toEqual([["Café nets", "We train Über-Net on 😀 emoji."]]);
  });

  it("decodes UTF-16 cut anywhere: between the bytes of a unit, or of a surrogate pair", () => {
    const text = "a😀\nü—z";
    for (const encoding of ["utf-16le", "utf-16be"] as const) {
      const le = Buffer.from(text, "utf16le");
      const bytes = encoding === "utf-16le" ? le : Buffer.from(le).swap16();
      for (let cut = 0; cut <= bytes.length; cut++) {
        const convert = utf16ToUtf8(encoding, "f", () => 1);
        const out = Buffer.concat([convert(bytes.subarray(0, cut), false), convert(bytes.subarray(cut), false), convert(Buffer.alloc(0), true)]);
        expect(out.toString("utf8"), `${encoding} cut at ${cut}`).toBe(text);
      }
    }
  });

  it("reads a big UTF-16 file, and names the line of a bad unit", async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ id: `p${i}`, title: `Paper ${i} 😀`, abstract: `An abstract ${i} — with ü.` }));
    const good = await readInputs([write("big16.jsonl", Buffer.from("\ufeff" + lines.join("\n") + "\n", "utf16le"))]);
    expect(good.papers).toHaveLength(30_000);
    expect(good.papers[29_999]).toMatchObject({ title: "Paper 29999 😀", abstract: "An abstract 29999 — with ü." });
    const bad = Buffer.concat([Buffer.from("\ufeff" + lines.slice(0, 20_000).join("\n") + "\n", "utf16le"), Buffer.from([0x3d, 0xd8, 0x41, 0x00]), Buffer.from("\n", "utf16le")]);
    await expect(readInputs([write("bad16.jsonl", bad)])).rejects.toThrowError(/bad16\.jsonl:20001: invalid UTF-16/);
  });

  const gz = gzipSync(Buffer.from(fixture("papers.jsonl")));
  it.each([
    { name: "a missing file", make: () => join(tmp, "nope.jsonl"), error: /nope\.jsonl: no such file or folder$/ },
    { name: "an empty file", make: () => write("empty.jsonl", ""), error: /empty\.jsonl: empty file$/ },
    { name: "a file of blank lines", make: () => write("blank.txt", "\n  \n\n"), error: /blank\.txt: empty file/ },
    { name: "binary content", make: () => write("bin.jsonl", Buffer.from('{"a":1}\n\x00\x01\x02')), error: /bin\.jsonl:2: binary content/ },
    { name: "invalid UTF-8", make: () => write("latin1.txt", Buffer.from("Title\n\nAbstract with caf\xe9\n", "latin1")), error: /latin1\.txt:3: invalid UTF-8/ },
    { name: "a truncated .gz", make: () => write("cut.jsonl.gz", gz.subarray(0, gz.length - 40)), error: /cut\.jsonl\.gz: truncated gzip data/ },
    { name: "corrupt .gz data", make: () => write("bad.jsonl.gz", Buffer.concat([gz.subarray(0, 10), Buffer.from("not deflate data at all")])), error: /bad\.jsonl\.gz: corrupt gzip data/ },
    { name: "an undetectable format", make: () => write("notes.md", "# Notes\n\nsome words\n"), error: /notes\.md: cannot tell the format; use --format/ },
    {
      name: "a folder without inputs",
      make: () => {
        const folder = mkdtempSync(join(tmp, "noinputs-"));
        writeFileSync(join(folder, "notes.md"), "# not an input\n");
        writeFileSync(join(folder, "manifest.json"), '{"hf-daily": {"year": 2025}}');
        return folder;
      },
      error: /noinputs-\w+: folder has no input files/,
    },
  ])("$name is one InputError naming the file", async ({ make, error }) => {
    const input = make();
    const failure = await readInputs([input]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).message).toMatch(error);
    expect((failure as InputError).message).not.toContain("\n");
  });

  it.each([
    { name: "an unknown format name", options: { format: "xml" as never }, error: /--format: unknown format "xml"; expected auto, hf-daily, jsonl, csv/ },
    { name: "an implausible year", options: { year: 25 }, error: /--year: expected a year/ },
  ])("$name is an OptionsError", async ({ options, error }) => {
    await expect(readInputs(["data"], options)).rejects.toThrowError(OptionsError);
    await expect(readInputs(["data"], options)).rejects.toThrowError(error);
  });

  it("a manifest that is not JSON is an InputError naming it", async () => {
    const folder = mkdtempSync(join(tmp, "m-"));
    writeFileSync(join(folder, "page.txt"), fixture("hf-missing-meta.txt"));
    writeFileSync(join(folder, "manifest.json"), '{"hf-daily": {"year": "2025"}}');
    await expect(readInputs([folder])).rejects.toThrowError(/manifest\.json: "hf-daily"\.year must be a year like 2025, found "2025"/);
  });
});
