/**
 * Ingest: Daily Papers pages
 * ==========================
 *
 * Table-driven over excerpts of the bundled pages (`test/fixtures/ingest/README.md` says which),
 * plus the figures of the whole bundled corpus in `data/`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { detectFormat, mergePapers, normaliseTitle, parseHfDaily, readInputs, slugifyTitle } from "../src/ingest/index.ts";
import { textHash } from "../src/util/text-hash.ts";
import type { Paper } from "../src/types.ts";

const FIXTURES = "test/fixtures/ingest";
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

interface PageCase {
  name: string;
  file: string;
  year?: number;
  papers: Array<Partial<Paper> & { line: number }>;
  warnings?: Array<{ line: number; reason: RegExp }>;
}

const PAGE_CASES: PageCase[] = [
  {
    name: "site chrome is skipped; authors count and full dates are read",
    file: "hf-chrome-authors.txt",
    papers: [
      {
        line: 13,
        id: "hf:generalizing-to-unseen-domains-in-diabetic-retinopathy-with",
        title: "Generalizing to Unseen Domains in Diabetic Retinopathy with Disentangled Representations",
        authors: 9,
        date: "2024-06-10",
      },
      { line: 21, title: "Data-independent Module-aware Pruning for Hierarchical Vision Transformers", authors: 2, date: "2024-04-21" },
    ],
  },
  {
    name: "an organisation in place of the authors, doubled name kept once",
    file: "hf-organisation.txt",
    year: 2025,
    papers: [
      { line: 1, title: "MARLIN: Mixed-Precision Auto-Regressive Parallel Inference on Large Language Models", authors: undefined, date: undefined },
      { line: 5, organisation: "KaLM-Embedding", authors: undefined, date: "2025-06-25" },
      { line: 13, title: "Towards Exact Computation of Inductive Bias", authors: 5, date: "2024-06-22", organisation: undefined },
    ],
  },
  {
    name: "an entry without authors/date lines, then a yearless date with --year",
    file: "hf-missing-meta.txt",
    year: 2025,
    papers: [
      { line: 1, title: "A$^2$Search: Ambiguity-Aware Question Answering with Reinforcement Learning", date: undefined, authors: undefined },
      { line: 5, title: "Context Aware Grounded Teacher for Source Free Object Detection", authors: 5, date: "2025-04-21" },
    ],
  },
  {
    name: "a yearless date without a year is left out with a warning, never guessed",
    file: "hf-missing-meta.txt",
    papers: [{ line: 1 }, { line: 5, authors: 5, date: undefined }],
    warnings: [{ line: 11, reason: /"Apr 21" has no year/ }],
  },
  {
    name: "upvote counts after yearless and full dates are not part of the date",
    file: "hf-upvotes.txt",
    year: 2025,
    papers: [
      { line: 13, title: "Deconstructing Attention: Investigating Design Principles for Effective Language Modeling", authors: 3, date: "2025-10-13" },
      { line: 21, authors: 6, date: "2023-06-01" },
    ],
  },
];

describe("parseHfDaily", () => {
  it.each(PAGE_CASES)("$name ($file)", ({ file, year, papers, warnings = [] }) => {
    const result = parseHfDaily(fixture(file), file, { year, maxYear: 2026 });
    expect(result.skipped).toEqual([]);
    expect(result.entries).toBe(papers.length);
    expect(result.papers).toHaveLength(papers.length);
    papers.forEach(({ line, ...fields }, k) => {
      const paper = result.papers[k]!;
      expect(paper.sources).toEqual([{ file, line }]);
      for (const [key, value] of Object.entries(fields)) expect(paper[key as keyof Paper], key).toEqual(value);
      expect(paper.abstract.length).toBeGreaterThan(500);
      expect(paper.abstract).not.toMatch(/\n|authors|^·/);
    });
    expect(result.warnings.map((w) => ({ line: w.line, reason: w.reason }))).toEqual(
      warnings.map((w) => ({ line: w.line, reason: expect.stringMatching(w.reason) })),
    );
  });

  it.each([
    {
      name: "a title with no abstract before the next entry",
      text: "Lonely Title\n\nReal Title\n\n" + "An abstract sentence. ".repeat(20) + "\n\n  • 2 authors\n·\nMay 3, 2024\n",
      skipped: [{ line: 1, reason: /"Lonely Title" has no abstract/ }],
      titles: ["Real Title"],
    },
    {
      name: "a title at the end of the page",
      text: "Real Title\n\n" + "An abstract sentence. ".repeat(20) + "\n\nCut Off Title\n",
      skipped: [{ line: 5, reason: /has no abstract/ }],
      titles: ["Real Title"],
    },
    {
      name: "authors/date lines with no entry before them",
      text: "  • 2 authors\n·\nMay 3, 2024\n\nReal Title\n\nShort abstract.\n",
      skipped: [{ line: 1, reason: /no title and abstract before them/ }],
      titles: ["Real Title"],
    },
    {
      name: "a yearless date later than the page's own date is kept with a warning about the year",
      text: "Daily Papers\n\nMar 12\n\nReal Title\n\nShort abstract.\n\n  • 2 authors\n·\nMay 3\n",
      skipped: [],
      titles: ["Real Title"],
      warning: /"May 3" is later than the page's date "Mar 12"; check the year given for this page \(2025\)/,
    },
    {
      name: "a second abstract paragraph joins the first; Feb 30 is dropped with a warning",
      text: "Real Title\n\n" + "First paragraph. ".repeat(20) + "\n\n" + "Second paragraph. ".repeat(20) + "\n\n  • 1 author\n·\nFeb 30, 2024\n",
      skipped: [],
      titles: ["Real Title"],
      warning: /day 30 does not exist/,
    },
  ])("skips and reports: $name", ({ text, skipped, titles, warning }) => {
    const result = parseHfDaily(text, "page.txt", { maxYear: 2026, year: 2025 });
    expect(result.papers.map((p) => p.title)).toEqual(titles);
    expect(result.skipped).toEqual(skipped.map((s) => ({ file: "page.txt", line: s.line, reason: expect.stringMatching(s.reason) })));
    if (warning) expect(result.warnings[0]?.reason).toMatch(warning);
    if (titles.length && text.includes("Second paragraph")) {
      expect(result.papers[0]!.abstract.split("\n\n")).toHaveLength(2);
      expect(result.papers[0]!.authors).toBe(1);
    }
  });
});

describe("parseHfDaily round trip", () => {
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const word = fc.stringMatching(/^[A-Za-z][a-z0-9-]{0,9}$/);
  const entry = fc.record({
    title: fc.array(word, { minLength: 1, maxLength: 14 }).map((w) => w.join(" ")),
    abstract: fc.array(word, { minLength: 40, maxLength: 80 }).map((w) => `${w.join(" ")}.`),
    meta: fc.option(
      fc.record({
        who: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constantFrom("KaLM-Embedding", "Qwen", "Meta AI")),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        year: fc.option(fc.integer({ min: 2015, max: 2025 }), { nil: undefined }),
        upvotes: fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
      }),
      { nil: undefined },
    ),
  });

  it("reads back every entry of a page written in the Daily Papers layout", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), fc.boolean(), (entries, chrome) => {
        const lines: string[] = chrome ? ["new", "", "Get trending papers in your email inbox!", "", "Subscribe", "", "byAK and the research community", "", "Mar 12", ""] : [];
        const titleLines: number[] = [];
        for (const e of entries) {
          titleLines.push(lines.length + 1);
          lines.push(e.title, "", e.abstract, "");
          if (e.meta) {
            const m = e.meta;
            const date = `${MONTHS[m.month - 1]} ${m.day}${m.year ? `, ${m.year}` : ""}${m.upvotes ? ` ${m.upvotes}` : ""}`;
            lines.push(typeof m.who === "number" ? `  • ${m.who} authors` : `${m.who} ${m.who}`, "·", date, "");
          }
        }
        const result = parseHfDaily(lines.join("\n"), "p.txt", { year: 2025, maxYear: 2026 });
        expect(result.skipped).toEqual([]);
        expect(result.papers.map((p) => [p.title, p.abstract, p.sources[0]!.line])).toEqual(entries.map((e, k) => [e.title, e.abstract, titleLines[k]]));
        result.papers.forEach((p, k) => {
          const m = entries[k]!.meta;
          const pad = (n: number) => String(n).padStart(2, "0");
          expect(p.date).toBe(m ? `${m.year ?? 2025}-${pad(m.month)}-${pad(m.day)}` : undefined);
          expect(p.authors).toBe(typeof m?.who === "number" ? m.who : undefined);
          expect(p.organisation).toBe(typeof m?.who === "string" ? m.who : undefined);
        });
      }),
    );
  });
});

describe("merging repeated papers", () => {
  it("one paper per distinct title across two pages, with every source and the metadata of either page", () => {
    const a = parseHfDaily(fixture("hf-page-a.txt"), "a.txt");
    const b = parseHfDaily(fixture("hf-page-b.txt"), "b.txt");
    const merged = mergePapers([...a.papers, ...b.papers]);
    expect(merged.map((p) => p.title)).toEqual([
      "AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration",
      "Fast, Expressive SE$(n)$ Equivariant Networks through Weight-Sharing in Position-Orientation Space",
    ]);
    expect(merged[0]!.sources).toEqual([
      { file: "a.txt", line: 11 },
      { file: "b.txt", line: 21 },
    ]);
    // page a has no authors/date lines; page b has them
    expect(merged[0]).toMatchObject({ authors: 6, date: "2023-06-01" });
    expect(merged[1]!.sources).toEqual([
      { file: "a.txt", line: 15 },
      { file: "b.txt", line: 13 },
    ]);
    expect(merged[1]).toMatchObject({ authors: 5, date: "2023-10-04" });
    // the inputs are not changed
    expect(a.papers[0]!.sources).toHaveLength(1);
  });

  it.each([
    ["Fast, Expressive SE$(n)$ Equivariant Networks", "fast expressive se n equivariant networks"],
    ["  Über  Résumé--Parsing ", "uber resume parsing"],
    ["D3: Diversity, Difficulty, and Dependability-Aware", "d3 diversity difficulty and dependability aware"],
  ])("normaliseTitle(%j) = %j", (title, key) => expect(normaliseTitle(title)).toBe(key));

  it("slugs are cut at a word boundary and stable", () => {
    const title = "Mix Data or Merge Models? Balancing the Helpfulness, Honesty, and Harmlessness of Large Language Model via Model Merging";
    expect(slugifyTitle(title)).toBe("mix-data-or-merge-models-balancing-the-helpfulness-honesty");
    expect(slugifyTitle(title).length).toBeLessThanOrEqual(60);
  });

  it("different papers whose slugs collide keep distinct ids", () => {
    const long = "A Very Long Common Prefix For Two Different Papers About Sparse Attention Kernels";
    const one: Paper = { id: `hf:${slugifyTitle(long + " One")}`, title: `${long} One`, abstract: "x", sources: [{ file: "f", line: 1 }] };
    const two: Paper = { id: `hf:${slugifyTitle(long + " Two")}`, title: `${long} Two`, abstract: "y", sources: [{ file: "f", line: 5 }] };
    expect(one.id).toBe(two.id);
    const merged = mergePapers([one, two]);
    expect(merged).toHaveLength(2);
    expect(merged[1]!.id).toBe(`${one.id}-2`);
    // the renamed paper is a copy: the input keeps its id
    expect(two.id).toBe(one.id);
    expect(merged[1]).not.toBe(two);
  });

  it("a paper of one entry is that entry (what is known of it, its text hash, stays known); a paper of several is a copy", () => {
    const entry = (title: string, line: number): Paper => ({ id: `title:${slugifyTitle(title)}`, title, abstract: `about ${title}`, sources: [{ file: "f", line }] });
    const alone = entry("Token Merging", 1);
    const first = entry("LoRA", 2);
    const again = entry("LoRA", 3);
    const hash = textHash(alone);
    const merged = mergePapers([alone, first, again]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toBe(alone);
    expect(textHash(merged[0]!)).toBe(hash);
    expect(merged[1]).not.toBe(first);
    expect(merged[1]!.sources).toHaveLength(2);
    expect(first.sources).toHaveLength(1);
  });
});

describe("mergePapers properties", () => {
  // small alphabets so that titles, arXiv ids and DOIs collide often
  const paper = fc.record({
    title: fc.constantFrom("AWQ: Weight Quantization", "awq -- weight  quantization", "Token Merging", "LoRA", "Über LoRA", "uber lora"),
    arxiv: fc.option(fc.constantFrom("2306.00978", "2210.09461", "2106.09685v2"), { nil: undefined }),
    doi: fc.option(fc.constantFrom("10.1000/A", "10.1000/a", "10.1000/b"), { nil: undefined }),
    line: fc.nat(1000),
  });
  const toPaper = (p: { title: string; arxiv?: string; doi?: string; line: number }, k: number): Paper => ({
    id: p.arxiv ? `arxiv:${p.arxiv}` : `title:${slugifyTitle(p.title)}`,
    title: p.title,
    abstract: `abstract ${k}`,
    ...(p.doi ? { doi: p.doi } : {}),
    sources: [{ file: `f${k}`, line: p.line }],
  });

  it("keeps every source exactly once, gives unique ids, and merging again changes nothing", () => {
    fc.assert(
      fc.property(fc.array(paper, { maxLength: 30 }), (records) => {
        const input = records.map(toPaper);
        const before = structuredClone(input);
        const merged = mergePapers(input);
        expect(input).toEqual(before); // the input is not changed, not even a paper returned as it is
        for (const p of merged) if (input.includes(p)) expect(p.sources).toHaveLength(1);
        expect(merged.flatMap((p) => p.sources).sort((a, b) => a.file.localeCompare(b.file))).toEqual(
          input.flatMap((p) => p.sources).sort((a, b) => a.file.localeCompare(b.file)),
        );
        expect(new Set(merged.map((p) => p.id)).size).toBe(merged.length);
        expect(new Set(merged.map((p) => normaliseTitle(p.title))).size).toBe(merged.length);
        expect(mergePapers(merged)).toEqual(merged);
      }),
    );
  });
});

describe("the bundled corpus (data/)", () => {
  it("290 entries, 247 distinct papers, all dated with the manifest's year, detected as hf-daily", async () => {
    const progress: number[] = [];
    const result = await readInputs(["data"], { onProgress: (n) => progress.push(n) });
    expect(result.files).toHaveLength(5);
    expect(result.formats).toEqual(Array(5).fill("hf-daily"));
    expect(result.entries).toBe(290);
    // 248 distinct exact titles; "SE$(n)$" and "SE(n)" (same abstract) are one paper under the
    // normalised-title key, so 247 papers.
    const titles = result.files.flatMap((f) => parseHfDaily(readFileSync(f, "utf8"), f).papers.map((p) => p.title));
    expect(titles).toHaveLength(290);
    expect(new Set(titles).size).toBe(248);
    expect(new Set(titles.map(normaliseTitle)).size).toBe(247);
    expect(result.papers).toHaveLength(247);
    expect(result.papers.reduce((n, p) => n + p.sources.length, 0)).toBe(290);
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]); // data/manifest.json gives the year
    expect(new Set(result.papers.map((p) => p.id)).size).toBe(247);
    expect(progress.at(-1)).toBe(290);
    for (const paper of result.papers) {
      expect(paper.id).toMatch(/^hf:[a-z0-9-]+$/);
      expect(paper.title.length).toBeGreaterThan(0);
      expect(paper.abstract.length).toBeGreaterThan(300);
      if (paper.date) expect(paper.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // pages 001 and 002 carry no authors/date lines: their papers are dated only when another page has them
    const dated = result.papers.filter((p) => p.date).length;
    expect(dated).toBe(result.papers.filter((p) => p.authors !== undefined || p.organisation).length);
    const kalm = result.papers.find((p) => p.organisation);
    expect(kalm).toMatchObject({ organisation: "KaLM-Embedding", date: "2025-06-25" });
  });

  it("the same read twice gives the same papers (stable ids and order)", async () => {
    const [a, b] = await Promise.all([readInputs(["data"]), readInputs(["data/"])]);
    expect(b.papers).toEqual(a.papers);
  });

  it("--year wins over the manifest", async () => {
    const result = await readInputs(["data/000_9113a00110dc3bb6.txt"], { year: 2024 });
    const entry = result.papers.find((p) => p.title.startsWith("Context Aware Grounded Teacher"));
    expect(entry?.date).toBe("2024-04-21");
  });

  it("every page is detected as hf-daily", () => {
    for (const name of ["hf-chrome-authors.txt", "hf-organisation.txt", "hf-missing-meta.txt", "hf-page-a.txt"]) {
      expect(detectFormat(fixture(name), name)).toBe("hf-daily");
    }
  });
});

describe("manifest.json", () => {
  it("a per-file year overrides the folder year; a missing manifest means warnings", async () => {
    const result = await readInputs([join(FIXTURES, "manifest")]);
    expect(result.files.map((f) => f.split("/").at(-1))).toEqual(["p1.txt", "p2.txt"]);
    expect(result.papers.map((p) => p.date)).toEqual([undefined, "2024-04-21", "2023-10-13"]);
    expect(result.warnings).toEqual([]);

    const bare = await readInputs([join(FIXTURES, "hf-missing-meta.txt")]);
    expect(bare.papers[1]!.date).toBeUndefined();
    expect(bare.warnings).toEqual([
      { file: join(FIXTURES, "hf-missing-meta.txt"), line: 11, reason: expect.stringMatching(/no year.*--year/) },
    ]);
  });
});
