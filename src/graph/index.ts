/**
 * Graph
 * =====
 *
 * Builds the paper–concept graph from ingested papers and their extracted concepts: one node per
 * paper (`paper:<id>`), one per concept (`<type>:<slug>`, the id extraction gave), an edge
 * `paper → concept` weighted by the number of mentions, and a `variant` edge from a family concept
 * to each of its variants that also occurs (ImageNet — ImageNet-21k). Pure: no I/O, no randomness.
 * Nodes and edges are inserted in sorted key order so iteration, and so every output, is stable.
 * Layout and community attributes start neutral; `communities/` and `layout/` assign them.
 */
import Graph from "graphology";

import { ColumnsBuilder, type ExtractionColumns } from "../extract/columns.ts";
import type {
  ConceptNodeAttributes,
  ConceptType,
  EdgeAttributes,
  ExtractedPaper,
  GraphAttributes,
  KnowledgeGraph,
  MentionField,
  NodeAttributes,
  Paper,
  PaperNodeAttributes,
} from "../types.ts";
import { SCHEMA_VERSION } from "../types.ts";
import { Digest } from "../util/digest.ts";
import { useHashTableAdjacency } from "./adjacency.ts";
import { edgeKey, MENTIONS_DIGEST, PAPER_OF, paperKey } from "./keys.ts";

export { edgeKey, paperKey } from "./keys.ts";

const byKey = (a: readonly [string, ...unknown[]], b: readonly [string, ...unknown[]]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * Neutral community and layout attributes, until `communities/` and `layout/` assign them.
 * Place and size are -0, zero as V8 stores a fraction: with `0` or `1` every node's attributes
 * object was made with whole-number fields, and the layout's first fractions made V8 convert
 * all 108k of them, once for x and y and once for size (0.75 s of a 1.2 s layout stage of the
 * 80k update, against 0.15 s). -0 is written as 0 in JSON and equals 0.
 */
const UNPLACED = { community: -1, communityLabel: "", x: -0, y: -0, size: -0, color: "#999999" } as const;

/** A concept as it is being aggregated over papers; names and aliases as string indexes. */
interface ConceptTally {
  id: string;
  /** Mentions per surface name. */
  names: Map<number, number>;
  /** Papers per alias (a long form, another spelling) their concept gave it. */
  aliases: Map<number, number>;
  papers: number;
  mentions: number;
  parent: string;
}

/** The most frequent surface name, ties broken by the lexicographically smaller name. */
function mostFrequent(names: Map<number, number>, strings: readonly string[]): string {
  let best = "";
  let bestCount = -1;
  for (const [i, count] of names) {
    const name = strings[i]!;
    if (count > bestCount || (count === bestCount && name < best)) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

/**
 * A concept's other names, the most used first (mentions under a surface name plus papers that
 * give it as an alias), ties alphabetical: community names take the first long form
 * (`readableName`), and an 80k-paper corpus spells a common one a dozen ways, typos included
 * ("natural language procesing"), which the alphabet or length would pick as often as not.
 */
function byUse(tally: ConceptTally, label: string, strings: readonly string[]): string[] {
  const uses = new Map<string, number>();
  for (const [i, n] of tally.names) uses.set(strings[i]!, n);
  for (const [i, n] of tally.aliases) uses.set(strings[i]!, (uses.get(strings[i]!) ?? 0) + n);
  uses.delete(label);
  return [...uses.keys()].sort((x, y) => uses.get(y)! - uses.get(x)! || (x < y ? -1 : 1));
}

type MentionTuple = [string, MentionField, number, number];

/** Title first, then abstract, by offset. */
const byReadingOrder = (a: MentionTuple, b: MentionTuple): number => (a[1] === b[1] ? a[2] - b[2] : a[1] === "title" ? -1 : 1);

/** Whether `mentions` are in reading order already (a paper of one concept's mentions, often). */
function inReadingOrder(mentions: readonly MentionTuple[]): boolean {
  for (let k = 1; k < mentions.length; k++) if (byReadingOrder(mentions[k - 1]!, mentions[k]!) > 0) return false;
  return true;
}

function yearOf(date: string | undefined): number {
  const match = date ? /^(\d{4})/.exec(date) : null;
  return match ? Number(match[1]) : 0;
}

/**
 * The indexes of `keys` in key order, when `keys[0, split)` and `keys[split, …)` are each sorted
 * (one merge), or else by a sort. Each half is a series of runs, each run sorted already (the
 * edges of one source, by target: one prefix, so in key order); `runStarts` are where runs begin,
 * the only places order needs checking (80k comparisons instead of 578k).
 */
function edgeOrder(keys: readonly string[], split: number, runStarts: readonly number[]): Iterable<number> {
  let sorted = true;
  for (const i of runStarts) if (i > 0 && i !== split && keys[i - 1]! >= keys[i]!) sorted = false;
  if (!sorted) return keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  const order = new Int32Array(keys.length);
  let a = 0;
  let b = split;
  for (let o = 0; o < order.length; o++) order[o] = b >= keys.length || (a < split && keys[a]! < keys[b]!) ? a++ : b++;
  return order;
}

export interface GraphOptions {
  /** Recorded in the graph attributes. */
  seed?: number;
  /** Recorded in the graph attributes. */
  resolution?: number;
  /**
   * Concepts named by fewer papers are left out of the graph (VOSviewer's "minimum number of
   * occurrences"). Default 1: every concept.
   */
  minPapers?: number;
}

/**
 * Builds the knowledge graph. `extracted` is matched to `papers` by id; a paper without an
 * extraction record becomes a node with no concepts.
 */
export function buildGraph(
  papers: readonly Paper[],
  extracted: readonly ExtractedPaper[],
  options: GraphOptions = {},
): KnowledgeGraph {
  const conceptsByPaper = new Map(extracted.map((record) => [record.id, record.concepts]));
  const columns = new ColumnsBuilder();
  for (const paper of papers) columns.add({ concepts: conceptsByPaper.get(paper.id) ?? [], definitions: [] });
  return buildGraphOfColumns(papers, columns.finish(), options);
}

/** `buildGraph` of papers and their concepts in columns: paper `i`'s are `columns`' paper `i`. */
export function buildGraphOfColumns(papers: readonly Paper[], columns: ExtractionColumns, options: GraphOptions = {}): KnowledgeGraph {
  const minPapers = options.minPapers ?? 1;
  const strings = columns.table.strings;
  // Papers per concept first, then only the concepts named often enough are kept.
  const papersOf = new Int32Array(strings.length);
  for (let c = 0; c < columns.id.length; c++) papersOf[columns.id[c]!]!++;
  let leftOut = 0;
  if (minPapers > 1) for (const count of papersOf) if (count > 0 && count < minPapers) leftOut += 1;
  const tallyOf = new Int32Array(strings.length).fill(-1); // per concept id, an index into `tallies`
  const tallies: ConceptTally[] = [];
  // Each paper's node, with its edges as [concept, weight]; a concept listed twice for one paper
  // adds up its weight instead of making a parallel edge.
  const paperNodes: Array<[string, PaperNodeAttributes, Array<[string, number]>]> = [];

  const idDigests: Array<Digest | undefined> = new Array(strings.length); // each concept id's, made once
  // per concept id: the paper (+1) whose edges last took it, and where among them
  const lastPaper = new Int32Array(strings.length);
  const targetAt = new Int32Array(strings.length);
  papers.forEach((paper, p) => {
    const key = paperKey(paper.id);
    const mentions: MentionTuple[] = [];
    const digest = new Digest(); // of what `mentions` are made from (see `MENTIONS_DIGEST`)
    const targets: Array<[string, number]> = [];
    for (let c = columns.conceptStart[p]!; c < columns.conceptStart[p + 1]!; c++) {
      const i = columns.id[c]!;
      if (papersOf[i]! < minPapers) continue;
      const id = strings[i]!;
      const count = columns.mentionStart[c + 1]! - columns.mentionStart[c]!;
      let t = tallyOf[i]!;
      if (t < 0) {
        tallyOf[i] = t = tallies.length;
        tallies.push({ id, names: new Map(), aliases: new Map(), papers: 0, mentions: 0, parent: "" });
      }
      const tally = tallies[t]!;
      tally.papers += 1;
      tally.mentions += count;
      tally.names.set(columns.name[c]!, (tally.names.get(columns.name[c]!) ?? 0) + count);
      for (let a = columns.aliasStart[c]!; a < columns.aliasStart[c + 1]!; a++) {
        const alias = columns.alias[a]!;
        tally.aliases.set(alias, (tally.aliases.get(alias) ?? 0) + 1);
      }
      if (!tally.parent && columns.parent[c]! >= 0) tally.parent = strings[columns.parent[c]!]!;
      digest.digest((idDigests[i] ??= new Digest().units(id, 1))).int(count);
      for (let m = columns.mentionStart[c]!; m < columns.mentionStart[c + 1]!; m++) {
        mentions.push([id, columns.field[m] === 0 ? "title" : "abstract", columns.start[m]!, columns.end[m]!]);
        digest.int(columns.field[m]!).int(columns.start[m]!).int(columns.end[m]!);
      }
      if (lastPaper[i] === p + 1) targets[targetAt[i]!]![1] += count;
      else {
        lastPaper[i] = p + 1;
        targetAt[i] = targets.length;
        targets.push([id, count]);
      }
    }
    // Reading order: title first, then abstract, by offset.
    if (!inReadingOrder(mentions)) mentions.sort(byReadingOrder);
    const attributes: PaperNodeAttributes = {
      kind: "paper",
      label: paper.title,
      title: paper.title,
      abstract: paper.abstract,
      date: paper.date ?? "",
      year: yearOf(paper.date),
      authors: paper.authors ?? [],
      ...(paper.organisation ? { organisation: paper.organisation } : {}),
      url: paper.url ?? "",
      sources: paper.sources.map((s) => `${s.file}:${s.line}`),
      mentions,
      ...UNPLACED,
    };
    Object.defineProperty(attributes, MENTIONS_DIGEST, { value: digest.value() });
    Object.defineProperty(attributes, PAPER_OF, { value: paper });
    paperNodes.push([key, attributes, targets]);
  });

  const conceptNodes: Array<[string, ConceptNodeAttributes]> = [];
  const isConcept = (id: string) => {
    const i = columns.table.indexOf(id);
    return i !== undefined && tallyOf[i]! >= 0;
  };
  for (const tally of tallies) {
    const label = mostFrequent(tally.names, strings);
    conceptNodes.push([
      tally.id,
      {
        kind: "concept",
        label,
        type: tally.id.slice(0, tally.id.indexOf(":")) as ConceptType,
        aliases: byUse(tally, label, strings),
        paperCount: tally.papers,
        mentionCount: tally.mentions,
        parent: tally.parent !== tally.id && isConcept(tally.parent) ? tally.parent : "",
        ...UNPLACED,
      },
    ]);
  }
  // Edges sorted by key, as columns rather than an object per edge (they all outlived the sort,
  // and copying them through the young generation cost more than the sort). Laid out paper by
  // paper in key order, each paper's by concept, they are almost always in key order already:
  // checked, and sorted only when not.
  const keys: string[] = [];
  const sources: string[] = [];
  const targets: string[] = [];
  const weights: number[] = [];
  const runStarts: number[] = [];
  // papers and concepts each sorted once: the edges go paper by paper, the nodes are the two merged
  paperNodes.sort(byKey);
  conceptNodes.sort(byKey);
  for (const [source, , paperTargets] of paperNodes) {
    paperTargets.sort(byKey);
    runStarts.push(keys.length);
    for (const [target, weight] of paperTargets) {
      keys.push(edgeKey(source, target));
      sources.push(source);
      targets.push(target);
      weights.push(weight);
    }
  }
  const mentions = keys.length;
  // one variant edge per concept that has a parent: a family concept to each of its variants
  const variants = conceptNodes.filter(([, a]) => a.parent).map(([id, a]) => [edgeKey(a.parent, id), a.parent, id] as const).sort(byKey);
  for (const [key, source, target] of variants) {
    runStarts.push(keys.length); // sorted by key, but checked one by one, as few as they are
    keys.push(key);
    sources.push(source);
    targets.push(target);
    weights.push(1);
  }
  const order = edgeOrder(keys, mentions, runStarts);

  const graph: KnowledgeGraph = new Graph<NodeAttributes, EdgeAttributes, GraphAttributes>({
    type: "undirected",
    multi: false,
    allowSelfLoops: false,
  });
  let previous = "";
  for (let a = 0, b = 0; a < paperNodes.length || b < conceptNodes.length; ) {
    const [key, attributes] = b >= conceptNodes.length || (a < paperNodes.length && paperNodes[a]![0] < conceptNodes[b]![0]) ? paperNodes[a++]! : conceptNodes[b++]!;
    // Two entries with one id are one paper: ingest merges them, so a repeat here is a bug upstream.
    if (key === previous) throw new Error(`graph: duplicate node key ${key}`);
    graph.addNode(key, attributes);
    previous = key;
  }
  useHashTableAdjacency(graph);
  for (const i of order) {
    const relation = i < mentions ? "mention" : "variant";
    graph.addUndirectedEdgeWithKey(keys[i]!, sources[i]!, targets[i]!, { weight: weights[i]!, relation });
  }

  graph.replaceAttributes({
    schemaVersion: SCHEMA_VERSION,
    papers: paperNodes.length,
    concepts: conceptNodes.length,
    edges: graph.size,
    modularity: 0,
    seed: options.seed ?? 0,
    resolution: options.resolution ?? 1,
    minConceptPapers: minPapers,
    conceptsLeftOut: leftOut,
    communities: [],
  });
  return graph;
}
