import type { FlowGraph } from './flowGraph.js';
import { checkGraph, checkTerminals } from './internal/checkGraph.js';
import { DinicSolver } from './internal/dinic.js';

/**
 * A max-flow solver bound to one graph, reusing its buffers across (source, sink) pairs (from
 * {@link createMaxFlowSolver}).
 *
 * @example
 * // raw attention flow from the top CLS node (layer L, position 0) to each input position t;
 * // capacities are F1's Â₁, Â₂ (REFERENCE §5), so L = 2, n = 3
 * const L = 2, n = 3;
 * const solver = createMaxFlowSolver(layeredAttentionGraph([
 *   [[0.8, 0.15, 0.05], [0.1, 0.75, 0.15], [0.05, 0.05, 0.9]],
 *   [[0.65, 0.2, 0.15], [0.25, 0.625, 0.125], [0.1, 0.1, 0.8]],
 * ]));
 * const row = new Float64Array(n);
 * for (let t = 0; t < n; t++) row[t] = solver.maxFlow(L * n + 0, t);
 * row; // => Float64Array [0.8, 0.4, 0.35]  (to ~1e-16)
 */
export interface MaxFlowSolver {
  /**
   * The graph passed to {@link createMaxFlowSolver}. The solver works on a private validated copy taken at
   * creation, so writing into this graph's arrays later does not affect it.
   */
  readonly graph: FlowGraph;
  /**
   * Maximum flow value from `source` to `sink` (see {@link maxFlow}). The flow itself is kept until the next
   * call, for {@link MaxFlowSolver.edgeFlows} and {@link MaxFlowSolver.minCut}.
   * @throws InputTypeError / InputRangeError for a bad or equal `source`/`sink` (as {@link maxFlow}).
   */
  maxFlow(source: number, sink: number): number;
  /** Flow on every edge (in the graph's edge order) of the last solve: a fresh `Float64Array`, all zeros before any solve. */
  edgeFlows(): Float64Array;
  /**
   * Source side of a minimum cut for the last solve: `1` for the nodes reachable from the source through arcs
   * with residual capacity, `0` otherwise (fresh). The capacity of the edges leaving that set equals the last
   * flow value (max-flow min-cut theorem), up to the saturation tolerance.
   */
  minCut(): Uint8Array;
}

/**
 * Create a reusable exact max-flow solver for `graph`: buffers are allocated once and only the arcs that
 * carried flow are reset between solves, so solving many (source, sink) pairs on one graph costs only the
 * searches themselves.
 *
 * Algorithm: Dinic's — BFS levels computed backwards from the sink (the BFS stops when it labels the
 * source, so nodes that cannot reach the sink or lie farther away are never searched), blocking flow by an
 * iterative current-arc depth-first search, and an early exit once the flow reaches
 * min(out-capacity of the source, in-capacity of the sink). Worst case O(V²·E); an arc counts as saturated
 * when its residual capacity is at most 2⁻⁴⁶ (≈ 1.4e-14) times the largest capacity, so the value is exact up
 * to rounding (relative error ~1e-14 on attention graphs).
 *
 * @param graph - a {@link FlowGraph} from {@link createFlowGraph} or {@link layeredAttentionGraph}. A graph built
 *   elsewhere is accepted too. The solver copies and validates the graph once (O(V + E)); later writes into
 *   the graph's arrays do not affect it.
 * @returns a {@link MaxFlowSolver}.
 * @throws InputTypeError / ShapeMismatchError / InputRangeError if `graph` is not a well-formed FlowGraph.
 * @see Dinitz, "Algorithm for solution of a problem of maximum flow in networks with power estimation" (1970)
 * @example
 * const g = createFlowGraph(4, [[0, 1, 3], [1, 3, 2], [0, 2, 1], [2, 3, 5]]);
 * const solver = createMaxFlowSolver(g);
 * solver.maxFlow(0, 3); // => 3
 * solver.edgeFlows(); // => Float64Array [2, 2, 1, 1]
 * solver.minCut(); // => Uint8Array [1, 1, 0, 0]  (cut edges 1→3 and 0→2: 2 + 1 = 3)
 */
export function createMaxFlowSolver(graph: FlowGraph): MaxFlowSolver {
  const fn = 'createMaxFlowSolver';
  const g = checkGraph(fn, graph);
  const dinic = new DinicSolver(g, 'MaxFlowSolver.maxFlow');
  let lastSource = -1;
  return {
    graph,
    maxFlow(source: number, sink: number): number {
      checkTerminals('MaxFlowSolver.maxFlow', g, source, sink);
      lastSource = source;
      return dinic.solve(source, sink);
    },
    edgeFlows(): Float64Array {
      const out = new Float64Array(g.numEdges);
      for (let e = 0; e < g.numEdges; e++) {
        const a = g.edgeArcs[e]!;
        const f = g.capacities[a]! - dinic.res[a]!;
        out[e] = f > 0 ? f : 0;
      }
      return out;
    },
    minCut(): Uint8Array {
      const side = new Uint8Array(g.numNodes);
      if (lastSource < 0) return side;
      const queue = new Int32Array(g.numNodes);
      let head = 0;
      let tail = 0;
      queue[tail++] = lastSource;
      side[lastSource] = 1;
      while (head < tail) {
        const u = queue[head++]!;
        for (let a = g.offsets[u]!, end = g.offsets[u + 1]!; a < end; a++) {
          const v = g.targets[a]!;
          if (side[v] === 0 && dinic.res[a]! > dinic.eps) {
            side[v] = 1;
            queue[tail++] = v;
          }
        }
      }
      return side;
    },
  };
}
