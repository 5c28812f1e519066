/**
 * View state in the URL
 * =====================
 *
 * Selection, filters and camera live in the query string, so a copied link reopens the same view:
 * `?sel=method%3Alora&types=method,dataset&hide=3,4&years=2020-2024&mp=2&mw=1&cam=0.51,0.48,0.25,0`.
 * Parameters at their defaults are left out; other parameters (`graph=`) are kept as they are.
 * Garbage in a hand-edited link falls back to the default for that parameter. Pure: tested in Node.
 */
import type { ConceptType } from "../../../src/types.ts";
import { ALL_TYPES, defaultFilters, type Filters } from "./filters.ts";

/** Sigma's camera state (graph-normalised coordinates). */
export interface CameraView {
  x: number;
  y: number;
  ratio: number;
  angle: number;
}

/** Everything a link restores. */
export interface ViewState {
  selected: string | null;
  filters: Filters;
  camera: CameraView | null;
}

const KEYS = ["sel", "types", "hide", "years", "mp", "mw", "cam"] as const;

/** Rounds for the URL without losing what the eye can see (`0.123456789` → `0.12346`). */
const round = (n: number, digits: number) => String(Number(n.toFixed(digits)));

/** Parses a positive integer parameter, or returns `fallback`. Example: `"3"` → 3, `"x"` → fallback. */
function intParam(v: string | null, fallback: number, min: number): number {
  if (v === null || !/^\d{1,9}$/.test(v)) return fallback;
  return Math.max(min, Number(v));
}

/**
 * Reads a view from a query string (with or without `?`). Unknown types, non-numeric community ids,
 * reversed or malformed year ranges and non-finite cameras are dropped.
 */
export function decodeViewState(query: string | URLSearchParams): ViewState {
  const p = typeof query === "string" ? new URLSearchParams(query.startsWith("?") ? query.slice(1) : query) : query;
  const filters = defaultFilters();

  const types = p.get("types");
  if (types !== null) {
    const wanted = new Set(types.split(","));
    filters.types = ALL_TYPES.filter((t) => wanted.has(t)) as ConceptType[];
  }
  const hide = p.get("hide");
  if (hide) {
    filters.hiddenCommunities = [
      ...new Set(
        hide
          .split(",")
          .filter((s) => /^-?\d{1,9}$/.test(s))
          .map(Number),
      ),
    ].sort((a, b) => a - b);
  }
  const years = p.get("years");
  const m = years ? /^(\d{4})?-(\d{4})?$/.exec(years) : null;
  if (m) {
    const lo = m[1] ? Number(m[1]) : null;
    const hi = m[2] ? Number(m[2]) : null;
    if (lo === null || hi === null || lo <= hi) {
      filters.yearMin = lo;
      filters.yearMax = hi;
    }
  }
  filters.minPapers = intParam(p.get("mp"), 1, 1);
  filters.minWeight = intParam(p.get("mw"), 1, 1);

  let camera: CameraView | null = null;
  const cam = p.get("cam")?.split(",").map(Number);
  if (cam && cam.length === 4 && cam.every(Number.isFinite) && (cam[2] ?? 0) > 0) {
    camera = { x: cam[0]!, y: cam[1]!, ratio: cam[2]!, angle: cam[3]! };
  }
  const sel = p.get("sel");
  return { selected: sel ? sel : null, filters, camera };
}

/**
 * Writes a view into a query string, keeping parameters this module does not own (`graph=`).
 * Example: the default view with `selected: "dataset:imagenet"` and `base = "?graph=g.json"` gives
 * `"graph=g.json&sel=dataset%3Aimagenet"`.
 */
export function encodeViewState(state: ViewState, base: string | URLSearchParams = ""): string {
  const p = new URLSearchParams(typeof base === "string" ? (base.startsWith("?") ? base.slice(1) : base) : base);
  for (const k of KEYS) p.delete(k);
  const f = state.filters;
  if (state.selected) p.set("sel", state.selected);
  const types = ALL_TYPES.filter((t) => f.types.includes(t));
  if (types.length !== ALL_TYPES.length) p.set("types", types.join(","));
  if (f.hiddenCommunities.length) p.set("hide", [...f.hiddenCommunities].sort((a, b) => a - b).join(","));
  if (f.yearMin !== null || f.yearMax !== null) p.set("years", `${f.yearMin ?? ""}-${f.yearMax ?? ""}`);
  if (f.minPapers > 1) p.set("mp", String(f.minPapers));
  if (f.minWeight > 1) p.set("mw", String(f.minWeight));
  if (state.camera) {
    const c = state.camera;
    p.set("cam", [round(c.x, 5), round(c.y, 5), round(c.ratio, 5), round(c.angle, 4)].join(","));
  }
  return p.toString().replace(/%2C/g, ",");
}
