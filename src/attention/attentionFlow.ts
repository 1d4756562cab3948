import type { FloatTensor, TensorLike } from '../types/tensor.js';
import { createRowEvaluator, normalizeRows } from './maxflow/internal/flowRows.js';
import { setupFlow, type AttentionFlowOptions } from './maxflow/internal/flowSetup.js';

export { ATTENTION_FLOW_DEFAULTS, type AttentionFlowOptions } from './maxflow/internal/flowSetup.js';
export type { AttentionFlowSolver } from './maxflow/internal/flowRows.js';

/**
 * Attention flow (Abnar & Zuidema 2020): how much attention can flow from each node of a read-out layer to
 * each input token, as the **maximum flow** through the layered attention graph — exact, and orders of
 * magnitude faster than the networkx procedure of the paper's code.
 *
 * The graph ({@link layeredAttentionGraph}): node (i, k) for layer i = 0 … L and position k, an edge from
 * (i, k_f) down to (i − 1, k_t) with capacity Â_i[k_f, k_t], where Â_i = rownorm(Ā_i + I) is the head-fused
 * attention with the residual connection (row = query = the upper node, column = key = the lower node),
 * exactly as Abnar's `get_flow_relevance`. For each output position o and input token t,
 * `F[o, t] = maxflow((l, o) → (0, t))` = the capacity of the minimum cut between them; with `normalize`
 * (default) each row is divided by its sum, `F[o, :] /= Σ_t F[o, t]`, as the reference code does.
 *
 * Properties: `0 ≤ F[o, t] ≤ min(1, Σ_k Â_1[k, t])` (source out-capacity and sink in-capacity); F is at most the
 * capacity of every cut (e.g. all edges of any one layer that touch the source's descendants); for layer 1
 * F equals Â_1 (= rollout at layer 1); for layer 2 F[o, t] = Σ_k min(Â_2[o, k], Â_1[k, t]).
 *
 * Solver (`'auto'`): Dinic's algorithm on the dense layered graph, one max-flow per (output, input) pair,
 * buffers reused across pairs, only the nodes that can carry flow are searched, the first phase runs without
 * a BFS (layer index = distance), and the search stops when the flow meets min(out-capacity, in-capacity).
 * From read-out layer 6 up, the pairs of a row share the upper layers' flow: each sink is first solved on a
 * smaller problem below layer 4, and from scratch only if that falls short of the bound (docs/flow.md, "Rows
 * share the upper flow"); the values are exact either way.
 * Worst case O(V²E) per pair; in practice a fraction of the O(l·n²) relevant edges. Measured per pair at L = 12:
 * ≈ 6–9 µs at n = 64 (networkx ≈ 0.4 s), ≈ 80 µs at n = 512 (the CLS row end to end in ≈ 90 ms; docs/flow.md).
 * For a full matrix on several cores use {@link attentionFlowParallel}.
 *
 * @param attention - `[layers, heads, n, n]` (or `[layers, n, n]`, heads fused) softmax attention, row = query
 *   ("from"), column = key ("to"), each row summing to 1. Nested arrays, `{ data, shape }` or `{ data, dims }`.
 * @param options - {@link AttentionFlowOptions}: `headFusion` (`'mean'`), `residual` (`true`),
 *   `rowSumTolerance` (`1e-5`), `layer` (L), `outputs` (all), `normalize` (`true`), `solver` (`'auto'`).
 * @returns `{ data, shape: [outputs.length, n] }`: row r holds the flows from (layer, outputs[r]) to the n input
 *   tokens (fresh `Float64Array`).
 * @throws InputTypeError for a non-array input, an unknown option or a wrongly typed option.
 * @throws ShapeMismatchError for a rank other than 3 or 4, non-square, empty or ragged attention.
 * @throws InputRangeError for a negative or non-finite weight, a row not summing to 1 within `rowSumTolerance`,
 *   `layer` outside 1 … L, an output position outside 0 … n − 1, or `solver: 'lp'` on a graph above its size limit.
 * @see https://arxiv.org/abs/2005.00928 (Abnar & Zuidema, "Quantifying Attention Flow in Transformers", ACL 2020)
 * @see https://github.com/samiraabnar/attention_flow/blob/8044f53/attention_graph_util.py (`compute_flows`)
 * @example
 * // REFERENCE §5 F1: heads already fused, L = 2, n = 3
 * const A = [
 *   [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]],
 *   [[0.3, 0.4, 0.3], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6]],
 * ];
 * attentionFlow(A, { outputs: [0], normalize: false }).data; // => Float64Array [0.8, 0.4, 0.35]  (to ~1e-16)
 * attentionFlow(A, { outputs: [0] }).data; // => Float64Array [0.516129…, 0.258064…, 0.225806…]
 */
export function attentionFlow(attention: TensorLike, options?: AttentionFlowOptions): FloatTensor {
  const { job, normalize } = setupFlow('attentionFlow', attention, options);
  const rows = job.outputs.length;
  const data = new Float64Array(rows * job.n);
  createRowEvaluator(job)(0, rows, data, 0);
  if (normalize) normalizeRows(data, rows, job.n);
  return { data, shape: [rows, job.n] };
}
