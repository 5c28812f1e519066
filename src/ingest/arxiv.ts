/**
 * arXiv API Atom feeds
 * ====================
 *
 * What `http://export.arxiv.org/api/query?...` returns:
 *
 *   <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
 *     <entry>
 *       <id>http://arxiv.org/abs/2306.00978v2</id>
 *       <published>2023-06-01T17:59:59Z</published>
 *       <title>AWQ: Activation-aware Weight
 *         Quantization for ...</title>
 *       <summary>  Large language models ...</summary>
 *       <author><name>Ji Lin</name></author>
 *       <arxiv:doi>10.1000/x</arxiv:doi>
 *       <link href="http://arxiv.org/abs/2306.00978v2" rel="alternate" type="text/html"/>
 *       <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
 *     </entry>
 *   </feed>
 *
 * fast-xml-parser does the XML; this file maps entries to papers (`arxiv:<id>`, no version).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

import { InputError } from "../errors.ts";
import { emptyResult, type ParseResult } from "./model.ts";
import { recordToPaper, type RecordOptions } from "./jsonl.ts";
import { arxivIdOf, lineLocator, shorten } from "./text.ts";

type XmlNode = Record<string, unknown>;

const ALWAYS_ARRAYS = new Set(["entry", "author", "link", "category"]);

const text = (value: unknown): string | undefined => {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "#text" in value) return String((value as XmlNode)["#text"]);
  return undefined;
};

const list = (value: unknown): XmlNode[] => (Array.isArray(value) ? (value as XmlNode[]) : []);

/** 1-based line of each `<entry>` start tag, in order (the XML parser gives no positions). */
function entryLines(xml: string): number[] {
  const lineOf = lineLocator(xml);
  return [...xml.matchAll(/<(?:[\w-]+:)?entry[\s>]/g)].map((m) => lineOf(m.index));
}

/**
 * Parses an arXiv API Atom feed into papers. An entry without an abstract is counted and skipped
 * (kept with `keepTitleOnly`); the API's own error entries are skipped with their message.
 * @throws {InputError} the XML is malformed or truncated (with its line), or is not an Atom feed
 */
export function parseArxivAtom(xml: string, file: string, options: RecordOptions = {}): ParseResult {
  const result = emptyResult();
  const source = xml.replace(/^\uFEFF/, "");
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    // unclosed elements at the end: the validator lists them, e.g. Invalid '["feed","entry","summary"]' found.
    const open = /^Invalid '(\[.*\])' found/s.exec(valid.err.msg)?.[1];
    if (open) {
      const path = (JSON.parse(open.replace(/\s+/g, " ")) as string[]).join(" > ");
      throw new InputError(`XML ends inside <${path}>: the file is truncated`, file, source.split("\n").length);
    }
    throw new InputError(`malformed XML (${shorten(valid.err.msg, 160)})`, file, valid.err.line);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false, // "2306.00978" stays a string
    removeNSPrefix: true,
    htmlEntities: true, // numeric references (&#39; &#x2014;) too; still supported in 5.x though marked deprecated
    isArray: (name) => ALWAYS_ARRAYS.has(name),
  });
  const doc = parser.parse(source) as XmlNode;
  const feed = doc.feed as XmlNode | undefined;
  if (!feed || typeof feed !== "object") throw new InputError("not an Atom feed (no <feed> element)", file);
  const lines = entryLines(source);
  list(feed.entry).forEach((entry, k) => {
    const line = lines[k] ?? 1;
    result.entries++;
    const id = text(entry.id)?.trim() ?? "";
    if (/arxiv\.org\/api\/errors/.test(id)) {
      result.skipped.push({ file, line, reason: `arXiv API error: ${shorten(text(entry.summary) ?? "", 200) || "no message"}` });
      return;
    }
    const arxiv = arxivIdOf(id);
    const links = list(entry.link);
    const alternate = links.find((l) => l["@_rel"] === "alternate") ?? links[0];
    const record: Record<string, unknown> = {
      id: arxiv ? `arxiv:${arxiv}` : id || undefined,
      title: text(entry.title),
      abstract: text(entry.summary),
      date: text(entry.published)?.trim() || text(entry.updated)?.trim(),
      authors: list(entry.author).map((a) => text(a.name) ?? ""),
      url: (alternate?.["@_href"] as string | undefined) ?? (id.startsWith("http") ? id : undefined),
      doi: text(entry.doi),
      categories: list(entry.category).map((c) => c["@_term"]),
    };
    recordToPaper(record, file, line, options, result, arxiv ? `arXiv entry ${arxiv}` : undefined);
  });
  return result;
}
