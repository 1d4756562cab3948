import type { FlowGraph } from './flowGraph.js';
import { checkGraph, checkTerminals } from './internal/checkGraph.js';
import { DinicSolver } from './internal/dinic.js';

/**
 * Maximum flow value from `source` to `sink` in a capacitated directed graph — exact (Dinic's algorithm,
 * see {@link createMaxFlowSolver} for the details and complexity).
 *
 * The value equals the capacity of a minimum `source`–`sink` cut (max-flow min-cut theorem), so
 * `0 ≤ maxFlow ≤ min(out-capacity of source, in-capacity of sink)` and `maxFlow ≤` the capacity of every cut.
 * Same value as networkx's `maximum_flow_value(G, source, sink)` (up to rounding, ~1e-14 relative).
 *
 * Each call allocates the solver's buffers; to solve many pairs on one graph use {@link createMaxFlowSolver}.
 *
 * @param graph - a {@link FlowGraph} from {@link createFlowGraph} or {@link layeredAttentionGraph}.
 * @param source - source node id.
 * @param sink - sink node id, different from `source`.
 * @returns the maximum flow value (0 when the sink is unreachable).
 * @throws InputTypeError if `graph` is not a FlowGraph or a node id is not an integer.
 * @throws InputRangeError if a node id is out of range or `source === sink`.
 * @see https://networkx.org/documentation/stable/reference/algorithms/generated/networkx.algorithms.flow.maximum_flow_value.html
 * @example
 * const g = createFlowGraph(4, [[0, 1, 3], [1, 3, 2], [0, 2, 1], [2, 3, 5]]);
 * maxFlow(g, 0, 3); // => 3
 * maxFlow(g, 3, 0); // => 0
 */
export function maxFlow(graph: FlowGraph, source: number, sink: number): number {
  const fn = 'maxFlow';
  const g = checkGraph(fn, graph);
  checkTerminals(fn, g, source, sink);
  return new DinicSolver(g, fn).solve(source, sink);
}
