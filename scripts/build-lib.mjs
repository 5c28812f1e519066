#!/usr/bin/env node
// Builds the library that package.json `exports` points at: `tsc -p tsconfig.lib.json` emits
// JavaScript and declarations of src/index.ts (and what it imports) into dist/lib/, then the
// non-TypeScript files under src/ (the extraction lexicon's .tsv files, read at run time through
// `new URL("./lexicon/…", import.meta.url)`) are copied next to the modules that read them.
// Run by `prepare` on `npm install`; by hand: `npm run build:lib`.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "lib");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

rmSync(out, { recursive: true, force: true }); // dist/lib only: dist/viewer is the viewer build's
try {
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.lib.json")], { cwd: root, stdio: "inherit" });
} catch {
  // tsc still emits on type errors. A type error somewhere in src/ must not make `npm install`
  // fail for everyone (`npm run typecheck` is where it fails); a missing entry point must.
  if (!existsSync(join(out, "index.js")) || !existsSync(join(out, "index.d.ts"))) {
    console.error("build-lib: tsc produced no dist/lib/index.js (errors above)");
    process.exit(1);
  }
  console.error("build-lib: warning: type errors above (see `npm run typecheck`); dist/lib was emitted anyway");
}
cpSync(join(root, "src"), out, {
  recursive: true,
  filter: (source) => !source.endsWith(".ts") || source.endsWith(".d.ts"),
});
console.error(`build-lib: wrote ${out}`);
