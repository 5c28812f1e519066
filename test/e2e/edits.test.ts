/**
 * Concept edits, end to end
 * =========================
 *
 * A tiny corpus (written here) built with the CLI; the built viewer served over it by
 * `startServer` and driven with playwright-core in Debian's headless Chromium: a concept is merged
 * into another and one is marked not a concept from their details, a refused edit says why, the
 * pending list survives a reload, and the downloaded lexicon.tsv parses with the build's
 * `parseUserLexicon`. Then the CLI builds the corpus again with that file: the merged concept is
 * gone and its papers are the target's, the dropped one is gone, nothing else changed. Skipped
 * where /usr/bin/chromium is absent.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Graph from "graphology";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseUserLexicon } from "../../src/extract/lexicon.ts";
import { ensureViewerBuilt, startServer, type RunningServer } from "../../src/serve/index.ts";
import { run } from "../helpers/cli.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "../helpers/chromium.ts";

// Callbacks passed to page.evaluate run in the page; these names exist there, not in Node.
declare const window: any;
declare const localStorage: any;


// Synthetic abstracts. FooNet and BarNet never share a paper, so merging FooNet into BarNet
// visibly gives BarNet a paper more; LLaMA-2 (alias "Llama2") is the concept said not to be one.
const PAPERS = [
  { id: "e1", title: "Instruction tuning of Llama2", abstract: "We fine-tune Llama2 with LoRA on the Alpaca dataset and report accuracy on MMLU." },
  { id: "e2", title: "How far does LLaMA-2 reason?", abstract: "We evaluate LLaMA-2 on MMLU and GSM8K and report accuracy." },
  { id: "e3", title: "Quantizing FooNet", abstract: "We quantize FooNet with AWQ on ImageNet using top-1 accuracy." },
  { id: "e4", title: "BarNet for vision", abstract: "BarNet is trained on ImageNet and evaluated with top-1 accuracy." },
].map((p, i) => ({ ...p, date: `2024-0${i + 1}-10`, authors: ["A. Author"] }));

/** The built graph at `file`: concept keys, and each concept's papers (sorted). */
function concepts(file: string): Map<string, string[]> {
  const graph = Graph.from(JSON.parse(readFileSync(file, "utf8")));
  const out = new Map<string, string[]>();
  graph.forEachNode((key, a) => {
    if (a["kind"] === "concept") out.set(key, graph.neighbors(key).filter((n) => graph.getNodeAttribute(n, "kind") === "paper").sort());
  });
  return out;
}

describe.skipIf(!existsSync(CHROMIUM))("concept edits in Chromium, then a build", () => {
  const dir = mkdtempSync(join(tmpdir(), "papergraph-edits-"));
  let server: RunningServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    writeFileSync(join(dir, "papers.jsonl"), PAPERS.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const before = await run(["build", "papers.jsonl", "--out", "before", "--no-viewer", "--no-cache"], dir);
    expect(before.code, before.stderr).toBe(0);
    const root = await ensureViewerBuilt();
    server = await startServer({ root, graphFile: join(dir, "before", "graph.json"), port: 0, log: () => {} });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ready = (page: Page) => page.waitForFunction(() => window.__viewerReady === true || window.__viewerError !== undefined, null, { timeout: 20_000 });
  const pending = (page: Page) => page.locator("#edits li .what").allTextContents();

  it("merges and drops concepts by hand, keeps the edits over a reload, and the downloaded lexicon rebuilds the graph with them", async () => {
    const built = concepts(join(dir, "before", "graph.json"));
    expect(built.get("model:foonet")).toEqual(["paper:e3"]);
    expect(built.get("model:barnet")).toEqual(["paper:e4"]);
    expect(built.has("model:llama-2")).toBe(true);

    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await ready(page);
    expect(await page.locator("#edits-empty").isVisible()).toBe(true);

    // Merge: open FooNet through search, pick BarNet among the concept suggestions.
    await page.locator("#search").fill("FooNet");
    await page.locator("#suggestions li").first().waitFor();
    await page.keyboard.press("Enter");
    expect(await page.locator("#details-title").textContent()).toBe("FooNet");
    await page.locator("#edit-merge").click();
    await page.locator("#merge-target").fill("net");
    const offered = await page.locator("#merge-suggestions li").evaluateAll((lis: any[]) => lis.map((li) => li.dataset.key));
    expect(offered).toContain("model:barnet");
    expect(offered).not.toContain("model:foonet"); // not itself
    expect(offered.every((k: string) => !k.startsWith("paper:"))).toBe(true); // concepts only
    await page.locator('#merge-suggestions li[data-key="model:barnet"]').click();
    await page.locator("#merge-ok").click();
    expect(await pending(page)).toEqual(["Merge ‘FooNet’ into ‘BarNet’"]);
    expect(await page.locator("#details-edit").textContent()).toContain("Pending: Merge ‘FooNet’ into ‘BarNet’");

    // A refused edit says why and adds nothing.
    await page.locator("#edit-rename").click();
    expect(await page.locator("#rename-type").inputValue()).toBe("model");
    await page.locator("#rename-name").fill(" \t ");
    await page.locator("#rename-ok").click();
    expect(await page.locator("#details-edit .edit-error").textContent()).toBe("Not added: the new name is empty.");
    expect(await pending(page)).toHaveLength(1);

    // Not a concept: LLaMA-2, found by its alias.
    await page.locator("#search").fill("llama2");
    await page.locator('#suggestions li[data-key="model:llama-2"]').click();
    await page.locator("#edit-stop").click();
    expect(await pending(page)).toEqual(["Merge ‘FooNet’ into ‘BarNet’", "‘LLaMA-2’ is not a concept"]);

    // Kept over a reload (the URL still selects LLaMA-2, whose details say what is pending).
    await page.waitForURL(/sel=model%3Allama-2/);
    await page.reload();
    await ready(page);
    expect(await pending(page)).toEqual(["Merge ‘FooNet’ into ‘BarNet’", "‘LLaMA-2’ is not a concept"]);
    expect(await page.locator("#details-edit").textContent()).toContain("Pending: ‘LLaMA-2’ is not a concept");
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(["papergraph:edits"]);
    // an edit removed is gone
    await page.evaluate(() => window.__viewer.select("method:awq"));
    await page.locator("#edit-stop").click();
    expect(await pending(page)).toHaveLength(3);
    await page.locator('#edits li button[aria-label="Remove: ‘AWQ’ is not a concept"]').click();
    expect(await pending(page)).toHaveLength(2);

    // The download parses with the build's own parser, to what the edits meant.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#edits-download").click()]);
    expect(download.suggestedFilename()).toBe("lexicon.tsv");
    const file = join(dir, "lexicon.tsv");
    await download.saveAs(file);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^# .*\n(# .*\n)*/);
    expect(text).toMatch(/data\/lexicon\.tsv/);
    expect(parseUserLexicon(text, file)).toEqual({ aliases: [{ alias: "FooNet", canonical: "BarNet", type: "model" }], stops: ["LLaMA-2", "Llama2"] });
    // this graph was not built with them
    expect(await page.locator("#edits li .done").count()).toBe(0);
    const stored = await page.evaluate(() => localStorage.getItem("papergraph:edits"));
    await page.close();

    // The next build applies them: FooNet's papers are BarNet's, LLaMA-2 is gone, the rest is as it was.
    const after = await run(["build", "papers.jsonl", "--lexicon", "lexicon.tsv", "--out", "after", "--no-viewer", "--no-cache"], dir);
    expect(after.code, after.stderr).toBe(0);
    const rebuilt = concepts(join(dir, "after", "graph.json"));
    expect(rebuilt.has("model:foonet")).toBe(false);
    expect(rebuilt.get("model:barnet")).toEqual(["paper:e3", "paper:e4"]);
    expect(rebuilt.has("model:llama-2")).toBe(false);
    const others = (m: Map<string, string[]>) => Object.fromEntries([...m].filter(([k]) => !["model:foonet", "model:barnet", "model:llama-2"].includes(k)));
    expect(others(rebuilt)).toEqual(others(built));

    // The viewer over the rebuilt graph, with the same pending edits, says both are in it.
    const afterServer = await startServer({ root: await ensureViewerBuilt(), graphFile: join(dir, "after", "graph.json"), port: 0, log: () => {} });
    try {
      const next = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      next.on("pageerror", (e) => pageErrors.push(e.message));
      await next.goto(afterServer.url);
      await ready(next);
      await next.evaluate((value: string) => localStorage.setItem("papergraph:edits", value), stored!);
      await next.reload();
      await ready(next);
      expect(await pending(next)).toEqual(["Merge ‘FooNet’ into ‘BarNet’", "‘LLaMA-2’ is not a concept"]);
      expect(await next.locator("#edits li .done").allTextContents()).toEqual(["✓ in this graph", "✓ in this graph"]);
      await next.close();
    } finally {
      await afterServer.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
