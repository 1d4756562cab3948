import solver from 'javascript-lp-solver';
import { InputRangeError } from '../../errors/index.js';
import type { FlowGraph } from './flowGraph.js';
import { checkGraph, checkTerminals } from './internal/checkGraph.js';

/**
 * Largest number of positive-capacity edges {@link lpMaxFlow} accepts (2500). javascript-lp-solver keeps a
 * dense simplex tableau of (edges + nodes + 1) × (edges + 1) float64 cells — about 50 MB here — and its time
 * grows faster than quadratically with the edge count (≈ 0.1 s at 1000 edges, ≈ 0.5 s at 2500).
 *
 * @example
 * LP_MAX_EDGES; // => 2500
 * // attentionFlow(a, { solver: 'lp' }) needs (layer − 2)·n² + 2n ≤ LP_MAX_EDGES, e.g. n ≤ 16 at layer 12
 */
export const LP_MAX_EDGES = 2500;

/** Simplex tolerance (and rounding unit of javascript-lp-solver's reported values) after scaling capacities to ≤ 1. */
const LP_PRECISION = 1e-12;

/**
 * Maximum flow value by linear programming (javascript-lp-solver's simplex): maximise the net flow out of
 * `source` subject to `0 ≤ x_e ≤ c_e` on every edge and flow conservation at every other node except `sink`.
 * An independent reference for small graphs (tests, and `solver: 'lp'` in {@link attentionFlow}); it shares
 * no code with {@link maxFlow}.
 *
 * Capacities are scaled so the largest is 1 before solving and the value is scaled back; javascript-lp-solver
 * rounds its reported values to its precision (here 1e-12), so results agree with the exact solvers to about
 * 1e-12 relative to the largest capacity (times the number of edges in the worst case).
 *
 * @param graph - a {@link FlowGraph} with at most {@link LP_MAX_EDGES} edges of positive capacity.
 * @param source - source node id.
 * @param sink - sink node id, different from `source`.
 * @returns the maximum flow value.
 * @throws InputTypeError if `graph` is not a FlowGraph or a node id is not an integer.
 * @throws InputRangeError if a node id is out of range, `source === sink`, the graph has more than
 *   {@link LP_MAX_EDGES} positive-capacity edges, or the LP solver fails.
 * @see https://github.com/JWally/jsLPSolver
 * @example
 * const g = createFlowGraph(4, [[0, 1, 3], [1, 3, 2], [0, 2, 1], [2, 3, 5]]);
 * lpMaxFlow(g, 0, 3); // => 3
 */
export function lpMaxFlow(graph: FlowGraph, source: number, sink: number): number {
  const fn = 'lpMaxFlow';
  const g = checkGraph(fn, graph);
  checkTerminals(fn, g, source, sink);
  const { numNodes, offsets, targets, capacities } = g;
  // Tail of each arc (the node whose list holds it).
  const tail = new Int32Array(targets.length);
  for (let u = 0; u < numNodes; u++) tail.fill(u, offsets[u]!, offsets[u + 1]!);
  // Every arc with positive capacity is a variable (forward arcs; reverse arcs only in hand-built graphs).
  let maxCap = 0;
  let count = 0;
  for (let a = 0; a < capacities.length; a++) {
    const c = capacities[a]!;
    if (c > 0 && tail[a] !== targets[a]) {
      count++;
      if (c > maxCap) maxCap = c;
    }
  }
  if (count === 0) return 0;
  if (count > LP_MAX_EDGES) {
    throw new InputRangeError(fn, `the LP reference solver accepts at most ${LP_MAX_EDGES} edges with positive capacity; use maxFlow for larger graphs`, count);
  }
  const constraints: Record<string, { max?: number; equal?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  for (let v = 0; v < numNodes; v++) if (v !== source && v !== sink) constraints[`n${v}`] = { equal: 0 };
  for (let a = 0; a < capacities.length; a++) {
    const c = capacities[a]!;
    const u = tail[a]!;
    const v = targets[a]!;
    if (!(c > 0) || u === v) continue;
    const coef: Record<string, number> = {};
    constraints[`c${a}`] = { max: c / maxCap };
    coef[`c${a}`] = 1;
    let obj = 0;
    if (u === source) obj += 1;
    if (v === source) obj -= 1;
    if (obj !== 0) coef['flow'] = obj;
    if (u !== source && u !== sink) coef[`n${u}`] = -1;
    if (v !== source && v !== sink) coef[`n${v}`] = (coef[`n${v}`] ?? 0) + 1;
    variables[`x${a}`] = coef;
  }
  const result = solver.Solve({ optimize: 'flow', opType: 'max', constraints, variables } as never, LP_PRECISION) as {
    feasible?: boolean;
    bounded?: boolean;
    result?: number;
  };
  if (!result || result.feasible !== true || typeof result.result !== 'number' || !Number.isFinite(result.result)) {
    throw new InputRangeError(fn, 'javascript-lp-solver did not return a finite optimum', result?.result);
  }
  const value = result.result * maxCap;
  return value > 0 ? value : 0;
}
