/**
 * Queries
 * =======
 *
 * Read-only questions about a built graph, for code, the CLI (`papergraph query`) and the viewer:
 * find a node by key, label or alias; its neighbours; fuzzy search; the papers that mention a
 * concept (or several at once); concepts associated with a concept (NPMI over shared papers);
 * communities; shortest paths. Nothing here mutates the graph or touches the file system
 * (`loadGraph` in `load.ts` reads files), so the viewer imports this module as is.
 *
 * Node references. Every function that takes a node accepts a key (`dataset:imagenet`,
 * `paper:2306.00978`), a bare paper id (`2306.00978`), a label or an alias (`ImageNet`, `ILSVRC`,
 * `Vision Transformer`), case-insensitively; punctuation and spacing are ignored as a last resort
 * (`imagenet 1k` finds `ImageNet-1k`). When a name belongs to several nodes (the label `BERT` on
 * `model:bert` and `method:bert`), a concept wins over a paper, then the concept with more papers,
 * then the smaller key; pass the key to pick another. An unknown name throws `NotFoundError` with
 * the nearest labels as suggestions.
 *
 * The examples below run on the fixture graph `test/fixtures/query/graph.json` (8 papers, 10 concepts).
 */
import { NotFoundError, OptionsError } from "../errors.ts";
import { CONCEPT_TYPES } from "../types.ts";
import type {
  CommunitySummary,
  ConceptNodeAttributes,
  ConceptType,
  KnowledgeGraph,
  NodeAttributes,
  PaperNodeAttributes,
} from "../types.ts";
import { compareLabels, looseName, matchScore, normalizeName, preparedScore, prepareName, type PreparedName } from "./names.ts";

export { graphFromJson, graphJsonProblem } from "./graph.ts";
export type { GraphJson } from "./graph.ts";
export { buildCooccurrence } from "./cooccurrence.ts";
export type { CooccurrenceEdgeAttributes, CooccurrenceGraph, CooccurrenceOptions } from "./cooccurrence.ts";
export { association } from "./association.ts";
export type { Association } from "./association.ts";

import { association } from "./association.ts";

/** What a node is: `paper`, or the concept's type. Used by every `type` filter. */
export type NodeType = ConceptType | "paper";

/** A node as queries return it. */
export interface NodeRef {
  /** Graph key: `method:lora`, `paper:2306.00978`. */
  key: string;
  label: string;
  kind: "paper" | "concept";
  /** `paper`, or the concept type (`method`, `dataset`, …). */
  type: NodeType;
}

/** Filters accepted by `type` options: a concept type, `paper`, or `concept` for any concept. */
export type TypeFilter = NodeType | "concept";

const TYPE_FILTERS: readonly string[] = [...CONCEPT_TYPES, "paper", "concept"];

/**
 * Checks a `type` option.
 *
 * @example
 * checkType("dataset"); // "dataset"
 * @throws OptionsError for anything but a concept type, `paper` or `concept`.
 */
export function checkType(type: string | undefined): TypeFilter | undefined {
  if (type === undefined) return undefined;
  if (!TYPE_FILTERS.includes(type))
    throw new OptionsError(`type: "${type}" is not one of ${TYPE_FILTERS.join(", ")}`);
  return type as TypeFilter;
}

function typeOf(attrs: NodeAttributes): NodeType {
  return attrs.kind === "paper" ? "paper" : attrs.type;
}

function matchesType(attrs: NodeAttributes, filter: TypeFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter === "concept") return attrs.kind === "concept";
  return typeOf(attrs) === filter;
}

/**
 * The `NodeRef` of a key (no lookup by name: the key must exist).
 *
 * @example
 * nodeRef(graph, "model:vit"); // { key: "model:vit", label: "ViT", kind: "concept", type: "model" }
 */
export function nodeRef(graph: KnowledgeGraph, key: string): NodeRef {
  const attrs = graph.getNodeAttributes(key);
  return { key, label: attrs.label, kind: attrs.kind, type: typeOf(attrs) };
}

function paperCountOf(attrs: NodeAttributes): number {
  return attrs.kind === "concept" ? attrs.paperCount : 0;
}

function checkCount(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isFinite(value) ? Number.isInteger(value) && value >= min : value === Infinity))
    throw new OptionsError(`${name}: expected an integer >= ${min}, got ${value}`);
}

// ---------------------------------------------------------------------------------------------
// Name index: built once per graph and cached; dropped when a node or its attributes change.

/** The graph events after which what was derived from its nodes' names may be wrong. */
const NAME_EVENTS = ["nodeAdded", "nodeDropped", "nodeAttributesUpdated", "eachNodeAttributesUpdated", "cleared"] as const;

/**
 * `make(graph)`, made once per graph and kept in `cache` until the graph adds, drops or changes a
 * node through its API (an order check alone missed a node dropped and another added).
 */
function derived<T>(cache: WeakMap<KnowledgeGraph, T>, graph: KnowledgeGraph, make: (graph: KnowledgeGraph) => T): T {
  const cached = cache.get(graph);
  if (cached !== undefined) return cached;
  const value = make(graph);
  cache.set(graph, value);
  const drop = () => {
    cache.delete(graph);
    for (const event of NAME_EVENTS) graph.removeListener(event, drop);
  };
  for (const event of NAME_EVENTS) graph.on(event, drop);
  return value;
}

interface NameIndex {
  /** normalised label → keys */
  labels: Map<string, string[]>;
  /** normalised alias → keys */
  aliases: Map<string, string[]>;
  /** letters-and-digits form of labels and aliases → keys */
  loose: Map<string, string[]>;
}

const indexes = new WeakMap<KnowledgeGraph, NameIndex>();

function push(map: Map<string, string[]>, name: string, key: string): void {
  if (!name) return;
  const keys = map.get(name);
  if (!keys) map.set(name, [key]);
  else if (!keys.includes(key)) keys.push(key);
}

function makeNameIndex(graph: KnowledgeGraph): NameIndex {
  const index: NameIndex = { labels: new Map(), aliases: new Map(), loose: new Map() };
  graph.forEachNode((key, attrs) => {
    push(index.labels, normalizeName(attrs.label), key);
    push(index.loose, looseName(attrs.label), key);
    if (attrs.kind === "concept")
      for (const alias of attrs.aliases ?? []) {
        push(index.aliases, normalizeName(alias), key);
        push(index.loose, looseName(alias), key);
      }
  });
  return index;
}

/** Each node's label and aliases as `preparedScore` takes them, in graph order. */
type SearchNames = Array<{ key: string; attrs: NodeAttributes; names: Array<{ name: string; prepared: PreparedName }> }>;

const searchNames = new WeakMap<KnowledgeGraph, SearchNames>();

function makeSearchNames(graph: KnowledgeGraph): SearchNames {
  const nodes: SearchNames = [];
  graph.forEachNode((key, attrs) => {
    const names = [attrs.label, ...(attrs.kind === "concept" ? (attrs.aliases ?? []) : [])];
    nodes.push({ key, attrs, names: names.map((name) => ({ name, prepared: prepareName(name) })) });
  });
  return nodes;
}

/** Ambiguous names: concepts before papers, then more papers first, then the smaller key. */
function preferred(graph: KnowledgeGraph, keys: string[]): string {
  return [...keys].sort((a, b) => {
    const x = graph.getNodeAttributes(a);
    const y = graph.getNodeAttributes(b);
    if (x.kind !== y.kind) return x.kind === "concept" ? -1 : 1;
    return paperCountOf(y) - paperCountOf(x) || (a < b ? -1 : a > b ? 1 : 0);
  })[0]!;
}

/**
 * The key of the node that `ref` names (key, bare paper id, label or alias; see the title block),
 * or `undefined`.
 *
 * @example
 * lookupNode(graph, "vision transformer"); // "model:vit"
 */
export function lookupNode(graph: KnowledgeGraph, ref: string): string | undefined {
  if (graph.hasNode(ref)) return ref;
  const trimmed = ref.trim();
  if (!trimmed) return undefined;
  for (const key of [trimmed, trimmed.toLowerCase(), `paper:${trimmed}`]) if (graph.hasNode(key)) return key;
  const index = derived(indexes, graph, makeNameIndex);
  for (const [map, name] of [
    [index.labels, normalizeName(trimmed)],
    [index.aliases, normalizeName(trimmed)],
    [index.loose, looseName(trimmed)],
  ] as const) {
    const keys = map.get(name);
    if (keys?.length) return preferred(graph, keys);
  }
  return undefined;
}

/**
 * The key of the node that `ref` names.
 *
 * @example
 * findNode(graph, "ILSVRC"); // "dataset:imagenet" (an alias)
 * findNode(graph, "imagnet"); // throws NotFoundError: no node "imagnet" (did you mean "ImageNet", …?)
 * @throws NotFoundError when nothing has that key, label or alias; `suggestions` holds the nearest labels.
 */
export function findNode(graph: KnowledgeGraph, ref: string): string {
  const key = lookupNode(graph, ref);
  if (key !== undefined) return key;
  throw new NotFoundError(`no node "${ref}" in the graph`, suggest(graph, ref));
}

/**
 * Up to `limit` labels nearest to `text`, for "did you mean" messages.
 *
 * @example
 * suggest(graph, "imagnet"); // ["ImageNet", "ImageNet-21k"]
 */
export function suggest(graph: KnowledgeGraph, text: string, limit = 5): string[] {
  const labels: string[] = [];
  for (const hit of search(graph, text, { limit: limit * 3, minScore: 0.3 })) {
    if (!labels.includes(hit.label)) labels.push(hit.label);
    if (labels.length === limit) break;
  }
  return labels;
}

// ---------------------------------------------------------------------------------------------
// search

export interface SearchOptions {
  /** Only nodes of this type (`dataset`, `paper`, or `concept` for any concept). */
  type?: TypeFilter;
  /** Most results returned. Default 20. */
  limit?: number;
  /** Lowest match score kept, in [0, 1]. Default 0.35 (keeps one-letter typos of short names). */
  minScore?: number;
}

/** A search result: the node, its best score, and the label or alias that matched. */
export interface SearchHit extends NodeRef {
  /** In [0, 1]; 1 is the same name up to case and punctuation (see `matchScore`). */
  score: number;
  /** The label or alias that gave the score. */
  matched: string;
  /** Papers that mention the concept (0 for papers). */
  paperCount: number;
}

/**
 * Ranked fuzzy search over labels and aliases (paper titles included).
 *
 * Ranking: score (exact, prefix, word prefix, substring, typo; see `matchScore`), then concepts
 * before papers, then more papers, then label.
 *
 * @example
 * search(graph, "imagenet", { type: "dataset" }).map((h) => h.label); // ["ImageNet", "ImageNet-21k"]
 */
export function search(graph: KnowledgeGraph, text: string, options: SearchOptions = {}): SearchHit[] {
  const type = checkType(options.type);
  const limit = options.limit ?? 20;
  checkCount("limit", limit, 0);
  const minScore = options.minScore ?? 0.35;
  const hits: SearchHit[] = [];
  const query = prepareName(text);
  for (const { key, attrs, names } of derived(searchNames, graph, makeSearchNames)) {
    if (!matchesType(attrs, type)) continue;
    let best = 0;
    let matched = attrs.label;
    for (const { name, prepared } of names) {
      const score = preparedScore(query, prepared);
      if (score > best) [best, matched] = [score, name];
    }
    if (best >= minScore && best > 0)
      hits.push({ ...nodeRef(graph, key), score: best, matched, paperCount: paperCountOf(attrs) });
  }
  hits.sort(
    (a, b) =>
      b.score - a.score ||
      (a.kind === b.kind ? 0 : a.kind === "concept" ? -1 : 1) ||
      b.paperCount - a.paperCount ||
      compareLabels(a.label, b.label) ||
      (a.key < b.key ? -1 : 1),
  );
  return hits.slice(0, limit);
}

// ---------------------------------------------------------------------------------------------
// neighbours

export interface NeighbourOptions {
  /** Only return nodes of this type; the walk still passes through other nodes. */
  type?: TypeFilter;
  /** How many hops out. Default 1. */
  depth?: number;
  /** Most results returned. Default: all. */
  limit?: number;
  /** Edges lighter than this are not followed. Default 0 (follow all). */
  minWeight?: number;
}

/** A node reached from the start node. */
export interface Neighbour extends NodeRef {
  /** Hops from the start node (1 = adjacent). */
  depth: number;
  /**
   * At depth 1, the weight of the edge (mentions of the concept in the paper). Further out, the
   * summed weight of the edges from the previous ring: at depth 2 from a concept, the mentions
   * this concept has in the papers that mention the start concept.
   */
  weight: number;
  /** The relation of the edges it was reached by (`mention`, or `variant` for family links). */
  relation: "mention" | "variant";
  /** The neighbour in the previous ring it is most strongly linked to (the start node at depth 1). */
  via: string;
}

/**
 * Nodes within `depth` hops of a node, nearest ring first, then by weight (heaviest first), then label.
 *
 * @example
 * neighbours(graph, "ImageNet", { type: "model", depth: 2 }); // [{ key: "model:vit", depth: 2, weight: 4, via: "paper:2401.00001", … }]
 * neighbours(graph, "paper:2401.00001").map((n) => n.key); // the concepts that paper mentions
 * @throws NotFoundError for an unknown node; OptionsError for a bad option.
 */
export function neighbours(graph: KnowledgeGraph, node: string, options: NeighbourOptions = {}): Neighbour[] {
  const start = findNode(graph, node);
  const type = checkType(options.type);
  const depth = options.depth ?? 1;
  checkCount("depth", depth, 1);
  checkCount("limit", options.limit, 0);
  const minWeight = options.minWeight ?? 0;
  if (!Number.isFinite(minWeight)) throw new OptionsError(`minWeight: expected a number, got ${minWeight}`);

  const seen = new Set([start]);
  const found: Neighbour[] = [];
  let ring = [start];
  for (let d = 1; d <= depth && ring.length; d++) {
    const next = new Map<string, { weight: number; relation: "mention" | "variant"; via: string; best: number }>();
    for (const from of ring) {
      graph.forEachEdge(from, (_edge, attrs, source, target) => {
        if (attrs.weight < minWeight) return;
        const to = source === from ? target : source;
        if (seen.has(to)) return;
        const entry = next.get(to);
        if (!entry) next.set(to, { weight: attrs.weight, relation: attrs.relation, via: from, best: attrs.weight });
        else {
          entry.weight += attrs.weight;
          if (attrs.weight > entry.best || (attrs.weight === entry.best && from < entry.via)) {
            [entry.best, entry.via] = [attrs.weight, from];
            entry.relation = attrs.relation;
          }
        }
      });
    }
    const ringFound: Neighbour[] = [];
    for (const [key, { weight, relation, via }] of next) {
      seen.add(key);
      if (matchesType(graph.getNodeAttributes(key), type))
        ringFound.push({ ...nodeRef(graph, key), depth: d, weight, relation, via });
    }
    ringFound.sort((a, b) => b.weight - a.weight || compareLabels(a.label, b.label) || (a.key < b.key ? -1 : 1));
    found.push(...ringFound);
    ring = [...next.keys()].sort();
  }
  return options.limit === undefined ? found : found.slice(0, options.limit);
}

// ---------------------------------------------------------------------------------------------
// papers

/** A paper that mentions the concept(s) asked about. */
export interface PaperHit extends NodeRef {
  kind: "paper";
  type: "paper";
  title: string;
  /** ISO date or "" when unknown. */
  date: string;
  year: number;
  url: string;
  /** Mentions of the concepts asked about in this paper, summed. */
  weight: number;
  /** The concept keys this paper mentions, per concept asked about (the concept or its variant). */
  concepts: string[];
}

export interface PapersOptions {
  /** Count a paper that mentions a variant (`ImageNet-21k`) as mentioning its family (`ImageNet`). Default true. */
  variants?: boolean;
  /** Most results returned. Default: all. */
  limit?: number;
}

/** The concept and, with `variants`, the concepts linked to it as its variants. */
function family(graph: KnowledgeGraph, key: string, variants: boolean): string[] {
  const keys = [key];
  if (!variants) return keys;
  graph.forEachEdge(key, (_edge, attrs, source, target) => {
    const other = source === key ? target : source;
    const otherAttrs = graph.getNodeAttributes(other);
    if (attrs.relation === "variant" && otherAttrs.kind === "concept" && otherAttrs.parent === key) keys.push(other);
  });
  return keys;
}

/** Paper key → mentions, for the papers linked to `concept` by mention edges. */
function mentionsOf(graph: KnowledgeGraph, concept: string): Map<string, number> {
  const papers = new Map<string, number>();
  graph.forEachEdge(concept, (_edge, attrs, source, target) => {
    const other = source === concept ? target : source;
    if (attrs.relation === "mention" && graph.getNodeAttribute(other, "kind") === "paper")
      papers.set(other, (papers.get(other) ?? 0) + attrs.weight);
  });
  return papers;
}

/**
 * The papers that mention a concept, or all of several concepts, most mentions first, then newest, then title.
 *
 * @example
 * papersMentioning(graph, "LoRA").map((p) => p.key);
 * papersMentioning(graph, ["ImageNet", "ViT"]); // papers that use ImageNet with a ViT
 * @throws NotFoundError when a concept is unknown or names a paper.
 */
export function papersMentioning(
  graph: KnowledgeGraph,
  concept: string | string[],
  options: PapersOptions = {},
): PaperHit[] {
  const refs = Array.isArray(concept) ? concept : [concept];
  if (!refs.length) throw new OptionsError("papersMentioning: give at least one concept");
  checkCount("limit", options.limit, 0);
  let result: Map<string, { weight: number; concepts: string[] }> | undefined;
  for (const ref of refs) {
    const key = findConcept(graph, ref);
    const here = new Map<string, { weight: number; concepts: string[] }>();
    for (const member of family(graph, key, options.variants ?? true))
      for (const [paper, weight] of mentionsOf(graph, member)) {
        const entry = here.get(paper) ?? { weight: 0, concepts: [] };
        entry.weight += weight;
        entry.concepts.push(member);
        here.set(paper, entry);
      }
    if (!result) result = here;
    else
      for (const [paper, entry] of result) {
        const other = here.get(paper);
        if (!other) result.delete(paper);
        else {
          entry.weight += other.weight;
          entry.concepts.push(...other.concepts);
        }
      }
  }
  const hits: PaperHit[] = [...(result ?? [])].map(([key, { weight, concepts }]) => {
    const attrs = graph.getNodeAttributes(key) as PaperNodeAttributes;
    return {
      key,
      label: attrs.label,
      kind: "paper",
      type: "paper",
      title: attrs.title ?? attrs.label,
      date: attrs.date ?? "",
      year: attrs.year ?? 0,
      url: attrs.url ?? "",
      weight,
      concepts,
    };
  });
  hits.sort(
    (a, b) =>
      b.weight - a.weight ||
      (a.date === b.date ? 0 : a.date > b.date ? -1 : 1) ||
      compareLabels(a.label, b.label) ||
      (a.key < b.key ? -1 : 1),
  );
  return options.limit === undefined ? hits : hits.slice(0, options.limit);
}

/** Like `findNode`, but the node must be a concept. */
function findConcept(graph: KnowledgeGraph, ref: string): string {
  const key = findNode(graph, ref);
  if (graph.getNodeAttribute(key, "kind") !== "concept") {
    const concepts = search(graph, ref, { type: "concept", limit: 5, minScore: 0.3 }).map((hit) => hit.label);
    throw new NotFoundError(`"${ref}" is a paper (${key}), not a concept`, concepts);
  }
  return key;
}

// ---------------------------------------------------------------------------------------------
// related

export interface RelatedOptions {
  /** Only concepts of this type. */
  type?: TypeFilter;
  /** Most results returned. Default 20. */
  limit?: number;
  /**
   * Fewest shared papers for a pair to count. Default 2: with one shared paper, two concepts that
   * each occur once get the top score by chance.
   */
  minShared?: number;
}

/** A concept that co-occurs with the one asked about, with the association score and the evidence. */
export interface RelatedConcept extends NodeRef, AssociationFields {
  kind: "concept";
  /** Papers that mention this concept. */
  paperCount: number;
  /** Keys of the papers that mention both, sorted. */
  papers: string[];
}

interface AssociationFields {
  /** Papers that mention both. */
  shared: number;
  /** Pointwise mutual information, ln(P(a,b) / (P(a) P(b))), over papers. */
  pmi: number;
  /** Normalised PMI in [-1, 1]: 1 when the two always occur together. The ranking key. */
  npmi: number;
}

/** Papers (keys) that mention the concept directly. */
function paperSet(graph: KnowledgeGraph, concept: string): Set<string> {
  return new Set(mentionsOf(graph, concept).keys());
}

/**
 * Concepts that co-occur with a concept, ranked by normalised PMI over papers (Bouma 2009,
 * "Normalized (pointwise) mutual information in collocation extraction"), so that a concept is
 * not ranked high just because it is everywhere: `accuracy`, in most papers, scores near 0 with
 * everything. Ties: more shared papers first, then label.
 *
 * @example
 * related(graph, "AWQ", { minShared: 1 }).map((r) => [r.label, r.npmi.toFixed(2), r.papers]);
 * // [["LLaMA", "1.00", ["paper:2401.00004", "paper:2401.00005"]], ["accuracy", "0.33", ["paper:2401.00005"]], ["LoRA", "0.14", …]]
 * @throws NotFoundError when the concept is unknown.
 */
export function related(graph: KnowledgeGraph, concept: string, options: RelatedOptions = {}): RelatedConcept[] {
  const key = findConcept(graph, concept);
  const type = checkType(options.type);
  const limit = options.limit ?? 20;
  checkCount("limit", limit, 0);
  const minShared = options.minShared ?? 2;
  checkCount("minShared", minShared, 1);
  const total = countPapers(graph);
  const mine = paperSet(graph, key);
  const shared = new Map<string, string[]>();
  for (const paper of mine)
    graph.forEachEdge(paper, (_edge, attrs, source, target) => {
      const other = source === paper ? target : source;
      if (other === key || attrs.relation !== "mention") return;
      if (graph.getNodeAttribute(other, "kind") !== "concept") return;
      const list = shared.get(other);
      if (!list) shared.set(other, [paper]);
      else if (!list.includes(paper)) list.push(paper);
    });
  const out: RelatedConcept[] = [];
  for (const [other, papers] of shared) {
    if (papers.length < minShared) continue;
    const attrs = graph.getNodeAttributes(other) as ConceptNodeAttributes;
    if (!matchesType(attrs, type)) continue;
    const theirs = paperSet(graph, other).size;
    out.push({
      key: other,
      label: attrs.label,
      kind: "concept",
      type: attrs.type,
      paperCount: theirs,
      ...association(papers.length, mine.size, theirs, total),
      papers: papers.sort(),
    });
  }
  out.sort((a, b) => b.npmi - a.npmi || b.shared - a.shared || compareLabels(a.label, b.label) || (a.key < b.key ? -1 : 1));
  return out.slice(0, limit);
}

/** Paper nodes in the graph (the universe for association scores). */
function countPapers(graph: KnowledgeGraph): number {
  let n = 0;
  graph.forEachNode((_key, attrs) => {
    if (attrs.kind === "paper") n++;
  });
  return n;
}

// ---------------------------------------------------------------------------------------------
// communities

/** A community with its members, largest concepts first. */
export interface CommunityDetail extends CommunitySummary {
  /** Concepts in the community, most papers first (at most `limit`). */
  concepts: Array<NodeRef & { paperCount: number }>;
  /** Papers in the community, newest first (at most `limit`). */
  paperList: Array<NodeRef & { date: string }>;
  /** Concept nodes in the community (all of them, not just those listed). */
  conceptCount: number;
}

export interface CommunityQueryOptions {
  /** Most concepts and papers listed. Default 10. */
  limit?: number;
}

function summaries(graph: KnowledgeGraph): CommunitySummary[] {
  const list = graph.getAttribute("communities");
  return Array.isArray(list) ? list : [];
}

/**
 * A community, by id (`3`, `"3"`) or label (`"LoRA · LLaMA"`, case-insensitive), with its
 * members. Uses the graph's `communities` summary and fills in what it lacks from the nodes.
 *
 * @example
 * communitySummary(graph, 1).concepts.map((c) => c.label); // ["LoRA", "AWQ", "BERT", "LLaMA", "BERT"]
 * @throws NotFoundError when no community has that id or label (suggests labels).
 */
export function communitySummary(
  graph: KnowledgeGraph,
  community: number | string,
  options: CommunityQueryOptions = {},
): CommunityDetail {
  const limit = options.limit ?? 10;
  checkCount("limit", limit, 0);
  const known = summaries(graph);
  let id: number | undefined;
  if (typeof community === "number" || /^\s*-?\d+\s*$/.test(community)) id = Number(community);
  else {
    const wanted = normalizeName(community);
    id = known.find((c) => normalizeName(c.label) === wanted)?.id;
    if (id === undefined) {
      const labels = known
        .map((c) => ({ label: c.label, score: matchScore(community, c.label) }))
        .filter((c) => c.score >= 0.3)
        .sort((a, b) => b.score - a.score)
        .map((c) => c.label);
      throw new NotFoundError(`no community labelled "${community}"`, labels.slice(0, 5));
    }
  }
  const concepts: CommunityDetail["concepts"] = [];
  const papers: CommunityDetail["paperList"] = [];
  graph.forEachNode((key, attrs) => {
    if (attrs.community !== id) return;
    if (attrs.kind === "concept") concepts.push({ ...nodeRef(graph, key), paperCount: attrs.paperCount });
    else papers.push({ ...nodeRef(graph, key), date: attrs.date ?? "" });
  });
  const summary = known.find((c) => c.id === id);
  if (!summary && !concepts.length && !papers.length)
    throw new NotFoundError(
      `no community ${id}`,
      known.slice(0, 5).map((c) => `${c.id}: ${c.label}`),
    );
  concepts.sort((a, b) => b.paperCount - a.paperCount || compareLabels(a.label, b.label));
  papers.sort((a, b) => (a.date === b.date ? compareLabels(a.label, b.label) : a.date > b.date ? -1 : 1));
  return {
    id: id!,
    label: summary?.label ?? concepts.slice(0, 2).map((c) => c.label).join(" · "),
    size: summary?.size ?? concepts.length + papers.length,
    papers: summary?.papers ?? papers.length,
    color: summary?.color ?? "",
    topConcepts: summary?.topConcepts ?? concepts.slice(0, 5).map((c) => c.key),
    conceptCount: concepts.length,
    concepts: concepts.slice(0, limit),
    paperList: papers.slice(0, limit),
  };
}

/**
 * The community a node belongs to, with its members (see `communitySummary`).
 *
 * @example
 * communityOf(graph, "LoRA").label; // "LoRA · LLaMA"
 * @throws NotFoundError for an unknown node.
 */
export function communityOf(
  graph: KnowledgeGraph,
  node: string,
  options: CommunityQueryOptions = {},
): CommunityDetail & { node: NodeRef } {
  const key = findNode(graph, node);
  return { ...communitySummary(graph, graph.getNodeAttribute(key, "community"), options), node: nodeRef(graph, key) };
}

// ---------------------------------------------------------------------------------------------
// path

export interface PathOptions {
  /** Longest path looked for, in hops. Default: no limit. */
  maxLength?: number;
}

/**
 * A shortest path between two nodes (fewest hops; among equally short ones, the one through the
 * smallest keys at each step), as the list of nodes from `a` to `b`, or `null` when they are not connected.
 * In the paper–concept graph, concepts alternate with the papers that link them.
 *
 * @example
 * path(graph, "ViT", "LLaMA")?.map((n) => n.key);
 * // ["model:vit", "paper:2401.00001", "metric:accuracy", "paper:2401.00005", "model:llama"]
 * @throws NotFoundError when either node is unknown.
 */
export function path(graph: KnowledgeGraph, a: string, b: string, options: PathOptions = {}): NodeRef[] | null {
  const from = findNode(graph, a);
  const to = findNode(graph, b);
  checkCount("maxLength", options.maxLength, 0);
  const maxLength = options.maxLength ?? Infinity;
  const previous = new Map<string, string | null>([[from, null]]);
  let ring = [from];
  for (let hops = 0; ring.length && !previous.has(to) && hops < maxLength; hops++) {
    const next: string[] = [];
    for (const node of ring)
      for (const other of [...graph.neighbors(node)].sort())
        if (!previous.has(other)) {
          previous.set(other, node);
          next.push(other);
        }
    ring = next;
  }
  if (!previous.has(to)) return null;
  const keys: string[] = [];
  for (let at: string | null | undefined = to; at != null; at = previous.get(at)) keys.push(at);
  return keys.reverse().map((key) => nodeRef(graph, key));
}
