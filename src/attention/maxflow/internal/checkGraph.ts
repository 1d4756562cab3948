import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../../errors/index.js';
import { guardInput } from '../../../internal/guard.js';
import type { FlowGraph } from '../flowGraph.js';

/**
 * A private, validated snapshot of `graph` (O(V + E) time and memory): its arrays are copied first and the copy
 * is checked — typed arrays of consistent lengths, monotone offsets, targets in range, `reverse` an involution
 * pairing arcs of opposite direction, finite non-negative capacities. Solvers work only on such snapshots, so
 * writing into a graph's arrays (typed arrays cannot be frozen) can never give a wrong flow or an endless
 * solve: a later call copies and re-validates the new values. Reading errors (proxies, getters that throw)
 * become {@link InputTypeError}.
 */
export function checkGraph(fn: string, graph: unknown): FlowGraph {
  return guardInput(fn, 'graph', () => snapshot(fn, graph));
}

function snapshot(fn: string, graph: unknown): FlowGraph {
  if (graph === null || typeof graph !== 'object') throw new InputTypeError(fn, 'graph must be a FlowGraph (see createFlowGraph)', graph);
  const g = graph as Partial<FlowGraph>;
  const { numNodes, numEdges } = g;
  let { offsets, targets, capacities, reverse, edgeArcs } = g;
  if (
    typeof numNodes !== 'number' || !Number.isInteger(numNodes) || numNodes < 1 ||
    typeof numEdges !== 'number' || !Number.isInteger(numEdges) || numEdges < 0 ||
    !(offsets instanceof Int32Array) || !(targets instanceof Int32Array) || !(capacities instanceof Float64Array) ||
    !(reverse instanceof Int32Array) || !(edgeArcs instanceof Int32Array)
  ) {
    throw new InputTypeError(fn, 'graph must be a FlowGraph { numNodes, numEdges, offsets, targets, capacities, reverse, edgeArcs } (see createFlowGraph)', graph);
  }
  const arcs = 2 * numEdges;
  if (offsets.length !== numNodes + 1 || targets.length !== arcs || capacities.length !== arcs || reverse.length !== arcs || edgeArcs.length !== numEdges) {
    throw new ShapeMismatchError(fn, 'graph arrays have inconsistent lengths', [offsets.length, targets.length, capacities.length, reverse.length, edgeArcs.length]);
  }
  // Copy first, then validate the copy: nothing the caller writes later can reach a solver.
  offsets = offsets.slice();
  targets = targets.slice();
  capacities = capacities.slice();
  reverse = reverse.slice();
  edgeArcs = edgeArcs.slice();
  if (offsets[0] !== 0 || offsets[numNodes] !== arcs) throw new ShapeMismatchError(fn, 'graph.offsets must start at 0 and end at 2·numEdges', offsets[numNodes]);
  const tail = new Int32Array(arcs);
  for (let u = 0; u < numNodes; u++) {
    const a0 = offsets[u]!;
    const a1 = offsets[u + 1]!;
    if (a1 < a0) throw new ShapeMismatchError(fn, `graph.offsets must be non-decreasing (node ${u})`, [a0, a1]);
    tail.fill(u, a0, a1);
  }
  for (let a = 0; a < arcs; a++) {
    const v = targets[a]!;
    if (v < 0 || v >= numNodes) throw new InputRangeError(fn, `graph.targets[${a}] must be a node id in [0, ${numNodes - 1}]`, v);
    const b = reverse[a]!;
    if (b < 0 || b >= arcs || reverse[b] !== a || b === a || targets[b] !== tail[a] || tail[b] !== v) {
      throw new ShapeMismatchError(fn, `graph.reverse[${a}] must pair arc ${a} with an arc in the opposite direction`, b);
    }
    const c = capacities[a]!;
    if (!(c >= 0) || c === Infinity) throw new InputRangeError(fn, `graph.capacities[${a}] must be a finite capacity >= 0`, c);
  }
  for (let e = 0; e < numEdges; e++) {
    const a = edgeArcs[e]!;
    if (a < 0 || a >= arcs) throw new InputRangeError(fn, `graph.edgeArcs[${e}] must be an arc index`, a);
  }
  return Object.freeze({ numNodes, numEdges, offsets, targets, capacities, reverse, edgeArcs });
}

/** Check a node id against the graph. */
export function checkNodeId(fn: string, name: string, v: unknown, numNodes: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputTypeError(fn, `${name} must be an integer node id`, v);
  if (v < 0 || v >= numNodes) throw new InputRangeError(fn, `${name} must be a node id in [0, ${numNodes - 1}]`, v);
  return v;
}

/** Check source and sink: valid, distinct node ids. */
export function checkTerminals(fn: string, graph: FlowGraph, source: unknown, sink: unknown): void {
  const s = checkNodeId(fn, 'source', source, graph.numNodes);
  const t = checkNodeId(fn, 'sink', sink, graph.numNodes);
  if (s === t) throw new InputRangeError(fn, 'source and sink must be different nodes', s);
}

/**
 * The typed error of the iteration backstops. Every solver provably terminates (see docs/flow.md, "Termination");
 * the bound is a guard against a bug, never reached on valid input.
 */
export function iterationBoundError(fn: string, bound: number): InputRangeError {
  return new InputRangeError(fn, `max-flow exceeded its iteration bound (${bound}); this is a bug, please report the graph`, bound);
}
