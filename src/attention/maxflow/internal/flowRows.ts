import { edmondsKarp } from '../edmondsKarp.js';
import { lpMaxFlow } from '../lpMaxFlow.js';
import { buildCsr } from './buildCsr.js';
import { LayeredFlowSolver, RESTRICT_LAYER, type RowStats } from './layeredSolver.js';
import { layeredCsr } from './layeredCsr.js';

/**
 * The max-flow solvers {@link attentionFlow} offers: `'auto'` (exact Dinic specialised to the layered graph),
 * `'edmondsKarp'` (plain reference), `'lp'` (javascript-lp-solver reference, small graphs only).
 *
 * @example
 * const A = [
 *   [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]],
 *   [[0.3, 0.4, 0.3], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6]],
 * ];
 * attentionFlow(A, { outputs: [0], solver: 'edmondsKarp' }).data; // same values as the default, much slower
 * // => Float64Array [0.516129…, 0.258064…, 0.225806…]
 */
export type AttentionFlowSolver = 'auto' | 'edmondsKarp' | 'lp';

/** Everything a (worker) computation of raw flow rows needs (plain data, structured-clone friendly). */
export interface FlowJob {
  /** Â, `[layers, n, n]` (at least `layer` layers are read). */
  readonly caps: Float64Array;
  readonly layers: number;
  readonly n: number;
  /** Read-out layer l, 1 ≤ l ≤ layers. */
  readonly layer: number;
  /** Source positions at the read-out layer. */
  readonly outputs: Int32Array;
  readonly solver: AttentionFlowSolver;
  /** Sum and minimum of every row of `caps` (from the preparation; saves the row solver a pass). */
  readonly stats?: RowStats;
}

/**
 * A reusable evaluator of raw flow rows for one job: computes output rows `start … end − 1` into
 * `out[offset + (r − start)·n …]`.
 */
export type RowEvaluator = (start: number, end: number, out: Float64Array, offset: number) => void;

/**
 * Make a function computing the raw flows of output rows (row r: source (layer, outputs[r]) to every input
 * token). Buffers are allocated once per evaluator; the values of a row do not depend on which rows are
 * computed with it.
 */
export function createRowEvaluator(job: FlowJob): RowEvaluator {
  const { caps, n, layer, outputs, solver } = job;
  if (solver === 'auto') {
    const flow = new LayeredFlowSolver(caps.length === layer * n * n ? caps : caps.subarray(0, layer * n * n), layer, n, RESTRICT_LAYER, job.stats);
    return (start, end, out, offset) => flow.solveRows(layer, outputs, start, end, out, offset);
  }
  const pair: (s: number, t: number) => number =
    solver === 'edmondsKarp'
      ? ((g) => (s: number, t: number) => edmondsKarp(g, layer * n + s, t))(layeredCsr(caps, layer, n))
      : (s, t) => lpMaxFlow(prunedGraph(caps, layer, n, s, t), 0, 1);
  return (start, end, out, offset) => {
    for (let r = start; r < end; r++) {
      const o = offset + (r - start) * n;
      for (let t = 0; t < n; t++) out[o + t] = pair(outputs[r]!, t);
    }
  };
}

/** Number of edges of the pruned graph {@link prunedGraph} builds for read-out layer `layer`. */
export function prunedEdgeCount(layer: number, n: number): number {
  return layer === 1 ? 1 : 2 * n + (layer - 2) * n * n;
}

/**
 * The part of the layered graph that can carry flow from (layer, s) to (0, t), as a small CSR graph:
 * node 0 = source, node 1 = sink, then layers layer − 1 … 1 (n nodes each). Used for the LP reference.
 */
function prunedGraph(caps: Float64Array, layer: number, n: number, s: number, t: number) {
  const nn = n * n;
  const m = prunedEdgeCount(layer, n);
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const cap = new Float64Array(m);
  let e = 0;
  if (layer === 1) {
    from[0] = 0;
    to[0] = 1;
    cap[0] = caps[s * n + t]!;
    return buildCsr(2, from, to, cap);
  }
  const id = (i: number, k: number): number => 2 + (layer - 1 - i) * n + k; // i in 1 … layer − 1
  for (let k = 0; k < n; k++) {
    from[e] = 0;
    to[e] = id(layer - 1, k);
    cap[e++] = caps[(layer - 1) * nn + s * n + k]!;
  }
  for (let i = layer - 1; i >= 2; i--) {
    for (let kf = 0; kf < n; kf++) {
      for (let kt = 0; kt < n; kt++) {
        from[e] = id(i, kf);
        to[e] = id(i - 1, kt);
        cap[e++] = caps[(i - 1) * nn + kf * n + kt]!;
      }
    }
  }
  for (let k = 0; k < n; k++) {
    from[e] = id(1, k);
    to[e] = 1;
    cap[e++] = caps[k * n + t]!;
  }
  return buildCsr(2 + (layer - 1) * n, from, to, cap);
}

/** Divide each row of `data` ([rows, n]) by its sum in place; a row summing to 0 becomes NaN. */
export function normalizeRows(data: Float64Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += data[r * n + k]!;
    for (let k = 0; k < n; k++) data[r * n + k] = data[r * n + k]! / sum;
  }
}
