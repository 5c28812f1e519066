/**
 * BibTeX
 * ======
 *
 * `.bib` files as Zotero, Mendeley or Better BibTeX export them:
 *
 *   @article{muller2024,
 *     title    = {{BERT} and {\"u}ber Models},           → "BERT and über Models"
 *     author   = {M{\"u}ller, J{\"o}rg and Smith, Anna},  → ["Jörg Müller", "Anna Smith"]
 *     abstract = {We fine-tune {BERT} on GLUE ...},
 *     year = {2024}, month = jun,                          → "2024-06" (`date = {2024-06-10}` wins)
 *     doi = {10.1000/xyz}, eprint = {2306.00978}, archivePrefix = {arXiv},
 *   }
 *
 * @retorquere/bibtex-parser (the parser of Zotero's Better BibTeX) does the syntax and the LaTeX
 * decoding; titles keep their own case (no sentence-casing). Errors name the entry key and line.
 */
import { parse, type Creator } from "@retorquere/bibtex-parser";

import { emptyResult, type ParseResult } from "./model.ts";
import { recordToPaper, type RecordOptions } from "./jsonl.ts";
import { arxivIdOf, lineLocator, quote, shorten } from "./text.ts";

/** "Müller, Jörg" as a Creator → "Jörg Müller"; an institution ({name}) as is. */
function creatorName(creator: Creator): string {
  if (creator.name) return creator.name;
  return [creator.firstName, creator.prefix, creator.lastName, creator.suffix].filter(Boolean).join(" ");
}

const KEY = /^\s*@\s*\w+\s*[{(]\s*([^,\s]+)/;

/**
 * Escapes the bare `%` that Mendeley leaves in abstracts ("up to 12% better"), which LaTeX (and so
 * the parser) would read as a comment to the end of the line, losing the rest of the abstract.
 * Left alone: `\%`, comment lines, `% notes` after a space, and URL escapes (`%20`).
 */
export function escapeBarePercents(bib: string): string {
  return bib
    .split("\n")
    .map((line) => (/^\s*%/.test(line) ? line : line.replace(/(?<=[^\s\\])%(?![0-9A-Fa-f]{2})/g, "\\%")))
    .join("\n");
}

// The markup the parser renders LaTeX into (\emph → <i>, \textsc → <span style=...>, \url → <a href>)
const MARKUP = /<\/?(?:i|b|em|strong|sc|nc|ncx|br|p|li|code|span|a|sup|sub)(?:\s[^<>]*)?\/?>/gi;

/** "A <i>very</i> <span style=\"font-variant:small-caps;\">Small</span> Model" → "A very Small Model". */
function plain(value: string | undefined): string | undefined {
  return value?.replace(MARKUP, "");
}

/**
 * Parses BibTeX text into papers. An entry the parser cannot read (unbalanced braces, a file cut
 * off mid-entry) is a skipped record naming its key and line; entries without an abstract are
 * counted and skipped (kept with `keepTitleOnly`).
 */
export function parseBibtex(text: string, file: string, options: RecordOptions = {}): ParseResult {
  const result = emptyResult();
  // escaping adds no line breaks, so lines and entry texts are found in the escaped source
  const source = escapeBarePercents(text.replace(/^\uFEFF/, ""));
  // unknown macros (\mathcal in math) are dropped, keeping their argument, instead of failing the entry
  const library = parse(source, { sentenceCase: false, unsupported: "ignore" });
  const parsedInputs = new Set(library.entries.map((entry) => entry.input).filter(Boolean));
  const lineOf = lineLocator(source);
  const found: Array<{ offset: number; add: () => void }> = [];
  let searchFrom = 0;
  const locate = (input: string): number => {
    const at = input ? source.indexOf(input, searchFrom) : -1;
    if (at === -1) return -1;
    searchFrom = at + input.length;
    return at;
  };

  for (const entry of library.entries) {
    if (!entry.input) continue; // an entry that failed: reported from `errors` below
    const offset = locate(entry.input);
    const line = offset === -1 ? 1 : lineOf(offset);
    found.push({
      offset,
      add: () => {
        result.entries++;
        const f = entry.fields;
        const eprint = f.eprint && (/arxiv/i.test(f.archiveprefix ?? f.eprinttype ?? "arxiv") ? arxivIdOf(f.eprint) : undefined);
        const month = f.month && /^\d{1,2}$/.test(f.month) ? `-${f.month}` : "";
        const record: Record<string, unknown> = {
          id: eprint ? `arxiv:${eprint}` : undefined,
          title: plain(f.title),
          abstract: plain(f.abstract),
          date: f.date ?? (f.year ? `${f.year}${month}` : undefined),
          authors: (f.author ?? []).map((creator) => plain(creatorName(creator))),
          url: f.url,
          doi: f.doi,
          categories: f.primaryclass ?? f.keywords,
        };
        recordToPaper(record, file, line, options, result, `BibTeX entry ${quote(entry.key, 60)}`);
      },
    });
  }
  searchFrom = 0;
  for (const error of library.errors) {
    const input = error.input ?? "";
    if (parsedInputs.has(input)) continue; // a complaint about an entry that was read all the same
    const offset = input ? source.indexOf(input) : -1;
    const key = KEY.exec(input)?.[1];
    found.push({
      offset,
      add: () => {
        result.entries++;
        result.skipped.push({
          file,
          line: offset === -1 ? (Number(/at line (\d+)/.exec(error.error)?.[1]) || 1) : lineOf(offset),
          // the parser recurses into braces: "{{{{…" thousands deep overflows its stack
          reason: `${key ? `BibTeX entry ${quote(key, 60)}` : "BibTeX"}: cannot parse (${/Maximum call stack/.test(error.error) ? "braces nested too deeply" : shorten(error.error, 160)})`,
        });
      },
    });
  }
  // report in file order, good and bad entries alike
  found.sort((a, b) => a.offset - b.offset).forEach((f) => f.add());
  result.skipped.sort((a, b) => a.line - b.line);
  return result;
}
