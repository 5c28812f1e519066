/**
 * Hugging Face Daily Papers pages
 * ===============================
 *
 * Reads the text a browser copies from a Daily Papers listing. The page is a run of blocks separated
 * by blank lines:
 *
 *   new / Get trending papers in your email inbox! / Subscribe / Daily Papers /
 *   byAK and the research community / Nov 10                      ← site chrome, top of page only
 *   Data-independent Module-aware Pruning for Hierarchical ...    ← title (one line)
 *   Hierarchical vision transformers (ViTs) have two ...          ← abstract paragraph
 *     • 2 authors                                                 ← or an organisation:
 *   ·                                                               "KaLM-Embedding KaLM-Embedding"
 *   Apr 21, 2024                                                  ← or "Apr 21" (page's year), and
 *                                                                   maybe upvotes: "Oct 13 2"
 *
 * The authors/date block is optional (whole pages lack it). Pure: text in, records out.
 */
import type { Paper } from "../types.ts";
import { defaultMaxYear, emptyResult, type ParseOptions, type ParseResult } from "./model.ts";
import { cleanText, isoDate, monthNumber, quote, slugifyTitle } from "./text.ts";

/** Options of `parseHfDaily`. */
export interface HfDailyOptions extends ParseOptions {
  /** Year for dates shown without one ("Nov 10"); without it such dates are left out with a warning. */
  year?: number;
}

/** Lines of site chrome that open a page ("Daily Papers" is missing on some pages). */
export const HF_CHROME_LINES: readonly string[] = [
  "new",
  "Get trending papers in your email inbox!",
  "Subscribe",
  "Daily Papers",
  "byAK and the research community",
];

// "Jun 10, 2024", "Nov 10", "Jun 1, 2023 1" (1 upvote), "Oct 13 2" (2 upvotes)
const DATE_LINE = /^([A-Z][a-z]{2}) (\d{1,2})(?:, (\d{4}))?(?: (\d+))?$/;
// "• 9 authors", "• 1 authors"
const AUTHORS_LINE = /^•\s*(\d+)\s+authors?$/;
const SEPARATOR = "·";
/** A title is one line of at most this many characters; longer blocks are abstract text. */
const MAX_TITLE_LENGTH = 300;

interface Block {
  /** 1-based line of the block's first line. */
  line: number;
  lines: string[];
}

function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) {
      current = undefined;
      return;
    }
    if (!current) blocks.push((current = { line: index + 1, lines: [] }));
    current.lines.push(line);
  });
  return blocks;
}

function isDateLine(line: string): boolean {
  const m = DATE_LINE.exec(line);
  return m !== null && monthNumber(m[1]!) !== undefined;
}

function isChrome(block: Block): boolean {
  return block.lines.every((l) => HF_CHROME_LINES.includes(l) || isDateLine(l));
}

/** The authors/date block: has the `·` separator or a `• N authors` line, or is just a date. */
function isMeta(block: Block): boolean {
  return block.lines.some((l) => l === SEPARATOR || AUTHORS_LINE.test(l)) || (block.lines.length === 1 && isDateLine(block.lines[0]!));
}

function isTitleLike(block: Block): boolean {
  return block.lines.length === 1 && block.lines[0]!.length <= MAX_TITLE_LENGTH;
}

/** "KaLM-Embedding KaLM-Embedding" (avatar name + name) → "KaLM-Embedding"; "• Acme Lab" → "Acme Lab". */
function organisationName(line: string): string {
  const name = line.replace(/^•\s*/, "");
  const words = name.split(" ");
  const half = words.length / 2;
  if (Number.isInteger(half) && words.slice(0, half).join(" ") === words.slice(half).join(" ")) {
    return words.slice(0, half).join(" ");
  }
  return name;
}

/**
 * Parses the text of one Daily Papers page into papers (one per entry, unmerged).
 * `file` names the page in sources and messages; `options.year` dates "Nov 10"-style lines.
 */
export function parseHfDaily(text: string, file: string, options: HfDailyOptions = {}): ParseResult {
  const maxYear = options.maxYear ?? defaultMaxYear();
  const result = emptyResult();
  const blocks = splitBlocks(text.replace(/^\uFEFF/, ""));
  let i = 0;
  // the page's own date ("Nov 10" under the chrome): yearless entry dates cannot be later than it
  let pageDate: { month: number; day: number; text: string } | undefined;
  for (; i < blocks.length && isChrome(blocks[i]!); i++) {
    const m = blocks[i]!.lines.map((l) => DATE_LINE.exec(l)).find((d) => d && !d[3]);
    if (m && !pageDate) pageDate = { month: monthNumber(m[1]!)!, day: Number(m[2]), text: `${m[1]} ${m[2]}` };
  }

  // The entry whose abstract was the previous block, still open for its authors/date block.
  let open: { paper: Paper; paragraphs: string[] } | undefined;
  const close = () => {
    if (open) open.paper.abstract = open.paragraphs.join("\n\n");
    open = undefined;
  };

  for (; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (isMeta(block)) {
      if (!open) {
        result.entries++;
        result.skipped.push({ file, line: block.line, reason: "authors/date lines with no title and abstract before them" });
        continue;
      }
      applyMeta(open.paper, block, file, { year: options.year, maxYear, pageDate }, result);
      close();
      continue;
    }
    if (!isTitleLike(block)) {
      // A second paragraph right after an abstract belongs to it; anything else has lost its title.
      // (`open` is only set while the previous block was that entry's abstract.)
      if (open) {
        open.paragraphs.push(cleanText(block.lines.join(" ")));
        continue;
      }
      close();
      result.entries++;
      result.skipped.push({ file, line: block.line, reason: "paragraph with no title line before it" });
      continue;
    }
    close();
    result.entries++;
    const title = block.lines[0]!;
    const next = blocks[i + 1];
    const afterNext = blocks[i + 2];
    if (!next || isMeta(next)) {
      result.noAbstract++;
      result.skipped.push({ file, line: block.line, reason: `title ${quote(title)} has no abstract` });
      if (next) i++; // its authors/date block goes with it
      continue;
    }
    if (isTitleLike(next) && afterNext && !isMeta(afterNext) && !isTitleLike(afterNext)) {
      // title, title, long paragraph: the first title lost its abstract
      result.noAbstract++;
      result.skipped.push({ file, line: block.line, reason: `title ${quote(title)} has no abstract` });
      continue;
    }
    const paper: Paper = {
      id: `hf:${slugifyTitle(title)}`,
      title: cleanText(title),
      abstract: "",
      sources: [{ file, line: block.line }],
    };
    result.papers.push(paper);
    open = { paper, paragraphs: [cleanText(next.lines.join(" "))] };
    i++; // the abstract
  }
  close();
  return result;
}

function applyMeta(
  paper: Paper,
  block: Block,
  file: string,
  options: { year: number | undefined; maxYear: number; pageDate: { month: number; day: number; text: string } | undefined },
  result: ParseResult,
): void {
  block.lines.forEach((line, k) => {
    const lineNo = block.line + k;
    if (line === SEPARATOR) return;
    const authors = AUTHORS_LINE.exec(line);
    if (authors) {
      const count = Number(authors[1]);
      if (count <= 100_000) paper.authors = count; // "• 99999999999999999999 authors" is no count
      return;
    }
    const date = DATE_LINE.exec(line);
    const month = date ? monthNumber(date[1]!) : undefined;
    if (date && month !== undefined) {
      const year = date[3] ? Number(date[3]) : options.year;
      if (year === undefined) {
        result.warnings.push({ file, line: lineNo, reason: `date "${date[1]} ${date[2]}" has no year and none was given (use --year or data/manifest.json); date left out` });
        return;
      }
      const day = Number(date[2]);
      const iso = isoDate(year, month, day, options.maxYear);
      const page = options.pageDate;
      if (!date[3] && page && (month > page.month || (month === page.month && day > page.day))) {
        // shown without a year, so in the page's year, yet after the page's own date: the year is wrong
        result.warnings.push({ file, line: lineNo, reason: `date "${date[1]} ${date[2]}" is later than the page's date "${page.text}"; check the year given for this page (${year})` });
      }
      if ("date" in iso) paper.date = iso.date;
      else result.warnings.push({ file, line: lineNo, reason: `date ${quote(line)} dropped: ${iso.problem}` });
      return;
    }
    paper.organisation = organisationName(line);
  });
}
