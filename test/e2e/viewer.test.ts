/**
 * Viewer in Chromium
 * ==================
 *
 * The built viewer, served by `startServer` over a synthetic graph (`test/fixtures/viewer`), driven
 * with playwright-core in Debian's headless Chromium (one browser for the file): the map draws
 * (pixels decoded in the page), search selects and centres, hover fades, details show the
 * highlighted abstract, filters change the shown count, the URL restores a view in a new page, a
 * hostile title is text and runs nothing, errors are shown in the page, exports (PNG, SVG, GEXF) work, and no page
 * errors happen. Skipped where /usr/bin/chromium is absent.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { related } from "../../src/query/index.ts";
import { loadGraph } from "../../src/query/load.ts";
import { ensureViewerBuilt, startServer, type RunningServer } from "../../src/serve/index.ts";
import { fadeColor } from "../../viewer/src/logic/palette.ts";
import { HOSTILE_TITLE, writeSyntheticGraph, type SyntheticGraph } from "../fixtures/viewer/synthetic.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "../helpers/chromium.ts";

// Callbacks passed to page.evaluate run in the page; these names exist there, not in Node.
declare const window: any;
declare const document: any;
declare const Image: any;
declare const location: any;
declare function getComputedStyle(el: any): any;


describe.skipIf(!existsSync(CHROMIUM))("viewer in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "papergraph-e2e-"));
  let graph: SyntheticGraph;
  let server: RunningServer;
  let missing: RunningServer;
  let wrongVersion: RunningServer;
  let indented: RunningServer;
  let cutShort: RunningServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const root = await ensureViewerBuilt();
    graph = writeSyntheticGraph(join(dir, "graph.json"), { papers: 60, concepts: 40, communities: 4, seed: 7 });
    writeFileSync(join(dir, "v2.json"), JSON.stringify({ ...graph, attributes: { ...graph.attributes, schemaVersion: 2 } }));
    const quiet = () => {};
    server = await startServer({ root, graphFile: join(dir, "graph.json"), port: 0, log: quiet });
    missing = await startServer({ root, graphFile: join(dir, "absent.json"), port: 0, log: quiet });
    wrongVersion = await startServer({ root, graphFile: join(dir, "v2.json"), port: 0, log: quiet });
    // graph.json as another tool may write it (read whole, not as it arrives), and one cut short
    writeFileSync(join(dir, "indented.json"), JSON.stringify(graph, null, 1));
    writeFileSync(join(dir, "cut.json"), readFileSync(join(dir, "graph.json"), "utf8").slice(0, -100));
    indented = await startServer({ root, graphFile: join(dir, "indented.json"), port: 0, log: quiet });
    cutShort = await startServer({ root, graphFile: join(dir, "cut.json"), port: 0, log: quiet });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.close(), missing?.close(), wrongVersion?.close(), indented?.close(), cutShort?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the viewer and waits for its first drawn frame; page errors are collected. */
  async function open(query = "", base = server.url): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on("pageerror", (e) => pageErrors.push(`${query}: ${e.message}`));
    await page.goto(`${base}${query}`);
    await page.waitForFunction(() => window.__viewerReady === true || window.__viewerError !== undefined, null, { timeout: 20_000 });
    return page;
  }
  const count = (page: Page) => page.locator("#count").textContent();
  const selected = (page: Page) => page.evaluate(() => window.__viewer.state.selected as string | null);

  it("draws the map (inked pixels, decoded in the page)", async () => {
    const page = await open();
    const png = (await page.locator("#graph").screenshot()).toString("base64");
    const inked = await page.evaluate(async (b64: string) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      const [r0, g0, b0] = [data[0], data[1], data[2]]; // background at the corner
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 60) n++;
      }
      return n / (data.length / 4);
    }, png);
    expect(inked).toBeGreaterThan(0.01);
    expect(await count(page)).toBe("100 of 100 nodes");
    // Community names at their centres, as text.
    const labels = await page.locator(".cluster-label:not([hidden])").allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    await page.close();
  });

  it("search suggests as you type, and choosing centres the camera and selects", async () => {
    const page = await open();
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search");
    await page.keyboard.type("low-rank");
    await page.locator("#suggestions li").first().waitFor();
    expect(await page.locator("#suggestions li .label").first().textContent()).toBe("LoRA"); // found by alias
    await page.keyboard.press("Enter");
    expect(await selected(page)).toBe("method:lora");
    expect(await page.locator("#details-title").textContent()).toBe("LoRA");
    await page.waitForFunction(() => !window.__viewer.renderer.getCamera().isAnimated()); // centring is animated
    const { cam, node } = await page.evaluate(() => ({
      cam: window.__viewer.renderer.getCamera().getState(),
      node: window.__viewer.renderer.getNodeDisplayData("method:lora"),
    }));
    expect(cam.x).toBeCloseTo(node.x, 3);
    expect(cam.y).toBeCloseTo(node.y, 3);
    expect(cam.ratio).toBeLessThanOrEqual(0.35 + 1e-9);
    // Papers newest first and co-occurring concepts are listed.
    const dates = await page.locator("#details-papers .date").allTextContents();
    expect(dates.length).toBeGreaterThan(0);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(await page.locator("#details-cooccurring li").count()).toBeGreaterThan(0);
    // "Most associated" is the library's related(), the answer `papergraph query related` gives.
    const expected = related(loadGraph(join(dir, "graph.json")), "method:lora", { limit: 8 }).map((r) => r.label);
    expect(expected.length).toBeGreaterThan(0);
    expect(await page.locator("#details-related li button").allTextContents()).toEqual(expected);
    // Esc clears the selection.
    await page.locator("#graph").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Escape");
    expect(await selected(page)).toBeNull();
    expect(await page.locator("#details").isHidden()).toBe(true);
    await page.close();
  });

  it("hover fades everything but the node and its neighbours", async () => {
    const page = await open();
    const target = "method:lora";
    const info = await page.evaluate((key: string) => {
      const v = window.__viewer;
      const neighbours = new Set(v.display.neighbors(key));
      const other = v.display.nodes().find((n: string) => n !== key && !neighbours.has(n));
      return { at: v.viewportOf(key), other, neighbour: [...neighbours][0] };
    }, target);
    await page.mouse.move(info.at.x, info.at.y);
    await page.waitForFunction(() => window.__viewer.state.hovered !== null);
    const hovered = await page.evaluate(() => window.__viewer.state.hovered as string);
    const colors = await page.evaluate(
      ({ hovered, other }: { hovered: string; other: string }) => {
        const r = window.__viewer.renderer;
        const neighbours = window.__viewer.display.neighbors(hovered);
        const stranger = window.__viewer.display.nodes().find((n: string) => n !== hovered && !neighbours.includes(n)) ?? other;
        return {
          self: r.getNodeDisplayData(hovered).color,
          selfOwn: window.__viewer.display.getNodeAttribute(hovered, "color"),
          neighbour: r.getNodeDisplayData(neighbours[0]).color,
          neighbourOwn: window.__viewer.display.getNodeAttribute(neighbours[0], "color"),
          stranger: r.getNodeDisplayData(stranger).color,
          strangerOwn: window.__viewer.display.getNodeAttribute(stranger, "color"),
          strangerLabel: r.getNodeDisplayData(stranger).label,
        };
      },
      { hovered, other: info.other },
    );
    expect(colors.stranger).toBe(fadeColor(colors.strangerOwn));
    expect(colors.stranger).not.toBe(colors.strangerOwn);
    expect(colors.strangerLabel ?? "").toBe(""); // "" when faded, null for an unlabelled paper
    expect(colors.self).toBe(colors.selfOwn);
    expect(colors.neighbour).toBe(colors.neighbourOwn);
    await page.mouse.move(2, 790);
    await page.waitForFunction(() => window.__viewer.state.hovered === null);
    const after = await page.evaluate(
      (k: string) => [window.__viewer.renderer.getNodeDisplayData(k).color, window.__viewer.display.getNodeAttribute(k, "color")],
      info.other,
    );
    expect(after[0]).toBe(after[1]);
    await page.close();
  });

  it("details show the abstract with every mention highlighted; a mention selects its concept", async () => {
    const page = await open();
    const paper = graph.nodes.find((n) => n.attributes.kind === "paper" && n.key !== "paper:2400.00000")!;
    const a = paper.attributes as { abstract: string; mentions: Array<[string, string, number, number]> };
    await page.evaluate((k: string) => window.__viewer.select(k), paper.key);
    const marks = page.locator("#details-abstract mark.mention");
    const mentions = a.mentions.filter((m) => m[1] === "abstract");
    expect(await marks.count()).toBe(mentions.length);
    expect(await marks.allTextContents()).toEqual(mentions.map((m) => a.abstract.slice(m[2], m[3])));
    expect(await page.locator("#details-abstract").textContent()).toBe(a.abstract);
    const first = mentions[0]!;
    const bg = await marks.first().evaluate((m: any) => getComputedStyle(m).borderBottomColor);
    expect(bg).not.toBe("rgba(0, 0, 0, 0)");
    await marks.first().click();
    expect(await selected(page)).toBe(first[0]);
    await page.close();
  });

  it("filters change the shown count and hide nodes through the reducer", async () => {
    const page = await open();
    const total = graph.nodes.length;
    await page.locator('#types input[data-type="method"]').uncheck();
    const methods = graph.nodes.filter((n) => n.attributes.kind === "concept" && n.attributes.type === "method").length;
    expect(await count(page)).toBe(`${total - methods} of ${total} nodes`);
    expect(await page.evaluate(() => window.__viewer.renderer.getNodeDisplayData("method:lora").hidden)).toBe(true);
    expect(await page.evaluate(() => window.__viewer.display.hasNode("method:lora"))).toBe(true); // hidden, not removed
    await page.locator('#legend input[data-community="0"]').uncheck();
    const inZero = graph.nodes.filter((n) => n.attributes.community === 0 && !(n.attributes.kind === "concept" && n.attributes.type === "method")).length;
    expect(await count(page)).toBe(`${total - methods - inZero} of ${total} nodes`);
    await page.locator("#year-min").fill("2024");
    await page.locator("#year-min").dispatchEvent("change");
    const shown = await page.evaluate(() => window.__viewer.shownCount());
    const expected = graph.nodes.filter((n) => {
      const at = n.attributes;
      if (at.community === 0) return false;
      if (at.kind === "concept") return at.type !== "method";
      return at.year >= 2024;
    }).length;
    expect(shown).toBe(expected);
    // The GEXF export holds exactly the visible nodes.
    const gexf = await page.evaluate(() => window.__viewer.visibleGexf() as string);
    expect(gexf.match(/<node /g)?.length).toBe(expected);
    await page.locator("#reset-filters").click();
    expect(await count(page)).toBe(`${total} of ${total} nodes`);
    await page.close();
  });

  it("the URL restores selection, filters and camera in a new page", async () => {
    const page = await open();
    await page.evaluate(() => window.__viewer.select("dataset:imagenet"));
    await page.locator('#types input[data-type="metric"]').uncheck();
    await page.locator("#min-papers").fill("2");
    await page.locator("#min-papers").dispatchEvent("change");
    await page.waitForFunction(() => !window.__viewer.renderer.getCamera().isAnimated()); // selecting centres, animated
    await page.evaluate(() => window.__viewer.renderer.getCamera().setState({ x: 0.3, y: 0.6, ratio: 0.5, angle: 0 }));
    await page.waitForFunction(() => location.search.includes("cam=0.3,0.6,0.5,0"));
    const url = page.url();
    expect(url).toContain("sel=dataset%3Aimagenet");
    const before = { count: await count(page) };
    await page.close();
    const again = await open(url.slice(server.url.length));
    expect(await selected(again)).toBe("dataset:imagenet");
    expect(await again.locator("#details-title").textContent()).toBe("ImageNet");
    expect(await again.locator('#types input[data-type="metric"]').isChecked()).toBe(false);
    expect(await again.locator("#min-papers").inputValue()).toBe("2");
    expect(await count(again)).toBe(before.count);
    const cam = await again.evaluate(() => window.__viewer.renderer.getCamera().getState());
    expect([cam.x, cam.y, cam.ratio]).toEqual([0.3, 0.6, 0.5]);
    await again.close();
  });

  it("says when nothing matches, and arrow keys move through suggestions", async () => {
    const page = await open();
    await page.locator("#search").fill("zzzqqq");
    await page.locator("#suggestions li.empty").waitFor();
    expect(await page.locator("#suggestions li.empty").textContent()).toBe("No paper or concept matches “zzzqqq”");
    await page.locator("#search").fill("bert");
    await page.locator('#suggestions li[aria-selected="true"]').waitFor();
    const labels = await page.locator("#suggestions li .label").allTextContents();
    expect(labels.length).toBeGreaterThan(1);
    await page.keyboard.press("ArrowDown");
    expect(await page.locator('#suggestions li[aria-selected="true"] .label').textContent()).toBe(labels[1]);
    await page.keyboard.press("Enter");
    const key = await selected(page);
    expect(key).not.toBeNull();
    expect(await page.locator("#details-title").textContent()).toBe(labels[1]);
    await page.close();
  });

  it("shows a hostile title as text and runs nothing", async () => {
    const page = await open();
    await page.locator("#search").fill("img src");
    await page.locator("#suggestions li").first().waitFor();
    expect(await page.locator("#suggestions li .label").first().textContent()).toBe(HOSTILE_TITLE);
    await page.keyboard.press("Enter");
    expect(await page.locator("#details-title").textContent()).toBe(HOSTILE_TITLE);
    expect(await page.locator("#details img, #suggestions img, #legend i, #clusters i").count()).toBe(0);
    expect(await page.locator("#legend").textContent()).toContain("<i>Vision</i> & friends");
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    await page.close();
  });

  it("says in the page when graph.json is missing or has another schema version", async () => {
    const a = await open("", missing.url);
    expect(await a.locator("#status").textContent()).toMatch(/absent\.json does not exist; run `papergraph build` first/);
    await a.close();
    const b = await open("", wrongVersion.url);
    expect(await b.locator("#status").textContent()).toMatch(/schemaVersion 2; this viewer reads version 1/);
    await b.close();
  });

  it("reads a graph.json of another layout whole, and says when one is cut short", async () => {
    const drawn = await open();
    const whole = await count(drawn);
    await drawn.close();
    const a = await open("", indented.url);
    expect(await a.evaluate(() => window.__viewerReady)).toBe(true);
    expect(await count(a)).toBe(whole);
    await a.close();
    const b = await open("", cutShort.url);
    expect(await b.locator("#status").textContent()).toMatch(/graph\.json is not valid JSON/);
    await b.close();
  });

  it("on the concepts-first plan, draws a selected concept's papers on demand", async () => {
    // Cap 10: the ten concepts with most papers are drawn up front, the rest on demand.
    const page = await open("?plan=concepts&cap=10");
    const concepts = graph.nodes.filter((n) => n.attributes.kind === "concept").length;
    expect(await count(page)).toBe(`10 of ${graph.nodes.length} nodes`);
    expect(await page.locator("#note").textContent()).toMatch(new RegExp(`not drawn: ${concepts - 10} of ${concepts} concepts, 60 of 60 papers`));
    const lora = "method:lora";
    const loraDrawn = await page.evaluate((k: string) => window.__viewer.display.hasNode(k), lora);
    await page.evaluate((k: string) => window.__viewer.select(k), lora);
    const papers = graph.edges.filter((e) => e.target === lora && e.attributes.relation === "mention").length;
    expect(await count(page)).toBe(`${10 + papers + (loraDrawn ? 0 : 1)} of ${graph.nodes.length} nodes`);
    expect(await page.locator("#note").textContent()).toMatch(new RegExp(`${60 - papers} of 60 papers`));
    expect(await page.evaluate((k: string) => window.__viewer.display.degree(k), lora)).toBeGreaterThanOrEqual(papers);
    // Choosing a concept that is not drawn up front draws it.
    const undrawn = await page.evaluate(() => [...window.__viewer.model.attrs.keys()].find((k: string) => k.includes(":") && !k.startsWith("paper:") && !window.__viewer.display.hasNode(k)));
    await page.evaluate((k: string) => window.__viewer.select(k), undrawn);
    expect(await page.evaluate((k: string) => window.__viewer.display.hasNode(k), undrawn)).toBe(true);
    await page.close();
  });

  it("exports a PNG at the chosen scale", async () => {
    const page = await open();
    await page.locator("#png-scale").selectOption("2");
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-png").click()]);
    const file = join(dir, "export.png");
    await download.saveAs(file);
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    const graphBox = await page.locator("#graph").boundingBox();
    // IHDR width at bytes 16..20: twice the map's CSS width (times the device pixel ratio, 1 here).
    expect(png.readUInt32BE(16)).toBe(Math.round(graphBox!.width) * 2);
    await page.close();
  });

  it("exports an SVG of the view: the discs, labels and community names on screen, text escaped", async () => {
    const page = await open();
    // the hostile paper selected, so its title is a label sigma draws
    const hostile = graph.nodes.find((n) => n.attributes.kind === "paper" && n.attributes.title === HOSTILE_TITLE)!.key;
    await page.evaluate((k: string) => window.__viewer.select(k), hostile);
    // the camera still: counted below as the SVG was made
    await page.waitForFunction((k: string) => !window.__viewer.renderer.getCamera().isAnimated() && window.__viewer.renderer.getNodeDisplayedLabels().has(k), hostile);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-svg").click()]);
    const file = join(dir, "view.svg");
    await download.saveAs(file);
    const svg = readFileSync(file, "utf8");
    // what the page shows, counted from sigma's own state
    const shown = await page.evaluate(() => {
      const r = window.__viewer.renderer;
      const { width, height } = r.getDimensions();
      let discs = 0;
      window.__viewer.display.forEachNode((k: string) => {
        const d = r.getNodeDisplayData(k);
        if (!d || d.hidden) return;
        const p = r.framedGraphToViewport(d);
        const s = r.scaleSize(d.size);
        if (p.x + s >= 0 && p.y + s >= 0 && p.x - s <= width && p.y - s <= height) discs++;
      });
      // sigma lists a node among its drawn labels even when it had none to draw
      const labels = [...r.getNodeDisplayedLabels()].filter((k) => r.getNodeDisplayData(k)?.label).length;
      return { width, height, discs, labels, tags: document.querySelectorAll("#clusters .cluster-label:not([hidden])").length };
    });
    expect(shown.discs).toBeGreaterThan(0);
    expect(svg.match(/<circle /g)?.length).toBe(shown.discs);
    expect(svg.match(/<text /g)?.length).toBe(shown.labels + shown.tags);
    expect(svg).toContain(`viewBox="0 0 ${shown.width} ${shown.height}"`);
    expect(svg).toContain(">&lt;img src=x onerror=window.__xss=1&gt;</text>");
    expect(svg).not.toMatch(/<img|<i>/);
    // and the browser reads it as SVG
    const parsed = await page.evaluate((text: string) => {
      const doc = new window.DOMParser().parseFromString(text, "image/svg+xml");
      return { root: doc.documentElement.nodeName, errors: doc.getElementsByTagName("parsererror").length };
    }, svg);
    expect(parsed).toEqual({ root: "svg", errors: 0 });
    await page.close();
  });

  it("had no page errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
