/**
 * Graph keys
 * ==========
 *
 * Node and edge keys are derived from the data, never generated (graphology's `addEdge` makes
 * random keys per run, which would break byte-identical outputs).
 */
export const paperKey = (id: string): string => `paper:${id}`;
export const edgeKey = (source: string, target: string): string => `${source}->${target}`;

/**
 * A paper node's `mentions` as the graph stage made them: a digest of what they are made from
 * (each kept concept's id and mention offsets, from the columns), which the signature takes
 * instead of going through the array, a tuple per mention (1.3M on 80k papers: most of what
 * signing cost). Static attributes are written only by `buildGraph`, so the digest stays true to
 * the array. A non-enumerable property: never written out, never copied.
 */
export const MENTIONS_DIGEST: unique symbol = Symbol("papergraph.mentionsDigest");

/**
 * A paper node's paper, as the graph stage made the node from it: the signature of the node's
 * record takes the paper's `textHash` (kept from build to build) in place of its title and
 * abstract when they are still the paper's. A non-enumerable property: never written out.
 */
export const PAPER_OF: unique symbol = Symbol("papergraph.paperOf");
