/**
 * Viewer logic (Node)
 * ===================
 *
 * The sigma-free parts of the viewer: search ranking, URL state round trip, filters, mention
 * highlighting, the GEXF and SVG writers, co-occurrence, the graph.json check and the model's draw plan.
 * The browser side is in `test/e2e/viewer.test.ts`.
 */
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { conceptBackbone, topCooccurring } from "../viewer/src/logic/cooccur.ts";
import { compileFilters, defaultFilters, edgePasses, isDefaultFilters, nodePasses, shownCountText, type Filters } from "../viewer/src/logic/filters.ts";
import { escapeXml, parseColor, toGexf } from "../viewer/src/logic/gexf.ts";
import { segments, type MentionTuple } from "../viewer/src/logic/highlight.ts";
import { buildModel, communityCentres, conceptsToDraw, placeLabels, searchEntries } from "../viewer/src/logic/model.ts";
import { fadeColor } from "../viewer/src/logic/palette.ts";
import { checkGraphJson } from "../viewer/src/logic/schema.ts";
import { buildSearchIndex, normalize, search, type SearchEntry } from "../viewer/src/logic/search.ts";
import { safeColor, toSvg, type SvgView } from "../viewer/src/logic/svg.ts";
import { decodeViewState, encodeViewState, type ViewState } from "../viewer/src/logic/urlState.ts";
import { HOSTILE_TITLE, makeSyntheticGraph } from "./fixtures/viewer/synthetic.ts";

const entry = (key: string, label: string, weight = 1, aliases: string[] = [], kind: "paper" | "concept" = "concept"): SearchEntry => ({
  key,
  label,
  aliases,
  kind,
  type: kind === "paper" ? "paper" : "method",
  weight,
});

describe("search", () => {
  const index = buildSearchIndex([
    entry("model:roberta", "RoBERTa", 50),
    entry("model:bert", "BERT", 10),
    entry("paper:1", "BERT for everyone", 0, [], "paper"),
    entry("paper:2", "Distilling bert models", 0, [], "paper"),
    entry("method:lora", "LoRA", 30, ["Low-Rank Adaptation"]),
    entry("method:qlora", "QLoRA", 5),
    entry("model:resnet-50", "ResNet-50", 3),
    entry("dataset:imagenet", "ImageNet", 40, ["ILSVRC"]),
    entry("task:qa", "question answering", 8, ["QA"]),
    entry("dataset:crepe", "Crêpe", 1),
  ]);
  const keys = (q: string, n = 10) => search(index, q, n).map((h) => h.entry.key);

  it.each([
    // [query, expected keys in order (prefix of the result)]
    ["bert", ["model:bert", "paper:1", "paper:2", "model:roberta"]],
    ["BERT", ["model:bert", "paper:1", "paper:2", "model:roberta"]],
    ["lora", ["method:lora", "method:qlora"]],
    ["low rank", ["method:lora"]],
    ["ilsvrc", ["dataset:imagenet"]],
    ["resnet50", ["model:resnet-50"]],
    ["resnet 50", ["model:resnet-50"]],
    ["RESNET-50", ["model:resnet-50"]],
    ["crepe", ["dataset:crepe"]],
    ["qa", ["task:qa"]],
    ["answering", ["task:qa"]],
  ])("%s → %j", (q, expected) => {
    expect(keys(q).slice(0, expected.length)).toEqual(expected);
  });

  it("gives nothing for an empty or punctuation-only query, and nothing that does not match", () => {
    expect(keys("")).toEqual([]);
    expect(keys("  -- ")).toEqual([]);
    expect(keys("zzzz")).toEqual([]);
  });

  it("reports the alias that matched and respects the limit", () => {
    expect(search(index, "ilsvrc")[0]?.alias).toBe("ILSVRC");
    expect(search(index, "bert")[0]?.alias).toBeUndefined();
    expect(search(index, "e", 3)).toHaveLength(3);
  });

  it("breaks ties by weight: the concept with more papers first", () => {
    const i = buildSearchIndex([entry("a", "Vision Transformer", 2), entry("b", "Vision Mamba", 9)]);
    expect(search(i, "vision").map((h) => h.entry.key)).toEqual(["b", "a"]);
  });

  it.each([
    ["  ImageNet-1K (ILSVRC) ", "imagenet 1k ilsvrc"],
    ["Crêpe", "crepe"],
    ["GPT-4o", "gpt 4o"],
    ["<img src=x>", "img src x"],
  ])("normalize(%j) = %j", (input, out) => expect(normalize(input)).toBe(out));
});

describe("URL state", () => {
  const base: ViewState = { selected: null, filters: defaultFilters(), camera: null };

  it("leaves defaults out and keeps other parameters", () => {
    expect(encodeViewState(base, "?graph=g.json")).toBe("graph=g.json");
    expect(encodeViewState({ ...base, selected: "dataset:imagenet" }, "graph=g.json")).toBe("graph=g.json&sel=dataset%3Aimagenet");
  });

  it.each<[string, Partial<Filters>, ViewState["camera"], string | null]>([
    ["types", { types: ["method", "dataset"] }, null, null],
    ["no types at all", { types: [] }, null, null],
    ["communities", { hiddenCommunities: [4, 1, 12] }, null, "paper:2401.00001"],
    ["year range", { yearMin: 2020, yearMax: 2023 }, null, null],
    ["open year range", { yearMin: 2021 }, null, null],
    ["minimums", { minPapers: 3, minWeight: 2 }, null, null],
    ["camera", {}, { x: 0.51234, y: 0.2, ratio: 0.125, angle: 0 }, "method:lora"],
  ])("round trips %s", (_name, filters, camera, selected) => {
    const state: ViewState = { selected, filters: { ...defaultFilters(), ...filters }, camera };
    const back = decodeViewState(encodeViewState(state, "graph=x.json"));
    expect(back.selected).toBe(selected);
    expect(back.camera).toEqual(camera);
    expect(back.filters.types).toEqual(state.filters.types);
    expect(back.filters.hiddenCommunities).toEqual([...state.filters.hiddenCommunities].sort((a, b) => a - b));
    expect([back.filters.yearMin, back.filters.yearMax, back.filters.minPapers, back.filters.minWeight]).toEqual([
      state.filters.yearMin,
      state.filters.yearMax,
      state.filters.minPapers,
      state.filters.minWeight,
    ]);
  });

  it.each([
    ["types=bogus,method", { types: ["method"] }],
    ["hide=1,x,<script>,2", { hiddenCommunities: [1, 2] }],
    ["years=2024-2020", { yearMin: null, yearMax: null }],
    ["years=twenty", { yearMin: null, yearMax: null }],
    ["mp=-4&mw=abc", { minPapers: 1, minWeight: 1 }],
    ["mp=0", { minPapers: 1 }],
  ])("falls back to defaults for garbage: %s", (query, expected) => {
    expect(decodeViewState(query).filters).toMatchObject(expected);
  });

  it("drops a camera that is not four finite numbers with a positive ratio", () => {
    for (const cam of ["1,2,3", "a,b,c,d", "0.5,0.5,0,0", "0.5,0.5,-1,0", "1,2,Infinity,0"]) {
      expect(decodeViewState(`cam=${cam}`).camera).toBeNull();
    }
  });

  it("round trips arbitrary views (property)", () => {
    const types = fc.subarray(["method", "dataset", "model", "task", "metric"] as const);
    fc.assert(
      fc.property(
        fc.option(fc.string({ minLength: 1 }), { nil: null }),
        types,
        fc.uniqueArray(fc.integer({ min: -1, max: 500 })),
        fc.option(fc.integer({ min: 1990, max: 2030 }), { nil: null }),
        fc.integer({ min: 1, max: 1000 }),
        (selected, t, hidden, year, mp) => {
          const state: ViewState = {
            selected,
            filters: { ...defaultFilters(), types: [...t], hiddenCommunities: hidden, yearMin: year, minPapers: mp },
            camera: null,
          };
          const back = decodeViewState(encodeViewState(state));
          expect(back.selected).toBe(selected);
          expect(back.filters.types).toEqual([...t]);
          expect(back.filters.hiddenCommunities).toEqual([...hidden].sort((a, b) => a - b));
          expect(back.filters.yearMin).toBe(year);
          expect(back.filters.minPapers).toBe(mp);
        },
      ),
    );
  });
});

describe("filters", () => {
  const concept = (type: string, community: number, paperCount: number) => ({ kind: "concept" as const, type, community, paperCount });
  const paper = (year: number, community = 0) => ({ kind: "paper" as const, community, year });
  const f = (over: Partial<Filters>) => compileFilters({ ...defaultFilters(), ...over });

  it.each([
    ["default shows a concept", concept("metric", 2, 1), {}, true],
    ["type off", concept("metric", 2, 1), { types: ["method"] }, false],
    ["type on", concept("method", 2, 1), { types: ["method"] }, true],
    ["community hidden", concept("method", 2, 5), { hiddenCommunities: [2] }, false],
    ["too few papers", concept("method", 0, 1), { minPapers: 2 }, false],
    ["enough papers", concept("method", 0, 2), { minPapers: 2 }, true],
    ["types do not hide papers", paper(2021), { types: [] }, true],
    ["year in range", paper(2021), { yearMin: 2020, yearMax: 2022 }, true],
    ["year below", paper(2019), { yearMin: 2020 }, false],
    ["year above", paper(2023), { yearMax: 2022 }, false],
    ["unknown year, no bound", paper(0), {}, true],
    ["unknown year, bound", paper(0), { yearMin: 2000 }, false],
    ["paper's community hidden", paper(2021, 3), { hiddenCommunities: [3] }, false],
  ] as const)("%s", (_name, node, over, expected) => {
    expect(nodePasses(node, f(over as Partial<Filters>))).toBe(expected);
  });

  it("edges need both ends and the minimum weight", () => {
    const c = f({ minWeight: 2 });
    expect(edgePasses(2, true, true, c)).toBe(true);
    expect(edgePasses(1, true, true, c)).toBe(false);
    expect(edgePasses(5, false, true, c)).toBe(false);
    expect(edgePasses(5, true, false, c)).toBe(false);
  });

  it("knows the defaults and formats the count", () => {
    expect(isDefaultFilters(defaultFilters())).toBe(true);
    expect(isDefaultFilters({ ...defaultFilters(), minWeight: 2 })).toBe(false);
    expect(shownCountText(1234, 5678)).toBe("1,234 of 5,678 nodes");
    expect(shownCountText(7, 1234567)).toBe("7 of 1,234,567 nodes");
  });
});

describe("mention highlighting", () => {
  const text = "We use LoRA on GLUE.";
  it.each<[string, MentionTuple[], string, Array<[string, string?]>]>([
    [
      "two mentions",
      [["method:lora", "abstract", 7, 11], ["dataset:glue", "abstract", 15, 19]],
      "abstract",
      [["We use "], ["LoRA", "method:lora"], [" on "], ["GLUE", "dataset:glue"], ["."]],
    ],
    ["other field ignored", [["method:lora", "title", 7, 11]], "abstract", [[text]]],
    ["overlap keeps the first, longer one", [["a", "abstract", 7, 19], ["b", "abstract", 15, 19]], "abstract", [["We use "], ["LoRA on GLUE", "a"], ["."]]],
    ["out of range and empty spans dropped", [["a", "abstract", 15, 99], ["b", "abstract", 5, 5], ["c", "abstract", -1, 2]], "abstract", [[text]]],
    ["unsorted input", [["b", "abstract", 15, 19], ["a", "abstract", 0, 2]], "abstract", [["We", "a"], [" use LoRA on "], ["GLUE", "b"], ["."]]],
    ["whole text", [["a", "abstract", 0, 20]], "abstract", [[text, "a"]]],
  ])("%s", (_name, mentions, field, expected) => {
    const got = segments(text, mentions, field);
    expect(got.map((s) => (s.concept ? [s.text, s.concept] : [s.text]))).toEqual(expected);
    expect(got.map((s) => s.text).join("")).toBe(text);
  });

  it("keeps UTF-16 offsets (emoji and accents)", () => {
    const t = "😀 Crêpe and BERT";
    expect(segments(t, [["model:bert", "abstract", 13, 17]], "abstract")).toEqual([{ text: "😀 Crêpe and " }, { text: "BERT", concept: "model:bert" }]);
  });

  it("tolerates a missing mentions array", () => {
    expect(segments("abc", undefined, "abstract")).toEqual([{ text: "abc" }]);
  });
});

describe("GEXF writer", () => {
  it("escapes markup and drops characters XML forbids", () => {
    expect(escapeXml(`<img src=x onerror="a">&'\u0001\u0008ok`)).toBe("&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&apos;ok");
  });

  it.each([
    ["#1f77b4", [31, 119, 180]],
    ["#abc", [170, 187, 204]],
    ["rgba(10, 20, 30, 0.5)", [10, 20, 30]],
    ["rgb(300,0,0)", [255, 0, 0]],
    ["teal", [153, 153, 153]],
  ] as const)("parseColor(%s)", (c, rgb) => expect(parseColor(c)).toEqual(rgb));

  it("writes nodes, typed attributes, viz and edges", () => {
    const xml = toGexf(
      [
        { key: "paper:1", label: HOSTILE_TITLE, x: 1.5, y: -2, size: 3, color: "#ff0000", attributes: { kind: "paper", year: 2024 } },
        { key: "method:lora", label: "LoRA", x: 0, y: 0, size: 8, color: "#00ff00", attributes: { kind: "concept", paperCount: 3 } },
      ],
      [{ key: "paper:1->method:lora", source: "paper:1", target: "method:lora", weight: 2, attributes: { relation: "mention" } }],
      [
        { id: "kind", type: "string" },
        { id: "year", type: "integer" },
        { id: "paperCount", type: "integer" },
      ],
      [{ id: "relation", type: "string" }],
    );
    expect(xml).toContain('<gexf xmlns="http://gexf.net/1.3"');
    expect(xml).toContain('label="&lt;img src=x onerror=window.__xss=1&gt;"');
    expect(xml).not.toContain("<img");
    expect(xml).toContain('<attribute id="year" title="year" type="integer"/>');
    expect(xml).toContain('<attvalue for="year" value="2024"/>');
    expect(xml).toContain('<viz:color r="255" g="0" b="0"/>');
    expect(xml).toContain('<viz:position x="1.5" y="-2" z="0"/>');
    expect(xml).toContain('<edge id="paper:1-&gt;method:lora" source="paper:1" target="method:lora" weight="2">');
    expect(xml).toContain('<attvalue for="relation" value="mention"/>');
    expect(xml.match(/<node /g)).toHaveLength(2);
  });
});

describe("SVG writer", () => {
  const LABELS = { size: 14, font: "system-ui, sans-serif", weight: "normal", color: "#000" };
  const view = (over: Partial<SvgView> = {}): SvgView => ({ width: 200, height: 100, background: "#fbfbfa", nodes: [], edges: [], labels: LABELS, ...over });
  const count = (svg: string, tag: string) => svg.match(new RegExp(`<${tag}[ >]`, "g"))?.length ?? 0;

  it.each([
    ["#1f77b4", "#1f77b4"],
    ["#ABC", "#ABC"],
    ["#11223344", "#11223344"],
    ["rgb(10, 20, 30)", "rgb(10, 20, 30)"],
    ["rgba(10,20,30,0.5)", "rgba(10,20,30,0.5)"],
    ["  #fff ", "#fff"],
    ["url(http://example.org/x)", "#999999"],
    ['#fff" onload="alert(1)', "#999999"],
    ["red", "#999999"],
    ["#12345", "#999999"],
    ["", "#999999"],
  ])("safeColor(%j) → %s", (c, out) => expect(safeColor(c)).toBe(out));

  it("draws edges under nodes, nodes by zIndex then order, a concept's ring, sigma's labels and the community names", () => {
    const svg = toSvg(
      view({
        nodes: [
          { x: 50, y: 50, size: 10, color: "#ff0000", border: { color: "#0000ff", ratio: 0.28 }, label: "LoRA", zIndex: 1 },
          { x: 20, y: 30, size: 4, color: "#00ff00", label: null, zIndex: 0 },
          { x: 30, y: 30, size: 4, color: "#00ffff", label: HOSTILE_TITLE, zIndex: 0 },
        ],
        edges: [{ x1: 20, y1: 30, x2: 50, y2: 50, color: "#c9c9c6", width: 1 }],
        tags: [{ x: 100, y: 20, width: 80, height: 18, text: "Fine-tuning & <adapters>", color: "#1f77b4", opacity: 0.35 }],
      }),
    );
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">');
    expect(svg.indexOf("<line")).toBeLessThan(svg.indexOf("<circle"));
    const circles = [...svg.matchAll(/<circle [^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    expect(circles).toEqual(["#00ff00", "#00ffff", "#ff0000"]);
    // the ring: a stroke 0.28 of the radius, centred half of it inside the disc's edge
    expect(svg).toContain('<circle cx="50" cy="50" r="8.6" fill="#ff0000" stroke="#0000ff" stroke-width="2.8"/>');
    expect(svg).toContain('<text x="63" y="54.67">LoRA</text>');
    expect(svg).toContain(`<text x="37" y="34.67">&lt;img src=x onerror=window.__xss=1&gt;</text>`);
    expect(count(svg, "text")).toBe(3); // two node labels (not the null one), one community name
    expect(svg).toContain('<svg x="60" y="11" width="80" height="18" opacity="0.35"><rect width="100%" height="100%" rx="3"');
    expect(svg).toContain('<text x="12" y="9" dominant-baseline="central"');
    expect(svg).toContain(">Fine-tuning &amp; &lt;adapters&gt;</text>");
    expect(svg).not.toContain("<img");
  });

  it("leaves out what lies wholly outside the view and what has no finite place", () => {
    const svg = toSvg(
      view({
        nodes: [
          { x: -20, y: 50, size: 10, color: "#f00" }, // wholly left of the view
          { x: -5, y: 50, size: 10, color: "#0f0" }, // overlaps its left edge
          { x: Number.NaN, y: 1, size: 3, color: "#00f" },
          { x: 1, y: Number.POSITIVE_INFINITY, size: 3, color: "#00f" },
          { x: 10, y: 10, size: 0, color: "#00f" },
        ],
        edges: [
          { x1: -50, y1: -50, x2: -10, y2: -10, color: "#000", width: 1 }, // outside
          { x1: -50, y1: 50, x2: 250, y2: 50, color: "#000", width: 1 }, // crosses the view
          { x1: 0, y1: Number.NaN, x2: 1, y2: 1, color: "#000", width: 1 },
        ],
      }),
    );
    expect(count(svg, "circle")).toBe(1);
    expect(svg).toContain('fill="#0f0"');
    expect(count(svg, "line")).toBe(1);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("is well-formed XML for any labels, fonts, colours and numbers", () => {
    const num = fc.oneof(fc.double({ min: -500, max: 500 }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0));
    const text = fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom(HOSTILE_TITLE, "]]>", "\u0000\u001f\ud800", "<script>alert(1)</script>"));
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: num, y: num, size: num, color: text, label: fc.option(text), zIndex: fc.integer({ min: -2, max: 2 }) }), { maxLength: 12 }),
        fc.array(fc.record({ x1: num, y1: num, x2: num, y2: num, color: text, width: num }), { maxLength: 8 }),
        fc.array(fc.record({ x: num, y: num, width: num, height: num, text, color: text, opacity: num }), { maxLength: 4 }),
        text,
        num,
        (nodes, edges, tags, font, size) => {
          const svg = toSvg(view({ nodes, edges, tags, width: 300, height: 200, labels: { ...LABELS, font, size, weight: font } }));
          expect(XMLValidator.validate(svg)).toBe(true);
          expect(svg).not.toMatch(/<script|<img|NaN|Infinity/);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("fadeColor", () => {
  it.each([
    ["#1f77b4", "#cbdeeb"],
    ["#000000", "#c4c4c3"],
    ["#fbfbfa", "#fbfbfa"],
    ["red", "#e8e8e6"],
  ])("%s → %s", (c, out) => expect(fadeColor(c)).toBe(out));
  it("fades all the way at 1 and not at all at 0", () => {
    expect(fadeColor("#123456", 1)).toBe("#fbfbfa");
    expect(fadeColor("#123456", 0)).toBe("#123456");
  });
});

describe("co-occurrence", () => {
  const papers: Record<string, string[]> = { p1: ["lora", "glue"], p2: ["lora", "glue", "mmlu"], p3: ["mmlu", "gsm8k"] };
  const byConcept = new Map<string, string[]>();
  for (const [p, cs] of Object.entries(papers)) for (const c of cs) byConcept.set(c, [...(byConcept.get(c) ?? []), p]);

  it("ranks partners by shared papers, then key", () => {
    const top = (c: string, k = 5) => topCooccurring(c, (x) => byConcept.get(x) ?? [], (p) => papers[p] ?? [], k);
    expect(top("lora")).toEqual([["glue", 2], ["mmlu", 1]]);
    expect(top("mmlu")).toEqual([["glue", 1], ["gsm8k", 1], ["lora", 1]]);
    expect(top("mmlu", 1)).toEqual([["glue", 1]]);
    expect(top("unknown")).toEqual([]);
  });

  it("keeps each concept's strongest links in the backbone", () => {
    expect(conceptBackbone([["a", "b"], ["a", "b"], ["a", "c"]], 1)).toEqual([
      ["a", "b", 2],
      ["a", "c", 1],
    ]);
    expect(conceptBackbone([["a", "b", "c", "d"]], 5, 3)).toEqual([]); // paper with too many concepts skipped
    expect(conceptBackbone([["a", "a", "b"]], 2)).toEqual([["a", "b", 1]]);
  });
});

describe("graph.json check and model", () => {
  it.each([
    [null, /not a JSON object/],
    [{ nodes: [] }, /no "attributes"/],
    [{ attributes: {}, nodes: [] }, /no schemaVersion; this viewer reads version 1/],
    [{ attributes: { schemaVersion: 2 }, nodes: [] }, /schemaVersion 2; this viewer reads version 1/],
    [{ attributes: { schemaVersion: 1 } }, /no "nodes" array/],
    [{ attributes: { schemaVersion: 1 }, nodes: [{ key: "a", attributes: { kind: "paper", y: 0 } }] }, /node "a" has no numeric x and y/],
    [{ attributes: { schemaVersion: 1 }, nodes: [{ key: "a", attributes: { kind: "thing", x: 0, y: 0 } }] }, /kind "thing"/],
  ])("rejects %j", (json, message) => {
    const r = checkGraphJson(json);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it("accepts the synthetic graph and indexes it", () => {
    const g = makeSyntheticGraph({ papers: 30, concepts: 20, communities: 3 });
    const r = checkGraphJson(JSON.parse(JSON.stringify(g)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = buildModel(r.graph);
    expect([m.papers, m.concepts, m.large]).toEqual([30, 20, false]);
    expect([m.yearMin, m.yearMax]).toEqual([2019, 2024]);
    const lora = m.papersOf("method:lora");
    expect(lora.length).toBeGreaterThan(0);
    const dates = lora.map((k) => (m.attrs.get(k) as { date: string }).date);
    expect(dates).toEqual([...dates].sort().reverse()); // newest first
    expect(searchEntries(m).find((e) => e.key === "paper:2400.00000")?.label).toBe(HOSTILE_TITLE);
    expect(buildModel(r.graph, { nodes: 10, edges: 1e9 }).large).toBe(true);
  });

  it("draws the concepts with most papers first on a large graph", () => {
    const g = makeSyntheticGraph({ papers: 50, concepts: 30, communities: 3 });
    const m = buildModel(g as never);
    const top = conceptsToDraw(m, 5);
    expect(top).toHaveLength(5);
    const counts = [...m.attrs].filter(([, a]) => a.kind === "concept").map(([k, a]) => [k, (a as { paperCount: number }).paperCount] as const);
    const fifth = (m.attrs.get(top[4]!) as { paperCount: number }).paperCount;
    for (const [k, c] of counts) if (!top.includes(k)) expect(c).toBeLessThanOrEqual(fifth);
    expect(conceptsToDraw(m, 1000)).toHaveLength(30);
    expect(conceptsToDraw(m, 0)).toEqual([]);
  });

  it("centres communities and places labels without overlaps, biggest first", () => {
    expect(communityCentres([{ community: 1, x: 0, y: 0 }, { community: 1, x: 2, y: 4 }, { community: 2, x: 5, y: 5 }])).toEqual(
      new Map([
        [1, { x: 1, y: 2, n: 2 }],
        [2, { x: 5, y: 5, n: 1 }],
      ]),
    );
    const placed = placeLabels([
      { id: "small", x: 50, y: 5, w: 100, h: 20, weight: 1 },
      { id: "big", x: 0, y: 0, w: 100, h: 20, weight: 9 },
      { id: "far", x: 0, y: 100, w: 100, h: 20, weight: 2 },
    ]);
    expect(placed.map((p) => p.id)).toEqual(["big", "far"]);
  });
});
