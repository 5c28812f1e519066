/**
 * Concept edits
 * =============
 *
 * The viewer's hand edits of concepts: merge one into another, rename or retype one, or say it is
 * not a concept. They are kept in localStorage and written as a user lexicon (the TSV that
 * `parseUserLexicon` in `src/extract/lexicon.ts` reads from `data/lexicon.tsv` or `--lexicon`),
 * so the next build applies them; concept ids come from the canonical name, so a merge stays
 * merged in every later build. The viewer does not apply an edit to the graph it draws: the build
 * does.
 *
 * Every cell is cleaned (`cleanCell`), and an edit that would still give a line the parser rejects
 * or reads otherwise (an empty cell, an alias that starts with `#` or is `!stop`) is refused with a
 * sentence saying why, so a downloaded file always parses; so is a new name that could not be an
 * alias, so the renamed concept can be edited again. Pure: tested in Node.
 */
import type { ConceptType } from "../../../src/types.ts";
import { ALL_TYPES } from "./filters.ts";

/** A concept as an edit remembers it: its lines are written for the surfaces it had then. */
export interface EditConcept {
  key: string;
  label: string;
  aliases: string[];
  type: ConceptType;
}

/** The concept a merge goes into. */
export interface MergeTarget {
  key: string;
  label: string;
  type: ConceptType;
}

/** One hand edit; `concept` is the concept it changes (one edit per concept). */
export type Edit =
  | { kind: "merge"; concept: EditConcept; into: MergeTarget }
  | { kind: "rename"; concept: EditConcept; name: string; type: ConceptType }
  | { kind: "stop"; concept: EditConcept };

/** The localStorage key of the pending edits. */
export const STORAGE_KEY = "papergraph:edits";
const STORAGE_VERSION = 1;

/** The part of the Web Storage API used here (a fake one in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isType = (v: unknown): v is ConceptType => (ALL_TYPES as readonly unknown[]).includes(v);

/**
 * A name as one TSV cell: control characters (tab, CR, LF, ...) become spaces, runs of white
 * space one space, ends trimmed, and a lone surrogate U+FFFD (the file is UTF-8, which has no
 * lone surrogates: the list shows what the file will say). The match key and id slug of the name
 * stay as they were, since both drop everything but letters and digits.
 * Example: `cleanCell(" Llama\t2\r\n ")` → `"Llama 2"`.
 */
export function cleanCell(text: string): string {
  return text
    .replace(/\p{Cc}/gu, " ")
    .replace(/\p{Cs}/gu, "\uFFFD")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Why a cleaned cell cannot be written, or undefined when it can. `first`: the cell starts a line
 * (an alias), or is a new name, which an edit of the renamed concept would put first.
 */
function cellProblem(cell: string, what: string, first: boolean): string | undefined {
  if (!cell) return `${what} is empty`;
  if (first && cell.startsWith("#")) return `${what} ‘${cell}’ starts with #, which begins a comment in the lexicon`;
  if (first && cell === "!stop") return `${what} cannot be ‘!stop’, which begins a stop line in the lexicon`;
  return undefined;
}

function toConcept(v: unknown): EditConcept | string {
  if (!isRecord(v) || typeof v["key"] !== "string" || !v["key"] || typeof v["label"] !== "string" || !isType(v["type"])) {
    return "not a concept (key, label and type expected)";
  }
  const aliases = v["aliases"] ?? [];
  if (!Array.isArray(aliases) || !aliases.every((a): a is string => typeof a === "string")) return "aliases are not a list of names";
  return { key: v["key"], label: cleanCell(v["label"]), aliases: aliases.map(cleanCell), type: v["type"] };
}

/**
 * Checks an edit (made in the page, or read back from storage) and cleans its cells: the edit, or
 * one sentence saying why it cannot be written. Example: a rename to `"  "` → `"the new name is empty"`.
 */
export function checkEdit(value: unknown): Edit | string {
  if (!isRecord(value)) return "not an edit";
  const concept = toConcept(value["concept"]);
  if (typeof concept === "string") return concept;
  const kind = value["kind"];
  // a stop line's phrase is its second cell, so only an empty one is a problem there
  const asAlias = kind !== "stop";
  for (const [i, surface] of [concept.label, ...concept.aliases].entries()) {
    const problem = cellProblem(surface, i === 0 ? "the concept's name" : "an alias", asAlias);
    if (problem) return problem;
  }
  if (kind === "stop") return { kind, concept };
  if (kind === "rename") {
    const name = typeof value["name"] === "string" ? cleanCell(value["name"]) : "";
    const problem = cellProblem(name, "the new name", true);
    if (problem) return problem;
    if (!isType(value["type"])) return `the type must be one of ${ALL_TYPES.join(", ")}`;
    if (name === concept.label && value["type"] === concept.type) return "the name and type are unchanged";
    return { kind, concept, name, type: value["type"] };
  }
  if (kind === "merge") {
    const into = value["into"];
    if (!isRecord(into) || typeof into["key"] !== "string" || typeof into["label"] !== "string" || !isType(into["type"])) {
      return "pick the concept to merge into";
    }
    if (into["key"] === concept.key) return "a concept cannot be merged into itself";
    const label = cleanCell(into["label"]);
    const problem = cellProblem(label, "the target's name", false);
    if (problem) return problem;
    return { kind, concept, into: { key: into["key"], label, type: into["type"] } };
  }
  return "not an edit";
}

/** The edit as a sentence for the list. Example: "Merge ‘Llama2’ into ‘LLaMA-2’". */
export function describeEdit(edit: Edit): string {
  const { label, type } = edit.concept;
  switch (edit.kind) {
    case "merge":
      return `Merge ‘${label}’ into ‘${edit.into.label}’`;
    case "stop":
      return `‘${label}’ is not a concept`;
    case "rename": {
      const retype = edit.type === type ? "" : `${type} → ${edit.type}`;
      if (edit.name === label) return `Retype ‘${label}’: ${retype}`;
      return `Rename ‘${label}’ to ‘${edit.name}’${retype ? ` (${retype})` : ""}`;
    }
  }
}

/**
 * Whether the graph on screen was built with `edit`: the concept it changes is no longer there
 * (merged, dropped, or renamed or retyped under another id), or, renamed under the same id, it
 * has the new name and type. `conceptOf(key)`: the graph's concept of that key, if it has one.
 * Example: after a build with "Merge ‘FooNet’ into ‘BarNet’", `model:foonet` is gone → true.
 */
export function isApplied(edit: Edit, conceptOf: (key: string) => { label: string; type: string } | undefined): boolean {
  const now = conceptOf(edit.concept.key);
  if (!now) return true;
  return edit.kind === "rename" && now.label === edit.name && now.type === edit.type;
}

/** The edit's lexicon lines (no newline), one per surface of the concept, duplicates once. */
export function linesOf(edit: Edit): string[] {
  const surfaces = [edit.concept.label, ...edit.concept.aliases];
  const lines =
    edit.kind === "stop"
      ? surfaces.map((s) => `!stop\t${s}`)
      : surfaces.map((s) => (edit.kind === "merge" ? `${s}\t${edit.into.label}\t${edit.into.type}` : `${s}\t${edit.name}\t${edit.type}`));
  return [...new Set(lines)];
}

/**
 * Where a merge's lines point once its target's own edit is followed: after "A into B" and
 * "B into C" (or "rename B to C"), A's surfaces go to C, as the user meant; pointed at B, they
 * would make a concept B that no longer has B's papers.
 */
function finalTarget(edit: Extract<Edit, { kind: "merge" }>, byKey: ReadonlyMap<string, Edit>): MergeTarget {
  let target = edit.into;
  // `withEdit` refuses loops; the guard keeps a list built otherwise from looping
  const seen = new Set([edit.concept.key]);
  while (!seen.has(target.key)) {
    seen.add(target.key);
    const next = byKey.get(target.key);
    if (next?.kind === "rename") return { key: next.concept.key, label: next.name, type: next.type };
    if (next?.kind !== "merge") break;
    target = next.into;
  }
  return target;
}

/**
 * The edits as a user lexicon: a `#` header saying where to save it and how to rebuild, then each
 * edit's lines in order, a line already written left out.
 */
export function lexiconText(edits: readonly Edit[]): string {
  const byKey = new Map(edits.map((e) => [e.concept.key, e]));
  const lines = new Set<string>();
  for (const edit of edits) {
    const resolved = edit.kind === "merge" ? { ...edit, into: finalTarget(edit, byKey) } : edit;
    for (const line of linesOf(resolved)) lines.add(line);
  }
  return [
    "# papergraph lexicon: concept edits made in the viewer.",
    "# Save it as data/lexicon.tsv next to the inputs (or add these lines to the one you have),",
    "# or pass it with --lexicon FILE; then rebuild (npm start, or papergraph build ... --lexicon FILE).",
    "# alias<TAB>canonical name<TAB>type  |  !stop<TAB>phrase",
    ...lines,
    "",
  ].join("\n");
}

/**
 * The list with `edit` added: it replaces, in place, an earlier edit of the same concept, or goes
 * last. A merge that would close a loop ("A into B", then "B into A") is refused with a sentence.
 */
export function withEdit(edits: readonly Edit[], edit: Edit): Edit[] | string {
  if (edit.kind === "merge") {
    const byKey = new Map(edits.map((e) => [e.concept.key, e]));
    const seen = new Set<string>();
    for (let next = byKey.get(edit.into.key); next?.kind === "merge" && !seen.has(next.concept.key); next = byKey.get(next.into.key)) {
      seen.add(next.concept.key);
      if (next.into.key === edit.concept.key) return `‘${next.concept.label}’ is already merged into ‘${edit.concept.label}’: remove that edit first`;
    }
  }
  const at = edits.findIndex((e) => e.concept.key === edit.concept.key);
  return at < 0 ? [...edits, edit] : edits.map((e, i) => (i === at ? edit : e));
}

/** The edits as stored (versioned JSON). */
export function serializeEdits(edits: readonly Edit[]): string {
  return JSON.stringify({ version: STORAGE_VERSION, edits });
}

/**
 * Edits read back from storage. Anything but the stored shape gives none; an entry that is not a
 * valid edit, or that `withEdit` refuses, is dropped; never throws.
 */
export function parseStoredEdits(text: string | null): Edit[] {
  if (text === null) return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isRecord(data) || data["version"] !== STORAGE_VERSION || !Array.isArray(data["edits"])) return [];
  let edits: Edit[] = [];
  for (const raw of data["edits"]) {
    const edit = checkEdit(raw);
    const next = typeof edit === "string" ? edit : withEdit(edits, edit);
    if (typeof next !== "string") edits = next;
  }
  return edits;
}

/** The stored edits; none when there is no storage or it throws (blocked, broken). */
export function loadEdits(storage: KeyValueStore | undefined): Edit[] {
  try {
    return parseStoredEdits(storage?.getItem(STORAGE_KEY) ?? null);
  } catch {
    return [];
  }
}

/** Stores the edits; false when they could not be kept (no storage, blocked, full). */
export function saveEdits(storage: KeyValueStore | undefined, edits: readonly Edit[]): boolean {
  if (!storage) return false;
  try {
    storage.setItem(STORAGE_KEY, serializeEdits(edits));
    return true;
  } catch {
    return false;
  }
}
