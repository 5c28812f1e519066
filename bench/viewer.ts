/**
 * Viewer bench
 * ============
 *
 * Opens the built viewer in headless Chromium (Debian's `/usr/bin/chromium`, SwiftShader WebGL)
 * over the bundled graph (`output/graph.json`, built into a temp folder when absent) and a large
 * graph (a synthetic 80k-paper / 15k-concept graph.json in a temp folder, or `--large FILE`), and
 * measures:
 *   - time to first drawn frame: navigation start → sigma's first `afterRender` (median of runs),
 *     with the fetch + JSON parse part shown separately;
 *   - frames per second while panning: a real mouse drag across the map for 3 s, counting sigma
 *     renders, plus the median time sigma spends per render.
 * Prints a markdown table; `--screenshot FILE` also saves a PNG of the viewer on the bundled graph
 * (the README's `docs/viewer.png`).
 *
 *   node --import tsx bench/viewer.ts [--bundled FILE] [--large FILE | --bundled-only] [--runs N] [--screenshot docs/viewer.png]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { ensureViewerBuilt, startServer } from "../src/serve/index.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "../test/helpers/chromium.ts";
import { writeSyntheticGraph } from "../test/fixtures/viewer/synthetic.ts";

// Callbacks passed to page.evaluate run in the page.
declare const window: any;

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** One measured graph: sizes, the draw plan and the timings. */
export interface ViewerBenchRow {
  graph: string;
  fileMB: number;
  nodes: number;
  drawnNodes: number;
  drawnEdges: number;
  plan: "whole graph" | "concepts first";
  loadMs: number;
  firstFrameMs: number;
  panFps: number;
  renderMs: number;
}

/** Which graphs to measure, how often, and where to save the screenshot. */
export interface ViewerBenchOptions {
  bundled?: string;
  large?: string;
  runs?: number;
  screenshot?: string;
  /** Measure the bundled graph only (no large graph). */
  bundledOnly?: boolean;
  log?: (line: string) => void;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

/** One graph: `runs` fresh pages for the first frame, one 3 s drag for panning. */
async function measure(browser: Browser, name: string, graphFile: string, runs: number, screenshot?: string): Promise<ViewerBenchRow> {
  const root = await ensureViewerBuilt();
  const server = await startServer({ root, graphFile, port: 0, log: () => {} });
  try {
    const loads: number[] = [];
    const firsts: number[] = [];
    let row: Omit<ViewerBenchRow, "loadMs" | "firstFrameMs" | "panFps" | "renderMs"> | null = null;
    let panFps = NaN;
    let renderMs = NaN;
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.waitForFunction(() => window.__viewerReady === true || window.__viewerError !== undefined, null, { timeout: 180_000 });
      const info = await page.evaluate(() => {
        const v = window.__viewer;
        if (!v) return { error: String(window.__viewerError) };
        return {
          error: null,
          load: v.timings.fetchAndParse as number,
          first: v.timings.firstFrame as number,
          nodes: v.model.attrs.size as number,
          drawnNodes: v.display.order as number,
          drawnEdges: v.display.size as number,
          large: v.large as boolean,
        };
      });
      if (info.error || errors.length) throw new Error(`${name}: the viewer failed: ${info.error ?? errors.join("; ")}`);
      loads.push(info.load!);
      firsts.push(info.first!);
      row = {
        graph: name,
        fileMB: statSync(graphFile).size / 1e6,
        nodes: info.nodes!,
        drawnNodes: info.drawnNodes!,
        drawnEdges: info.drawnEdges!,
        plan: info.large ? "concepts first" : "whole graph",
      };
      if (run === runs - 1) {
        // Panning: a real drag (sigma's mouse captor, so hideEdgesOnMove applies as for a user).
        await page.evaluate(() => {
          const r = window.__viewer.renderer;
          const b = (window.__bench = { renders: 0, durations: [] as number[], start: 0 });
          let t = 0;
          r.on("beforeRender", () => (t = performance.now()));
          r.on("afterRender", () => {
            b.renders++;
            b.durations.push(performance.now() - t);
          });
        });
        const box = (await page.locator("#graph").boundingBox())!;
        const cx = box.x + box.width / 2;
        const cy = box.y + box.height / 2;
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        await page.evaluate(() => {
          window.__bench.renders = 0;
          window.__bench.durations = [];
          window.__bench.start = performance.now();
        });
        const t0 = Date.now();
        let i = 0;
        while (Date.now() - t0 < 3000) {
          i++;
          const a = (i / 40) * Math.PI;
          await page.mouse.move(cx + Math.cos(a) * 200, cy + Math.sin(a) * 120);
        }
        const pan = await page.evaluate(() => {
          const b = window.__bench;
          return { renders: b.renders as number, ms: performance.now() - b.start, durations: b.durations as number[] };
        });
        await page.mouse.up();
        panFps = (pan.renders / pan.ms) * 1000;
        renderMs = median(pan.durations);
        if (screenshot) {
          await page.goto(server.url); // fresh view for the picture
          await page.waitForFunction(() => window.__viewerReady === true, null, { timeout: 180_000 });
          const top = await page.evaluate(() => {
            const v = window.__viewer;
            const c = [...v.model.attrs.entries()]
              .filter(([, a]: [string, any]) => a.kind === "concept")
              .sort((x: [string, any], y: [string, any]) => y[1].paperCount - x[1].paperCount)[0];
            return c ? (c[0] as string) : null;
          });
          if (top) {
            // A paper of the best-attested concept: the panel shows its highlighted abstract.
            await page.evaluate((k: string) => {
              const v = window.__viewer;
              const paper = v.model.papersOf(k).find((p: string) => v.display.hasNode(p)) ?? k;
              v.select(paper);
            }, top);
            await page.waitForTimeout(700);
            await page.evaluate(() => window.__viewer.renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }));
            await page.waitForTimeout(300);
          }
          const tmp = `${screenshot}.${process.pid}.tmp`;
          writeFileSync(tmp, await page.screenshot({ type: "png" }));
          renameSync(tmp, screenshot);
        }
      }
      await context.close();
    }
    return { ...row!, loadMs: median(loads), firstFrameMs: median(firsts), panFps, renderMs };
  } finally {
    await server.close();
  }
}

/** Runs the bench; returns one row per graph. */
export async function benchViewer(opts: ViewerBenchOptions = {}): Promise<ViewerBenchRow[]> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: the viewer bench needs Debian's chromium (apt-get install chromium)`);
  const tmp = mkdtempSync(join(tmpdir(), "papergraph-bench-viewer-"));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    let bundled = opts.bundled ?? join(ROOT, "output", "graph.json");
    if (!existsSync(bundled)) {
      log(`bench/viewer: ${bundled} missing; building the bundled corpus into ${tmp}/bundled`);
      execFileSync(process.execPath, [join(ROOT, "bin", "papergraph.js"), "build", "--out", join(tmp, "bundled")], { stdio: ["ignore", "ignore", "inherit"] });
      bundled = join(tmp, "bundled", "graph.json");
    }
    let large = opts.large;
    let largeName = "80k-paper build";
    if (!large && !opts.bundledOnly) {
      large = join(tmp, "large.json");
      log("bench/viewer: generating a synthetic 80,000-paper / 15,000-concept graph.json");
      writeSyntheticGraph(large, { papers: 80_000, concepts: 15_000, communities: 40, seed: 80 });
      largeName = "synthetic 80k papers / 15k concepts";
    }
    const runs = opts.runs ?? 3;
    const rows: ViewerBenchRow[] = [];
    log("bench/viewer: bundled graph");
    rows.push(await measure(browser, "bundled corpus (data/)", bundled, runs, opts.screenshot));
    if (!opts.bundledOnly) {
      log(`bench/viewer: ${largeName}`);
      rows.push(await measure(browser, largeName, large!, runs));
    }
    return rows;
  } finally {
    await browser.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The markdown table of the rows. */
export function formatViewerTable(rows: ViewerBenchRow[]): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const lines = [
    "| graph | graph.json | nodes (drawn / total) | edges drawn | plan | fetch + parse | first frame | pan fps | sigma JS / frame |",
    "|---|---:|---:|---:|---|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.graph} | ${r.fileMB.toFixed(1)} MB | ${n(r.drawnNodes)} / ${n(r.nodes)} | ${n(r.drawnEdges)} | ${r.plan} | ${Math.round(r.loadMs)} ms | ${Math.round(r.firstFrameMs)} ms | ${r.panFps.toFixed(1)} | ${r.renderMs.toFixed(1)} ms |`,
    );
  }
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const screenshot = value("--screenshot");
  const rows = await benchViewer({
    bundled: value("--bundled"),
    large: value("--large"),
    runs: value("--runs") ? Number(value("--runs")) : undefined,
    screenshot: screenshot ? resolve(screenshot) : undefined,
    bundledOnly: args.includes("--bundled-only"),
  });
  const version = execFileSync(CHROMIUM, ["--version"], { encoding: "utf8" }).trim();
  process.stdout.write(`### Viewer (headless ${version}, SwiftShader WebGL, ${cpus().length} cores, 1400×900)\n\n${formatViewerTable(rows)}\n`);
  if (screenshot) process.stderr.write(`bench/viewer: screenshot → ${screenshot}\n`);
  void dirname;
}
