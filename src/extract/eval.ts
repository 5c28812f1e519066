/**
 * Evaluation against gold spans
 * =============================
 *
 * `papergraph eval --gold FILE` scores `extractConcepts` on gold JSON Lines
 * (`{id, title, text, entities: [{start, end, text, type}]}`, offsets into `text`, the abstract).
 * Only abstract mentions are scored (gold offsets are into the abstract).
 *
 * Matching, precisely:
 * - Types are compared in the gold's scheme: our `method` and `model` are `Method`, `dataset` is
 *   `Material`, `task` is `Task`, `metric` is `Metric` (gold type names are matched case-insensitively;
 *   `Dataset` is read as `Material`, `Model` as `Method`).
 * - A predicted mention and a gold span **match exactly** when start and end are equal, and
 *   **overlap** when they share at least one character.
 * - **Typed** scores also need equal (mapped) types; **untyped** scores ignore types.
 * - Matching is one-to-one, per abstract: each gold span and each prediction is used at most once.
 *   Pairs are taken greedily: equal spans first, then by largest shared length, ties by position.
 *   TP = matched pairs; P = TP / predictions; R = TP / gold spans; F1 = 2PR / (P + R).
 * - Per-type figures use the typed matching restricted to that type (predictions of that type
 *   against gold spans of that type). "Method+Material" restricts both sides to those two types
 *   (the "methods+models and datasets together").
 * - Duplicate gold spans (same start, end and type) count once.
 */
import { InputError } from "../errors.ts";
import type { ConceptType } from "../types.ts";
import { extractConcepts, type ExtractOptions } from "./concepts.ts";

/** One gold abstract. */
export interface GoldRecord {
  id: string;
  title: string;
  text: string;
  entities: Array<{ start: number; end: number; text: string; type: string }>;
}

/** Precision, recall, F1 and the counts they come from. */
export interface Score {
  tp: number;
  predicted: number;
  gold: number;
  precision: number;
  recall: number;
  f1: number;
}

export type GoldType = "Method" | "Material" | "Task" | "Metric";
export const GOLD_TYPES: readonly GoldType[] = ["Method", "Material", "Task", "Metric"];

/** A miss or a false alarm, for `--errors`. */
export interface EvalError {
  id: string;
  kind: "miss" | "false-alarm" | "wrong-type" | "boundary";
  text: string;
  type: string;
  start: number;
  end: number;
  /** The other side of a boundary / type error. */
  other?: string;
}

export interface EvalReport {
  documents: number;
  exact: { typed: Score; untyped: Score; perType: Record<GoldType, Score> };
  overlap: { typed: Score; untyped: Score; perType: Record<GoldType, Score> };
  /** Overlap and exact scores over Method + Material only (the first target). */
  methodMaterial: { exact: Score; overlap: Score };
  errors: EvalError[];
  ms: number;
}

const TYPE_MAP: Record<ConceptType, GoldType> = { method: "Method", model: "Method", dataset: "Material", task: "Task", metric: "Metric" };

/** Gold type name → our scheme ("material", "Dataset" → Material). */
function goldType(t: string): GoldType | undefined {
  const l = t.toLowerCase();
  if (l === "method" || l === "model" || l === "generic") return l === "generic" ? undefined : "Method";
  if (l === "material" || l === "dataset") return "Material";
  if (l === "task") return "Task";
  if (l === "metric" || l === "otherscientificterm") return l === "metric" ? "Metric" : undefined;
  return undefined;
}

/** Parses gold JSON Lines; InputError(file, line) on a line that is not a gold record. */
export function parseGold(text: string, file: string): GoldRecord[] {
  const out: GoldRecord[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new InputError(`not JSON (${(e as Error).message})`, file, i + 1);
    }
    const r = v as Partial<GoldRecord> | null;
    if (!r || typeof r !== "object" || typeof r.text !== "string" || !Array.isArray(r.entities))
      throw new InputError(`expected {"id", "title", "text", "entities": [...]}`, file, i + 1);
    const entities: GoldRecord["entities"] = [];
    for (const e of r.entities as unknown[]) {
      const x = e as Partial<GoldRecord["entities"][number]> | null;
      if (!x || typeof x.start !== "number" || typeof x.end !== "number" || typeof x.type !== "string" || x.start < 0 || x.end > r.text.length || x.start >= x.end)
        throw new InputError(`bad entity ${JSON.stringify(e)} (expected {start, end, text, type} inside the text)`, file, i + 1);
      entities.push({ start: x.start, end: x.end, text: typeof x.text === "string" ? x.text : r.text.slice(x.start, x.end), type: x.type });
    }
    out.push({ id: typeof r.id === "string" ? r.id : `line-${i + 1}`, title: typeof r.title === "string" ? r.title : "", text: r.text, entities });
  });
  return out;
}

interface Span {
  start: number;
  end: number;
  type: GoldType;
  text: string;
}

/** One-to-one greedy matching: exact pairs first, then by shared length. Returns matched index pairs. */
function match(gold: Span[], pred: Span[], typed: boolean, overlap: boolean): Array<[number, number]> {
  const pairs: Array<{ g: number; p: number; shared: number; exact: boolean }> = [];
  gold.forEach((g, gi) =>
    pred.forEach((p, pi) => {
      if (typed && g.type !== p.type) return;
      const exact = g.start === p.start && g.end === p.end;
      const shared = Math.min(g.end, p.end) - Math.max(g.start, p.start);
      if (exact || (overlap && shared > 0)) pairs.push({ g: gi, p: pi, shared, exact });
    }),
  );
  pairs.sort((a, b) => Number(b.exact) - Number(a.exact) || b.shared - a.shared || a.g - b.g || a.p - b.p);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  const out: Array<[number, number]> = [];
  for (const x of pairs) {
    if (usedG.has(x.g) || usedP.has(x.p)) continue;
    usedG.add(x.g);
    usedP.add(x.p);
    out.push([x.g, x.p]);
  }
  return out;
}

function score(tp: number, predicted: number, gold: number): Score {
  const precision = predicted ? tp / predicted : 0;
  const recall = gold ? tp / gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, predicted, gold, precision, recall, f1 };
}

class Tally {
  tp = 0;
  predicted = 0;
  gold = 0;
  add(tp: number, p: number, g: number) {
    this.tp += tp;
    this.predicted += p;
    this.gold += g;
  }
  score(): Score {
    return score(this.tp, this.predicted, this.gold);
  }
}

/** Scores extractConcepts on gold records (exact and overlap, typed and untyped, per type). */
export function evaluate(gold: GoldRecord[], options: ExtractOptions = {}): EvalReport {
  const t0 = performance.now();
  const mk = () => ({ typed: new Tally(), untyped: new Tally(), perType: Object.fromEntries(GOLD_TYPES.map((t) => [t, new Tally()])) as Record<GoldType, Tally> });
  const ex = mk();
  const ov = mk();
  const mmExact = new Tally();
  const mmOverlap = new Tally();
  const errors: EvalError[] = [];
  for (const rec of gold) {
    const seen = new Set<string>();
    const g: Span[] = [];
    for (const e of rec.entities) {
      const type = goldType(e.type);
      const k = `${e.start}:${e.end}:${type}`;
      if (!type || seen.has(k)) continue;
      seen.add(k);
      g.push({ start: e.start, end: e.end, type, text: rec.text.slice(e.start, e.end) });
    }
    const p: Span[] = [];
    for (const c of extractConcepts({ title: rec.title, abstract: rec.text }, options))
      for (const m of c.mentions) if (m.field === "abstract") p.push({ start: m.start, end: m.end, type: TYPE_MAP[c.type], text: m.text });

    for (const [mode, tallies] of [
      [false, ex],
      [true, ov],
    ] as const) {
      tallies.typed.add(match(g, p, true, mode).length, p.length, g.length);
      tallies.untyped.add(match(g, p, false, mode).length, p.length, g.length);
      for (const t of GOLD_TYPES) {
        const gt = g.filter((s) => s.type === t);
        const pt = p.filter((s) => s.type === t);
        tallies.perType[t].add(match(gt, pt, true, mode).length, pt.length, gt.length);
      }
      const gm = g.filter((s) => s.type === "Method" || s.type === "Material");
      const pm = p.filter((s) => s.type === "Method" || s.type === "Material");
      (mode ? mmOverlap : mmExact).add(match(gm, pm, true, mode).length, pm.length, gm.length);
    }

    // errors: typed exact matching decides; then explain each leftover by overlap
    const exactPairs = match(g, p, true, false);
    const gUsed = new Set(exactPairs.map(([a]) => a));
    const pUsed = new Set(exactPairs.map(([, b]) => b));
    const restG = g.map((s, i) => ({ s, i })).filter((x) => !gUsed.has(x.i));
    const restP = p.map((s, i) => ({ s, i })).filter((x) => !pUsed.has(x.i));
    const near = match(
      restG.map((x) => x.s),
      restP.map((x) => x.s),
      false,
      true,
    );
    const nearG = new Set<number>();
    const nearP = new Set<number>();
    for (const [a, b] of near) {
      const gs = restG[a]!.s;
      const ps = restP[b]!.s;
      nearG.add(a);
      nearP.add(b);
      const kind = gs.start === ps.start && gs.end === ps.end ? "wrong-type" : "boundary";
      errors.push({ id: rec.id, kind, text: ps.text, type: ps.type, start: ps.start, end: ps.end, other: `${gs.text} (${gs.type})` });
    }
    restG.forEach((x, a) => nearG.has(a) || errors.push({ id: rec.id, kind: "miss", text: x.s.text, type: x.s.type, start: x.s.start, end: x.s.end }));
    restP.forEach((x, b) => nearP.has(b) || errors.push({ id: rec.id, kind: "false-alarm", text: x.s.text, type: x.s.type, start: x.s.start, end: x.s.end }));
  }
  const fin = (x: ReturnType<typeof mk>) => ({
    typed: x.typed.score(),
    untyped: x.untyped.score(),
    perType: Object.fromEntries(GOLD_TYPES.map((t) => [t, x.perType[t].score()])) as Record<GoldType, Score>,
  });
  return {
    documents: gold.length,
    exact: fin(ex),
    overlap: fin(ov),
    methodMaterial: { exact: mmExact.score(), overlap: mmOverlap.score() },
    errors,
    ms: performance.now() - t0,
  };
}

const f = (x: number) => x.toFixed(3);

/** The text `papergraph eval` prints: a table per matching mode, the target figures, and with `errors` every miss and false alarm. */
export function formatEvalReport(report: EvalReport, options: { errors?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(`${report.documents} documents, ${report.exact.typed.gold} gold spans, ${report.exact.typed.predicted} predicted (${Math.round(report.ms)} ms)`);
  lines.push("");
  lines.push("| scope | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 | gold | predicted |");
  lines.push("|---|---|---|---|---|---|---|---|---|");
  const row = (name: string, e: Score, o: Score) =>
    lines.push(`| ${name} | ${f(e.precision)} | ${f(e.recall)} | ${f(e.f1)} | ${f(o.precision)} | ${f(o.recall)} | ${f(o.f1)} | ${e.gold} | ${e.predicted} |`);
  row("all (typed)", report.exact.typed, report.overlap.typed);
  row("all (untyped)", report.exact.untyped, report.overlap.untyped);
  for (const t of GOLD_TYPES) row(t, report.exact.perType[t], report.overlap.perType[t]);
  row("Method+Material", report.methodMaterial.exact, report.methodMaterial.overlap);
  lines.push("");
  lines.push("Targets (issue 3):");
  const target = (name: string, v: number, goal: number) => lines.push(`  ${v >= goal ? "ok  " : "miss"} ${name}: ${f(v)} (target ${goal.toFixed(2)})`);
  target("overlap F1, Method+Material", report.methodMaterial.overlap.f1, 0.65);
  target("overlap F1, Material", report.overlap.perType.Material.f1, 0.7);
  target("exact F1, typed, all types", report.exact.typed.f1, 0.45);
  if (options.errors) {
    lines.push("");
    lines.push("Errors (typed exact matching; boundary/wrong-type pairs found by overlap):");
    for (const e of report.errors) {
      const other = e.other ? `  ≈ gold ${e.other}` : "";
      lines.push(`${e.kind.padEnd(11)} ${e.type.padEnd(8)} ${JSON.stringify(e.text)}${other}  [${e.id} ${e.start}-${e.end}]`);
    }
  }
  return lines.join("\n") + "\n";
}
