/**
 * Viewer concept edits (Node)
 * ===========================
 *
 * `viewer/src/logic/edits.ts`: each action's lexicon lines, the cell cleaner and the edits it
 * refuses, duplicate lines, one edit per concept, merges that follow their target's edit, the
 * localStorage round trip and hostile stored values, and the check that matters: every text
 * `lexiconText` writes parses with the build's own `parseUserLexicon` to the aliases and stops the
 * edits meant, for hostile names too (property). The page side is in `test/e2e/edits.test.ts`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseUserLexicon } from "../src/extract/lexicon.ts";
import { matchKey, slugify } from "../src/extract/normalize.ts";
import type { ConceptType } from "../src/types.ts";
import {
  checkEdit,
  cleanCell,
  describeEdit,
  isApplied,
  lexiconText,
  linesOf,
  loadEdits,
  parseStoredEdits,
  saveEdits,
  serializeEdits,
  STORAGE_KEY,
  withEdit,
  type Edit,
  type KeyValueStore,
} from "../viewer/src/logic/edits.ts";
import { HOSTILE_TITLE } from "./fixtures/viewer/synthetic.ts";

const TYPES: ConceptType[] = ["method", "dataset", "model", "task", "metric"];
const concept = (key: string, label: string, aliases: string[] = [], type: ConceptType = "model") => ({ key, label, aliases, type });
const LLAMA2 = concept("model:llama2", "Llama2", ["Llama 2 chat", "Llama2"]);
const LLAMA_2 = concept("model:llama-2", "LLaMA-2");

/** `checkEdit` that must accept. */
function edit(raw: unknown): Edit {
  const e = checkEdit(raw);
  if (typeof e === "string") throw new Error(`refused: ${e}`);
  return e;
}
/** Adds edits one by one as the page does; throws on a refusal. */
function list(...raws: unknown[]): Edit[] {
  let edits: Edit[] = [];
  for (const raw of raws) {
    const next = withEdit(edits, edit(raw));
    if (typeof next === "string") throw new Error(`refused: ${next}`);
    edits = next;
  }
  return edits;
}
/** The data lines of a lexicon text (no header comments). */
const body = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#"));
const parsed = (edits: readonly Edit[]) => parseUserLexicon(lexiconText(edits), "lexicon.tsv");

describe("linesOf and describeEdit", () => {
  it.each<[string, unknown, string[], string]>([
    [
      "merge: every surface of the merged concept → the target's label and type",
      { kind: "merge", concept: LLAMA2, into: { key: LLAMA_2.key, label: "LLaMA-2", type: "model" } },
      ["Llama2\tLLaMA-2\tmodel", "Llama 2 chat\tLLaMA-2\tmodel"], // the alias equal to the label written once
      "Merge ‘Llama2’ into ‘LLaMA-2’",
    ],
    [
      "merge takes the target's type, not the merged one's",
      { kind: "merge", concept: concept("method:seg-anything", "Segment Anything", [], "method"), into: { key: "model:sam", label: "SAM", type: "model" } },
      ["Segment Anything\tSAM\tmodel"],
      "Merge ‘Segment Anything’ into ‘SAM’",
    ],
    [
      "rename: label and aliases → the new name, chosen type",
      { kind: "rename", concept: concept("method:lora", "LoRA", ["Low-Rank Adaptation"], "method"), name: "Low-rank adaptation", type: "method" },
      ["LoRA\tLow-rank adaptation\tmethod", "Low-Rank Adaptation\tLow-rank adaptation\tmethod"],
      "Rename ‘LoRA’ to ‘Low-rank adaptation’",
    ],
    [
      "rename and retype",
      { kind: "rename", concept: concept("method:glue", "Glue", [], "method"), name: "GLUE", type: "dataset" },
      ["Glue\tGLUE\tdataset"],
      "Rename ‘Glue’ to ‘GLUE’ (method → dataset)",
    ],
    [
      "retype only",
      { kind: "rename", concept: concept("method:imagenet", "ImageNet", ["ILSVRC"], "method"), name: "ImageNet", type: "dataset" },
      ["ImageNet\tImageNet\tdataset", "ILSVRC\tImageNet\tdataset"],
      "Retype ‘ImageNet’: method → dataset",
    ],
    [
      "not a concept: a stop line per surface",
      { kind: "stop", concept: concept("method:novel-framework", "novel framework", ["Novel Framework"], "method") },
      ["!stop\tnovel framework", "!stop\tNovel Framework"],
      "‘novel framework’ is not a concept",
    ],
    [
      "a stop phrase may start with # or be !stop: it is the line's second cell",
      { kind: "stop", concept: concept("task:hashtag", "#hashtag", ["!stop"], "task") },
      ["!stop\t#hashtag", "!stop\t!stop"],
      "‘#hashtag’ is not a concept",
    ],
    [
      "a target's name may start with # or be !stop: it is the line's second cell",
      { kind: "merge", concept: concept("model:x", "X-1"), into: { key: "model:one", label: "#1 model", type: "model" } },
      ["X-1\t#1 model\tmodel"],
      "Merge ‘X-1’ into ‘#1 model’",
    ],
    [
      "cells are cleaned before they are written",
      { kind: "merge", concept: concept("model:x", " Llama\t2\r\n", ["a\u0000b", "x\u2028y"]), into: { key: "model:y", label: "LLaMA \n 2", type: "model" } },
      ["Llama 2\tLLaMA 2\tmodel", "a b\tLLaMA 2\tmodel", "x y\tLLaMA 2\tmodel"],
      "Merge ‘Llama 2’ into ‘LLaMA 2’",
    ],
  ])("%s", (_name, raw, lines, sentence) => {
    const e = edit(raw);
    expect(linesOf(e)).toEqual(lines);
    expect(describeEdit(e)).toBe(sentence);
    expect(body(lexiconText([e]))).toEqual(lines);
  });
});

describe("isApplied: whether the graph on screen was built with an edit", () => {
  const graph = (nodes: Record<string, { label: string; type: string }>) => (key: string) => nodes[key];
  const FOONET = concept("model:foonet", "FooNet");
  const BARNET = { key: "model:barnet", label: "BarNet", type: "model" as const };
  const cases: Array<{ name: string; raw: unknown; nodes: Record<string, { label: string; type: string }>; applied: boolean }> = [
    { name: "a merge whose concept is gone", raw: { kind: "merge", concept: FOONET, into: BARNET }, nodes: { "model:barnet": BARNET }, applied: true },
    { name: "a merge whose concept is still there", raw: { kind: "merge", concept: FOONET, into: BARNET }, nodes: { "model:foonet": FOONET, "model:barnet": BARNET }, applied: false },
    { name: "a stop whose concept is gone", raw: { kind: "stop", concept: LLAMA_2 }, nodes: {}, applied: true },
    { name: "a stop whose concept is still there", raw: { kind: "stop", concept: LLAMA_2 }, nodes: { "model:llama-2": LLAMA_2 }, applied: false },
    { name: "a rename under another id", raw: { kind: "rename", concept: FOONET, name: "Foo Net v2", type: "model" }, nodes: { "model:foo-net-v2": { label: "Foo Net v2", type: "model" } }, applied: true },
    { name: "a rename under the same id, with the new name", raw: { kind: "rename", concept: LLAMA2, name: "LLAMA2", type: "model" }, nodes: { "model:llama2": { label: "LLAMA2", type: "model" } }, applied: true },
    { name: "a rename under the same id, still the old name", raw: { kind: "rename", concept: LLAMA2, name: "LLAMA2", type: "model" }, nodes: { "model:llama2": { label: "Llama2", type: "model" } }, applied: false },
    { name: "a retype not yet built (same id, old type)", raw: { kind: "rename", concept: LLAMA2, name: "Llama2", type: "method" }, nodes: { "model:llama2": { label: "Llama2", type: "model" } }, applied: false },
  ];
  for (const c of cases) it(c.name, () => expect(isApplied(edit(c.raw), graph(c.nodes))).toBe(c.applied));
});

describe("cleanCell", () => {
  it.each([
    ["LLaMA-2", "LLaMA-2"],
    ["  padded  ", "padded"],
    ["tab\tinside", "tab inside"],
    ["line\nbreak", "line break"],
    ["crlf\r\nend\r\n", "crlf end"],
    ["nul\u0000and\u001fus\u007fdel\u0085nel", "nul and us del nel"],
    ["many   \t \n spaces", "many spaces"],
    ["line\u2028separator\u00a0nbsp\ufeffbom", "line separator nbsp bom"],
    ["lone \ud800 surrogate", "lone \ufffd surrogate"],
    ["pair 𝔘 kept", "pair 𝔘 kept"],
    ["Crêpe · ViT-B/16", "Crêpe · ViT-B/16"],
    ["\t\r\n ", ""],
  ])("%j → %j", (raw, clean) => {
    expect(cleanCell(raw)).toBe(clean);
  });
});

describe("checkEdit refuses what would not parse back", () => {
  const into = { key: "model:t", label: "Target", type: "model" };
  it.each<[string, unknown, RegExp]>([
    ["an empty name", { kind: "stop", concept: concept("m:x", " \t ") }, /the concept's name is empty/],
    ["an empty alias", { kind: "merge", concept: concept("m:x", "X", ["\n"]), into }, /an alias is empty/],
    ["an alias starting with #", { kind: "merge", concept: concept("m:x", "X", ["#1 model"]), into }, /an alias ‘#1 model’ starts with #, which begins a comment/],
    ["a label starting with # (after cleaning)", { kind: "rename", concept: concept("m:x", "\t#x"), name: "Y", type: "model" }, /the concept's name ‘#x’ starts with #/],
    ["an alias that is !stop", { kind: "merge", concept: concept("m:x", "X", [" !stop\t"]), into }, /an alias cannot be ‘!stop’, which begins a stop line/],
    ["a new name starting with #", { kind: "rename", concept: concept("m:x", "X"), name: "#1", type: "model" }, /the new name ‘#1’ starts with #/],
    ["a new name that is !stop", { kind: "rename", concept: concept("m:x", "X"), name: "!stop", type: "model" }, /the new name cannot be ‘!stop’/],
    ["an empty new name", { kind: "rename", concept: concept("m:x", "X"), name: "\r\n", type: "model" }, /the new name is empty/],
    ["a rename that changes nothing", { kind: "rename", concept: concept("m:x", "X"), name: " X ", type: "model" }, /unchanged/],
    ["an unknown type", { kind: "rename", concept: concept("m:x", "X"), name: "Y", type: "paper" }, /type must be one of/],
    ["a merge into itself", { kind: "merge", concept: concept("m:x", "X"), into: { ...into, key: "m:x" } }, /into itself/],
    ["a merge without a target", { kind: "merge", concept: concept("m:x", "X") }, /pick the concept/],
    ["a target with an empty name", { kind: "merge", concept: concept("m:x", "X"), into: { ...into, label: "\u0000" } }, /target's name is empty/],
    ["an unknown kind", { kind: "delete", concept: concept("m:x", "X") }, /not an edit/],
    ["a concept without a key", { kind: "stop", concept: { label: "X", type: "model" } }, /not a concept/],
    ["aliases that are not names", { kind: "stop", concept: { key: "m:x", label: "X", type: "model", aliases: [1] } }, /aliases/],
  ])("%s", (_name, raw, why) => {
    expect(checkEdit(raw)).toMatch(why);
  });
});

describe("lists of edits", () => {
  const stop = (c: ReturnType<typeof concept>) => ({ kind: "stop", concept: c });
  const merge = (c: ReturnType<typeof concept>, t: ReturnType<typeof concept>) => ({ kind: "merge", concept: c, into: { key: t.key, label: t.label, type: t.type } });
  const A = concept("model:a", "A-net");
  const B = concept("model:b", "B-net", ["Bnet"]);
  const C = concept("model:c", "C-net");

  it("writes a line that two edits share once, in first order", () => {
    const edits = list(merge(concept("model:a1", "Foo", ["Foo-1"]), B), merge(concept("model:a2", "Foo-1", ["Foo-2"]), B));
    expect(body(lexiconText(edits))).toEqual(["Foo\tB-net\tmodel", "Foo-1\tB-net\tmodel", "Foo-2\tB-net\tmodel"]);
  });

  it("replaces an earlier edit of the same concept, in its place", () => {
    const edits = list(stop(A), stop(C), merge(A, B));
    expect(edits.map(describeEdit)).toEqual(["Merge ‘A-net’ into ‘B-net’", "‘C-net’ is not a concept"]);
    expect(body(lexiconText(edits))).toEqual(["A-net\tB-net\tmodel", "!stop\tC-net"]);
  });

  it("points a merge at the end of its target's own edits", () => {
    expect(body(lexiconText(list(merge(A, B), merge(B, C))))).toEqual(["A-net\tC-net\tmodel", "B-net\tC-net\tmodel", "Bnet\tC-net\tmodel"]);
    const renamed = list(merge(A, B), { kind: "rename", concept: B, name: "Bee", type: "task" });
    expect(body(lexiconText(renamed))).toEqual(["A-net\tBee\ttask", "B-net\tBee\ttask", "Bnet\tBee\ttask"]);
    // a stopped target stays the target: the build stops the merged names with it
    expect(body(lexiconText(list(merge(A, B), stop(B))))).toEqual(["A-net\tB-net\tmodel", "!stop\tB-net", "!stop\tBnet"]);
  });

  it("refuses a merge that closes a loop, and stays total on a list built otherwise", () => {
    expect(withEdit(list(merge(A, B), merge(B, C)), edit(merge(C, A)))).toMatch(/‘B-net’ is already merged into ‘C-net’/);
    const loop = [edit(merge(A, B)), edit(merge(B, A))];
    expect(() => parseUserLexicon(lexiconText(loop), "loop.tsv")).not.toThrow();
  });

  it("says in the header where to save the file and how to rebuild", () => {
    const header = lexiconText([]).split("\n").filter((l) => l.startsWith("#")).join(" ");
    expect(header).toMatch(/data\/lexicon\.tsv/);
    expect(header).toMatch(/--lexicon FILE/);
    expect(header).toMatch(/rebuild/);
    expect(parseUserLexicon(lexiconText([]), "empty.tsv")).toEqual({ aliases: [], stops: [] });
  });
});

describe("storage", () => {
  const memory = (): KeyValueStore & { map: Map<string, string> } => {
    const map = new Map<string, string>();
    return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
  };
  const sample = () =>
    list(
      { kind: "merge", concept: LLAMA2, into: { key: LLAMA_2.key, label: "LLaMA-2", type: "model" } },
      { kind: "stop", concept: concept("method:x", HOSTILE_TITLE, ["<i>x</i>"], "method") },
      { kind: "rename", concept: concept("task:qa", "QA", [], "task"), name: "question answering", type: "task" },
    );

  it("round trips under its namespaced key", () => {
    const store = memory();
    expect(saveEdits(store, sample())).toBe(true);
    expect([...store.map.keys()]).toEqual([STORAGE_KEY]);
    expect(STORAGE_KEY).toBe("papergraph:edits");
    expect(loadEdits(store)).toEqual(sample());
  });

  it("gives none, and never throws, without storage or when it throws", () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(loadEdits(undefined)).toEqual([]);
    expect(loadEdits(broken)).toEqual([]);
    expect(saveEdits(undefined, sample())).toBe(false);
    expect(saveEdits(broken, sample())).toBe(false);
  });

  const good = JSON.parse(serializeEdits(sample())) as { version: number; edits: unknown[] };
  it.each<[string, string | null, number]>([
    ["absent", null, 0],
    ["empty", "", 0],
    ["not JSON", "{edits:", 0],
    ["JSON null", "null", 0],
    ["an array", "[]", 0],
    ["another version", JSON.stringify({ ...good, version: 2 }), 0],
    ["edits not a list", JSON.stringify({ version: 1, edits: { 0: good.edits[0] } }), 0],
    ["junk entries dropped, good ones kept", JSON.stringify({ version: 1, edits: [null, 7, "x", [], {}, ...good.edits, { kind: "stop" }] }), 3],
    ["an entry with a bad type dropped", JSON.stringify({ version: 1, edits: [{ ...(good.edits[2] as object), type: "paper" }] }), 0],
    ["an entry that would not parse dropped", JSON.stringify({ version: 1, edits: [{ kind: "stop", concept: { key: "k", label: "\t", type: "model" } }] }), 0],
    ["__proto__ keys are plain data", `{"version":1,"edits":[{"__proto__":{"kind":"stop"},"kind":"stop","concept":{"key":"k","label":"X","type":"model","__proto__":{"aliases":["#"]}}}]}`, 1],
    ["a later entry for the same concept replaces the earlier", JSON.stringify({ version: 1, edits: [good.edits[0], { kind: "stop", concept: LLAMA2 }] }), 1],
    ["a loop is cut where it closes", JSON.stringify({ version: 1, edits: [{ kind: "merge", concept: LLAMA2, into: { ...LLAMA_2 } }, { kind: "merge", concept: LLAMA_2, into: { ...LLAMA2 } }] }), 1],
  ])("%s", (_name, stored, n) => {
    const edits = parseStoredEdits(stored);
    expect(edits).toHaveLength(n);
    expect(() => parseUserLexicon(lexiconText(edits), "stored.tsv")).not.toThrow();
  });

  it("cleans what it reads back, as if it had been made in the page", () => {
    const stored = JSON.stringify({ version: 1, edits: [{ kind: "stop", concept: { key: "k", label: "a\tb\nc", type: "model", aliases: [" d "] } }] });
    expect(linesOf(parseStoredEdits(stored)[0]!)).toEqual(["!stop\ta b c", "!stop\td"]);
  });
});

describe("lexiconText parses with the build's parseUserLexicon", () => {
  it("to the aliases and stops the edits meant", () => {
    const edits = list(
      { kind: "merge", concept: LLAMA2, into: { key: LLAMA_2.key, label: "LLaMA-2", type: "model" } },
      { kind: "rename", concept: concept("method:glue", "Glue", ["GLUE bench"], "method"), name: "GLUE", type: "dataset" },
      { kind: "stop", concept: concept("method:novel-framework", "novel framework", ["#novel"], "method") },
    );
    expect(parsed(edits)).toEqual({
      aliases: [
        { alias: "Llama2", canonical: "LLaMA-2", type: "model" },
        { alias: "Llama 2 chat", canonical: "LLaMA-2", type: "model" },
        { alias: "Glue", canonical: "GLUE", type: "dataset" },
        { alias: "GLUE bench", canonical: "GLUE", type: "dataset" },
      ],
      stops: ["novel framework", "#novel"],
    });
  });

  // Names built from pieces that break TSV lines or change what a line means.
  const piece = fc.oneof(
    fc.string({ unit: "binary", maxLength: 6 }),
    fc.string({ unit: "grapheme", maxLength: 4 }),
    fc.constantFrom("\t", "\n", "\r", "\r\n", " ", "#", "# ", "!stop", "!STOP", "\u0000", "\u0085", "\u2028", "\u00a0", "\ufeff", "\ud800", "\udfff", "é", "𝔘", HOSTILE_TITLE),
  );
  // mostly a plain name with hostile pieces around it, so that most edits are accepted
  const hostile = fc
    .tuple(fc.array(piece, { maxLength: 2 }), fc.constantFrom("", "LLaMA-2", "ResNet 50", "Crêpe", "x"), fc.array(piece, { maxLength: 2 }))
    .map(([before, name, after]) => [...before, name, ...after].join(""));
  const type = fc.constantFrom(...TYPES);
  // Edited concepts share a few keys (so edits replace each other); merge targets are others, so
  // no merge follows another here (that is tested above).
  const raw = fc.record({
    kind: fc.constantFrom("merge", "rename", "stop"),
    key: fc.integer({ min: 0, max: 3 }),
    label: hostile,
    aliases: fc.array(hostile, { maxLength: 3 }),
    type,
    target: fc.record({ key: fc.integer({ min: 0, max: 3 }), label: hostile, type }),
    name: hostile,
    newType: type,
  });
  type Raw = typeof raw extends fc.Arbitrary<infer T> ? T : never;
  const toEdit = (r: Raw) => {
    const c = { key: `concept:${r.key}`, label: r.label, aliases: r.aliases, type: r.type };
    if (r.kind === "stop") return { kind: "stop", concept: c };
    if (r.kind === "rename") return { kind: "rename", concept: c, name: r.name, type: r.newType };
    return { kind: "merge", concept: c, into: { key: `target:${r.target.key}`, label: r.target.label, type: r.target.type } };
  };
  /** Whether a raw edit must be refused, said from the rules, not from the code. */
  const mustRefuse = (r: Raw) => {
    const surfaces = [r.label, ...r.aliases].map(cleanCell);
    if (surfaces.some((s) => !s)) return true;
    if (r.kind !== "stop" && surfaces.some((s) => s.startsWith("#") || s === "!stop")) return true;
    const name = cleanCell(r.name);
    if (r.kind === "rename") return !name || name.startsWith("#") || name === "!stop" || (name === surfaces[0] && r.newType === r.type);
    if (r.kind === "merge") return !cleanCell(r.target.label);
    return false;
  };

  it("for hostile names: refused exactly when a rule says so, else parsed to what was meant (property)", () => {
    fc.assert(
      fc.property(fc.array(raw, { maxLength: 6 }), (raws) => {
        let edits: Edit[] = [];
        // the last accepted edit of each concept, at its first place (Map keeps insertion order)
        const meant = new Map<string, Raw>();
        for (const r of raws) {
          const e = checkEdit(toEdit(r));
          expect(typeof e === "string").toBe(mustRefuse(r));
          if (typeof e === "string") continue;
          const next = withEdit(edits, e);
          if (typeof next === "string") throw new Error(next);
          edits = next;
          meant.set(e.concept.key, r);
        }
        const lex = parseUserLexicon(lexiconText(edits), "lexicon.tsv");
        const aliasLines: string[] = [];
        const stopLines: string[] = [];
        for (const r of meant.values()) {
          for (const s of [r.label, ...r.aliases]) {
            // what the alias names is unchanged by cleaning: the build matches by key
            expect(matchKey(cleanCell(s))).toBe(matchKey(s));
            if (r.kind === "stop") stopLines.push(cleanCell(s));
            else {
              const [canonical, t] = r.kind === "merge" ? [r.target.label, r.target.type] : [r.name, r.newType];
              // and so is the id the canonical name gives the concept
              expect(slugify(cleanCell(canonical))).toBe(slugify(canonical));
              aliasLines.push(`${cleanCell(s)}\t${cleanCell(canonical)}\t${t}`);
            }
          }
        }
        expect(lex.aliases.map((a) => `${a.alias}\t${a.canonical}\t${a.type}`)).toEqual([...new Set(aliasLines)]);
        expect(lex.stops).toEqual([...new Set(stopLines)]);
      }),
      { numRuns: 400 },
    );
  });

  it("cleans any text into one cell: no control characters, single spaces, trimmed, idempotent (property)", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const c = cleanCell(s);
        expect(c).not.toMatch(/\p{Cc}|\p{Cs}/u);
        expect(c).not.toMatch(/\s\s|^\s|\s$/);
        expect(c.split("\t")).toHaveLength(1);
        expect(cleanCell(c)).toBe(c);
      }),
      { numRuns: 500 },
    );
  });
});
