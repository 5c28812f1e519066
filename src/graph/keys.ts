/**
 * Graph keys
 * ==========
 *
 * Node and edge keys are derived from the data, never generated (graphology's `addEdge` makes
 * random keys per run, which would break byte-identical outputs).
 */
export const paperKey = (id: string): string => `paper:${id}`;
export const edgeKey = (source: string, target: string): string => `${source}->${target}`;
