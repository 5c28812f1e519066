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
