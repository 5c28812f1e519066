/**
 * Ingest: arXiv Atom, BibTeX, RIS and OpenAlex (issue 7)
 * ======================================================
 *
 * Synthetic but realistic exports in `test/fixtures/ingest/` (LaTeX in titles, multi-line fields,
 * entries without abstract, non-ASCII names); truncated files are cut from them here. The last test
 * reads every format at once and checks the deduplicated papers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";

import { InputError } from "../src/errors.ts";
import {
  detectFormat,
  escapeBarePercents,
  invertedIndexToText,
  parseArxivAtom,
  parseBibtex,
  parseOpenAlex,
  parseMedline,
  parseRis,
  parseWos,
  readInputs,
  type ParseResult,
} from "../src/ingest/index.ts";
import type { Paper } from "../src/types.ts";

const FIXTURES = "test/fixtures/ingest";
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const tmp = mkdtempSync(join(tmpdir(), "papergraph-formats-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Expected = Partial<Paper> & { line: number };
interface FormatCase {
  file: string;
  parse: (text: string, file: string, options: { maxYear: number; keepTitleOnly?: boolean }) => ParseResult;
  entries: number;
  papers: Expected[];
  skipped: Array<{ line: number; reason: RegExp }>;
  warnings?: Array<{ line: number; reason: RegExp }>;
}

const CASES: FormatCase[] = [
  {
    file: "arxiv-feed.xml",
    parse: parseArxivAtom,
    entries: 3,
    papers: [
      {
        line: 10,
        id: "arxiv:2306.00978",
        title: "AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration", // title wrapped over two lines
        date: "2023-06-01",
        authors: ["Ji Lin", "Song Han"],
        url: "http://arxiv.org/abs/2306.00978v2",
        categories: ["cs.CL", "cs.LG"],
      },
      {
        line: 49,
        id: "arxiv:2502.01234",
        title: "Quantisation-Aware Training for Low-Resource Speech Recognition in Æsir & Norse Dialects",
        authors: ["Zoë Ørsted", "Jörg Müller"],
        doi: "10.1000/qat.speech.7",
      },
    ],
    skipped: [{ line: 69, reason: /^arXiv entry 2502\.05678: no abstract for "A Withdrawn Note on Sparse Attention"/ }],
  },
  {
    file: "library.bib",
    parse: parseBibtex,
    entries: 4,
    papers: [
      {
        line: 3,
        id: "arxiv:2306.00978",
        title: "AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration",
        date: "2023-06",
        authors: ["Ji Lin", "Jiaming Tang", "Song Han"],
        categories: ["cs.CL"],
      },
      {
        line: 25,
        id: "doi:10.1000/konvens.2024.12",
        title: "Über die Robustheit von BERT gegenüber Tippfehlern: Étude de Cas",
        abstract:
          "We measure how BERT and mBERT degrade under keyboard typos on GermEval 2014 and report F₁ drops of up to 12% for naïve tokenisers.",
        date: "2024",
        authors: ["Jörg Müller", "Zoë Émile", "Deutsches Forschungszentrum für KI"],
      },
    ],
    skipped: [
      { line: 17, reason: /^BibTeX entry "bolya2023tome": no abstract/ },
      { line: 36, reason: /^BibTeX entry "nobody2022notitleabs": no abstract/ },
    ],
  },
  {
    file: "mendeley.bib",
    parse: parseBibtex,
    entries: 2,
    papers: [
      {
        line: 4,
        id: "arxiv:2106.09685",
        title: "LoRA: Low-Rank Adaptation of Large Language Models",
        abstract: "We reduce trainable parameters by 10,000 times and GPU memory by 3 times; quality stays within 1% of full fine-tuning on GLUE.",
        date: "2022-04",
        authors: ["Edward J. Hu", "Yelong Shen", "Zeyuan Allen-Zhu"],
        url: "https://openreview.net/forum?id=nZeVKeeFYf9&x=a%20b",
        categories: ["Computer Science - Computation and Language", "Computer Science - Machine Learning"],
      },
      {
        line: 17,
        title: "A Mendeley Export with Bold Words", // no "<b>" markup from the parser
        abstract: "Mendeley leaves 50% unescaped, writes bold, emphasis and Small Caps, and O(n²) math.",
        authors: ["John Doe"],
      },
    ],
    skipped: [],
  },
  {
    file: "references.ris",
    parse: parseRis,
    entries: 3,
    papers: [
      {
        line: 1,
        id: "arxiv:2210.09461",
        title: "Token Merging: Your ViT But Faster",
        abstract: "We introduce Token Merging (ToMe), a simple method to increase the throughput of existing ViT models without needing to train.",
        date: "2022-10-17",
        authors: ["Daniel Bolya", "Judy Hoffman"],
        doi: "10.48550/arxiv.2210.09461",
      },
      { line: 14, title: "Whisper Distillation for Edge Devices: Ça marche", date: "2024-05", authors: ["Ana Ñúñez"] },
    ],
    skipped: [{ line: 21, reason: /^RIS record \(JOUR\): no abstract for "An Editorial Without Abstract"/ }],
  },
  {
    file: "openalex-works.json",
    parse: parseOpenAlex,
    entries: 2,
    papers: [
      { line: 10, id: "arxiv:2210.09461", date: "2022-10-17", authors: ["Daniel Bolya", "Judy Hoffman"] },
      { line: 232, id: "openalex:W4392000001", doi: "10.1000/rag.de.1", url: "https://example.org/rag-de" },
    ],
    skipped: [],
  },
  {
    file: "savedrecs.txt",
    parse: parseWos,
    entries: 3,
    papers: [
      {
        line: 3,
        id: "doi:10.1234/jmml.2023.0042",
        title: "Glyph Transformers for Handwritten Score Recognition: A Study of Attention over Staves", // wrapped
        abstract: "We train a glyph transformer on the QuillScore corpus and report accuracy gains of 4% over convolutional baselines.", // no "(C) 2023 Elsevier"
        date: "2023-12-04", // PY 2023, PD DEC 4
        authors: ["Ada Quimby", "Zoë Ørsted"], // AF, one per line
        url: "https://www.webofscience.com/wos/woscc/full-record/WOS:000123456700001",
        categories: ["glyph recognition", "attention", "optical music recognition"], // DE, wrapped
      },
      { line: 32, title: "Sparse Glyph Codes in Spring", date: "2021", authors: ["J Doe"] }, // PD SPR: the year only
    ],
    skipped: [{ line: 25, reason: /^Web of Science record WOS:000123456700002: no abstract for "An Editorial Without Abstract"/ }],
  },
  {
    file: "pubmed.nbib",
    parse: parseMedline,
    entries: 3,
    papers: [
      {
        line: 1,
        id: "pmid:39000001",
        title: "Glyph transformers for reading handwritten prescriptions: a retrospective study", // wrapped, PubMed's final period dropped
        abstract: "We fine-tune BERT on 12,000 scanned prescriptions and measure accuracy and F1 against two pharmacists.", // no "Copyright © 2024 Elsevier"
        date: "2024-01-07",
        authors: ["Ana Núñez", "Ann B Roe"], // FAU
        doi: "10.1234/jmed.2024.7", // LID … [doi]
        url: "https://pubmed.ncbi.nlm.nih.gov/39000001/",
        categories: ["handwriting recognition", "transformers"], // OT
      },
      { line: 26, id: "pmid:39000003", date: "2022", authors: ["Smith J"], categories: ["Deep Learning", "Image Processing, Computer-Assisted"] }, // AU, MeSH without "/*methods"
    ],
    skipped: [{ line: 21, reason: /^MEDLINE record \(PMID 39000002\): no abstract for "A note without an abstract"/ }],
  },
  {
    file: "openalex-works.jsonl",
    parse: parseOpenAlex,
    entries: 2,
    papers: [{ line: 1, id: "openalex:W4393000002", title: "Sparse Upcycling of Dense Checkpoints" }], // its date (Feb 30) dropped
    skipped: [{ line: 2, reason: /^OpenAlex work W4393000003: no abstract/ }],
    warnings: [{ line: 1, reason: /date dropped: day 30 does not exist in 2024-02/ }],
  },
];

describe.each(CASES)("$file", ({ file, parse, entries, papers, skipped, warnings = [] }) => {
  const result = parse(fixture(file), file, { maxYear: 2026 });

  it("reads each entry's fields", () => {
    expect(result.entries).toBe(entries);
    expect(result.papers).toHaveLength(papers.length);
    papers.forEach(({ line, ...fields }, k) => {
      const paper = result.papers[k]!;
      expect(paper.sources).toEqual([{ file, line }]);
      expect(paper).toMatchObject(fields);
      expect(paper.abstract.length).toBeGreaterThan(40);
      expect(paper.title).not.toMatch(/[{}\\]|\s{2}/);
      expect(paper.abstract).not.toMatch(/[{}]|\s{2}|\n/);
    });
  });

  it("counts and reports entries without an abstract, naming the entry", () => {
    expect(result.skipped).toEqual(skipped.map((s) => ({ file, line: s.line, reason: expect.stringMatching(s.reason) })));
    expect(result.warnings).toEqual(warnings.map((w) => ({ file, line: w.line, reason: expect.stringMatching(w.reason) })));
    expect(result.noAbstract).toBe(skipped.filter((s) => /no abstract/.test(String(s.reason))).length);
  });

  it("keepTitleOnly keeps them as title-only papers", () => {
    const kept = parse(fixture(file), file, { maxYear: 2026, keepTitleOnly: true });
    expect(kept.papers).toHaveLength(papers.length + result.noAbstract);
    expect(kept.papers.filter((p) => p.abstract === "")).toHaveLength(result.noAbstract);
  });

  it("is detected by --format auto", () => {
    expect(detectFormat(fixture(file), file)).toBe(
      { "arxiv-feed.xml": "arxiv", "library.bib": "bibtex", "mendeley.bib": "bibtex", "references.ris": "ris", "savedrecs.txt": "wos", "pubmed.nbib": "medline" }[file] ?? "openalex",
    );
  });
});

describe("truncated files", () => {
  it("an Atom feed cut mid-entry is one InputError at its last line", () => {
    const text = fixture("arxiv-feed.xml").slice(0, 2000);
    expect(() => parseArxivAtom(text, "feed.xml")).toThrowError(
      new InputError("XML ends inside <feed > entry > summary>: the file is truncated", "feed.xml", text.split("\n").length),
    );
  });

  it("a BibTeX file cut mid-entry keeps the entries before it and names the broken key and line", () => {
    const text = fixture("library.bib");
    const cut = text.slice(0, text.indexOf("Benchmarking Sparse") + 5);
    const result = parseBibtex(cut, "cut.bib", { maxYear: 2026 });
    expect(result.papers.map((p) => p.sources[0]!.line)).toEqual([3, 25]);
    expect(result.skipped.at(-1)).toEqual({ file: "cut.bib", line: 36, reason: expect.stringMatching(/^BibTeX entry "nobody2022notitleabs": cannot parse/) });
  });

  it("a BibTeX entry with braces nested thousands deep is skipped with a reason, the next entry kept", () => {
    const deep = `@article{deep, title={${"{".repeat(50_000)}x${"}".repeat(50_000)}}, abstract={y}}\n`;
    const fine = "@article{fine,\n  title = {Glyph Nets},\n  abstract = {We study glyph networks.},\n  year = {2024}\n}\n";
    const result = parseBibtex(deep + fine, "deep.bib", { maxYear: 2026 });
    expect(result.papers.map((p) => p.title)).toEqual(["Glyph Nets"]);
    expect(result.skipped).toEqual([{ file: "deep.bib", line: 1, reason: 'BibTeX entry "deep": cannot parse (braces nested too deeply)' }]);
  });

  it("a RIS file cut before ER reports the cut record at its TY line", () => {
    const text = fixture("references.ris");
    const result = parseRis(text.slice(0, text.lastIndexOf("ER  -")), "cut.ris", { maxYear: 2026 });
    expect(result.papers).toHaveLength(2);
    expect(result.skipped).toEqual([{ file: "cut.ris", line: 21, reason: "RIS record is cut off (no ER line; a truncated file?)" }]);
  });

  it("a Web of Science file cut before ER reports the cut record at its PT line; a MEDLINE file cut keeps what it has", () => {
    const wos = fixture("savedrecs.txt");
    const cut = parseWos(wos.slice(0, wos.lastIndexOf("ER\n")), "cut.txt", { maxYear: 2026 });
    expect(cut.papers).toHaveLength(1);
    expect(cut.skipped.at(-1)).toEqual({ file: "cut.txt", line: 32, reason: "Web of Science record is cut off (no ER line; a truncated file?)" });
    const medline = fixture("pubmed.nbib");
    expect(parseMedline(medline.slice(0, medline.indexOf("MH  - Deep")), "cut.nbib", { maxYear: 2026 }).papers.map((p) => p.id)).toEqual(["pmid:39000001", "pmid:39000003"]);
  });

  it("Web of Science: a PT line inside a record and tags outside one are reported", () => {
    const text = "FN Clarivate Analytics Web of Science\nVR 1.0\nTI Stray Title\nPT J\nTI A\nPT J\nTI Second Glyph Paper\nAB An abstract that is long enough to be one.\nER\nEF\n";
    const result = parseWos(text, "w.txt", { maxYear: 2026 });
    expect(result.papers.map((p) => p.title)).toEqual(["Second Glyph Paper"]);
    expect(result.skipped).toEqual([
      { file: "w.txt", line: 3, reason: "Web of Science tag TI outside a record (no PT line before it)" },
      { file: "w.txt", line: 4, reason: "Web of Science record has no ER line before the next PT" },
    ]);
  });

  it("an OpenAlex JSON document cut off is one InputError", () => {
    expect(() => parseOpenAlex(fixture("openalex-works.json").slice(0, 3000), "w.json")).toThrowError(/^w\.json:\d+: not valid JSON .*the file is truncated$/);
  });

  it("Atom: character references are decoded and old-style ids kept", () => {
    const feed = `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry>
    <id>http://arxiv.org/abs/hep-th/9901001v1</id>
    <published>1999-01-01T00:00:00Z</published>
    <title>Don&#39;t &lt;Panic&gt; &#x2014; Strings &amp; Things</title>
    <summary>We show that x &lt; y in the 't Hooft limit &#8212; with 2 &gt; 1.</summary>
    <author><name>G. 't Hooft</name><arxiv:affiliation>Utrecht</arxiv:affiliation></author>
    <arxiv:comment>12 pages</arxiv:comment>
  </entry>
</feed>`;
    expect(parseArxivAtom(feed, "old.xml", { maxYear: 2026 }).papers).toEqual([
      {
        id: "arxiv:hep-th/9901001",
        title: "Don't <Panic> — Strings & Things",
        abstract: "We show that x < y in the 't Hooft limit — with 2 > 1.",
        date: "1999-01-01",
        authors: ["G. 't Hooft"],
        url: "http://arxiv.org/abs/hep-th/9901001v1",
        sources: [{ file: "old.xml", line: 3 }],
      },
    ]);
  });

  it("RIS: CRLF, one-space tags, ISO dates and tags outside a record", () => {
    const ris = "\uFEFFTY - JOUR\r\nTI - One Space\r\nAB - An abstract.\r\nPY - 2023-04-05\r\nER - \r\nTI  - Stray\r\n";
    const result = parseRis(ris, "x.ris", { maxYear: 2026 });
    expect(result.papers).toMatchObject([{ title: "One Space", abstract: "An abstract.", date: "2023-04-05", sources: [{ line: 1 }] }]);
    expect(result.skipped).toEqual([{ file: "x.ris", line: 6, reason: "RIS tag TI outside a record (no TY line before it)" }]);
  });

  it("arXiv API error entries are skipped with the API's message", () => {
    const feed = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title>
<summary>incorrect id format for 1234</summary></entry></feed>`;
    expect(parseArxivAtom(feed, "e.xml").skipped).toEqual([{ file: "e.xml", line: 2, reason: "arXiv API error: incorrect id format for 1234" }]);
  });
});

describe("escapeBarePercents", () => {
  it.each([
    ["abstract = {up to 12% better},", "abstract = {up to 12\\% better},"],
    ["abstract = {already 12\\% escaped},", "abstract = {already 12\\% escaped},"],
    ["% a comment line with 50% in it", "% a comment line with 50% in it"],
    ["url = {https://x.org/a%20b},", "url = {https://x.org/a%20b},"],
    ["year = 2020, % a note", "year = 2020, % a note"],
    ["{60%-70%}", "{60\\%-70\\%}"],
  ])("%s → %s", (line, escaped) => expect(escapeBarePercents(line)).toBe(escaped));
});

describe("invertedIndexToText", () => {
  it.each([
    [{ We: [0], merge: [1, 4], tokens: [2], and: [3] }, "We merge tokens and merge"],
    [{ b: [1], a: [0], gap: [3] }, "a b gap"],
    [null, undefined],
    [{}, undefined],
  ])("%j → %j", (index, text) => expect(invertedIndexToText(index)).toBe(text));
});

describe("every format at once", () => {
  const inputs = [
    "hf-page-b.txt",
    "papers.jsonl.gz",
    "papers.csv",
    "arxiv-feed.xml",
    "library.bib",
    "references.ris",
    "openalex-works.json",
    "openalex-works.jsonl",
  ].map((f) => join(FIXTURES, f));
  const where = (p: Paper) => p.sources.map((s) => `${s.file.split("/").at(-1)}:${s.line}`);

  it("gives one paper per distinct paper, remembering every source", async () => {
    const result = await readInputs(inputs, { year: 2025 });
    expect(result.formats).toEqual(["hf-daily", "jsonl", "csv", "arxiv", "bibtex", "ris", "openalex", "openalex"]);
    expect(result.entries).toBe(2 + 8 + 4 + 3 + 4 + 3 + 2 + 2);
    expect(result.noAbstract).toBe(1 + 1 + 2 + 1 + 1);
    expect(result.papers.map((p) => [p.id, where(p)])).toEqual([
      ["hf:fast-expressive-se-n-equivariant-networks-through-weight", ["hf-page-b.txt:13"]],
      // by arXiv id (jsonl, Atom, BibTeX eprint) and by title (the Daily Papers page)
      ["arxiv:2306.00978", ["hf-page-b.txt:21", "papers.jsonl.gz:1", "papers.jsonl.gz:9", "arxiv-feed.xml:10", "library.bib:3"]],
      ["arxiv:2401.00003", ["papers.jsonl.gz:5"]],
      ["title:historical-perceptrons-revisited", ["papers.jsonl.gz:6"]],
      // by DOI, although the titles differ in case
      ["doi:10.1000/rag.de.1", ["papers.jsonl.gz:8", "openalex-works.json:232"]],
      ["arxiv:2502.00001", ["papers.csv:2"]],
      ["arxiv:2502.00004", ["papers.csv:7"]],
      ["arxiv:2502.01234", ["arxiv-feed.xml:49"]],
      ["doi:10.1000/konvens.2024.12", ["library.bib:25"]],
      // by the arXiv DOI 10.48550/arXiv.2210.09461 in both
      ["arxiv:2210.09461", ["references.ris:1", "openalex-works.json:10"]],
      ["title:whisper-distillation-for-edge-devices-ca-marche", ["references.ris:14"]],
      ["openalex:W4393000002", ["openalex-works.jsonl:1"]],
    ]);
    const awq = result.papers[1]!;
    expect(awq).toMatchObject({ authors: expect.arrayContaining(["Ji Lin", "Song Han"]), date: "2023-06-01", categories: ["cs.CL", "cs.LG"] });
    // the more precise date of a later source wins: "2025-03" (jsonl) then "2025-03-02" (OpenAlex)
    expect(result.papers[4]!.date).toBe("2025-03-02");
  });

  it("with keepTitleOnly, a title-only BibTeX entry joins its paper by title", async () => {
    const result = await readInputs(inputs, { year: 2025, keepTitleOnly: true });
    const tome = result.papers.find((p) => p.id === "arxiv:2210.09461")!;
    expect(where(tome)).toEqual(["library.bib:17", "references.ris:1", "openalex-works.json:10"]);
    expect(tome.abstract).toMatch(/^We introduce Token Merging/);
    expect(result.papers.filter((p) => p.abstract === "").map((p) => p.title)).toEqual([
      "A Paper Without Its Abstract",
      "A Withdrawn Note on Sparse Attention",
      "Benchmarking Sparse Kernels",
      "An Editorial Without Abstract",
      "A Keynote Without Abstract",
    ]);
  });

  it("any format may be gzipped; a file given twice (or with its folder) is read once", async () => {
    const folder = mkdtempSync(join(tmp, "gz-"));
    writeFileSync(join(folder, "library.bib.gz"), gzipSync(Buffer.from(fixture("library.bib"))));
    const result = await readInputs([folder, join(folder, "library.bib.gz"), resolve(folder, "library.bib.gz")]);
    expect(result.files).toEqual([join(folder, "library.bib.gz")]);
    expect(result.formats).toEqual(["bibtex"]);
    expect(result.papers.map((p) => where(p))).toEqual([["library.bib.gz:3"], ["library.bib.gz:25"]]);
  });

  it("a folder of mixed formats is read in name order", async () => {
    const folder = mkdtempSync(join(tmp, "mixed-"));
    for (const name of ["library.bib", "references.ris", "arxiv-feed.xml"]) writeFileSync(join(folder, name), fixture(name));
    const result = await readInputs([folder]);
    expect(result.files.map((f) => f.split("/").at(-1))).toEqual(["arxiv-feed.xml", "library.bib", "references.ris"]);
    expect(result.formats).toEqual(["arxiv", "bibtex", "ris"]);
  });
});
