/**
 * Lexicon edit tests
 * ==================
 *
 * An edit of the user lexicon re-parses only the papers that mention what it changes
 * (`changedKeys`, `mentionsAny`); every other paper keeps the last run's extraction. That is only
 * right if the papers it skips would extract the same under the new lexicon, so each case, and a
 * property over random edits made of the corpus's own words, checks the cached run against the
 * extractor run afresh with the new lexicon. Abstracts: the bundled Daily Papers pages.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { extractionOf } from "../src/extract/columns.ts";
import { extractPaper } from "../src/extract/concepts.ts";
import { changedKeys, mentionsAny, parseUserLexicon, type UserLexicon } from "../src/extract/lexicon.ts";
import { extractorFingerprint, runExtraction } from "../src/extract/run.ts";
import { SNAPSHOT_FILE } from "../src/extract/snapshot.ts";
import { CONCEPT_TYPES } from "../src/types.ts";
import { bundledPapers } from "./helpers/abstracts.ts";

const here = "[lexicon-edit] ";
const papers = bundledPapers(240);

const lexicon = (text: string): UserLexicon | undefined => (text ? parseUserLexicon(text, "lexicon.tsv") : undefined);

/** Runs extraction with a cache under `before`, then under `after`: the second run, and what the extractor gives under `after`. */
async function edit(before: string, after: string) {
  const cacheDir = mkdtempSync(join(tmpdir(), "pg-lexedit-"));
  const first = lexicon(before);
  await runExtraction(papers, { workers: 1, cacheDir, ...(first ? { lexicon: first } : {}) }).then((run) => run.keep());
  const next = lexicon(after);
  const run = await runExtraction(papers, { workers: 1, cacheDir, ...(next ? { lexicon: next } : {}) });
  run.keep();
  const got = papers.map((p, i) => extractionOf(run.columns, i, p));
  const want = papers.map((p) => extractPaper(p, next ? { lexicon: next } : {}));
  return { run, got, want };
}

describe(here + "changedKeys", () => {
  const cases: Array<{ name: string; before: string; after: string; has: string[]; not?: string[] }> = [
    { name: "an added alias: its key and its canonical name's", before: "", after: "Llama2-Chat\tZorpLM\tmodel", has: ["llama2chat", "zorplm"] },
    { name: "a canonical name the lexicon already knows so is no change for its key", before: "", after: "Llama2-Chat\tLLaMA-2\tmodel", has: ["llama2chat"], not: ["llama2"] },
    { name: "a removed alias", before: "FooNet\tBarNet\tmodel", after: "", has: ["foonet", "barnet"] },
    { name: "a changed type", before: "FooNet\tFooNet\tmodel", after: "FooNet\tFooNet\tmethod", has: ["foonet"] },
    { name: "a stop, and every name the lexicon gives its canonical name", before: "", after: "!stop\tconvolutional neural network", has: ["convolutionalneuralnetwork", "cnn", "convnet"] },
    { name: "a size stem: LAION-400M names the stem laion", before: "", after: "ZorpSet-400M\tZorpSet-400M\tdataset", has: ["zorpset400m", "zorpset"] },
    { name: "lines in another order change nothing", before: "A1B\tFoo Bar\tmethod\n!stop\tbaz qux", after: "!stop\tbaz qux\nA1B\tFoo Bar\tmethod", has: [], not: ["a1b", "foobar", "bazqux"] },
  ];
  for (const c of cases)
    it(c.name, () => {
      const keys = changedKeys(lexicon(c.before), lexicon(c.after))!;
      expect(keys).toBeDefined();
      for (const k of c.has) expect(keys).toContain(k);
      for (const k of c.not ?? []) expect(keys).not.toContain(k);
      if (!c.has.length) expect(keys).toEqual([]);
    });

  it("is undefined when the longest entry gets longer (every span is looked at further)", () => {
    expect(changedKeys(undefined, lexicon("one two three four five six seven eight nine ten eleven twelve thirteen\tLong\tmethod"))).toBeUndefined();
  });
});

describe(here + "mentionsAny", () => {
  const cases: Array<{ name: string; keys: string[]; title?: string; abstract: string; yes: boolean }> = [
    { name: "a spelling of the key", keys: ["llama2"], abstract: "We tune LLaMA-2 on it.", yes: true },
    { name: "another field", keys: ["llama2"], title: "On LLaMA 2", abstract: "Nothing here.", yes: true },
    { name: "no piece of the text", keys: ["llama2"], abstract: "We tune LLaMA-3 on it.", yes: false },
    { name: "a plural in -ies of a key in -y", keys: ["ontology"], abstract: "Two ontologies are aligned.", yes: true },
    { name: "words on either side of an address meet", keys: ["foobar"], abstract: "See Foo https://example.org/x Bar for more.", yes: true },
    { name: "final sigma", keys: ["σας"], abstract: "ΣΑΣ is a word.", yes: true },
    { name: "a plus in a key", keys: ["c++"], abstract: "Written in C++ for speed.", yes: true },
    { name: "no keys", keys: [], abstract: "Anything at all.", yes: false },
  ];
  for (const c of cases)
    it(c.name, () => {
      expect(mentionsAny(c.keys)({ title: c.title ?? "", abstract: c.abstract })).toBe(c.yes);
    });
});

describe(here + "a cached run after an edit", () => {
  const cases: Array<{ name: string; before: string; after: string; narrow: boolean }> = [
    { name: "an alias added", before: "", after: "Llama2-Chat\tLLaMA-2\tmodel\nSegment Anything\tSAM\tmodel", narrow: true },
    { name: "an alias removed", before: "Llama2-Chat\tLLaMA-2\tmodel\nSegment Anything\tSAM\tmodel", after: "Segment Anything\tSAM\tmodel", narrow: true },
    { name: "a type changed", before: "GPT-4\tGPT-4\tmodel", after: "GPT-4\tGPT-4\tmethod", narrow: true },
    { name: "a stop added", before: "", after: "!stop\tlarge language models\n!stop\tCNN", narrow: true },
    { name: "the lexicon emptied", before: "!stop\tnovel framework\nDiffusion Transformer\tDiT\tmodel", after: "", narrow: true },
    { name: "the longest entry longer", before: "", after: "a b c d e f g h i j k l m n\tLong Name\tmethod", narrow: false },
  ];
  for (const c of cases)
    it(`${c.name}: the papers it reaches are parsed again, and the run equals a fresh one`, async () => {
      const { run, got, want } = await edit(c.before, c.after);
      expect(got).toEqual(want);
      expect(run.parsed + run.cached).toBe(papers.length);
      if (c.narrow) {
        expect(run.lexiconEdit).toBeDefined();
        expect(run.parsed).toBe(run.lexiconEdit!.papers);
        expect(run.parsed).toBeLessThan(papers.length / 2);
      } else expect(run.parsed).toBe(papers.length);
    }, 60_000);

  it("a second run under the edited lexicon parses nothing", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "pg-lexedit-"));
    const [a, b] = [lexicon("FooNet\tBarNet\tmodel")!, lexicon("!stop\tdiffusion models")!];
    await runExtraction(papers, { workers: 1, cacheDir, lexicon: a }).then((r) => r.keep());
    await runExtraction(papers, { workers: 1, cacheDir, lexicon: b }).then((r) => r.keep());
    const third = await runExtraction(papers, { workers: 1, cacheDir, lexicon: b });
    expect(third).toMatchObject({ parsed: 0, cached: papers.length });
    expect(third.lexiconEdit).toBeUndefined();
  }, 60_000);

  it("parses every paper again when the last run's lexicon does not read back (a damaged salt), and still equals a fresh run", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "pg-lexedit-"));
    await runExtraction(papers, { workers: 1, cacheDir, lexicon: lexicon("FooNet\tBarNet\tmodel")! }).then((r) => r.keep());
    // the header's salt: the same extractor, a lexicon of the wrong shape
    const file = join(cacheDir, SNAPSHOT_FILE);
    const bytes = readFileSync(file);
    const start = 8 + 4;
    const end = start + bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.toString("utf8", start, end)) as { salt: string };
    header.salt = `${extractorFingerprint()}:{"aliases":5}`;
    let json = JSON.stringify(header);
    while ((start + Buffer.byteLength(json)) % 4) json += " ";
    const length = Buffer.alloc(4);
    length.writeUInt32LE(Buffer.byteLength(json));
    writeFileSync(file, Buffer.concat([bytes.subarray(0, 8), length, Buffer.from(json), bytes.subarray(end)]));
    const next = lexicon("!stop\tdiffusion models")!;
    const run = await runExtraction(papers, { workers: 1, cacheDir, lexicon: next });
    expect(run).toMatchObject({ parsed: papers.length, cached: 0 });
    expect(papers.map((p, i) => extractionOf(run.columns, i, p))).toEqual(papers.map((p) => extractPaper(p, { lexicon: next })));
  }, 60_000);

  it("holds for random edits made of the corpus's own words (property)", async () => {
    const words = [...new Set(papers.flatMap((p) => p.abstract.split(/\s+/)).filter((w) => /^[\p{L}\p{N}][\p{L}\p{N}-]*$/u.test(w)))];
    const name = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }).map((ws) => ws.join(" "));
    const line = fc.oneof(
      fc.tuple(name, name, fc.constantFrom(...CONCEPT_TYPES)).map(([alias, canonical, type]) => `${alias}\t${canonical}\t${type}`),
      name.map((phrase) => `!stop\t${phrase}`),
    );
    const text = fc.array(line, { maxLength: 4 }).map((lines) => lines.join("\n"));
    await fc.assert(
      fc.asyncProperty(text, text, async (before, after) => {
        const { run, got, want } = await edit(before, after);
        expect(got).toEqual(want);
        if (run.lexiconEdit) expect(run.parsed).toBe(run.lexiconEdit.papers);
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});
