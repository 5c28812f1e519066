/**
 * Eval tests
 * ==========
 *
 * The matching rules of eval.ts on hand-made spans (one-to-one, exact vs overlap, typed vs
 * untyped), gold parsing errors with file and line, and a frozen snapshot of the figures on
 * `test/fixtures/extract/mini-gold.jsonl` (synthetic) so an extraction regression fails here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { InputError } from "../src/errors.ts";
import { evaluate, formatEvalReport, parseGold, type GoldRecord } from "../src/extract/eval.ts";

const here = "[eval] ";
const round = (x: number) => Math.round(x * 1000) / 1000;

function gold(text: string, entities: Array<[string, string]>): GoldRecord {
  let from = 0;
  return {
    id: "g",
    title: "",
    text,
    entities: entities.map(([t, type]) => {
      const start = text.indexOf(t, from);
      from = start + t.length;
      return { start, end: start + t.length, text: t, type };
    }),
  };
}

describe(here + "matching", () => {
  // extractor output for this sentence: "ResNet-50"/model, "CIFAR-10"/dataset, "top-5 accuracy"/metric
  const text = "We fine-tune ResNet-50 on CIFAR-10 and report top-5 accuracy.";

  it("counts an exact typed match once, model as Method and dataset as Material", () => {
    const r = evaluate([gold(text, [["ResNet-50", "Method"], ["CIFAR-10", "Material"], ["top-5 accuracy", "Metric"]])]);
    expect(r.exact.typed).toMatchObject({ tp: 3, predicted: 3, gold: 3, f1: 1 });
    expect(r.methodMaterial.exact).toMatchObject({ tp: 2, predicted: 2, gold: 2 });
  });

  it("scores a boundary difference as overlap but not exact", () => {
    const r = evaluate([gold(text, [["ResNet-50 on CIFAR", "Method"]])]);
    expect(r.exact.untyped.tp).toBe(0);
    // one gold span overlaps two predictions: matched once, no double counting
    expect(r.overlap.untyped).toMatchObject({ tp: 1, gold: 1, predicted: 3 });
    expect(r.overlap.typed.tp).toBe(1); // ResNet-50 (Method) shares the most characters
  });

  it("needs equal types for typed scores only", () => {
    const r = evaluate([gold(text, [["CIFAR-10", "Task"]])]);
    expect(r.exact.untyped.tp).toBe(1);
    expect(r.exact.typed.tp).toBe(0);
    expect(r.errors.find((e) => e.kind === "wrong-type")).toMatchObject({ text: "CIFAR-10", type: "Material" });
  });

  it("counts duplicate gold spans once and lists misses and false alarms", () => {
    const g = gold(text, [["CIFAR-10", "Material"]]);
    g.entities.push({ ...g.entities[0]! }, { start: 0, end: 2, text: "We", type: "Task" });
    const r = evaluate([g]);
    expect(r.exact.typed.gold).toBe(2);
    expect(r.errors.filter((e) => e.kind === "miss").map((e) => e.text)).toEqual(["We"]);
    expect(r.errors.filter((e) => e.kind === "false-alarm").map((e) => e.text).sort()).toEqual(["ResNet-50", "top-5 accuracy"]);
    expect(formatEvalReport(r, { errors: true })).toContain('miss        Task     "We"');
  });
});

describe(here + "parseGold", () => {
  it.each([
    ['{"id":"a","text":"x","entities":[]}\nnot json\n', 2, /not JSON/],
    ['{"id":"a","entities":[]}\n', 1, /expected/],
    ['\n{"id":"a","text":"abc","entities":[{"start":2,"end":9,"type":"Task"}]}\n', 2, /bad entity/],
  ])("rejects %j at line %i", (text, line, message) => {
    let err: unknown;
    try {
      parseGold(text, "gold.jsonl");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line).toBe(line);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message.startsWith(`gold.jsonl:${line}: `)).toBe(true);
  });
});

describe(here + "frozen figures on mini-gold", () => {
  const file = new URL("./fixtures/extract/mini-gold.jsonl", import.meta.url);
  const report = evaluate(parseGold(readFileSync(file, "utf8"), "mini-gold.jsonl"));
  it("matches the snapshot", () => {
    const figures = {
      exactTyped: round(report.exact.typed.f1),
      overlapTyped: round(report.overlap.typed.f1),
      methodMaterialOverlap: round(report.methodMaterial.overlap.f1),
      perTypeExact: Object.fromEntries(Object.entries(report.exact.perType).map(([t, s]) => [t, [s.tp, s.predicted, s.gold]])),
    };
    expect(figures).toMatchInlineSnapshot(`
      {
        "exactTyped": 0.976,
        "methodMaterialOverlap": 0.967,
        "overlapTyped": 0.976,
        "perTypeExact": {
          "Material": [
            8,
            8,
            10,
          ],
          "Method": [
            21,
            21,
            21,
          ],
          "Metric": [
            6,
            6,
            6,
          ],
          "Task": [
            6,
            6,
            6,
          ],
        },
      }
    `);
  });
  it("prints the table and the targets", () => {
    const text = formatEvalReport(report);
    expect(text).toMatch(/^7 documents, 43 gold spans/);
    expect(text).toContain("| Method+Material |");
    expect(text).toContain("overlap F1, Material");
  });
});
