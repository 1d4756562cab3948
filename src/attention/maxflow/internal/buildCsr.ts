import type { FlowGraph } from '../flowGraph.js';

/**
 * Build a {@link FlowGraph} from validated edge columns (unchecked internal).
 *
 * Arcs are grouped by tail node with a counting sort that keeps edge order: the arcs of node `u` are, in
 * edge order, the forward arcs of the edges leaving `u` interleaved with the reverse arcs of the edges
 * entering `u`. O(V + E) time and memory.
 */
export function buildCsr<X extends object = object>(
  numNodes: number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  capacity: ArrayLike<number>,
  extra?: X,
): FlowGraph & X {
  const m = from.length;
  const offsets = new Int32Array(numNodes + 1);
  for (let e = 0; e < m; e++) {
    offsets[from[e]! + 1]!++;
    offsets[to[e]! + 1]!++;
  }
  for (let u = 0; u < numNodes; u++) offsets[u + 1]! += offsets[u]!;
  const fill = offsets.slice(0, numNodes);
  const arcs = 2 * m;
  const targets = new Int32Array(arcs);
  const capacities = new Float64Array(arcs);
  const reverse = new Int32Array(arcs);
  const edgeArcs = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const u = from[e]!;
    const v = to[e]!;
    const a = fill[u]!++;
    const b = fill[v]!++;
    targets[a] = v;
    capacities[a] = capacity[e]!;
    targets[b] = u;
    reverse[a] = b;
    reverse[b] = a;
    edgeArcs[e] = a;
  }
  // The wrapper is frozen; its typed arrays cannot be, so every solver works on a private validated copy.
  return Object.freeze({ numNodes, numEdges: m, offsets, targets, capacities, reverse, edgeArcs, ...(extra as X) });
}
