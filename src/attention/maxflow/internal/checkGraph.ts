import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../../errors/index.js';
import type { FlowGraph } from '../flowGraph.js';

/** Graphs already checked (or built by this library), so repeated solves stay O(1) to validate. */
const checked = new WeakSet<object>();

/** Record a graph this library built itself as valid. */
export function trustGraph<G extends FlowGraph>(graph: G): G {
  checked.add(graph);
  return graph;
}

/**
 * Check that `graph` is a well-formed {@link FlowGraph} (once per graph object; O(V + E) the first time):
 * typed arrays of consistent lengths, monotone offsets, targets in range, `reverse` an involution pairing
 * arcs of opposite direction, finite non-negative capacities.
 */
export function checkGraph(fn: string, graph: unknown): FlowGraph {
  if (graph === null || typeof graph !== 'object') throw new InputTypeError(fn, 'graph must be a FlowGraph (see createFlowGraph)', graph);
  if (checked.has(graph)) return graph as FlowGraph;
  const g = graph as Partial<FlowGraph>;
  const { numNodes, numEdges, offsets, targets, capacities, reverse, edgeArcs } = g;
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
  checked.add(graph);
  return graph as FlowGraph;
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
