/**
 * Format detection
 * ================
 *
 * `--format auto` looks at the start of a file (its first 64 KiB of text) and, as a hint, at its
 * name: an Atom `<feed>` is an arXiv API answer, `{"title": ...}` lines are JSON Lines (OpenAlex
 * when they are works: `abstract_inverted_index`, `https://openalex.org/W…`), `TY  - JOUR` is RIS,
 * `@article{` is BibTeX, `PMID- ` is MEDLINE (PubMed), `PT J` with `TI`/`AU` lines is Web of
 * Science plain text, Daily Papers chrome ("byAK and the research community") or a
 * `• 3 authors` / `·` pair is a Daily Papers page, and a `title,abstract` header is CSV.
 */
import { InputError } from "../errors.ts";
import { csvFieldNames } from "./csv.ts";
import type { InputFormat } from "./formats.ts";
import { recordListOf } from "./jsonl.ts";
import { isOpenAlexWork } from "./openalex.ts";

/** How much of a file's start `detectFormat` needs (characters). */
export const DETECT_HEAD_LENGTH = 64 * 1024;

const HF_SIGNATURES = ["Get trending papers in your email inbox!", "byAK and the research community"];

function extensionOf(fileName: string): string {
  const base = fileName.toLowerCase().replace(/\.gz$/, "");
  const dot = base.lastIndexOf(".");
  return dot === -1 ? "" : base.slice(dot + 1);
}

function looksLikeJsonObjectLine(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === "object" && !Array.isArray(value);
  } catch {
    return false;
  }
}

function csvHeaderFields(line: string): string[] {
  const delimiter = [",", "\t", ";"].sort((a, b) => line.split(b).length - line.split(a).length)[0]!;
  return line.split(delimiter).map((f) => f.trim().replace(/^"(.*)"$/, "$1").trim().toLowerCase());
}

/** Daily Papers chrome near the top, or a `• 3 authors` line followed by `·`. */
function hasHfDailyMarks(lines: string[]): boolean {
  const nonBlank = lines.map((l) => l.trim()).filter(Boolean);
  if (nonBlank.slice(0, 12).some((l) => HF_SIGNATURES.includes(l))) return true;
  for (let i = 0; i + 1 < nonBlank.length; i++) {
    if (/^•\s*\d+\s+authors?$/.test(nonBlank[i]!) && nonBlank[i + 1] === "·") return true;
  }
  return false;
}

/** A page excerpt with no marks at all: a one-line title, a blank line, then a long paragraph. */
function hasHfDailyShape(lines: string[]): boolean {
  const trimmed = lines.map((l) => l.trim());
  for (let i = 0; i + 2 < trimmed.length; i++) {
    const [title, blank, abstract] = [trimmed[i]!, trimmed[i + 1]!, trimmed[i + 2]!];
    if (title && title.length <= 300 && !blank && abstract.length >= 200) return true;
  }
  return false;
}

/**
 * The format of a file from the start of its text and its name (`data/000.txt`, `papers.jsonl.gz`).
 * @throws {InputError} "FILE: cannot tell the format; use --format"
 */
export function detectFormat(head: string, fileName: string): InputFormat {
  const text = head.replace(/^\uFEFF/, "");
  const extension = extensionOf(fileName);
  const lines = text.split(/\r?\n/);
  const first = lines.find((l) => l.trim())?.trim() ?? "";

  if (first.startsWith("<")) {
    if (/<feed[\s>]/.test(text) && text.includes("http://www.w3.org/2005/Atom")) return "arxiv";
    // a Daily Papers page saved from the browser as HTML: its text is what the hf-daily reader reads
    if (/<!doctype html|<html[\s>]/i.test(text.slice(0, 4096))) {
      throw new InputError("cannot tell the format: an HTML page; for a Daily Papers page, save its text instead (select all, copy, paste into a .txt file)", fileName);
    }
    throw new InputError("cannot tell the format: XML but not an Atom feed; use --format", fileName);
  }
  if (first.startsWith("{") || first.startsWith("[")) {
    if (looksLikeJsonObjectLine(first)) {
      const value: unknown = JSON.parse(first);
      return isOpenAlexWork(value) ? "openalex" : recordListOf(value) && lines.filter((l) => l.trim()).length === 1 ? "json" : "jsonl";
    }
    if (/"abstract_inverted_index"|"https:\/\/openalex\.org\/W\d+"/.test(text)) return "openalex";
    if (extension === "jsonl" || extension === "ndjson") return "jsonl";
    // one JSON document over several lines, or an array on one: `[{"title": ...}, ...]`
    if (extension === "json") return "json";
  }
  // a .jsonl whose first line is broken: its other lines say what it is (the broken one is skipped)
  if ((extension === "jsonl" || extension === "ndjson") && lines.some((l) => l.trim().startsWith("{") && looksLikeJsonObjectLine(l.trim()))) return "jsonl";
  if (/^TY {1,2}- /m.test(text.slice(0, 4096)) || (extension === "ris" && /^[A-Z][A-Z0-9] {1,2}-/m.test(text))) return "ris";
  if (/^PMID- ?\d+/m.test(text.slice(0, 4096))) return "medline";
  if (/^PT [A-Z]\r?$/m.test(text.slice(0, 4096)) && /^(TI|AU|AB) \S/m.test(text)) return "wos";
  if (/^\s*@\s*[A-Za-z]+\s*[{(]/m.test(text) || extension === "bib") return "bibtex";
  if (hasHfDailyMarks(lines)) return "hf-daily";
  const header = csvFieldNames(csvHeaderFields(first));
  if (header.includes("title") && (header.includes("abstract") || header.includes("text"))) return "csv";
  if (extension === "txt" && hasHfDailyShape(lines)) return "hf-daily";
  if ((extension === "csv" || extension === "tsv") && header.length > 1) return "csv";
  throw new InputError("cannot tell the format; use --format", fileName);
}
