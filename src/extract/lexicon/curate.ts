/**
 * Lexicon curation
 * ================
 *
 * Regenerates the gazetteer-derived lexicon files in this folder from `/work/shared/gazetteers/`
 * (or the folder given as the first argument). Run: `npx tsx src/extract/lexicon/curate.ts [DIR]`.
 * The rules below are generic filters (shape, length, common English words), never a list of
 * wanted or unwanted names: see README.md for why each one exists.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { isCommonWord, lexiconTag } from "../nlp.ts";
import { DATASET_CUES, GENERIC, HEADS, METHOD_CUES, MODEL_CUES, NOT_NAMES } from "../rules.ts";
import { matchKey } from "../normalize.ts";

const SRC = process.argv[2] ?? "/work/shared/gazetteers";
const OUT = new URL(".", import.meta.url).pathname;

function rows(file: string): string[][] {
  const lines = readFileSync(join(SRC, file), "utf8").split("\n").slice(1);
  return lines.filter((l) => l.trim()).map((l) => l.split("\t"));
}

/** "COCO test-dev" → "COCO"; "Accuracy (%)" → "Accuracy"; "CodeSearchNet - Python" → "CodeSearchNet". */
function clean(name: string): string {
  return name
    .replace(/\s*\([^)]*\)\s*/g, " ")
    .replace(/\s+-\s+.*$/, "")
    .replace(/\s+(test-dev|test-std|test|val|validation|dev|train|minival)\b.*$/i, "")
    .replace(/\s+/g, " ")
    .trim();
}

// Shapes a name must have to be matched in running text without context.
const BAD = /[@%:;=<>|{}[\]"]|\.\.|^\d|\b(and|or|of|the|with|for|on|in)$/i;

/** A proper name: has a capital after the first letter, a digit, or is not a common English word. */
/** An English word by compromise's lexicon, not a person's name: "help", "live" yes; "albert", "pvt" no. */
function isEnglishWord(word: string): boolean {
  const tag = lexiconTag(word.toLowerCase());
  return tag !== undefined && !/Name|Person|Place|City|Country|Region|Organization|Company|Brand|Demonym|Honorific|Abbreviation/.test(tag);
}

function isNamey(name: string, dataset = false): boolean {
  if (name.length < 2 || name.length > 48 || BAD.test(name)) return false;
  // datasets "HELP", "LIVE", "CPU": capitals do not make an English word or a device a name
  if (dataset && /^\p{Lu}+$/u.test(name) && (isEnglishWord(name) || NOT_NAMES.has(name.toLowerCase()))) return false;
  const words = name.split(" ");
  if (words.length > 6) return false;
  if (/\p{N}/u.test(name) && /\p{L}/u.test(name)) return true;
  if (/\p{Lu}.*\p{Lu}/u.test(name) && /\p{L}{2}/u.test(name)) return name.replace(/[^\p{L}]/gu, "").length >= 2;
  if (words.length === 1) return /^\p{Lu}/u.test(name) && name.length >= 5 && !isCommonWord(name.toLowerCase());
  // multi-word: every word capitalised ("Penn Treebank"), and not all of them common words
  return words.every((w) => /^[\p{Lu}\p{N}]/u.test(w)) && words.some((w) => !isCommonWord(w.toLowerCase()));
}

/** A descriptive phrase (tasks, metrics): 1-5 words of letters, digits and hyphens, not one common word. */
function isPhrase(name: string): boolean {
  if (name.length < 2 || name.length > 60 || BAD.test(name) || /[^\p{L}\p{N} \-'.]/u.test(name)) return false;
  const words = name.split(" ");
  if (words.length > 5) return false;
  if (words.length === 1 && isCommonWord(name.toLowerCase())) return false; // "Sentence", "Go"
  return /\p{L}{2}/u.test(name);
}

interface Row {
  name: string;
  type: string;
  source: string;
}

/** One generic word is never a name: "Dataset", "Benchmark", "Network", "Novel". */
function isGenericWord(name: string): boolean {
  const l = name.toLowerCase().replace(/s$/, "");
  return !name.includes(" ") && [l, `${l}s`].some((w) => DATASET_CUES.has(w) || METHOD_CUES.has(w) || MODEL_CUES.has(w) || GENERIC.has(w) || (HEADS.has(w) && name === name.toLowerCase()));
}

function write(file: string, header: string[], list: Row[]): void {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of list) {
    const key = matchKey(r.name);
    if (!key || seen.has(key) || isGenericWord(r.name)) continue;
    seen.add(key);
    out.push(`${r.name}\t${r.type}\t${r.source}`);
  }
  out.sort((a, b) => a.localeCompare(b, "en"));
  writeFileSync(join(OUT, file), [...header.map((h) => `# ${h}`), ...out].join("\n") + "\n");
  console.log(file, out.length);
}

const PWC = "Papers with Code archive 2025-07 (CC BY-SA 4.0)";
const datasets: Row[] = [];
for (const [n, common, bench] of rows("pwc_datasets.tsv")) {
  const name = clean(n ?? "");
  if (Number(common ?? 0) + Number(bench ?? 0) < 1) continue;
  if (isNamey(name, true)) datasets.push({ name, type: "dataset", source: "pwc" });
}
for (const [, pretty] of rows("hf_datasets_2022.tsv")) {
  const name = clean(pretty ?? "");
  if (isNamey(name, true)) datasets.push({ name, type: "dataset", source: "hf" });
}
for (const [h] of rows("nlp_progress_headings.tsv")) {
  for (const part of (h ?? "").split(" / ")) {
    const name = clean(part);
    if (isNamey(name, true)) datasets.push({ name, type: "dataset", source: "nlpp" });
  }
}
write(
  "datasets.tsv",
  [
    "name<TAB>type<TAB>source. Generated by curate.ts; do not edit by hand (add to families.tsv instead).",
    `pwc: ${PWC}, https://paperswithcode.com, attribution to Papers with Code and its contributors.`,
    "hf: huggingface/datasets dataset cards, 2022-10 (Apache-2.0). nlpp: sebastianruder/NLP-progress headings (MIT).",
  ],
  datasets,
);

const tasks: Row[] = [];
for (const [n] of rows("pwc_tasks.tsv")) {
  const name = clean(n ?? "");
  const single = !name.includes(" ");
  if (/^Translation [a-z]{3}-/.test(name)) continue;
  if (single && !/(tion|ing|sis|ment|ance|ence)$/i.test(name)) continue; // "Chinese", "Steganographics"
  // "Deep Learning" is a method, "Theoretical Analysis" a kind of work, not a task
  const last = name.split(" ").pop()!.toLowerCase();
  if (HEADS.get(last) === "method" || /^(theoretical|computational|empirical|experimental|general|efficient|scalable|robust)\b/i.test(name)) continue;
  if (isPhrase(name) && !/\p{N}/u.test(name)) tasks.push({ name, type: "task", source: "pwc" });
}
write("tasks.tsv", ["name<TAB>type<TAB>source. Generated by curate.ts.", `pwc: ${PWC}, attribution to Papers with Code and its contributors.`], tasks);

const metrics: Row[] = [];
for (const [n, count] of rows("pwc_metrics.tsv")) {
  const name = clean(n ?? "");
  if (!name.includes(" ") && isCommonWord(name.toLowerCase())) continue; // "Return", "Text", "Go"
  // one plain word ("Parameters", "Success"): an ordinary noun; the real ones are in families.tsv
  if (!name.includes(" ") && !/\p{Lu}.*\p{Lu}|\p{N}/u.test(name)) continue;
  if (Number(count ?? 0) >= 2 && isPhrase(name) && name.split(" ").length <= 4) metrics.push({ name, type: "metric", source: "pwc" });
}
write("metrics.tsv", ["name<TAB>type<TAB>source. Generated by curate.ts.", `pwc: ${PWC}, attribution to Papers with Code and its contributors.`], metrics);

const models: Row[] = [];
for (const [n] of rows("hf_transformers_models.tsv")) {
  const name = clean(n ?? "");
  if (name.length >= 2 && !BAD.test(name) && (isNamey(name) || name.split(" ").length > 1))
    models.push({ name, type: "model", source: "hf-transformers" });
}
const methods: Row[] = [];
for (const [n, kind] of rows("timm_models_methods.tsv")) {
  const name = clean(n ?? "");
  if (name.length < 2 || BAD.test(name)) continue;
  if (kind === "model") models.push({ name, type: "model", source: "timm" });
  else if (/\p{Lu}/u.test(name) && !/[^\p{L}\p{N} -]/u.test(name)) methods.push({ name, type: "method", source: "timm" }); // "lion", "mars": lower-case optimizer ids are words
}
write(
  "models.tsv",
  ["name<TAB>type<TAB>source. Generated by curate.ts.", "hf-transformers: transformers.js README model list (Apache-2.0). timm: pytorch-image-models README (Apache-2.0)."],
  models,
);
write("methods.tsv", ["name<TAB>type<TAB>source. Generated by curate.ts.", "timm: pytorch-image-models README optimizers, augmentations, regularizers (Apache-2.0)."], methods);
