/**
 * Palette
 * =======
 *
 * One colour per concept type, used for the ring around concept nodes, the type key, badges and
 * the highlighted mentions in abstracts (a light tint behind, the full colour underneath).
 * Colours from ColorBrewer Set1, distinct from each other for the common colour-vision deficiencies
 * at the ring's size.
 */
export const TYPE_COLORS: Readonly<Record<string, string>> = {
  method: "#e41a1c",
  dataset: "#377eb8",
  model: "#4daf4a",
  task: "#984ea3",
  metric: "#ff7f00",
  paper: "#777777",
};

/** Light tints of `TYPE_COLORS` for text backgrounds (readable black text on top). */
export const TYPE_TINTS: Readonly<Record<string, string>> = {
  method: "#fbd5d5",
  dataset: "#d3e3f2",
  model: "#d8efd7",
  task: "#eadcee",
  metric: "#ffe5cc",
  paper: "#eeeeee",
};

const fadeCache = new Map<string, string>();

/**
 * A colour pushed most of the way towards the page background, for nodes out of focus: the map
 * keeps its community structure while the focus stands out. Non-hex input gives the plain fade.
 * Example: `fadeColor("#1f77b4")` → `"#cbdeeb"`.
 */
export function fadeColor(color: string, amount = 0.78, background: readonly [number, number, number] = [251, 251, 250]): string {
  const key = `${color}|${amount}`;
  const hit = fadeCache.get(key);
  if (hit) return hit;
  const m = /^#([0-9a-f]{6})$/i.exec(color.trim());
  let out = "#e8e8e6";
  if (m) {
    const n = parseInt(m[1]!, 16);
    const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    out = `#${rgb.map((c, i) => Math.round(c + (background[i]! - c) * amount).toString(16).padStart(2, "0")).join("")}`;
  }
  fadeCache.set(key, out);
  return out;
}
