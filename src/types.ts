/**
 * Domain types
 * ============
 *
 * The records every stage passes on: papers from ingest, concepts from extraction, and the
 * attributes of the graph that `graph/` builds and `export/` writes. The shapes of `graph.json`
 * and of `extract`'s JSON Lines are the outside contract (`CONTRACT.md`); change them only with it.
 */
import type { AbstractGraph } from "graphology-types";

export type ConceptType = "method" | "dataset" | "model" | "task" | "metric";
export const CONCEPT_TYPES: readonly ConceptType[] = ["method", "dataset", "model", "task", "metric"];

/** Where a paper was read: a file and the 1-based line its entry starts on. */
export interface SourceRef {
  file: string;
  line: number;
}

/** One paper, as ingest hands it on. Repeated entries of one paper are merged into one `Paper`. */
export interface Paper {
  /** Stable id from the data (`arxiv:2503.11731`, or a slug of the title when the input has none). */
  id: string;
  title: string;
  abstract: string;
  /** ISO `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when that is all the input says. */
  date?: string;
  /** Author names when the input lists them, else their count. */
  authors?: string[] | number;
  /** An organisation named in place of the authors (Daily Papers pages do this). */
  organisation?: string;
  url?: string;
  doi?: string;
  categories?: string[];
  /** Every entry this paper was read from, in reading order. */
  sources: SourceRef[];
}

/** A record that ingest could not use; reported with file and line, fatal only with `--strict`. */
export interface SkippedRecord {
  file: string;
  line: number;
  reason: string;
}

export type MentionField = "title" | "abstract";

/** A span of a paper's text: `text === paper[field].slice(start, end)` (UTF-16 offsets, end exclusive). */
export interface Mention {
  field: MentionField;
  start: number;
  end: number;
  text: string;
}

/** One distinct concept of one paper, with every mention of it (the `extract` output). */
export interface PaperConcept {
  /** `<type>:<slug>`, e.g. `dataset:cifar-10`; the graph node key. */
  id: string;
  /** The display name (the most common surface form, or the acronym). */
  name: string;
  type: ConceptType;
  /** Other names seen for it (long forms, spelling variants). */
  aliases: string[];
  mentions: Mention[];
  /** The id of the family this concept is a variant of (`dataset:imagenet` for ImageNet-21k). */
  parent?: string;
}

/** A paper's concepts: one line of `papergraph extract`. */
export interface ExtractedPaper {
  id: string;
  title: string;
  concepts: PaperConcept[];
}

// ---------------------------------------------------------------------------------------------
// Graph attributes (graph.json is `graph.export()` of this graph)

export const SCHEMA_VERSION = 1;

export interface BaseNodeAttributes {
  label: string;
  /** Community id (0 = largest); -1 for a node with no edges at all. */
  community: number;
  /** Label of the node's community (also in the graph's `communities`); "" for -1. */
  communityLabel: string;
  x: number;
  y: number;
  size: number;
  color: string;
}

export interface PaperNodeAttributes extends BaseNodeAttributes {
  kind: "paper";
  title: string;
  abstract: string;
  /** ISO date or "" when unknown (GEXF wants one type per attribute). */
  date: string;
  /** Year of `date`, or 0 when unknown; typed for filters and GEXF. */
  year: number;
  authors: string[] | number;
  organisation?: string;
  url: string;
  /** `file:line` of every entry the paper was read from. */
  sources: string[];
  /** The paper's mentions, for highlighting: `[conceptKey, field, start, end]`. */
  mentions: Array<[string, MentionField, number, number]>;
}

export interface ConceptNodeAttributes extends BaseNodeAttributes {
  kind: "concept";
  type: ConceptType;
  aliases: string[];
  paperCount: number;
  mentionCount: number;
  /** Key of the family concept this one is a variant of, or "" (ImageNet-21k → dataset:imagenet). */
  parent: string;
}

export type NodeAttributes = PaperNodeAttributes | ConceptNodeAttributes;

export interface EdgeAttributes {
  /** Mentions of the concept in the paper; for `variant` edges, 1. */
  weight: number;
  /** `mention` (paper → concept) or `variant` (family concept → variant concept). */
  relation: "mention" | "variant";
}

export interface CommunitySummary {
  id: number;
  label: string;
  size: number;
  papers: number;
  color: string;
  topConcepts: string[];
}

export interface GraphAttributes {
  schemaVersion: number;
  papers: number;
  concepts: number;
  edges: number;
  modularity: number;
  seed: number;
  resolution: number;
  /** Concepts named by fewer papers were left out of the graph (1: none left out). */
  minConceptPapers?: number;
  /** How many distinct concepts extraction found that `minConceptPapers` left out. */
  conceptsLeftOut?: number;
  communities: CommunitySummary[];
}

export type KnowledgeGraph = AbstractGraph<NodeAttributes, EdgeAttributes, GraphAttributes>;

/** What an incremental build changed in the graph, against the state it started from (`report.md` says it). */
export interface BuildChanges {
  papers: { added: number; removed: number };
  /** `newest`: the added concepts the most new papers name (then the most papers), at most 5; `label` as community names read it (an acronym by its long form). */
  concepts: { added: number; removed: number; newest: Array<{ key: string; label: string; papers: number; newPapers: number }> };
  /** Community ids in both builds (so the same colour), only in this one, only in the last one. */
  communities: { kept: number; added: number; removed: number };
  /** Nodes of both builds, and how many of them are in a community of another id now. */
  known: number;
  moved: number;
}
