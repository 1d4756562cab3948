/**
 * The flow-network type shared by the max-flow solvers: a directed graph in compressed sparse row (CSR)
 * form over typed arrays, with every edge stored as a pair of arcs (forward arc with the edge's capacity,
 * reverse arc with capacity 0) so that a solver can walk the residual graph without allocation.
 *
 * @module
 */

/**
 * A directed flow network in CSR form (built by {@link createFlowGraph} or {@link layeredAttentionGraph}).
 *
 * Every edge `e = (u → v, c)` owns two **arcs**: a forward arc `a = edgeArcs[e]` listed among the arcs of `u`
 * (`targets[a] = v`, `capacities[a] = c`) and its reverse arc `reverse[a]` listed among the arcs of `v`
 * (`targets[reverse[a]] = u`, capacity 0). The arcs of node `u` are `offsets[u] … offsets[u + 1] − 1`.
 * `reverse` is an involution (`reverse[reverse[a]] = a`). The order of arcs inside a node is an
 * implementation detail (solvers may try arcs in that order); use `edgeArcs` to find an edge's arc.
 *
 * Built graphs are frozen objects. Their typed arrays cannot be frozen, so every solver works on a private,
 * validated copy (taken per call, or once by {@link createMaxFlowSolver}): writing into a graph's arrays can never
 * give a wrong flow or an endless solve, and the next call re-validates the new values.
 *
 * @example
 * const g = createFlowGraph(3, [[0, 1, 2], [1, 2, 3]]);
 * g.offsets; // => Int32Array [0, 1, 3, 4]  (node 1 holds the reverse arc of 0→1 and the arc 1→2)
 * g.capacities[g.edgeArcs[1]]; // => 3
 */
export interface FlowGraph {
  /** Number of nodes; nodes are the integers `0 … numNodes − 1`. */
  readonly numNodes: number;
  /** Number of edges (each edge owns two arcs). */
  readonly numEdges: number;
  /** `numNodes + 1` arc offsets: the arcs of node `u` are `offsets[u] … offsets[u + 1] − 1`. */
  readonly offsets: Int32Array;
  /** Head node of each of the `2 · numEdges` arcs. */
  readonly targets: Int32Array;
  /** Capacity of each arc: the edge's capacity on forward arcs, 0 on reverse arcs. */
  readonly capacities: Float64Array;
  /** Index of the paired arc (forward ↔ reverse). */
  readonly reverse: Int32Array;
  /** Forward arc of each edge, in the order the edges were given. */
  readonly edgeArcs: Int32Array;
}
