/**
 * Input format names
 * ==================
 *
 * The values of `--format` and how a name is checked. Kept apart from `index.ts` so the readers
 * and the detector can share the type without importing the public entry point.
 */
import { OptionsError } from "../errors.ts";

/** A format ingest can read. */
export type InputFormat = "hf-daily" | "jsonl" | "csv" | "arxiv" | "bibtex" | "ris" | "openalex" | "json" | "wos" | "medline";

/** Every format ingest can read, in the order `--help` lists them. */
export const INPUT_FORMATS: readonly InputFormat[] = ["hf-daily", "jsonl", "csv", "arxiv", "bibtex", "ris", "openalex", "json", "wos", "medline"];

/**
 * Checks a `--format` value: "jsonl" → "jsonl", "auto" → "auto".
 * @throws {OptionsError} for an unknown name, listing the known ones
 */
export function parseFormatName(name: string): InputFormat | "auto" {
  if (name === "auto" || (INPUT_FORMATS as readonly string[]).includes(name)) return name as InputFormat | "auto";
  throw new OptionsError(`--format: unknown format "${name}"; expected auto, ${INPUT_FORMATS.join(", ")}`);
}
