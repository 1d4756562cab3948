import type { FlowGraph } from './flowGraph.js';
import { checkGraph, checkTerminals } from './internal/checkGraph.js';
import { RESIDUAL_EPS } from './internal/dinic.js';
import { iterationBoundError } from './internal/checkGraph.js';

/**
 * Maximum flow value by the plain Edmonds–Karp algorithm (shortest augmenting paths found by BFS from the
 * source, one path per BFS): the textbook reference that Abnar & Zuidema's `compute_flows` uses through
 * networkx's `edmonds_karp`. O(V·E²); kept simple on purpose as an independent check of {@link maxFlow}
 * (use that, not this, for speed).
 *
 * Arcs count as saturated when their residual capacity is at most 2⁻⁴⁶ times the largest capacity (as
 * {@link maxFlow}), so rounding residue never produces endless tiny augmentations.
 *
 * @param graph - a {@link FlowGraph}.
 * @param source - source node id.
 * @param sink - sink node id, different from `source`.
 * @returns the maximum flow value.
 * @throws InputTypeError if `graph` is not a FlowGraph or a node id is not an integer.
 * @throws InputRangeError if a node id is out of range or `source === sink`.
 * @see Edmonds & Karp, "Theoretical improvements in algorithmic efficiency for network flow problems", J. ACM 19 (1972)
 * @example
 * const g = createFlowGraph(4, [[0, 1, 3], [1, 3, 2], [0, 2, 1], [2, 3, 5]]);
 * edmondsKarp(g, 0, 3); // => 3
 */
export function edmondsKarp(graph: FlowGraph, source: number, sink: number): number {
  const fn = 'edmondsKarp';
  const g = checkGraph(fn, graph);
  checkTerminals(fn, g, source, sink);
  const { numNodes, offsets, targets, capacities, reverse } = g;
  const res = Float64Array.from(capacities);
  let maxCap = 0;
  for (let a = 0; a < res.length; a++) if (res[a]! > maxCap) maxCap = res[a]!;
  const eps = maxCap * RESIDUAL_EPS;
  const parentArc = new Int32Array(numNodes);
  const queue = new Int32Array(numNodes);
  let flow = 0;
  // Backstop: every augmentation saturates an arc exactly (r − d = 0 for the bottleneck), and Edmonds–Karp
  // needs at most V·E augmentations; never reached.
  const bound = numNodes * targets.length + 1;
  for (let round = 0; ; round++) {
    if (round > bound) throw iterationBoundError(fn, bound);
    parentArc.fill(-1);
    parentArc[source] = -2;
    let head = 0;
    let tail = 0;
    queue[tail++] = source;
    while (head < tail && parentArc[sink] === -1) {
      const u = queue[head++]!;
      for (let a = offsets[u]!, end = offsets[u + 1]!; a < end; a++) {
        const v = targets[a]!;
        if (parentArc[v] === -1 && res[a]! > eps) {
          parentArc[v] = a;
          queue[tail++] = v;
        }
      }
    }
    if (parentArc[sink] === -1) return flow;
    let d = Infinity;
    for (let v = sink; v !== source; ) {
      const a = parentArc[v]!;
      if (res[a]! < d) d = res[a]!;
      v = targets[reverse[a]!]!;
    }
    for (let v = sink; v !== source; ) {
      const a = parentArc[v]!;
      res[a] = res[a]! - d;
      res[reverse[a]!] = res[reverse[a]!]! + d;
      v = targets[reverse[a]!]!;
    }
    flow += d;
  }
}
