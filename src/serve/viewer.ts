/**
 * Built viewer
 * ============
 *
 * Finds the built viewer (`dist/viewer/`), building it with Vite first when it is missing or older
 * than its sources, and copies it next to a graph (`output/index.html` + `output/assets/`) so any
 * static server can host the output folder. Builds go to a temp folder that is renamed into place,
 * and every copied file is written to a temp name and renamed, so a reader never sees half a file.
 */
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.ts";

/** The project root (the folder holding `viewer/` and `dist/`). */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The viewer's sources and its build. */
export const VIEWER_SOURCE = join(PROJECT_ROOT, "viewer");
export const VIEWER_DIST = join(PROJECT_ROOT, "dist", "viewer");
/**
 * The folders whose files go into the viewer's bundle: its own, and `src/`, whose query and XML
 * modules and types it imports (an edit there left a stale bundle in `output/` once).
 */
const VIEWER_SOURCES = [VIEWER_SOURCE, join(PROJECT_ROOT, "src")];

/** Every file under `dir` (recursive), as absolute paths; a missing folder gives `[]`. */
export async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const out: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

const mtime = async (file: string) => {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return -1;
  }
};

/** Whether `dist/viewer/index.html` is missing or older than any file in `sources` (folders). */
export async function viewerIsStale(sources: readonly string[] = VIEWER_SOURCES, dist = VIEWER_DIST): Promise<boolean> {
  const built = await mtime(join(dist, "index.html"));
  if (built < 0) return true;
  const files = (await Promise.all(sources.map((folder) => listFiles(folder)))).flat().filter((f) => !f.includes(`${sep}node_modules${sep}`));
  for (const f of files) if ((await mtime(f)) > built) return true;
  return false;
}

let building: Promise<string> | null = null;

/**
 * The folder of the built viewer, building it first if it is missing or stale
 * (`vite build --config viewer/vite.config.ts`, programmatically). Concurrent callers in one
 * process share one build; across processes, each builds into its own temp folder and the last
 * rename wins (both results are the same build).
 */
export function ensureViewerBuilt(): Promise<string> {
  building ??= (async () => {
    try {
      if (!(await viewerIsStale())) return VIEWER_DIST;
      let vite: typeof import("vite");
      try {
        vite = await import("vite");
      } catch {
        if ((await mtime(join(VIEWER_DIST, "index.html"))) >= 0) return VIEWER_DIST; // stale but usable
        throw new InputError("cannot build the viewer: vite is not installed (run `npm install`)", VIEWER_DIST);
      }
      const tmp = join(dirname(VIEWER_DIST), `.viewer-${process.pid}-${randomBytes(4).toString("hex")}`);
      try {
        await vite.build({
          configFile: join(VIEWER_SOURCE, "vite.config.ts"),
          logLevel: "warn",
          build: { outDir: tmp, emptyOutDir: true },
        });
        const old = `${tmp}-old`;
        await rename(VIEWER_DIST, old).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== "ENOENT") throw e;
        });
        await rename(tmp, VIEWER_DIST).catch((e: NodeJS.ErrnoException) => {
          // Another process put its build in place between our two renames: use that one.
          if (e.code !== "ENOTEMPTY" && e.code !== "EEXIST") throw e;
        });
        await rm(old, { recursive: true, force: true });
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
      return VIEWER_DIST;
    } finally {
      building = null;
    }
  })();
  return building;
}

/** Copies one file atomically: to `dest.<random>.tmp` in the same folder, then rename. */
async function copyAtomic(src: string, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await copyFile(src, tmp);
    await rename(tmp, dest);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Copies the built viewer (`index.html` and `assets/`) into `outDir`, next to its `graph.json`,
 * building it first if needed. Old hashed files in `outDir/assets/` that the new build does not
 * have are removed; nothing else in `outDir` is touched.
 * Example: `await writeViewer("output")` → `output/index.html`, `output/assets/index-<hash>.js`, ...
 */
export async function writeViewer(outDir: string): Promise<void> {
  const dist = await ensureViewerBuilt();
  const files = await listFiles(dist);
  if (!files.some((f) => relative(dist, f) === "index.html")) {
    throw new InputError("the built viewer has no index.html (run `npm run viewer:build`)", dist);
  }
  const wanted = new Set<string>();
  // Assets first, index.html last: a reader never gets an index.html whose assets are missing.
  const ordered = [...files.filter((f) => relative(dist, f) !== "index.html"), join(dist, "index.html")];
  for (const f of ordered) {
    const rel = relative(dist, f);
    if (rel === "graph.json") continue;
    wanted.add(rel);
    await copyAtomic(f, join(outDir, rel));
  }
  for (const f of await listFiles(join(outDir, "assets"))) {
    if (!wanted.has(relative(outDir, f))) await rm(f, { force: true });
  }
}
