import { InputRangeError, ShapeMismatchError } from '../errors/index.js';
import { formatIndex, normalizeTensor } from '../internal/tensor.js';
import type { TensorLike } from '../types/tensor.js';
import type { FlowGraph } from './maxflow/flowGraph.js';
import { layeredCsr } from './maxflow/internal/layeredCsr.js';
import { checkNestedInput, guardInput } from '../internal/guard.js';

/**
 * A {@link FlowGraph} built by {@link layeredAttentionGraph}, with its layer geometry.
 *
 * @example
 * const g = layeredAttentionGraph([[[0.8, 0.2], [0.3, 0.7]]]); // capacities [L, n, n] = [1, 2, 2]
 * [g.layers, g.n, g.numNodes]; // => [1, 2, 4]
 * const source = g.layers * g.n + 0; // node (layer L, position 0): the CLS token at the top
 * maxFlow(g, source, 1); // => 0.2
 */
export interface LayeredAttentionGraph extends FlowGraph {
  /** Number of attention layers L (the graph has L + 1 node layers). */
  readonly layers: number;
  /** Sequence length n (nodes per layer). */
  readonly n: number;
}

/**
 * Build Abnar & Zuidema's layered attention graph as a {@link FlowGraph}: `(L + 1)·n` nodes, node
 * `(layer i, position k)` has id `i·n + k` (layer 0 = the input tokens), and for every layer `i ≥ 1` an edge
 * from `(i, k_f)` **down** to `(i − 1, k_t)` with capacity `capacities[i − 1][k_f][k_t]` — row = query
 * ("from", the upper node), column = key ("to", the lower node). Edge `e = (i − 1)·n² + k_f·n + k_t`
 * (zero capacities included, so edge ids follow the array layout).
 *
 * Pass Â (head-fused, residual-added, row-normalised attention, as Abnar's `get_flow_relevance` builds it)
 * to reproduce attention flow with {@link maxFlow}; {@link attentionFlow} does all of this (faster, with a
 * solver specialised to this graph). Any finite non-negative capacities are accepted.
 *
 * O(L·n²) time and memory.
 *
 * @param capacities - `[L, n, n]` capacities (nested arrays, `{ data, shape }` or `{ data, dims }`).
 * @returns a fresh {@link LayeredAttentionGraph}.
 * @throws InputTypeError if `capacities` is not an array or tensor.
 * @throws ShapeMismatchError if it is not rank 3, not square in its last two axes, empty or ragged.
 * @throws InputRangeError if a capacity is negative or not finite.
 * @see https://arxiv.org/abs/2005.00928 (Abnar & Zuidema 2020, §3)
 * @see https://github.com/samiraabnar/attention_flow/blob/8044f53/attention_graph_util.py (`get_adjmat`)
 * @example
 * // F1 (REFERENCE §5): Â₁, Â₂ after the residual; node L2_0 = 2·3 + 0 = 6, input k = k
 * const g = layeredAttentionGraph([
 *   [[0.8, 0.15, 0.05], [0.1, 0.75, 0.15], [0.05, 0.05, 0.9]],
 *   [[0.65, 0.2, 0.15], [0.25, 0.625, 0.125], [0.1, 0.1, 0.8]],
 * ]);
 * maxFlow(g, 6, 0); // => 0.8
 * maxFlow(g, 6, 1); // => 0.4  (to ~1e-16)
 */
export function layeredAttentionGraph(capacities: TensorLike): LayeredAttentionGraph {
  const fn = 'layeredAttentionGraph';
  return guardInput(fn, 'capacities', () => buildLayered(fn, capacities));
}

function buildLayered(fn: string, capacities: TensorLike): LayeredAttentionGraph {
  checkNestedInput(fn, 'capacities', capacities);
  const t = normalizeTensor(fn, 'capacities', capacities, { rank: 3 });
  const [layers, rows, n] = t.shape as [number, number, number];
  if (rows !== n) {
    throw new ShapeMismatchError(fn, `capacities must be square in its last two axes, found shape [${t.shape.join(', ')}]`, t.shape);
  }
  const data = t.data;
  for (let c = 0; c < data.length; c++) {
    if (data[c]! < 0) throw new InputRangeError(fn, `capacities${formatIndex(c, t.shape)} must be non-negative`, data[c]);
  }
  return layeredCsr(data, layers, n);
}
