/**
 * Reading input files
 * ===================
 *
 * The I/O half of ingest: which files a folder holds, gzip by magic bytes, line-by-line decoding
 * (strict UTF-8, or UTF-16 by its byte order mark; no NUL bytes) without ever holding a big JSONL
 * file as one string, and the `manifest.json` that tells the year of yearless Daily Papers dates.
 * The parsers stay pure.
 */
import { createReadStream } from "node:fs";
import { open, readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { createGunzip } from "node:zlib";

import { InputError } from "../errors.ts";

/** File name endings a folder is searched for (a `.gz` of any of them too). */
export const INPUT_EXTENSIONS: readonly string[] = [".txt", ".jsonl", ".ndjson", ".csv", ".tsv", ".xml", ".atom", ".bib", ".ris", ".json", ".nbib"];

/** The name of the optional manifest next to the input files. */
export const MANIFEST_NAME = "manifest.json";

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a folder";
  return (error as Error).message;
}

function isInputName(name: string): boolean {
  const lower = name.toLowerCase().replace(/\.gz$/, "");
  return !name.startsWith(".") && name !== MANIFEST_NAME && INPUT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * The files to read for the given inputs, in order, each once. A folder stands for its input files
 * (by extension, see `INPUT_EXTENSIONS`), sorted by name, not recursive; a file is read whatever its name.
 * @throws {InputError} a missing input, or a folder with no input files
 */
export async function listInputFiles(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = resolve(file); // "./data//a.txt", "data/a.txt" and "/abs/data/a.txt" are one file
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch (error) {
      throw new InputError(describeFsError(error), input);
    }
    if (info.isDirectory()) {
      const names = (await readdir(input, { withFileTypes: true }))
        .filter((entry) => entry.isFile() && isInputName(entry.name))
        .map((entry) => entry.name)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (names.length === 0) {
        throw new InputError(`folder has no input files (looked for ${INPUT_EXTENSIONS.join(", ")}, optionally .gz)`, input);
      }
      for (const name of names) add(join(input, name));
    } else {
      add(input);
    }
  }
  return files;
}

/** One decoded line of a file, without its line break, and its 1-based number. */
export interface NumberedLine {
  text: string;
  line: number;
}

/** What a file's first two bytes say it is: gzip by its magic bytes, UTF-16 by its byte order mark. */
export function sniff(first: ArrayLike<number>): { gzip: boolean; utf16?: "utf-16le" | "utf-16be" } {
  const [a, b] = [first[0], first[1]];
  if (a === 0x1f && b === 0x8b) return { gzip: true };
  if (a === 0xff && b === 0xfe) return { gzip: false, utf16: "utf-16le" };
  if (a === 0xfe && b === 0xff) return { gzip: false, utf16: "utf-16be" };
  return { gzip: false };
}

async function firstBytes(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const bytes = Buffer.alloc(2);
    const { bytesRead } = await handle.read(bytes, 0, 2, 0);
    return bytes.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * UTF-16 text (what Excel's "Unicode Text" and Windows PowerShell's `>` write) as UTF-8 bytes,
 * chunk by chunk, so that the lines are split and checked as any other file's. `line`: the number
 * of the line the chunk starts in.
 */
export function utf16ToUtf8(encoding: "utf-16le" | "utf-16be", file: string, line: () => number): (chunk: Buffer, last: boolean) => Buffer {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let carry: Buffer = Buffer.alloc(0); // an odd byte or a high surrogate the next chunk completes
  const unit = (bytes: Buffer, i: number) => (encoding === "utf-16le" ? bytes.readUInt16LE(i) : bytes.readUInt16BE(i));
  return (chunk, last) => {
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    try {
      const text = decoder.decode(chunk, { stream: !last });
      // what the decoder keeps for the next chunk: an odd byte, a high surrogate
      let keep = bytes.length % 2;
      const end = bytes.length - keep;
      if (end >= 2 && unit(bytes, end - 2) >= 0xd800 && unit(bytes, end - 2) < 0xdc00) keep += 2;
      carry = bytes.subarray(bytes.length - keep);
      return Buffer.from(text, "utf8");
    } catch {
      // the line of the first unit that is not well-formed: count the line breaks before it
      let newlines = 0;
      for (let i = 0; i + 1 < bytes.length; i += 2) {
        const u = unit(bytes, i);
        if (u === 0x0a) newlines++;
        const paired = u >= 0xd800 && u < 0xdc00 && i + 3 < bytes.length && unit(bytes, i + 2) >= 0xdc00 && unit(bytes, i + 2) < 0xe000;
        if (paired) i += 2;
        else if (u >= 0xd800 && u < 0xe000) break;
      }
      throw new InputError(`invalid ${encoding === "utf-16le" ? "UTF-16" : "UTF-16 (big-endian)"} (an unpaired surrogate or an odd byte); save the file as UTF-8 text`, file, line() + newlines);
    }
  };
}

/**
 * The lines of a file (gunzipped when it starts with the gzip magic bytes), decoded as strict UTF-8,
 * or as UTF-16 when the text starts with its byte order mark. Bytes are split at "\n" before
 * decoding, so an error names its line; "\r" is kept (parsers trim).
 * `from`: the lines after the first `line`, which end at byte `byte` (a plain file grown since).
 * @throws {InputError} missing or empty file, NUL bytes, invalid UTF-8 or UTF-16, truncated or corrupt gzip
 */
export async function* readLines(file: string, from?: { byte: number; line: number }): AsyncGenerator<NumberedLine> {
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw Object.assign(new Error("is a folder"), { code: "EISDIR" });
    size = info.size;
  } catch (error) {
    throw new InputError(describeFsError(error), file);
  }
  if (size === 0) throw new InputError("empty file", file);
  const sniffed = sniff(await firstBytes(file));
  const gzip = sniffed.gzip;
  // a plain prefix never starts with the magic; the cache never takes a UTF-16 file for a plain one
  if ((gzip || sniffed.utf16) && from) throw new Error(`${file}: a gzipped or UTF-16 file is read whole`);
  const raw = createReadStream(file, { start: from?.byte ?? 0 });
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on("error", (error) => stream.destroy(error));
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = from?.line ?? 0;
  // the unfinished line's chunks: joined once its "\n" arrives, so a 20 MB line costs one copy, not one per chunk
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let sawText = from !== undefined; // the lines before held text
  const decode = (bytes: Buffer): string => {
    line++;
    const nul = bytes.indexOf(0);
    if (nul !== -1) throw new InputError(`binary content (a NUL byte at column ${nul + 1}); not a text file`, file, line);
    try {
      const text = decoder.decode(bytes);
      if (!sawText && text.trim()) sawText = true;
      return text;
    } catch {
      throw new InputError("invalid UTF-8; save the file as UTF-8 text", file, line);
    }
  };
  // UTF-16 is told by the text's first bytes, so inside a gzipped file too
  let toUtf8: ((chunk: Buffer, last: boolean) => Buffer) | undefined;
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first) {
        first = false;
        const encoding = gzip ? sniff(chunk).utf16 : sniffed.utf16;
        if (encoding) toUtf8 = utf16ToUtf8(encoding, file, () => line + 1);
      }
      let data = toUtf8 ? toUtf8(chunk, false) : chunk;
      let newline = data.indexOf(0x0a);
      while (newline !== -1) {
        const head = data.subarray(0, newline);
        const bytes = pendingLength ? Buffer.concat([...pending, head], pendingLength + head.length) : head;
        pending = [];
        pendingLength = 0;
        yield { text: decode(bytes), line };
        data = data.subarray(newline + 1);
        newline = data.indexOf(0x0a);
      }
      if (data.length) {
        pending.push(Buffer.from(data)); // a copy: the stream may reuse its chunk
        pendingLength += data.length;
      }
    }
    const rest = toUtf8?.(Buffer.alloc(0), true);
    if (rest?.length) {
      pending.push(rest);
      pendingLength += rest.length;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "Z_BUF_ERROR") throw new InputError("truncated gzip data: the file ends before the compressed stream does", file);
    if (typeof code === "string" && code.startsWith("Z_")) throw new InputError(`corrupt gzip data (${(error as Error).message})`, file);
    throw new InputError(describeFsError(error), file);
  } finally {
    stream.destroy();
    raw.destroy();
  }
  if (pendingLength) yield { text: decode(Buffer.concat(pending, pendingLength)), line };
  if (!sawText) throw new InputError(gzip ? "empty file (nothing but blank lines once decompressed)" : "empty file (nothing but blank lines)", file);
}

/**
 * The first `maxChars` characters of a file's text (at least two whole non-blank lines), for format detection.
 * @throws {InputError} as `readLines`
 */
export async function readHead(file: string, maxChars: number): Promise<string> {
  const lines: string[] = [];
  let length = 0;
  let nonBlank = 0;
  for await (const { text } of readLines(file)) {
    lines.push(text);
    length += text.length + 1;
    if (text.trim()) nonBlank++;
    // two lines at least: a broken 20 MB first line alone says nothing about the format
    if (length >= maxChars && nonBlank >= 2) break;
  }
  return lines.join("\n");
}

/** What a `manifest.json` says: `{"hf-daily": {"year": 2025, "files": {"000_a.txt": {"year": 2024}}}}`. */
export interface Manifest {
  hfDaily: { year?: number; files: Record<string, { year?: number }> };
}

function checkYear(value: unknown, where: string, file: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1900 || value > 9999) {
    throw new InputError(`${where} must be a year like 2025, found ${JSON.stringify(value)}`, file);
  }
  return value;
}

/**
 * Reads `manifest.json` from `folder` if there is one (keys starting with "$" are comments).
 * @throws {InputError} the manifest is not JSON or has the wrong shape
 */
export async function readManifest(folder: string): Promise<Manifest | undefined> {
  const file = join(folder, MANIFEST_NAME);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(describeFsError(error), file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, file);
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new InputError("expected a JSON object", file);
  const hf = (json as Record<string, unknown>)["hf-daily"] ?? {};
  if (typeof hf !== "object" || hf === null || Array.isArray(hf)) throw new InputError(`"hf-daily" must be an object`, file);
  const hfObject = hf as Record<string, unknown>;
  const manifest: Manifest = { hfDaily: { files: {} } };
  const year = checkYear(hfObject.year, `"hf-daily".year`, file);
  if (year !== undefined) manifest.hfDaily.year = year;
  const files = hfObject.files ?? {};
  if (typeof files !== "object" || files === null || Array.isArray(files)) throw new InputError(`"hf-daily".files must be an object`, file);
  for (const [name, entry] of Object.entries(files as Record<string, unknown>)) {
    if (name.startsWith("$")) continue;
    if (!entry || typeof entry !== "object") throw new InputError(`"hf-daily".files["${name}"] must be an object`, file);
    const fileYear = checkYear((entry as Record<string, unknown>).year, `"hf-daily".files["${name}"].year`, file);
    manifest.hfDaily.files[name] = fileYear === undefined ? {} : { year: fileYear };
  }
  return manifest;
}

/** The manifest's year for a Daily Papers file: its own entry first, then the folder-wide one. */
export function manifestYear(manifest: Manifest | undefined, file: string): number | undefined {
  if (!manifest) return undefined;
  return manifest.hfDaily.files[basename(file)]?.year ?? manifest.hfDaily.year;
}

/** The folder a file's manifest would be in. */
export const manifestFolder = (file: string): string => dirname(file);
