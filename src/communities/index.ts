/**
 * Communities
 * ===========
 *
 * Seeded Louvain (graphology-communities-louvain; Blondel et al. 2008,
 * doi:10.1088/1742-5468/2008/10/P10008) over the paper–concept graph, edges weighted by mentions,
 * then three things users of VOSviewer and CiteSpace expect:
 * - no dust: communities with fewer than `minSize` papers are merged into the neighbouring community
 *   they share the most edge weight with (VOSviewer's "merge small clusters"); nodes with no edge
 *   at all get community -1 and are counted, not coloured as a cluster;
 * - stable ids: communities are numbered by size, largest first, ties by their smallest node key;
 * - readable names: each community is labelled by its most *distinctive* concepts, scored by how
 *   much more often the community's papers mention a concept than the corpus does (a
 *   log-likelihood-style term, n_ck · ln(n_ck·N / (N_c·n_k)), as CiteSpace's LLR labels do), so a
 *   concept every paper mentions does not name every community; an acronym reads as its most
 *   used long form ("RAG" → "retrieval-augmented generation"), two concepts that read as one
 *   name ("whole slide images", "whole-slide image") name it once, and a name inside one already
 *   chosen is passed over ("parameter-efficient fine-tuning", then not "fine-tuning").
 * The only randomness is the seeded `rng` handed to Louvain.
 */
import louvain from "graphology-communities-louvain";

import { OptionsError } from "../errors.ts";
import { matchKey, singularKey } from "../extract/normalize.ts";
import type { CommunitySummary, KnowledgeGraph, NodeAttributes } from "../types.ts";
import { createRng } from "../util/rng.ts";

export interface CommunityOptions {
  /** Higher values give more, smaller communities. Default 1. */
  resolution?: number;
  /** Seed of Louvain's random walk. Default 42. */
  seed?: number;
  /** Communities with fewer papers are merged into their best-connected neighbour. Default 3. */
  minSize?: number;
  /**
   * The previous build's community of each node (incremental builds): a community whose members
   * mostly were one previous community keeps that community's id and colour.
   */
  previous?: ReadonlyMap<string, number>;
}

export const COMMUNITY_DEFAULTS: Required<Omit<CommunityOptions, "previous">> = { resolution: 1, seed: 42, minSize: 3 };

/** A new community keeps a previous id when the two share at least this Jaccard overlap. */
const SAME_COMMUNITY = 0.3;

export interface CommunityResult {
  count: number;
  /** Newman modularity (resolution 1) of the final, merged partition. */
  modularity: number;
  /** How many small communities were merged into a neighbour. */
  merged: number;
  /** Nodes with no edges (community -1). */
  isolated: number;
  communities: CommunitySummary[];
}

/** Distinct colours for the largest communities (no alpha: GEXF and Gephi want #rrggbb). */
const PALETTE = [
  "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
  "#9c755f", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
  "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78",
];
const UNCLUSTERED = "#bbbbbb";

/** The colour of community `id`: the palette first, then golden-angle hues (stable, distinct). */
export function communityColor(id: number): string {
  if (id < 0) return UNCLUSTERED;
  const fixed = PALETTE[id];
  if (fixed) return fixed;
  const hue = (id * 137.508) % 360;
  return hslToHex(hue, 0.55, 0.55);
}

function hslToHex(h: number, s: number, l: number): string {
  const f = (n: number): string => {
    const k = (n + h / 30) % 12;
    const c = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, "0");
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/**
 * Newman modularity of a partition, Q = Σ_c [ w_in(c)/m − (d(c)/2m)² ], with edge weights.
 * Returns 0 for a graph without edges.
 */
export function modularity(graph: KnowledgeGraph, communityOf: (node: string, attributes: NodeAttributes) => number): number {
  let m = 0;
  const internal = new Map<number, number>();
  const degree = new Map<number, number>();
  graph.forEachEdge((_edge, { weight }, source, target, s, t) => {
    m += weight;
    const cs = communityOf(source, s);
    const ct = communityOf(target, t);
    if (cs === ct) internal.set(cs, (internal.get(cs) ?? 0) + weight);
    degree.set(cs, (degree.get(cs) ?? 0) + weight);
    degree.set(ct, (degree.get(ct) ?? 0) + weight);
  });
  if (m === 0) return 0;
  let q = 0;
  for (const [c, d] of degree) q += (internal.get(c) ?? 0) / m - (d / (2 * m)) ** 2;
  return q;
}

/**
 * Finds communities and writes `community`, `communityLabel` and `color` on every node, and
 * `communities` and `modularity` on the graph.
 * @throws OptionsError when `resolution` is not a positive number or `minSize` not a whole number ≥ 1.
 */
export function assignCommunities(graph: KnowledgeGraph, options: CommunityOptions = {}): CommunityResult {
  const { resolution, seed, minSize } = { ...COMMUNITY_DEFAULTS, ...options };
  if (!(resolution > 0) || !Number.isFinite(resolution)) {
    throw new OptionsError(`communities: "resolution" must be a positive number, got ${resolution}`);
  }
  if (!Number.isInteger(minSize) || minSize < 1) {
    throw new OptionsError(`communities: "minSize" must be a whole number ≥ 1, got ${minSize}`);
  }

  const raw: Record<string, number> =
    graph.size === 0
      ? {}
      : louvain(graph, { resolution, rng: createRng(seed), getEdgeWeight: "weight", randomWalk: true });

  // Members per raw community; isolated nodes leave the partition.
  const members = new Map<number, string[]>();
  let isolated = 0;
  graph.forEachNode((node) => {
    const c = raw[node];
    if (c === undefined || graph.degree(node) === 0) {
      isolated += 1;
      return;
    }
    const list = members.get(c);
    if (list) list.push(node);
    else members.set(c, [node]);
  });

  const merged = mergeSmall(graph, members, minSize);

  // Numbering: by size, largest first, then by smallest node key (members are in graph order);
  // on an incremental build, communities that match a previous one keep its id (and so its colour).
  const ordered = [...members.values()].sort(
    (a, b) => b.length - a.length || ((a[0] ?? "") < (b[0] ?? "") ? -1 : 1),
  );
  const ids = options.previous ? matchPrevious(ordered, options.previous) : ordered.map((_, i) => i);
  const communityOfNode = new Map<string, number>();
  ordered.forEach((nodes, i) => {
    for (const node of nodes) communityOfNode.set(node, ids[i] ?? -1);
  });
  const communityOf = (node: string): number => communityOfNode.get(node) ?? -1;
  // Papers per community, and how many of them name each concept: one pass over the nodes and
  // one over the edges, not a walk of each paper's neighbours (0.7–1.1 s on the 80k graph).
  // In place: copying every node's attributes (abstracts, mentions) costs seconds on 100k nodes.
  const slotOf = new Map(ids.map((id, i) => [id, i]));
  const papers = ordered.map(() => 0);
  const counts = ordered.map(() => new Map<string, number>());
  graph.forEachNode((node, attributes) => {
    const community = communityOf(node);
    attributes.community = community;
    if (attributes.kind === "paper" && community >= 0) papers[slotOf.get(community)!]!++;
  });
  graph.forEachEdge((_edge, _a, source, target, s, t) => {
    const paperFirst = s.kind === "paper";
    const paper = paperFirst ? s : t;
    if (paper.kind !== "paper" || (paperFirst ? t : s).kind !== "concept" || paper.community < 0) return;
    const concept = paperFirst ? target : source;
    const c = counts[slotOf.get(paper.community)!]!;
    c.set(concept, (c.get(concept) ?? 0) + 1);
  });

  const summaries = ordered.map((nodes, i) => summarise(graph, ids[i] ?? -1, nodes, communityOf, counts[i]!, papers[i]!));
  const labels = uniqueLabels(summaries.map((s) => s.candidates));
  const communities: CommunitySummary[] = summaries
    .map((s, i) => {
      const id = ids[i] ?? -1;
      return {
        id,
        label: labels[i] ?? `Community ${id}`,
        size: s.size,
        papers: s.papers,
        color: communityColor(id),
        topConcepts: s.candidates.slice(0, 5),
      };
    })
    .sort((a, b) => a.id - b.id);
  const byId = new Map(communities.map((c) => [c.id, c]));

  graph.forEachNode((_node, attributes) => {
    const community = attributes.community;
    attributes.communityLabel = byId.get(community)?.label ?? "";
    attributes.color = byId.get(community)?.color ?? communityColor(community);
  });
  const q = modularity(graph, (_node, attributes) => attributes.community);
  graph.mergeAttributes({ modularity: round(q, 6), communities, seed, resolution });
  return { count: communities.length, modularity: q, merged, isolated, communities };
}

/**
 * Ids for `ordered` communities that reuse previous ids: pairs (new, previous) are taken greedily
 * by Jaccard overlap of their members (previous members still in the graph), each previous id at
 * most once; unmatched communities get fresh ids above every previous one, largest first.
 */
function matchPrevious(ordered: string[][], previous: ReadonlyMap<string, number>): number[] {
  const previousSize = new Map<number, number>();
  const present = new Set(ordered.flat());
  for (const [node, c] of previous) if (c >= 0 && present.has(node)) previousSize.set(c, (previousSize.get(c) ?? 0) + 1);
  const pairs: Array<[number, number, number]> = [];
  ordered.forEach((nodes, i) => {
    const overlap = new Map<number, number>();
    for (const node of nodes) {
      const c = previous.get(node);
      if (c !== undefined && c >= 0) overlap.set(c, (overlap.get(c) ?? 0) + 1);
    }
    for (const [c, shared] of overlap) {
      const jaccard = shared / (nodes.length + (previousSize.get(c) ?? 0) - shared);
      if (jaccard >= SAME_COMMUNITY) pairs.push([jaccard, i, c]);
    }
  });
  pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const ids: number[] = ordered.map(() => -1);
  const taken = new Set<number>();
  for (const [, i, c] of pairs) {
    if (ids[i] !== -1 || taken.has(c)) continue;
    ids[i] = c;
    taken.add(c);
  }
  let next = 0;
  for (const c of previous.values()) next = Math.max(next, c + 1);
  return ids.map((id) => (id === -1 ? next++ : id));
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** Merges communities of under `minSize` papers into the neighbour they share most weight with; returns how many. */
function mergeSmall(graph: KnowledgeGraph, members: Map<number, string[]>, minSize: number): number {
  const owner = new Map<string, number>();
  const papers = new Map<number, number>();
  for (const [c, nodes] of members) {
    for (const node of nodes) owner.set(node, c);
    papers.set(c, nodes.filter((node) => graph.getNodeAttribute(node, "kind") === "paper").length);
  }
  let merged = 0;
  // Smallest first, so dust joins real communities rather than other dust.
  const small = [...members.entries()]
    .filter(([c]) => (papers.get(c) ?? 0) < minSize)
    .sort((a, b) => (papers.get(a[0]) ?? 0) - (papers.get(b[0]) ?? 0) || a[1].length - b[1].length || a[0] - b[0])
    .map(([c]) => c);
  for (const c of small) {
    const nodes = members.get(c);
    if (!nodes || (papers.get(c) ?? 0) >= minSize) continue;
    const weights = new Map<number, number>();
    for (const node of nodes) {
      graph.forEachEdge(node, (_edge, { weight }, source, target) => {
        const other = owner.get(source === node ? target : source);
        if (other !== undefined && other !== c) weights.set(other, (weights.get(other) ?? 0) + weight);
      });
    }
    let best = -1;
    let bestWeight = 0;
    for (const [other, w] of weights) {
      if (w > bestWeight || (w === bestWeight && other < best)) {
        best = other;
        bestWeight = w;
      }
    }
    if (best < 0) continue; // a small connected component on its own: kept, and reported by size
    const target = members.get(best);
    if (!target) continue;
    for (const node of nodes) {
      target.push(node);
      owner.set(node, best);
    }
    papers.set(best, (papers.get(best) ?? 0) + (papers.get(c) ?? 0));
    members.delete(c);
    merged += 1;
  }
  // Restore graph order inside merged communities so numbering stays stable.
  for (const nodes of members.values()) nodes.sort();
  return merged;
}

function conceptType(graph: KnowledgeGraph, node: string): string {
  const attributes = graph.getNodeAttributes(node);
  return attributes.kind === "concept" ? attributes.type : "paper";
}

function paperCount(graph: KnowledgeGraph, node: string): number {
  const attributes = graph.getNodeAttributes(node);
  return attributes.kind === "concept" ? attributes.paperCount : 0;
}

interface Summary {
  size: number;
  papers: number;
  /** Concept labels, most distinctive first. */
  candidates: string[];
}

/**
 * The labels that name community `id` of `nodes`, most distinctive first; `counts` are the
 * papers of the community that name each concept, `papers` how many papers it has.
 */
function summarise(graph: KnowledgeGraph, id: number, nodes: string[], communityOf: (n: string) => number, counts: Map<string, number>, papers: number): Summary {
  const totalPapers = graph.getAttribute("papers") || 1;
  const scored: Array<[string, number]> = [];
  if (papers > 0) {
    for (const [concept, nck] of counts) {
      // Metrics (accuracy, F1, perplexity) are shared by every field: they describe no community.
      if (conceptType(graph, concept) === "metric") continue;
      const nk = paperCount(graph, concept);
      // A concept named by a single paper of a big community is an accident, not a theme.
      if (nck < 2 && papers > 3) continue;
      scored.push([concept, nck * Math.log((nck * totalPapers) / (papers * nk))]);
    }
  } else {
    // A community of concepts only (variant edges): name it by its own most used concepts.
    for (const node of nodes) scored.push([node, paperCount(graph, node)]);
  }
  // Concepts that sit in this community break ties before those that sit elsewhere.
  scored.sort(
    (a, b) =>
      b[1] - a[1] ||
      Number(communityOf(b[0]) === id) - Number(communityOf(a[0]) === id) ||
      (a[0] < b[0] ? -1 : 1),
  );
  const candidates: string[] = [];
  const seen = new Set<string>();
  const chosenWords: string[] = [];
  for (const [concept] of scored) {
    const label = readableName(graph.getNodeAttributes(concept));
    if (label === undefined) continue;
    // two concepts that read as one name ("whole slide images", "whole-slide image") name it once
    const folded = singularKey(matchKey(label));
    if (seen.has(folded)) continue;
    // ... and a name inside a name already chosen adds nothing: "parameter-efficient fine-tuning · fine-tuning"
    const words = ` ${label.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim()} `;
    if (chosenWords.some((w) => w.includes(words))) continue;
    seen.add(folded);
    // ... and an acronym with no long form gives way to a name that holds it: "KV" → "KV cache"
    const acronym = candidates.findIndex((c, k) => ACRONYM.test(c) && words.includes(chosenWords[k]!));
    if (acronym >= 0) {
      candidates[acronym] = label;
      chosenWords[acronym] = words;
      continue;
    }
    chosenWords.push(words);
    candidates.push(label);
    if (candidates.length >= 8) break;
  }
  return { size: nodes.length, papers, candidates };
}

/** A short acronym as a label: "KV", "LLMs". */
const ACRONYM = /^[A-Z][A-Z0-9]{0,4}s?$/;

/**
 * How a concept reads in a community's name: a short acronym by its most used long form ("LN" → "layer
 * normalization", "ERM" → "empirical risk minimization"), since a row of acronyms names nothing
 * for a newcomer; undefined for tokens that read as symbols ("S1", "L_2") and have no long form.
 */
export function readableName(a: NodeAttributes): string | undefined {
  if (a.kind !== "concept") return a.label;
  if (!ACRONYM.test(a.label)) return /_/.test(a.label) ? undefined : a.label;
  // the most used long form (the graph lists aliases so), in its common-noun spelling when the
  // corpus has that too ("layer normalization" over "Layer Normalization")
  const longForms = a.aliases.filter((alias) => alias.split(/[\s-]+/).length >= 2 && alias.length > a.label.length + 3);
  const first = longForms[0];
  if (first) return longForms.includes(first.toLowerCase()) ? first.toLowerCase() : first;
  return /^[A-Z]\d+$/.test(a.label) ? undefined : a.label;
}

/** Labels of two or three concepts; a label another community already has gets one more concept. */
function uniqueLabels(candidates: string[][]): string[] {
  const used = new Set<string>();
  return candidates.map((names, id) => {
    for (let n = Math.min(3, names.length); n <= names.length; n++) {
      const label = names.slice(0, n).join(" · ");
      if (label && !used.has(label)) {
        used.add(label);
        return label;
      }
    }
    const fallback = `Community ${id}`;
    used.add(fallback);
    return fallback;
  });
}
