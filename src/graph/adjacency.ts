/**
 * graphology's neighbour tables, as hash tables
 * =============================================
 *
 * graphology (0.26) keeps each node's neighbours in a plain object, `{}` per node, keyed by
 * neighbour. V8 gives such an object a hidden class for each sequence of keys it has been given,
 * so 80k paper nodes, each with its own few concept keys, make hundreds of thousands of hidden
 * classes while the edges go in; an object in dictionary mode takes its keys into a hash table
 * instead. On the 80k-paper corpus (578k edges, one process, alternating): adding the edges took
 * 3.4–3.6 s with graphology's objects and 2.3–2.7 s with dictionary-mode ones (two runs each);
 * the whole graph stage 6.0–7.0 s against 5.4–5.6 s (four each), and the communities stage, which
 * walks these tables, no longer (2.6–3.7 s against 2.8–3.1 s). The graph is the same: keys are
 * enumerated in insertion order either way (none is an array index).
 *
 * `NodeData.undirected` and `Graph._nodes` are graphology's internals: this does nothing unless
 * they are what 0.26 has (a Map of node data whose neighbour table is an empty plain object), so
 * another version gets graphology's own tables, only slower to fill.
 */
import type Graph from "graphology";

/** An empty object in dictionary mode (deleting a property that is not the last one puts it there). */
function hashTable(): Record<string, unknown> {
  const table: Record<string, unknown> = { a: 0, b: 0 };
  delete table.a;
  delete table.b;
  return table;
}

/** Gives each node of an undirected `graph` without edges a neighbour table in dictionary mode. */
export function useHashTableAdjacency(graph: Graph): void {
  const nodes = (graph as unknown as { _nodes?: unknown })._nodes;
  if (graph.type !== "undirected" || graph.size !== 0 || !(nodes instanceof Map)) return;
  for (const data of nodes.values()) {
    const table = (data as { undirected?: unknown }).undirected;
    if (typeof table !== "object" || table === null || Object.getPrototypeOf(table) !== Object.prototype || Object.keys(table).length) return;
  }
  for (const data of nodes.values()) (data as { undirected: object }).undirected = hashTable();
}
