/**
 * Errors
 * ======
 *
 * Kinds of expected failure. Tests branch on the class, people read the message, which starts
 * with where the problem is (`data/a.jsonl:7:`, `communities:`) and says what was expected.
 * Anything that is not a `PapergraphError` is a bug and is printed with its stack.
 */
export class PapergraphError extends Error {
  override name = "PapergraphError";
}

/** The input data is unreadable or malformed; the message names the file and, when known, the line. */
export class InputError extends PapergraphError {
  override name = "InputError";
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`);
  }
}

/** A bad record made fatal by `--strict` (CLI exit code 1: the input was readable, the run failed). */
export class RecordError extends InputError {
  override name = "RecordError";
}

/** A bad option or argument (CLI exit code 2). */
export class OptionsError extends PapergraphError {
  override name = "OptionsError";
}

/** A node asked for by key, label or alias does not exist; `suggestions` are the nearest labels. */
export class NotFoundError extends PapergraphError {
  override name = "NotFoundError";
  constructor(
    message: string,
    readonly suggestions: string[] = [],
  ) {
    super(suggestions.length ? `${message} (did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?)` : message);
  }
}
