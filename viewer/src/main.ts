/**
 * papergraph viewer
 * =================
 *
 * Loads `graph.json` (or `?graph=URL`), checks it, and draws it with sigma 3: positions as the
 * pipeline computed them, colours by community, concept types as a coloured ring, community names
 * at their centres. One `state` object; actions change it and call
 * `renderer.refresh({ skipIndexation: true })`; reducers derive what is drawn (hover and selection
 * fade the rest, filters set `hidden`). Selection, filters and camera are mirrored in the URL.
 * Untrusted text (titles, abstracts, concept names) is only ever set with `textContent`.
 *
 * A concept's details offer hand edits (merge, rename or retype, not a concept; see
 * `logic/edits.ts`): they wait in "Your edits", kept in localStorage, and are downloaded as a user
 * lexicon that the next build applies.
 *
 * Large graphs (see `logic/model.ts`) draw concepts and a co-occurrence backbone first, and the
 * papers of the selected concept on demand; the header says what is not drawn.
 *
 * `main()` returns a cleanup function (sigma storybook contract). `window.__viewer` exposes a small
 * read-only API for the browser tests and the bench.
 */
import { downloadAsPNG } from "@sigma/export-image";
import { createNodeBorderProgram } from "@sigma/node-border";
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeLineProgram } from "sigma/rendering";
import type { EdgeDisplayData, NodeDisplayData } from "sigma/types";

import { graphFromJson } from "../../src/query/graph.ts";
import { related } from "../../src/query/index.ts";
import type { ConceptNodeAttributes, NodeAttributes, PaperNodeAttributes } from "../../src/types.ts";
import { conceptBackbone, topCooccurring } from "./logic/cooccur.ts";
import {
  ALL_TYPES,
  compileFilters,
  defaultFilters,
  edgePasses,
  nodePasses,
  shownCountText,
  type CompiledFilters,
  type Filters,
} from "./logic/filters.ts";
import { checkEdit, describeEdit, isApplied, lexiconText, loadEdits, saveEdits, withEdit, type Edit, type EditConcept } from "./logic/edits.ts";
import { toGexf, type GexfEdge, type GexfNode } from "./logic/gexf.ts";
import { segments } from "./logic/highlight.ts";
import { toSvg, type SvgEdge, type SvgNode, type SvgTag } from "./logic/svg.ts";
import { buildModel, communityCentres, conceptsToDraw, LARGE_CONCEPT_CAP, ON_DEMAND_PAPERS, placeLabels, searchEntries } from "./logic/model.ts";
import { checkGraphJson } from "./logic/schema.ts";
import { buildSearchIndex, search, type SearchHit, type SearchIndex } from "./logic/search.ts";
import { readGraphJson } from "./logic/stream.ts";
import { fadeColor, TYPE_COLORS, TYPE_TINTS } from "./logic/palette.ts";
import { decodeViewState, encodeViewState, type CameraView } from "./logic/urlState.ts";

/** Attributes of the drawn graph (a slim copy: sigma never sees abstracts). */
interface DisplayNode {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  type: "circle" | "border";
  borderColor: string;
  kind: "paper" | "concept";
  ctype: string;
  community: number;
  year: number;
  paperCount: number;
}
interface DisplayEdge {
  weight: number;
  size: number;
  color: string;
  relation: string;
}

interface State {
  hovered: string | null;
  selected: string | null;
  focus: Set<string> | null;
  filters: Filters;
  compiled: CompiledFilters;
  shown: Set<string>;
  /** Hand edits waiting for the next build (mirrored in localStorage). */
  edits: Edit[];
}

const EDGE_COLOR = "#c9c9c6";
const EDGE_FOCUS = "#8a8a86";
const PAPER_LABEL_MAX = 44;
/** A concept's ring, as a share of its radius. */
const BORDER_RATIO = 0.28;
/** Below this camera ratio (zoomed in), paper nodes get their titles as labels. */
const PAPER_LABEL_RATIO = 0.3;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`viewer: #${id} is missing from index.html`);
  return el as T;
};

/** A DOM element with text (never HTML) and optional class. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** The page's localStorage, or undefined where the browser blocks it (reading the property throws). */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const isPaper = (a: NodeAttributes | undefined): a is PaperNodeAttributes => a?.kind === "paper";
const isConcept = (a: NodeAttributes | undefined): a is ConceptNodeAttributes => a?.kind === "concept";

function showStatus(message: string, info = false) {
  const s = $("status");
  s.textContent = message;
  s.classList.toggle("info", info);
}

/** Fetches and checks the graph; throws an Error whose message is meant for the page. */
async function loadGraph(url: string) {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    const hint =
      location.protocol === "file:"
        ? " Browsers do not let a page opened from disk read files next to it: serve the folder instead (`npx papergraph serve --graph graph.json`, or any static server such as `python3 -m http.server`)."
        : "";
    throw new Error(`Could not fetch ${url}: ${(e as Error).message}.${hint}`);
  }
  if (!res.ok) {
    const type = res.headers.get("content-type") ?? "";
    const body = type.startsWith("text/plain") ? (await res.text()).slice(0, 400).trim() : "";
    throw new Error(body || `Could not load ${url}: HTTP ${res.status}. Run \`papergraph build\` to write it.`);
  }
  const bytes = Number(res.headers.get("content-length"));
  const mb = (n: number) => Math.round(n / 1e6);
  if (bytes > 20e6) showStatus(`Reading ${url} (${mb(bytes)} MB)… a large graph takes a few seconds.`, true);
  let shown = 0;
  const progress = (read: number) => {
    if (bytes > 20e6 && read - shown >= 10e6) showStatus(`Reading ${url}: ${mb((shown = read))} of ${mb(bytes)} MB…`, true);
  };
  let json: unknown;
  try {
    // parsed as it arrives; a file in another layout than the build's is fetched again and parsed whole
    json = (res.body ? await readGraphJson(res.body, progress) : undefined) ?? (await (await fetch(url)).json());
  } catch (e) {
    throw new Error(`${url} is not valid JSON (${(e as Error).message}).`);
  }
  const checked = checkGraphJson(json, url.split("?")[0]!.split("/").pop() || url);
  if (!checked.ok) throw new Error(checked.message);
  return checked.graph;
}

/** Starts the viewer; resolves to a cleanup function. */
export async function main(): Promise<() => void> {
  const params = new URLSearchParams(location.search);
  const graphUrl = params.get("graph") || "./graph.json";
  showStatus(`Loading ${graphUrl}…`, true);
  const t0 = performance.now();
  const json = await loadGraph(graphUrl);
  const tLoaded = performance.now();
  const marks: Record<string, number> = { fetched: tLoaded - t0 };
  const mark = (name: string) => (marks[name] = performance.now() - t0);
  // `?plan=concepts` forces the large-graph plan (concepts first, papers on demand) on any graph.
  const model = buildModel(json, params.get("plan") === "concepts" ? { nodes: 0, edges: 0 } : undefined);
  mark("model");
  const communities = [...json.attributes.communities].sort((a, b) => b.size - a.size || a.id - b.id);
  const communityById = new Map(communities.map((c) => [c.id, c]));
  // Built on first use, so the map draws before the index exists.
  let searchIndex: SearchIndex | null = null;
  const index = () => (searchIndex ??= buildSearchIndex(searchEntries(model)));
  // The merge picker suggests concepts only.
  let conceptSearchIndex: SearchIndex | null = null;
  const conceptIndex = () => (conceptSearchIndex ??= buildSearchIndex(searchEntries(model).filter((e) => e.kind === "concept")));

  // ---------------------------------------------------------------------------------------------
  // The drawn graph
  const display = new Graph<DisplayNode, DisplayEdge>({ type: "directed", multi: false, allowSelfLoops: false });
  // On the concepts-first plan the build's sizes (degree in the whole graph, capped) make the
  // best-attested concepts all equally huge; there, size by papers relative to the biggest concept.
  const largeSize = (a: NodeAttributes) =>
    isConcept(a) ? 2 + 14 * Math.sqrt((a.paperCount ?? 0) / model.maxPaperCount) : Math.min(a.size || 3, 6);
  const displayNode = (key: string, a: NodeAttributes): DisplayNode => ({
    x: a.x,
    y: a.y,
    size: model.large ? largeSize(a) : typeof a.size === "number" && a.size > 0 ? a.size : 3,
    color: a.color || communityById.get(a.community)?.color || "#999",
    label: isPaper(a) ? truncate(a.title || a.label || key, PAPER_LABEL_MAX) : a.label || key,
    type: isConcept(a) ? "border" : "circle",
    borderColor: isConcept(a) ? (TYPE_COLORS[a.type] ?? "#555") : "#fff",
    kind: a.kind,
    ctype: isConcept(a) ? a.type : "paper",
    community: a.community,
    year: isPaper(a) ? a.year || Number(/^\d{4}/.exec(a.date ?? "")?.[0] ?? 0) : 0,
    paperCount: isConcept(a) ? (a.paperCount ?? 0) : 0,
  });
  const edgeSize = (w: number) => Math.min(3, 0.5 + Math.log2(1 + w) * 0.5);
  const addDisplayEdge = (key: string, source: string, target: string, weight: number, relation: string) => {
    if (!display.hasNode(source) || !display.hasNode(target) || display.hasEdge(key) || display.hasEdge(source, target)) return;
    display.addDirectedEdgeWithKey(key, source, target, { weight, size: edgeSize(weight), color: EDGE_COLOR, relation });
  };
  let backboneEdges = 0;
  let undrawnConcepts = 0;
  if (!model.large) {
    for (const n of json.nodes) display.addNode(n.key, displayNode(n.key, n.attributes));
    for (const e of json.edges) addDisplayEdge(e.key ?? `${e.source}->${e.target}`, e.source, e.target, e.attributes?.weight ?? 1, e.attributes?.relation ?? "mention");
  } else {
    const capParam = Number(params.get("cap"));
    const cap = Number.isInteger(capParam) && capParam > 0 ? capParam : LARGE_CONCEPT_CAP;
    const drawn = new Set(conceptsToDraw(model, cap));
    for (const key of drawn) display.addNode(key, displayNode(key, model.attrs.get(key)!));
    undrawnConcepts = model.concepts - drawn.size;
    for (const [family, vs] of model.variants) for (const v of vs) addDisplayEdge(`${family}->${v}`, family, v, 1, "variant");
    const backbone = conceptBackbone(
      (function* () {
        for (const list of model.paperConcepts.values()) yield list.map(([c]) => c).filter((c) => drawn.has(c));
      })(),
      2,
      20,
    );
    for (const [a, b, n] of backbone) addDisplayEdge(`${a}<->${b}`, a, b, n, "cooccurrence");
    backboneEdges = backbone.length;
  }
  mark("display");
  // The same query functions as the library and `papergraph query` (src/query), over the whole
  // graph: kept for graphs drawn whole; an 80k build's half a million edges are not worth it.
  const queryGraph = model.large ? null : graphFromJson(json);
  // The parsed file's node and edge lists are no longer needed (the model and the drawn graph hold
  // what is used): let them go, on an 80k build that is half a million edge objects.
  json.nodes.length = 0;
  json.edges.length = 0;
  // Papers drawn on demand (large graphs only).
  let onDemand = new Set<string>();
  // `wanted` may hold papers and concepts; concepts already drawn up front are left alone.
  const upFront = new Set(display.nodes());
  const syncOnDemand = (wanted: string[]) => {
    const next = new Set(wanted.filter((k) => model.attrs.has(k) && !upFront.has(k)));
    for (const k of onDemand) if (!next.has(k) && display.hasNode(k)) display.dropNode(k);
    for (const k of next) if (!display.hasNode(k)) display.addNode(k, displayNode(k, model.attrs.get(k)!));
    // Every drawn paper links to its drawn concepts (a concept's own edges come from its papers).
    for (const k of next) for (const [c, w] of model.paperConcepts.get(k) ?? []) addDisplayEdge(`${k}->${c}`, k, c, w, "mention");
    for (const k of next) {
      const a = model.attrs.get(k);
      if (isConcept(a) && a.parent) addDisplayEdge(`${a.parent}->${k}`, a.parent, k, 1, "variant");
      for (const v of model.variants.get(k) ?? []) addDisplayEdge(`${k}->${v}`, k, v, 1, "variant");
    }
    onDemand = next;
  };

  // ---------------------------------------------------------------------------------------------
  // State, restored from the URL (and the pending edits from localStorage)
  const restored = decodeViewState(location.search);
  const storage = browserStorage();
  const state: State = {
    hovered: null,
    selected: null,
    focus: null,
    filters: restored.filters,
    compiled: compileFilters(restored.filters),
    shown: new Set(),
    edits: loadEdits(storage),
  };

  const recomputeShown = () => {
    const shown = new Set<string>();
    display.forEachNode((key, a) => {
      if (nodePasses({ kind: a.kind, type: a.ctype, community: a.community, year: a.year, paperCount: a.paperCount }, state.compiled)) shown.add(key);
    });
    state.shown = shown;
    $("count").textContent = shownCountText(shown.size, model.attrs.size);
  };

  // ---------------------------------------------------------------------------------------------
  // Sigma
  const container = $("graph");
  let zoomedIn = (restored.camera?.ratio ?? 1) < PAPER_LABEL_RATIO;
  const renderer = new Sigma<DisplayNode, DisplayEdge>(display, container, {
    nodeProgramClasses: {
      border: createNodeBorderProgram({
        borders: [
          { size: { value: BORDER_RATIO, mode: "relative" }, color: { attribute: "borderColor" } },
          { size: { fill: true }, color: { attribute: "color" } },
        ],
      }),
    },
    // One-pixel GL lines: the cheapest edges sigma draws (software WebGL included).
    edgeProgramClasses: { thin: EdgeLineProgram },
    defaultNodeType: "circle",
    defaultEdgeType: "thin",
    enableEdgeEvents: false,
    // Edges are most of the drawing on a busy map; dropping them while the camera moves keeps
    // panning smooth (measured: bundled corpus, 3.3k edges, in software WebGL).
    hideEdgesOnMove: model.large || display.size > 1500,
    hideLabelsOnMove: model.large,
    labelDensity: 0.5,
    labelGridCellSize: 110,
    labelRenderedSizeThreshold: 5,
    labelFont: "system-ui, sans-serif",
    zIndex: true,
    minCameraRatio: 0.01,
    maxCameraRatio: 4,
    nodeReducer: (node, data) => {
      const res: Partial<NodeDisplayData> = { ...data };
      if (!state.shown.has(node)) {
        res.hidden = true;
        return res;
      }
      if (state.focus) {
        if (state.focus.has(node)) {
          res.zIndex = 2;
          if (node === state.selected || node === state.hovered) {
            res.highlighted = true;
            res.forceLabel = true;
          }
        } else {
          res.color = fadeColor(data.color);
          (res as Partial<NodeDisplayData> & { borderColor: string }).borderColor = fadeColor(data.borderColor);
          res.label = "";
          res.zIndex = 0;
        }
      } else {
        res.zIndex = data.kind === "concept" ? 1 : 0;
      }
      // Paper titles are long: name papers only when zoomed in (or the one hovered or selected), so
      // concept names lead and titles do not pile up. null (not "") keeps them out of sigma's label
      // grid, where they would take cells from concepts.
      if (data.kind === "paper" && !zoomedIn && node !== state.selected && node !== state.hovered) res.label = null;
      return res;
    },
    edgeReducer: (edge, data) => {
      const res: Partial<EdgeDisplayData> = { ...data };
      const [s, t] = display.extremities(edge);
      if (!edgePasses(data.weight, state.shown.has(s), state.shown.has(t), state.compiled)) {
        res.hidden = true;
        return res;
      }
      const focusNode = state.hovered ?? state.selected;
      if (focusNode) {
        if (s !== focusNode && t !== focusNode) res.hidden = true;
        else res.color = EDGE_FOCUS;
      }
      return res;
    },
  });
  mark("sigma");
  const camera = renderer.getCamera();
  if (restored.camera) camera.setState(restored.camera);

  // Positions never change, so most redraws skip re-indexing; label changes need the label grid
  // rebuilt (`full`), which costs a pass over the drawn graph.
  const refresh = (full = false) => renderer.refresh(full ? undefined : { skipIndexation: true });
  // Reducers run on refresh, not on camera moves: refresh when zoom crosses the paper-label threshold.
  camera.on("updated", (c) => {
    const z = c.ratio < PAPER_LABEL_RATIO;
    if (z !== zoomedIn) {
      zoomedIn = z;
      refresh(true);
    }
  });

  // ---------------------------------------------------------------------------------------------
  // URL mirroring (debounced; replaceState so Back leaves the viewer rather than replaying pans)
  let urlTimer: number | undefined;
  const writeUrl = () => {
    window.clearTimeout(urlTimer);
    urlTimer = window.setTimeout(() => {
      const c = camera.getState();
      const cam: CameraView = { x: c.x, y: c.y, ratio: c.ratio, angle: c.angle };
      const qs = encodeViewState({ selected: state.selected, filters: state.filters, camera: cam }, location.search);
      history.replaceState(null, "", `${location.pathname}${qs ? `?${qs}` : ""}${location.hash}`);
    }, 150);
  };
  camera.on("updated", writeUrl);

  // ---------------------------------------------------------------------------------------------
  // Focus (hover beats selection)
  const neighbourhood = (key: string) => {
    const set = new Set<string>([key]);
    if (display.hasNode(key)) display.forEachNeighbor(key, (n) => set.add(n));
    return set;
  };
  const updateFocus = () => {
    const f = state.hovered ?? state.selected;
    state.focus = f && display.hasNode(f) ? neighbourhood(f) : null;
  };

  let hoverTimer: number | undefined;
  // No hover while dragging the map: it would re-run the reducers on every node crossed.
  let dragging = false;
  const onDown = () => (dragging = true);
  const onUp = () => (dragging = false);
  container.addEventListener("mousedown", onDown);
  window.addEventListener("mouseup", onUp);
  renderer.on("enterNode", ({ node }) => {
    if (dragging) return;
    window.clearTimeout(hoverTimer);
    hoverTimer = window.setTimeout(() => {
      state.hovered = node;
      updateFocus();
      refresh();
    }, 40);
  });
  renderer.on("leaveNode", () => {
    window.clearTimeout(hoverTimer);
    hoverTimer = window.setTimeout(() => {
      state.hovered = null;
      updateFocus();
      refresh();
    }, 40);
  });
  renderer.on("clickNode", ({ node }) => select(node, { center: false }));
  renderer.on("clickStage", () => select(null));

  // ---------------------------------------------------------------------------------------------
  // Selection and the details panel
  const details = $("details");
  const body = $("details-body");

  function select(key: string | null, opts: { center?: boolean } = {}) {
    if (key !== null && !model.attrs.has(key)) key = null;
    state.selected = key;
    if (model.large) {
      const a = key ? model.attrs.get(key) : undefined;
      if (isConcept(a)) syncOnDemand([key!, ...model.papersOf(key!).slice(0, ON_DEMAND_PAPERS)]);
      else if (isPaper(a)) syncOnDemand([key!, ...(model.paperConcepts.get(key!) ?? []).map(([c]) => c)]);
      else syncOnDemand([]);
      recomputeShown();
      updateNote();
    }
    updateFocus();
    renderDetails();
    refresh(true);
    writeUrl();
    if (key && opts.center !== false && display.hasNode(key)) centerOn(key);
  }

  function centerOn(key: string) {
    // Display data is in sigma's framed (normalised) space, which is what the camera uses.
    const d = renderer.getNodeDisplayData(key);
    if (!d) return;
    camera.animate({ x: d.x, y: d.y, ratio: Math.min(camera.getState().ratio, 0.35) }, { duration: 350 });
  }

  const conceptButton = (key: string, suffix?: string) => {
    const a = model.attrs.get(key);
    const li = el("li");
    const b = el("button", a ? a.label : key, "linkish");
    b.type = "button";
    if (isConcept(a)) b.style.borderBottom = `2px solid ${TYPE_COLORS[a.type] ?? "#999"}`;
    b.addEventListener("click", () => select(key));
    li.append(b);
    if (suffix) li.append(el("span", ` ${suffix}`, "meta"));
    return li;
  };

  /** Title or abstract with each mention as a clickable <mark> in its type's colour. */
  const highlighted = (parent: HTMLElement, text: string, paper: PaperNodeAttributes, field: "title" | "abstract") => {
    for (const seg of segments(text, paper.mentions, field)) {
      const ca = seg.concept ? model.attrs.get(seg.concept) : undefined;
      if (!seg.concept || !isConcept(ca)) {
        parent.append(document.createTextNode(seg.text));
        continue;
      }
      const m = el("mark", seg.text, `mention t-${ca.type}`);
      m.dataset["concept"] = seg.concept;
      m.style.borderColor = TYPE_COLORS[ca.type] ?? "#999";
      m.style.background = TYPE_TINTS[ca.type] ?? "#eee";
      m.title = `${ca.label} (${ca.type})`;
      const target = seg.concept;
      m.addEventListener("click", () => select(target));
      parent.append(m);
    }
  };

  function renderDetails() {
    body.replaceChildren();
    const key = state.selected;
    const a = key ? model.attrs.get(key) : undefined;
    details.hidden = !a;
    if (!key || !a) return;
    const community = communityById.get(a.community);
    if (isPaper(a)) {
      body.append(el("span", "paper", "badge"));
      const h = el("h2");
      h.id = "details-title";
      highlighted(h, a.title || a.label, a, "title");
      body.append(h);
      if (a.date) body.append(el("p", a.date, "meta date-line"));
      const authors = Array.isArray(a.authors) ? a.authors.join(", ") : typeof a.authors === "number" && a.authors > 0 ? `${a.authors} authors` : "";
      if (authors) body.append(el("p", authors, "meta"));
      if (a.organisation) body.append(el("p", a.organisation, "meta"));
      if (typeof a.url === "string" && /^https?:\/\//i.test(a.url)) {
        const p = el("p", undefined, "meta");
        const link = el("a", a.url);
        link.href = a.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        p.append(link);
        body.append(p);
      }
      if (community) body.append(el("p", `Community: ${community.label}`, "meta"));
      body.append(el("h3", "Abstract"));
      const abs = el("p", undefined, "abstract");
      abs.id = "details-abstract";
      highlighted(abs, a.abstract ?? "", a, "abstract");
      body.append(abs);
      const cs = model.paperConcepts.get(key) ?? [];
      if (cs.length) {
        body.append(el("h3", `Concepts (${cs.length})`));
        const ul = el("ul", undefined, "list");
        for (const [c, w] of [...cs].sort((x, y) => y[1] - x[1])) ul.append(conceptButton(c, w > 1 ? `×${w}` : undefined));
        body.append(ul);
      }
      return;
    }
    if (!isConcept(a)) return;
    const badge = el("span", a.type, "badge");
    badge.style.color = TYPE_COLORS[a.type] ?? "#555";
    body.append(badge);
    const h = el("h2", a.label);
    h.id = "details-title";
    body.append(h);
    if (a.aliases?.length) body.append(el("p", `Also: ${a.aliases.join(" · ")}`, "meta"));
    body.append(el("p", `${a.paperCount} paper${a.paperCount === 1 ? "" : "s"}, ${a.mentionCount} mention${a.mentionCount === 1 ? "" : "s"}`, "meta"));
    if (community) body.append(el("p", `Community: ${community.label}`, "meta"));
    body.append(editGroup({ key, label: a.label, aliases: Array.isArray(a.aliases) ? a.aliases : [], type: a.type }));
    if (a.parent && model.attrs.has(a.parent)) {
      body.append(el("h3", "Variant of"));
      const ul = el("ul", undefined, "list");
      ul.append(conceptButton(a.parent));
      body.append(ul);
    }
    const vs = model.variants.get(key);
    if (vs?.length) {
      body.append(el("h3", "Variants"));
      const ul = el("ul", undefined, "list");
      for (const v of vs) ul.append(conceptButton(v));
      body.append(ul);
    }
    const papers = model.papersOf(key);
    body.append(el("h3", `Papers (${papers.length}), newest first`));
    const ul = el("ul", undefined, "list");
    ul.id = "details-papers";
    for (const p of papers.slice(0, 100)) {
      const pa = model.attrs.get(p);
      if (!isPaper(pa)) continue;
      const li = el("li");
      li.append(el("span", pa.date || "—", "date"));
      const b = el("button", pa.title || pa.label, "linkish");
      b.type = "button";
      b.addEventListener("click", () => select(p));
      li.append(b);
      ul.append(li);
    }
    if (papers.length > 100) ul.append(el("li", `and ${papers.length - 100} more`, "meta"));
    body.append(ul);
    const co = topCooccurring(key, (c) => model.conceptPapers.get(c) ?? [], (p) => (model.paperConcepts.get(p) ?? []).map(([c]) => c), 10);
    if (co.length) {
      body.append(el("h3", "Appears most with"));
      const cl = el("ul", undefined, "list");
      cl.id = "details-cooccurring";
      for (const [c, n] of co) cl.append(conceptButton(c, `${n} paper${n === 1 ? "" : "s"}`));
      body.append(cl);
    }
    // Most *associated* (NPMI over papers): what `papergraph query related` answers, so a concept
    // found everywhere (accuracy, LLMs) does not lead every list.
    const assoc = queryGraph ? related(queryGraph, key, { limit: 8 }) : [];
    if (assoc.length) {
      body.append(el("h3", "Most associated (NPMI)"));
      const al = el("ul", undefined, "list");
      al.id = "details-related";
      for (const r of assoc) al.append(conceptButton(r.key, `${r.npmi.toFixed(2)} · ${r.shared} shared`));
      body.append(al);
    }
  }
  $("close-details").addEventListener("click", () => select(null));

  // ---------------------------------------------------------------------------------------------
  // Search with suggestions
  const input = $<HTMLInputElement>("search");
  const list = $<HTMLUListElement>("suggestions");
  let hits: SearchHit[] = [];
  let active = -1;
  let searchTimer: number | undefined;
  const renderSuggestions = (query = "") => {
    list.replaceChildren();
    list.hidden = hits.length === 0 && !query.trim();
    if (!hits.length && query.trim()) list.append(el("li", `No paper or concept matches “${query.trim()}”`, "empty"));
    hits.forEach((h, i) => {
      const li = el("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === active));
      li.dataset["key"] = h.entry.key;
      const badge = el("span", h.entry.type, "badge");
      badge.style.color = TYPE_COLORS[h.entry.type] ?? "#777";
      li.append(el("span", h.entry.label, "label"));
      if (h.alias) li.append(el("span", h.alias, "alias"));
      if (h.entry.detail) li.append(el("span", h.entry.detail, "alias"));
      li.append(badge);
      li.addEventListener("mousedown", (ev) => {
        ev.preventDefault();
        choose(i);
      });
      list.append(li);
    });
  };
  const closeSuggestions = () => {
    hits = [];
    active = -1;
    renderSuggestions();
  };
  const choose = (i: number) => {
    const h = hits[i];
    if (!h) return;
    input.value = h.entry.label;
    closeSuggestions();
    select(h.entry.key, { center: true });
  };
  input.addEventListener("input", () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => {
      hits = search(index(), input.value, 12);
      active = hits.length ? 0 : -1;
      renderSuggestions(input.value);
    }, model.large ? 150 : 60);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" && hits.length) {
      active = (active + 1) % hits.length;
      renderSuggestions();
      ev.preventDefault();
    } else if (ev.key === "ArrowUp" && hits.length) {
      active = (active - 1 + hits.length) % hits.length;
      renderSuggestions();
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      if (!hits.length) hits = search(index(), input.value, 12);
      choose(Math.max(0, active));
      ev.preventDefault();
    }
  });
  input.addEventListener("blur", () => window.setTimeout(closeSuggestions, 100));

  const onKey = (ev: KeyboardEvent) => {
    const target = ev.target as HTMLElement | null;
    const typing = !!target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if (ev.key === "/" && !typing) {
      ev.preventDefault();
      input.focus();
      input.select();
    } else if (ev.key === "Escape") {
      if (target === input && hits.length) closeSuggestions();
      else {
        if (target === input) input.blur();
        select(null);
      }
    }
  };
  document.addEventListener("keydown", onKey);

  // ---------------------------------------------------------------------------------------------
  // Filters and legend
  const applyFilters = (next: Filters) => {
    state.filters = next;
    state.compiled = compileFilters(next);
    recomputeShown();
    syncFilterInputs();
    refresh(true);
    writeUrl();
  };
  const typesBox = $("types");
  for (const t of ALL_TYPES) {
    const label = el("label");
    const cb = el("input");
    cb.type = "checkbox";
    cb.value = t;
    cb.dataset["type"] = t;
    cb.addEventListener("change", () => {
      const types = ALL_TYPES.filter((x) => (x === t ? cb.checked : state.filters.types.includes(x)));
      applyFilters({ ...state.filters, types });
    });
    const ring = el("span", undefined, "ring");
    ring.style.borderColor = TYPE_COLORS[t] ?? "#555";
    label.append(cb, ring, document.createTextNode(t));
    typesBox.append(label);
  }
  const legend = $("legend");
  const LEGEND_MAX = 60;
  for (const c of communities.slice(0, LEGEND_MAX)) {
    const li = el("li");
    const label = el("label");
    const cb = el("input");
    cb.type = "checkbox";
    cb.dataset["community"] = String(c.id);
    cb.addEventListener("change", () => {
      const hidden = new Set(state.filters.hiddenCommunities);
      if (cb.checked) hidden.delete(c.id);
      else hidden.add(c.id);
      applyFilters({ ...state.filters, hiddenCommunities: [...hidden].sort((a, b) => a - b) });
    });
    const sw = el("span", undefined, "swatch");
    sw.style.background = c.color;
    label.append(cb, sw, el("span", c.label, "name"), el("span", String(c.size), "size"));
    label.title = c.topConcepts.length ? `Top concepts: ${c.topConcepts.map((k) => model.attrs.get(k)?.label ?? k).join(", ")}` : c.label;
    li.append(label);
    legend.append(li);
  }
  if (communities.length > LEGEND_MAX) legend.append(el("li", `and ${communities.length - LEGEND_MAX} smaller communities`, "meta"));
  $("communities-all").addEventListener("click", () => applyFilters({ ...state.filters, hiddenCommunities: [] }));
  $("communities-none").addEventListener("click", () =>
    applyFilters({ ...state.filters, hiddenCommunities: communities.map((c) => c.id).sort((a, b) => a - b) }),
  );

  const yearMin = $<HTMLInputElement>("year-min");
  const yearMax = $<HTMLInputElement>("year-max");
  const minPapers = $<HTMLInputElement>("min-papers");
  const minWeight = $<HTMLInputElement>("min-weight");
  if (model.yearMin !== null) {
    for (const i of [yearMin, yearMax]) {
      i.min = String(model.yearMin);
      i.max = String(model.yearMax);
    }
    yearMin.placeholder = String(model.yearMin);
    yearMax.placeholder = String(model.yearMax);
  }
  minPapers.max = String(model.maxPaperCount);
  const intOrNull = (v: string) => (/^\d{1,6}$/.test(v.trim()) ? Number(v) : null);
  const readNumbers = () => {
    let lo = intOrNull(yearMin.value);
    let hi = intOrNull(yearMax.value);
    if (lo !== null && hi !== null && lo > hi) [lo, hi] = [hi, lo];
    applyFilters({
      ...state.filters,
      yearMin: lo,
      yearMax: hi,
      minPapers: Math.max(1, intOrNull(minPapers.value) ?? 1),
      minWeight: Math.max(1, intOrNull(minWeight.value) ?? 1),
    });
  };
  for (const i of [yearMin, yearMax, minPapers, minWeight]) i.addEventListener("change", readNumbers);
  $("reset-filters").addEventListener("click", () => applyFilters(defaultFilters()));

  function syncFilterInputs() {
    const f = state.filters;
    typesBox.querySelectorAll<HTMLInputElement>("input[data-type]").forEach((cb) => {
      cb.checked = f.types.includes(cb.dataset["type"] as never);
    });
    legend.querySelectorAll<HTMLInputElement>("input[data-community]").forEach((cb) => {
      cb.checked = !f.hiddenCommunities.includes(Number(cb.dataset["community"]));
    });
    yearMin.value = f.yearMin === null ? "" : String(f.yearMin);
    yearMax.value = f.yearMax === null ? "" : String(f.yearMax);
    minPapers.value = String(f.minPapers);
    minWeight.value = String(f.minWeight);
    updateClusterLabels();
  }

  // ---------------------------------------------------------------------------------------------
  // Community names at their centres (HTML overlay, text only)
  const clusterLayer = $("clusters");
  const centres = communityCentres(
    (function* () {
      for (const [, a] of model.attrs) if (!model.large || a.kind === "concept") yield a;
    })(),
  );
  const LABELLED = 16;
  const clusterEls = new Map<number, HTMLDivElement>();
  for (const c of communities.slice(0, LABELLED)) {
    if (!centres.has(c.id)) continue;
    const div = el("div", c.label, "cluster-label");
    div.style.borderLeftColor = c.color;
    div.dataset["community"] = String(c.id);
    clusterLayer.append(div);
    clusterEls.set(c.id, div);
  }
  const labelWidths = new Map<number, { w: number; h: number }>();
  function updateClusterLabels() {
    const boxes: Array<{ id: number; x: number; y: number; w: number; h: number; weight: number }> = [];
    const { width, height } = renderer.getDimensions();
    for (const [id, div] of clusterEls) {
      const c = centres.get(id)!;
      if (state.filters.hiddenCommunities.includes(id)) continue;
      const p = renderer.graphToViewport({ x: c.x, y: c.y });
      if (p.x < -50 || p.y < -20 || p.x > width + 50 || p.y > height + 20) continue;
      let size = labelWidths.get(id);
      if (!size) {
        size = { w: div.offsetWidth || 120, h: div.offsetHeight || 18 };
        labelWidths.set(id, size);
      }
      // placed with a margin around each name
      boxes.push({ id, x: p.x, y: p.y, w: size.w + 24, h: size.h + 12, weight: communityById.get(id)?.size ?? 0 });
    }
    const keep = new Map(placeLabels(boxes).map((b) => [b.id, b]));
    const faded = state.focus !== null;
    for (const [id, div] of clusterEls) {
      const b = keep.get(id);
      div.hidden = !b;
      if (b) {
        div.style.left = `${b.x}px`;
        div.style.top = `${b.y}px`;
        div.style.opacity = faded ? "0.35" : "1";
      }
    }
  }
  renderer.on("afterRender", updateClusterLabels);

  // ---------------------------------------------------------------------------------------------
  // Large-graph note
  function updateNote() {
    const note = $("note");
    if (!model.large) {
      note.textContent = "";
      return;
    }
    let drawnPapers = 0;
    let extraConcepts = 0;
    for (const k of onDemand) {
      if (isPaper(model.attrs.get(k))) drawnPapers++;
      else extraConcepts++;
    }
    const n = (x: number) => x.toLocaleString("en-US");
    note.textContent =
      `Large graph: ${n(model.concepts - undrawnConcepts)} concepts with most papers drawn, linked by ${n(backboneEdges)} co-occurrences; ` +
      `not drawn: ${n(undrawnConcepts - extraConcepts)} of ${n(model.concepts)} concepts, ${n(model.papers - drawnPapers)} of ${n(model.papers)} papers ` +
      `(select a concept to draw it with its ${ON_DEMAND_PAPERS} newest papers; search finds everything).`;
  }

  // ---------------------------------------------------------------------------------------------
  // Export
  const BACKGROUND = "#fbfbfa";
  /** Saves `text` as a file named `name` (a link clicked, then let go). */
  const download = (text: string, type: string, name: string) => {
    const a = el("a");
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  $("export-png").addEventListener("click", () => {
    const scale = Number($<HTMLSelectElement>("png-scale").value) || 1;
    const { width, height } = renderer.getDimensions();
    void downloadAsPNG(renderer as unknown as Sigma, { width: Math.round(width * scale), height: Math.round(height * scale), backgroundColor: BACKGROUND, fileName: "papergraph" });
  });
  /** The view as sigma drew it last, in viewport pixels: what `toSvg` writes. */
  const viewSvg = () => {
    const { width, height } = renderer.getDimensions();
    const labelled = renderer.getNodeDisplayedLabels();
    const nodes: SvgNode[] = [];
    const at = new Map<string, { x: number; y: number }>();
    display.forEachNode((key) => {
      const d = renderer.getNodeDisplayData(key) as (NodeDisplayData & { borderColor?: string }) | undefined;
      if (!d || d.hidden) return;
      const p = renderer.framedGraphToViewport(d);
      at.set(key, p);
      nodes.push({
        ...p,
        size: renderer.scaleSize(d.size),
        color: d.color,
        ...(d.type === "border" && d.borderColor ? { border: { color: d.borderColor, ratio: BORDER_RATIO } } : {}),
        label: labelled.has(key) ? d.label : null,
        zIndex: d.zIndex,
      });
    });
    const edges: SvgEdge[] = [];
    display.forEachEdge((key, _a, s, t) => {
      const e = renderer.getEdgeDisplayData(key);
      const [a, b] = [at.get(s), at.get(t)];
      // one-pixel lines, as the thin edge program draws them
      if (e && !e.hidden && a && b) edges.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y, color: e.color, width: 1 });
    });
    const tags: SvgTag[] = [];
    for (const [id, div] of clusterEls) {
      if (div.hidden || !div.style.left) continue;
      const { w, h } = labelWidths.get(id) ?? { w: 120, h: 18 };
      tags.push({ x: parseFloat(div.style.left), y: parseFloat(div.style.top), width: w, height: h, text: div.textContent ?? "", color: communityById.get(id)?.color ?? "#999", opacity: Number(div.style.opacity || 1) });
    }
    const settings = renderer.getSettings();
    return toSvg({
      width,
      height,
      background: BACKGROUND,
      nodes,
      edges,
      tags,
      labels: { size: settings.labelSize, font: settings.labelFont, weight: settings.labelWeight, color: settings.labelColor.color ?? "#000" },
    });
  };
  $("export-svg").addEventListener("click", () => download(viewSvg(), "image/svg+xml", "papergraph.svg"));
  const visibleGexf = () => {
    const nodes: GexfNode[] = [];
    for (const key of state.shown) {
      const a = model.attrs.get(key)!;
      const d = display.getNodeAttributes(key);
      nodes.push({
        key,
        label: a.label,
        x: a.x,
        y: a.y,
        size: d.size,
        color: d.color,
        attributes: isPaper(a)
          ? { kind: "paper", community: a.community, date: a.date ?? "", year: d.year, url: a.url ?? "" }
          : { kind: "concept", community: a.community, type: a.type, paperCount: a.paperCount, mentionCount: a.mentionCount, aliases: (a.aliases ?? []).join("|") },
      });
    }
    const edges: GexfEdge[] = [];
    display.forEachEdge((key, e, s, t) => {
      if (edgePasses(e.weight, state.shown.has(s), state.shown.has(t), state.compiled)) {
        edges.push({ key, source: s, target: t, weight: e.weight, attributes: { relation: e.relation } });
      }
    });
    return toGexf(
      nodes,
      edges,
      [
        { id: "kind", type: "string" },
        { id: "type", type: "string" },
        { id: "community", type: "integer" },
        { id: "date", type: "string" },
        { id: "year", type: "integer" },
        { id: "url", type: "string" },
        { id: "paperCount", type: "integer" },
        { id: "mentionCount", type: "integer" },
        { id: "aliases", type: "string" },
      ],
      [{ id: "relation", type: "string" }],
    );
  };
  $("export-gexf").addEventListener("click", () => download(visibleGexf(), "application/gexf+xml", "papergraph-visible.gexf"));

  // ---------------------------------------------------------------------------------------------
  // Hand edits of concepts (logic/edits.ts). The drawn graph stays as built: the next build, with
  // the downloaded lexicon, applies them.
  const editsList = $<HTMLUListElement>("edits");
  const editsNote = $("edits-note");
  const setEdits = (next: Edit[]) => {
    state.edits = next;
    editsNote.textContent = saveEdits(storage, next) ? "" : "This browser does not keep them (storage blocked or full): download the file before you leave.";
    renderEdits();
    renderDetails();
  };
  /** Adds an edit made in the page; returns why it was refused, if it was. */
  const addEdit = (raw: unknown): string | undefined => {
    const edit = checkEdit(raw);
    const next = typeof edit === "string" ? edit : withEdit(state.edits, edit);
    if (typeof next === "string") return next;
    setEdits(next);
    return undefined;
  };

  const conceptOf = (key: string) => {
    const a = model.attrs.get(key);
    return a?.kind === "concept" ? { label: a.label, type: a.type } : undefined;
  };

  function renderEdits() {
    editsList.replaceChildren();
    for (const edit of state.edits) {
      const text = describeEdit(edit);
      const li = el("li");
      const remove = el("button", "×", "small");
      remove.type = "button";
      remove.title = "Remove this edit";
      remove.setAttribute("aria-label", `Remove: ${text}`);
      remove.addEventListener("click", () => setEdits(state.edits.filter((e) => e !== edit)));
      li.append(el("span", text, "what"));
      // the build this map shows had the edit already: say so, so a user sees the rebuild took it
      if (isApplied(edit, conceptOf)) {
        const done = el("span", "✓ in this graph", "done");
        done.title = "This graph was built with this edit";
        li.append(done);
      }
      li.append(remove);
      editsList.append(li);
    }
    $("edits-empty").hidden = state.edits.length > 0;
    $("edits-actions").hidden = state.edits.length === 0;
  }
  $("edits-download").addEventListener("click", () => download(lexiconText(state.edits), "text/tab-separated-values", "lexicon.tsv"));
  $("edits-copy").addEventListener("click", () => {
    // `navigator.clipboard` is missing outside secure contexts: that failure lands in the same message
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(lexiconText(state.edits)))
      .then(
        () => (editsNote.textContent = "Copied: paste it into data/lexicon.tsv."),
        () => (editsNote.textContent = "Could not copy here: use Download."),
      );
  });

  /** The Edit group of a concept's details: merge into another, rename or retype, not a concept. */
  function editGroup(concept: EditConcept): HTMLElement {
    const box = el("div", undefined, "edit");
    box.id = "details-edit";
    box.append(el("h3", "Edit"));
    const pending = state.edits.find((e) => e.concept.key === concept.key);
    if (pending) box.append(el("p", `Pending: ${describeEdit(pending)}. A new edit replaces it.`, "meta"));
    const actions = el("div", undefined, "row");
    const form = el("div", undefined, "edit-form");
    const error = el("p", undefined, "edit-error");
    error.setAttribute("role", "alert");
    // on success the details are drawn again (with the edit pending), which closes the form
    const submit = (raw: unknown) => {
      const why = addEdit(raw);
      if (why) error.textContent = `Not added: ${why}.`;
    };
    const action = (text: string, id: string, onClick: () => void) => {
      const b = el("button", text);
      b.type = "button";
      b.id = id;
      b.addEventListener("click", () => {
        error.textContent = "";
        onClick();
      });
      actions.append(b);
    };
    const open = (content: HTMLElement) => {
      form.replaceChildren(content);
      content.querySelector("input")?.focus();
    };
    action("Merge into…", "edit-merge", () => open(mergeForm(concept, submit)));
    action("Rename / retype…", "edit-rename", () => open(renameForm(concept, submit)));
    action("Not a concept", "edit-stop", () => submit({ kind: "stop", concept }));
    box.append(actions, form, error);
    return box;
  }

  /** Picks the concept to merge into (suggestions from the concepts only), then merges on a click or Enter. */
  function mergeForm(concept: EditConcept, submit: (raw: unknown) => void): HTMLElement {
    const f = el("div");
    const row = el("div", undefined, "row");
    const input = el("input");
    input.type = "search";
    input.id = "merge-target";
    input.placeholder = "Merge into which concept?";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-label", `Concept to merge ‘${concept.label}’ into`);
    const ok = el("button", "Merge");
    ok.type = "button";
    ok.id = "merge-ok";
    ok.disabled = true;
    const picks = el("ul", undefined, "picks");
    picks.id = "merge-suggestions";
    picks.setAttribute("role", "listbox");
    let hits: SearchHit[] = [];
    let target: SearchHit | undefined;
    const pick = (h: SearchHit) => {
      target = h;
      input.value = h.entry.label;
      picks.replaceChildren();
      ok.disabled = false;
      ok.textContent = `Merge into ‘${h.entry.label}’`;
    };
    input.addEventListener("input", () => {
      target = undefined;
      ok.disabled = true;
      ok.textContent = "Merge";
      hits = search(conceptIndex(), input.value, 9).filter((h) => h.entry.key !== concept.key).slice(0, 8);
      picks.replaceChildren();
      for (const h of hits) {
        const li = el("li");
        li.setAttribute("role", "option");
        li.dataset["key"] = h.entry.key;
        const badge = el("span", h.entry.type, "badge");
        badge.style.color = TYPE_COLORS[h.entry.type] ?? "#777";
        li.append(el("span", h.entry.label, "label"), badge);
        li.addEventListener("click", () => pick(h));
        picks.append(li);
      }
      if (!hits.length && input.value.trim()) picks.append(el("li", `No concept matches “${input.value.trim()}”`, "empty"));
    });
    const merge = () => {
      if (target) submit({ kind: "merge", concept, into: { key: target.entry.key, label: target.entry.label, type: target.entry.type } });
    };
    input.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      if (target) merge();
      else if (hits[0]) pick(hits[0]);
    });
    ok.addEventListener("click", merge);
    row.append(input, ok);
    f.append(row, picks);
    return f;
  }

  /** A new name and a type (the current one selected). */
  function renameForm(concept: EditConcept, submit: (raw: unknown) => void): HTMLElement {
    const row = el("div", undefined, "row");
    const name = el("input");
    name.type = "text";
    name.id = "rename-name";
    name.value = concept.label;
    name.spellcheck = false;
    name.setAttribute("aria-label", "New name");
    const type = el("select");
    type.id = "rename-type";
    type.setAttribute("aria-label", "Type");
    for (const t of ALL_TYPES) {
      const option = el("option", t);
      option.value = t;
      type.append(option);
    }
    type.value = concept.type;
    const ok = el("button", "Rename");
    ok.type = "button";
    ok.id = "rename-ok";
    const rename = () => submit({ kind: "rename", concept, name: name.value, type: type.value });
    ok.addEventListener("click", rename);
    name.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      rename();
    });
    row.append(name, type, ok);
    return row;
  }

  // ---------------------------------------------------------------------------------------------
  // First paint
  mark("ui");
  recomputeShown();
  syncFilterInputs();
  updateNote();
  renderEdits();
  if (restored.selected && model.attrs.has(restored.selected)) select(restored.selected, { center: false });
  if (restored.camera) camera.setState(restored.camera);
  showStatus("");
  const api = {
    ready: false,
    timings: { fetchAndParse: tLoaded - t0, firstFrame: 0, marks },
    large: model.large,
    renderer,
    display,
    model,
    state,
    select: (k: string | null) => select(k),
    shownCount: () => state.shown.size,
    visibleGexf,
    viewSvg,
    viewportOf: (k: string) => {
      const a = display.getNodeAttributes(k);
      const rect = container.getBoundingClientRect();
      const p = renderer.graphToViewport({ x: a.x, y: a.y });
      return { x: rect.left + p.x, y: rect.top + p.y };
    },
  };
  (window as unknown as { __viewer: typeof api }).__viewer = api;
  renderer.once("afterRender", () => {
    api.timings.firstFrame = performance.now();
    mark("firstFrame");
    api.ready = true;
    (window as unknown as { __viewerReady: boolean }).__viewerReady = true;
  });
  refresh(true);

  return () => {
    document.removeEventListener("keydown", onKey);
    container.removeEventListener("mousedown", onDown);
    window.removeEventListener("mouseup", onUp);
    window.clearTimeout(urlTimer);
    window.clearTimeout(hoverTimer);
    window.clearTimeout(searchTimer);
    renderer.kill();
  };
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  showStatus(message);
  (window as unknown as { __viewerError: string }).__viewerError = message;
  console.error(`papergraph viewer: ${message}`);
});
