/**
 * Real abstracts for the extraction tests: the long lines (over 300 characters) of the bundled
 * Daily Papers pages (`data/*.txt`), files in name order.
 */
import { readdirSync, readFileSync } from "node:fs";

const dataDir = new URL("../../data/", import.meta.url);

export function bundledAbstracts(): string[] {
  return readdirSync(dataDir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .flatMap((f) => readFileSync(new URL(f, dataDir), "utf8").split("\n"))
    .filter((line) => line.length > 300);
}

/** The first `n` as papers `p0`, `p1`, ..., titled by their first 60 characters. */
export function bundledPapers(n: number): Array<{ id: string; title: string; abstract: string }> {
  return bundledAbstracts()
    .slice(0, n)
    .map((abstract, i) => ({ id: `p${i}`, title: abstract.slice(0, 60), abstract }));
}
