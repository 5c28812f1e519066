/**
 * Build stamp
 * ===========
 *
 * A fingerprint of everything a build depends on: the input files' bytes, the options, and the
 * source of the pipeline (`src/`) and of the viewer it copies next to the graph (`viewer/`). `build --if-stale` compares it with the stamp the last build left in the
 * output folder and skips the work when nothing changed (so `npm start` on a fresh clone serves
 * the committed `output/` at once). File times are not used: git does not keep them.
 */
import { createHash, type Hash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SOURCES = ["src", "viewer"].map((dir) => join(ROOT, dir));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(path)));
    else files.push(path);
  }
  return files;
}

/** The stamp of a build over `files` with `options`: a hex SHA-256. */
export async function buildStamp(files: readonly string[], options: unknown): Promise<string> {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(options));
  for (const file of [...files].sort()) {
    hash.update(`\0input\0${file}\0`);
    hash.update(await readFile(file));
  }
  await hashSources(hash, SOURCES);
  return hash.digest("hex");
}

async function hashSources(hash: Hash, dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    for (const file of await sourceFiles(dir)) {
      hash.update(`\0source\0${relative(ROOT, file)}\0`);
      hash.update(await readFile(file));
    }
  }
}

/** The stamp of the pipeline's code alone (`src/`): a hex SHA-256. */
export async function codeStamp(): Promise<string> {
  const hash = createHash("sha256");
  await hashSources(hash, SOURCES.slice(0, 1));
  return hash.digest("hex");
}
