import { cp, mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { exportFiles, REUSED_FILES } from "../src/export/formats.ts";
import { toGexf, toGraphJson, writeFilesAtomic } from "../src/export/index.ts";
import { planReuse, recordWritten, staticSignature, type Written } from "../src/export/reuse.ts";
import { PAPER_OF } from "../src/graph/keys.ts";
import { decodeState, encodeState, runPipeline } from "../src/pipeline.ts";
import type { KnowledgeGraph, Paper, PaperNodeAttributes } from "../src/types.ts";
import { rememberTextHash, textHash } from "../src/util/text-hash.ts";
import { syntheticCorpus } from "./fixtures/graph/corpus.ts";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "papergraph-reuse-"));
  dirs.push(dir);
  return dir;
};

/** Writes graph.json and graph.gexf of `graph` to `dir`, reusing what `last` recorded there; returns what it recorded and copied. */
async function write(graph: KnowledgeGraph, dir: string, last?: { index: ReadonlyMap<string, number>; written: Written }, code = "code") {
  const plan = planReuse(graph, dir, REUSED_FILES, code, last);
  const offsets = Object.fromEntries(Object.entries(plan).map(([name, reuse]) => [name, reuse.offsets]));
  await writeFilesAtomic(dir, exportFiles(graph, {}, plan), offsets);
  const written = recordWritten(dir, plan, code);
  return { written, copied: REUSED_FILES.map((name) => plan[name]!.copied), state: decodeState(encodeState(graph, written))! };
}

const bytes = async (dir: string) => Promise.all(REUSED_FILES.map((name) => readFile(join(dir, name), "utf8")));
/** What the writers give with no reuse at all, in the order of `REUSED_FILES`. */
const fresh = (graph: KnowledgeGraph) => [toGraphJson(graph), toGexf(graph)];

/** The synthetic corpus, with `change` applied to its papers (and the extraction of added ones). */
function build(change: (papers: Paper[]) => Paper[] = (p) => p) {
  const { papers, extracted } = syntheticCorpus();
  const changed = change(papers);
  const more = changed.filter((p) => !extracted.some((e) => e.id === p.id)).map((p) => ({ id: p.id, title: p.title, concepts: [] }));
  return runPipeline(changed, [...extracted, ...more], { seed: 3 }).graph;
}

describe("reusing the last build's bytes", () => {
  it.each([
    { name: "nothing changed", change: (p: Paper[]) => p, changed: 0 },
    { name: "one abstract edited", change: (p: Paper[]) => p.map((x, i) => (i === 4 ? { ...x, abstract: `${x.abstract} Edited.` } : x)), changed: 1 },
    { name: "a paper added", change: (p: Paper[]) => [...p, { ...p[0]!, id: "new-one", title: "A new paper", sources: [{ file: "new.jsonl", line: 1 }] }], changed: 1 },
    { name: "a paper gone", change: (p: Paper[]) => p.slice(1), changed: 0 },
    { name: "a source line moved", change: (p: Paper[]) => p.map((x, i) => (i === 0 ? { ...x, sources: [{ file: "other.jsonl", line: 9 }] } : x)), changed: 1 },
  ])("$name: the files are byte for byte a fresh write, and every unchanged paper is copied", async ({ change, changed }) => {
    const first = await tempDir();
    const { state } = await write(build(), first);
    const next = build(change);
    const reused = await tempDir();
    await cp(first, reused, { recursive: true, preserveTimestamps: true });
    const { copied } = await write(next, reused, state.written);
    expect(await bytes(reused)).toEqual(fresh(next));
    const papers = next.getAttribute("papers");
    expect(copied).toEqual([papers - changed, papers - changed]);
  });

  it("copies nothing when the files are not the ones recorded, or other code wrote them", async () => {
    const first = await tempDir();
    const { state } = await write(build(), first);
    const cases: Array<[string, (dir: string) => Promise<void>, string?]> = [
      ["touched (another time)", async (dir) => utimes(join(dir, "graph.json"), new Date(), new Date(Date.now() + 10_000))],
      ["other code", async () => undefined, "other code"],
    ];
    for (const [why, damage, code] of cases) {
      const dir = await tempDir();
      await cp(first, dir, { recursive: true, preserveTimestamps: true });
      await damage(dir);
      const graph = build();
      const { copied } = await write(graph, dir, state.written, code);
      expect(await bytes(dir), why).toEqual(fresh(graph));
      expect(copied[REUSED_FILES.indexOf("graph.json")], why).toBe(0);
    }
  });

  it("stops copying from a file whose bytes are not the recorded records, even with its size and time kept", async () => {
    const first = await tempDir();
    const { state } = await write(build(), first);
    const file = join(first, "graph.json");
    const { mtime, atime } = await stat(file);
    const text = await readFile(file, "utf8");
    // every paper key shifted by one byte, same length: spans now start inside the wrong text
    await writeFile(file, text.replaceAll('{"key":"paper:', '{"key": "paper'));
    await utimes(file, atime, mtime);
    const graph = build();
    const { copied } = await write(graph, first, state.written);
    expect(await bytes(first)).toEqual(fresh(graph));
    expect(copied[REUSED_FILES.indexOf("graph.json")]).toBe(0);
  });

  it("signs only a paper's static part: its community, place, size and colour are not in it", () => {
    const graph = build();
    const paper = graph.findNode((_n, a) => a.kind === "paper")!;
    const signed = staticSignature(graph.getNodeAttributes(paper));
    // in place, as communities and layout set them
    graph.mergeNodeAttributes(paper, { community: 7, x: 1, y: 2, size: 3, color: "#000000", communityLabel: "other" });
    expect(staticSignature(graph.getNodeAttributes(paper))).toBe(signed);
    // a copy has no digest of its mentions: signed from the array, as any graph not made by buildGraph
    const a = { ...graph.getNodeAttributes(paper) };
    const moved = { ...a, community: a.community + 1, x: a.x + 1, size: a.size + 1, color: "#000000", communityLabel: "other" };
    expect(staticSignature(moved)).toBe(staticSignature(a));
    for (const edit of [{ title: `${a.kind === "paper" ? a.title : ""}!` }, { year: 1999 }, { mentions: [] }, { authors: ["Someone Else"] }])
      expect(staticSignature({ ...a, ...edit } as typeof a), JSON.stringify(edit)).not.toBe(staticSignature(a));
    // values a signature of numbers' bits and strings' units must still tell apart
    const base = { ...a, authors: 3, mentions: [["method:x", "abstract", 10, 13]] } as typeof a;
    for (const edit of [
      { mentions: [["method:x", "abstract", 10, 14]] },
      { mentions: [["method:x", "abstract", 11, 13]] },
      { mentions: [["method:x", "title", 10, 13]] },
      { mentions: [["method:x", "abstract", 10, 13], ["method:x", "abstract", 10, 13]] },
      { mentions: [["method:x", "abstract", 10], [13]] },
      { authors: "3" },
      { authors: ["3"] },
      { authors: 3.5 },
      { authors: -3 },
    ])
      expect(staticSignature({ ...base, ...edit } as typeof a), JSON.stringify(edit)).not.toBe(staticSignature(base));
    const concept = graph.findNode((_n, c) => c.kind === "concept")!;
    expect(staticSignature(graph.getNodeAttributes(concept))).toBe("");
  });

  it("signs a built paper's mentions by their digest, not by going through the array", () => {
    const papers = (graph: KnowledgeGraph) => graph.filterNodes((_n, a) => a.kind === "paper");
    const graph = build();
    const signatures = papers(graph).map((key) => staticSignature(graph.getNodeAttributes(key)));
    // the array is not what is signed: emptied in place (as nothing but buildGraph may), the signature stays
    const first = graph.getNodeAttributes(papers(graph)[0]!) as PaperNodeAttributes;
    const kept = first.mentions;
    first.mentions = [];
    expect(staticSignature(first)).toBe(signatures[0]);
    first.mentions = kept;
    // the same input signs the same; a mention moved by one character does not
    const again = build();
    expect(papers(again).map((key) => staticSignature(again.getNodeAttributes(key)))).toEqual(signatures);
    const mentionsOf = (k: string) => (graph.getNodeAttributes(k) as PaperNodeAttributes).mentions;
    const key = papers(graph).find((k) => mentionsOf(k).length > 0)!;
    const [concept, field, start, end] = mentionsOf(key)[0]!;
    const { papers: corpus, extracted } = syntheticCorpus();
    const id = key.slice("paper:".length);
    const shifted = extracted.map((e) =>
      e.id !== id ? e : { ...e, concepts: e.concepts.map((c) => (c.id !== concept ? c : { ...c, mentions: c.mentions.map((m) => (m.field === field && m.start === start && m.end === end ? { ...m, end: end + 1 } : m)) })) },
    );
    const edited = runPipeline(corpus, shifted, { seed: 3 }).graph;
    expect(staticSignature(edited.getNodeAttributes(key))).not.toBe(signatures[papers(graph).indexOf(key)]);
  });

  it("signs a built paper's title and abstract by its paper's text hash while they are that paper's", () => {
    const papers = (graph: KnowledgeGraph) => graph.filterNodes((_n, a) => a.kind === "paper");
    const graph = build();
    const key = papers(graph)[0]!;
    const attributes = graph.getNodeAttributes(key) as PaperNodeAttributes;
    const signed = staticSignature(attributes);
    const paper = (attributes as unknown as { [PAPER_OF]: Paper })[PAPER_OF];
    expect(paper.abstract).toBe(attributes.abstract);
    // the hash is what is signed: another hash recorded for the paper (as an ingest cache gives it) signs differently
    rememberTextHash(paper, "0".repeat(40));
    expect(staticSignature(attributes)).not.toBe(signed);
    rememberTextHash(paper, textHash({ title: paper.title, abstract: paper.abstract }));
    expect(staticSignature(attributes)).toBe(signed);
    // an abstract that is no longer the paper's is signed by its text: the paper's hash is not taken
    const abstract = attributes.abstract;
    attributes.abstract = `${abstract}!`;
    const edited = staticSignature(attributes);
    expect(edited).not.toBe(signed);
    rememberTextHash(paper, "0".repeat(40));
    expect(staticSignature(attributes)).toBe(edited);
    rememberTextHash(paper, textHash({ title: paper.title, abstract: paper.abstract }));
    attributes.abstract = abstract;
    expect(staticSignature(attributes)).toBe(signed);
  });

  it("keeps the record in the state file, and a state without it (version 1, or damaged) still places the map", async () => {
    const graph = build();
    const { written } = await write(graph, await tempDir());
    const state = decodeState(encodeState(graph, written));
    expect(state?.written?.written).toEqual(written);
    const v1 = encodeState(graph).replace('"version":2', '"version":1');
    expect(decodeState(v1)?.written).toBeUndefined();
    expect(decodeState(v1)?.positions.size).toBe(graph.order);
    const damaged = encodeState(graph, { ...written, signatures: written.signatures.slice(1) });
    expect(decodeState(damaged)?.written).toBeUndefined();
    expect(decodeState(damaged)?.positions.size).toBe(graph.order);
  });
});
