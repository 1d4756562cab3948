import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import type { FlowGraph } from './flowGraph.js';
import { buildCsr } from './internal/buildCsr.js';
import { guardInput } from '../../internal/guard.js';

/** Most edges a graph may have: 2 arcs per edge must stay addressable by an Int32Array index. */
const MAX_EDGES = 2 ** 30 - 1;

/**
 * One edge as a `[from, to, capacity]` triple.
 *
 * @example
 * const e = [0, 1, 0.25]; // a FlowEdge: 0 → 1 with capacity 0.25
 * maxFlow(createFlowGraph(2, [e]), 0, 1); // => 0.25
 */
export type FlowEdge = readonly [from: number, to: number, capacity: number];

/**
 * Edges as three parallel columns (convenient for large graphs held in typed arrays).
 *
 * @example
 * const g = createFlowGraph(3, { from: [0, 1], to: [1, 2], capacity: new Float64Array([2, 3]) }); // 0 → 1 → 2
 * maxFlow(g, 0, 2); // => 2
 */
export interface FlowEdgeColumns {
  readonly from: ArrayLike<number>;
  readonly to: ArrayLike<number>;
  readonly capacity: ArrayLike<number>;
}

const FN = 'createFlowGraph';

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/**
 * Build a directed flow network ({@link FlowGraph}, CSR over typed arrays) from a node count and a list of
 * capacitated edges, for {@link maxFlow}, {@link createMaxFlowSolver}, {@link edmondsKarp} and {@link lpMaxFlow}.
 *
 * Edges go from `from` to `to` and carry at most `capacity` (finite, ≥ 0). Parallel edges are kept as
 * separate edges (their capacities add up in every cut); self-loops are allowed and never carry useful flow;
 * an edge `u → v` and an edge `v → u` are independent. Edge `e` keeps its index: `graph.edgeArcs[e]` is its
 * forward arc. Building is O(V + E) (a counting sort by tail node).
 *
 * @param numNodes - number of nodes (nodes are `0 … numNodes − 1`), a positive integer.
 * @param edges - `[from, to, capacity]` triples, or `{ from, to, capacity }` columns of equal length.
 * @returns a fresh {@link FlowGraph} (a frozen object; solvers work on validated private copies of its arrays).
 * @throws InputTypeError if `numNodes` is not an integer, `edges` is not an array of triples or columns, or an
 *   endpoint is not an integer.
 * @throws InputRangeError if `numNodes < 1`, an endpoint is outside `0 … numNodes − 1`, or a capacity is
 *   negative or not finite.
 * @throws ShapeMismatchError if a triple does not have three entries or the columns differ in length.
 * @example
 * // s = 0, t = 3: two disjoint paths (0→1→3 with bottleneck 2, 0→2→3 with bottleneck 1)
 * const g = createFlowGraph(4, [[0, 1, 3], [1, 3, 2], [0, 2, 1], [2, 3, 5]]);
 * maxFlow(g, 0, 3); // => 3
 */
export function createFlowGraph(numNodes: number, edges: ArrayLike<FlowEdge> | FlowEdgeColumns): FlowGraph {
  return guardInput(FN, 'input', () => build(numNodes, edges));
}

/** Reject an absurd edge count, and holes in a large sparse list, before allocating. */
function checkEdgeCount(name: string, list: ArrayLike<unknown>): number {
  const m = list.length;
  if (m > MAX_EDGES) throw new InputRangeError(FN, `${name} has ${m} entries, more than ${MAX_EDGES}`, m);
  if (Array.isArray(list) && m > 0) {
    for (let e = 0; e < m; e++) if (!(e in list)) throw new InputTypeError(FN, `${name}[${e}] is a hole (sparse arrays are not accepted)`);
  }
  return m;
}

function build(numNodes: number, edges: ArrayLike<FlowEdge> | FlowEdgeColumns): FlowGraph {
  if (typeof numNodes !== 'number' || !Number.isInteger(numNodes)) {
    throw new InputTypeError(FN, 'numNodes must be an integer', numNodes);
  }
  if (numNodes < 1 || numNodes > 0x3fffffff) throw new InputRangeError(FN, 'numNodes must be in [1, 2^30)', numNodes);
  let from: Int32Array;
  let to: Int32Array;
  let capacity: Float64Array;
  if (isArrayLike(edges)) {
    const m = checkEdgeCount('edges', edges);
    from = new Int32Array(m);
    to = new Int32Array(m);
    capacity = new Float64Array(m);
    for (let e = 0; e < m; e++) {
      const edge = edges[e] as unknown;
      if (!isArrayLike(edge)) throw new InputTypeError(FN, `edges[${e}] must be a [from, to, capacity] triple`, edge);
      if (edge.length !== 3) throw new ShapeMismatchError(FN, `edges[${e}] must have 3 entries [from, to, capacity]`, edge);
      from[e] = checkNode(`edges[${e}][0]`, edge[0], numNodes);
      to[e] = checkNode(`edges[${e}][1]`, edge[1], numNodes);
      capacity[e] = checkCapacity(`edges[${e}][2]`, edge[2]);
    }
  } else if (edges !== null && typeof edges === 'object' && 'from' in edges && 'to' in edges && 'capacity' in edges) {
    const { from: f, to: t, capacity: c } = edges;
    if (!isArrayLike(f) || !isArrayLike(t) || !isArrayLike(c)) {
      throw new InputTypeError(FN, 'edges.from, edges.to and edges.capacity must be arrays or typed arrays', edges);
    }
    const m = checkEdgeCount('edges.from', f);
    if (t.length !== m || c.length !== m) {
      throw new ShapeMismatchError(FN, `edges.from, edges.to and edges.capacity must have the same length, found ${m}, ${t.length}, ${c.length}`, [m, t.length, c.length]);
    }
    checkEdgeCount('edges.to', t);
    checkEdgeCount('edges.capacity', c);
    from = new Int32Array(m);
    to = new Int32Array(m);
    capacity = new Float64Array(m);
    for (let e = 0; e < m; e++) {
      from[e] = checkNode(`edges.from[${e}]`, f[e], numNodes);
      to[e] = checkNode(`edges.to[${e}]`, t[e], numNodes);
      capacity[e] = checkCapacity(`edges.capacity[${e}]`, c[e]);
    }
  } else {
    throw new InputTypeError(FN, 'edges must be an array of [from, to, capacity] triples or { from, to, capacity } columns', edges);
  }
  return buildCsr(numNodes, from, to, capacity);
}

function checkNode(name: string, v: unknown, numNodes: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputTypeError(FN, `${name} must be an integer node id`, v);
  if (v < 0 || v >= numNodes) throw new InputRangeError(FN, `${name} must be a node id in [0, ${numNodes - 1}]`, v);
  return v;
}

function checkCapacity(name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new InputTypeError(FN, `${name} must be a number`, v);
  if (!Number.isFinite(v) || v < 0) throw new InputRangeError(FN, `${name} must be a finite capacity >= 0`, v);
  return v;
}
