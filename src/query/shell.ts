/**
 * `papergraph query shell`
 * ========================
 *
 * Many queries on one load of the graph: loading an 80k-paper graph.json takes ~8 s, a query on it
 * milliseconds. Each line is a query as `papergraph query` takes it, without the `query`
 * (`neighbours ImageNet --depth 2`, `search "low rank"`; a pasted `papergraph query …` works too),
 * split into words as a shell splits them (single and double quotes, backslash escapes). Blank
 * lines and `#` comments are skipped, `help` prints the usage, `quit` or `exit` ends. A line that
 * fails (bad usage, an unknown node) says why and the next one is read. No I/O of its own: `cli.ts`
 * gives it stdin's lines and prints the answers.
 */
import { PapergraphError, OptionsError } from "../errors.ts";
import type { KnowledgeGraph } from "../types.ts";
import { DEFAULT_GRAPH, parseQueryArgs, QUERY_USAGE, runQueryCommand, type QueryOutput } from "./command.ts";
import { loadGraph } from "./load.ts";

/** The answer to one line of input. */
export interface ShellAnswer extends QueryOutput {
  /** Its line number, from 1. */
  line: number;
  /** The line was `quit` or `exit`: nothing more is read. */
  quit?: boolean;
}

export interface ShellOptions {
  /** The graph of every line that names none with `--graph`. Default `output/graph.json`. */
  graph?: string;
  /** `--json` on every line. */
  json?: boolean;
  /** Errors start with their line number (`line 3: …`), for input that is not typed. */
  numbered?: boolean;
}

/**
 * `text` split into words as a shell splits them: whitespace between words; single quotes keep
 * everything; double quotes and bare text take `\` as an escape.
 * @throws OptionsError for an unclosed quote.
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new OptionsError(`unclosed ${quote}`);
  if (inWord) words.push(word);
  return words;
}

/**
 * Answers each line of `lines` in turn, each graph loaded once (the default one before the first
 * line: a missing graph is one error, not one per line).
 * @throws InputError when the default graph cannot be loaded.
 */
export async function* runQueryLines(
  lines: AsyncIterable<string> | Iterable<string>,
  options: ShellOptions = {},
  load: (file: string) => KnowledgeGraph = loadGraph,
): AsyncGenerator<ShellAnswer> {
  const graphs = new Map<string, KnowledgeGraph>();
  const loaded = (file: string): KnowledgeGraph => {
    let graph = graphs.get(file);
    if (!graph) graphs.set(file, (graph = load(file)));
    return graph;
  };
  const graph = options.graph ?? DEFAULT_GRAPH;
  loaded(graph);
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const trimmed = text.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    if (trimmed === "quit" || trimmed === "exit") {
      yield { stdout: "", stderr: "", exitCode: 0, line, quit: true };
      return;
    }
    if (trimmed === "help") {
      yield { stdout: `${QUERY_USAGE}\n`, stderr: "", exitCode: 0, line };
      continue;
    }
    const where = options.numbered ? `line ${line}: ` : "";
    try {
      let words = splitWords(trimmed);
      if (words[0] === "papergraph") words = words.slice(1);
      if (words[0] === "query") words = words.slice(1);
      const [sub = "", ...rest] = words;
      if (sub === "shell") throw new OptionsError("already in the shell");
      const args = parseQueryArgs(rest);
      args.flags.graph ??= graph;
      if (options.json) args.flags.json ??= true;
      const answer = runQueryCommand(sub, args, loaded);
      yield { ...answer, stderr: answer.stderr && `${where}${answer.stderr}`, line };
    } catch (error) {
      if (!(error instanceof PapergraphError)) throw error;
      const json = options.json ? `${JSON.stringify({ line, error: error.message })}\n` : "";
      yield { stdout: json, stderr: `${where}${error.message}\n`, exitCode: 1, line };
    }
  }
}
