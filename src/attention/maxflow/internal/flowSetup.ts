import { InputRangeError, InputTypeError } from '../../../errors/index.js';
import { checkBoolean, checkEnum, checkInteger } from '../../../internal/options.js';
import { guardInput, MAX_INPUT_ELEMENTS, readOptions } from '../../../internal/guard.js';
import type { TensorLike } from '../../../types/tensor.js';
import { normalizeStack, prepareResolvedWithStats, resolvePrepareOptions, type HeadFusion } from '../../internal/prepareAttention.js';
import { LP_MAX_EDGES } from '../lpMaxFlow.js';
import { prunedEdgeCount, type AttentionFlowSolver, type FlowJob } from './flowRows.js';

/**
 * Options of {@link attentionFlow}; every default is in {@link ATTENTION_FLOW_DEFAULTS}.
 *
 * @example
 * // the SV script's read-out (there `outputs: [4]`): raw flows from one output position of the top layer
 * const options = { outputs: [0], normalize: false };
 * const A = [
 *   [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]],
 *   [[0.3, 0.4, 0.3], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6]],
 * ];
 * attentionFlow(A, options).shape; // => [1, 3]
 * attentionFlow(A, options).data; // => Float64Array [0.8, 0.4, 0.35]  (to ~1e-16)
 */
export interface AttentionFlowOptions {
  /**
   * Element-wise fusion of the heads of each layer (default `'mean'`, as Abnar's `get_flow_relevance`:
   * `att_mat.sum(axis=1) / H`). Ignored for a rank-3 input (heads already fused).
   */
  readonly headFusion?: HeadFusion;
  /** Â = rownorm(Ā + I) (default `true`, Abnar's residual-augmented graph); `false` gives Â = rownorm(Ā). */
  readonly residual?: boolean;
  /** Absolute tolerance on every input row sum (default `1e-5`; `Infinity` accepts unnormalised weights). */
  readonly rowSumTolerance?: number;
  /**
   * Read-out layer l, 1 ≤ l ≤ L (default L, the top layer): flows go from the nodes of layer l to the input
   * tokens (layer 0) through layers l … 1. Abnar's `compute_flows` fills this block for every l.
   */
  readonly layer?: number;
  /**
   * Positions at the read-out layer whose flows are computed (default all `0 … n − 1`, the full block that
   * Abnar's SST script reduces with a max over rows; `[0]` is the CLS row, `[i]` the SV script's
   * `output_index`). Duplicates are allowed; row r of the result belongs to `outputs[r]`.
   */
  readonly outputs?: ArrayLike<number>;
  /**
   * Divide each output row by its sum over the input tokens (default `true`, Abnar's
   * `F[u, :] /= Σ_v F[u, v]`). A row whose flows are all 0 (possible only with zero rows in Â) becomes `NaN`.
   * `false` returns the raw max-flow values.
   */
  readonly normalize?: boolean;
  /**
   * Max-flow solver (default `'auto'`: exact Dinic specialised to the layered graph). `'edmondsKarp'`: the
   * plain Edmonds–Karp reference (what Abnar's `compute_flows` calls through networkx; slow).
   * `'lp'`: the javascript-lp-solver LP reference, only for graphs of at most `LP_MAX_EDGES` relevant edges.
   */
  readonly solver?: AttentionFlowSolver;
}

/**
 * Defaults of {@link AttentionFlowOptions} (`layer` defaults to L and `outputs` to all positions), each the
 * setting of Abnar & Zuidema's code.
 *
 * @example
 * ATTENTION_FLOW_DEFAULTS.headFusion; // => 'mean'
 * ATTENTION_FLOW_DEFAULTS.normalize; // => true
 */
export const ATTENTION_FLOW_DEFAULTS = Object.freeze({
  headFusion: 'mean' as HeadFusion,
  residual: true,
  rowSumTolerance: 1e-5,
  normalize: true,
  solver: 'auto' as AttentionFlowSolver,
});

const KEYS = ['headFusion', 'residual', 'rowSumTolerance', 'layer', 'outputs', 'normalize', 'solver'] as const;
const SOLVERS: readonly AttentionFlowSolver[] = ['auto', 'edmondsKarp', 'lp'];

/** Validate `attention` and the options, prepare Â and describe the flow computation. */
export function setupFlow(
  fn: string,
  attention: TensorLike,
  options: unknown,
  extraKeys: readonly string[] = [],
): { job: FlowJob; normalize: boolean; extra: Record<string, unknown> } {
  return guardInput(fn, 'input', () => readSetup(fn, attention, readOptions<Record<string, unknown>>(fn, options, [...KEYS, ...extraKeys]), extraKeys));
}

function readSetup(
  fn: string,
  attention: TensorLike,
  o: Record<string, unknown>,
  extraKeys: readonly string[],
): { job: FlowJob; normalize: boolean; extra: Record<string, unknown> } {
  const prep = resolvePrepareOptions(fn, {
    ...(o['headFusion'] === undefined ? {} : { headFusion: o['headFusion'] as HeadFusion }),
    ...(o['residual'] === undefined ? {} : { residual: o['residual'] as boolean }),
    ...(o['rowSumTolerance'] === undefined ? {} : { rowSumTolerance: o['rowSumTolerance'] as number }),
  });
  const normalize = o['normalize'] === undefined ? ATTENTION_FLOW_DEFAULTS.normalize : checkBoolean(fn, 'normalize', o['normalize']);
  const solver = o['solver'] === undefined ? ATTENTION_FLOW_DEFAULTS.solver : checkEnum(fn, 'solver', o['solver'], SOLVERS);
  const stack = normalizeStack(fn, attention);
  const { layers, n } = stack;
  const layer = o['layer'] === undefined ? layers : checkInteger(fn, 'layer', o['layer'], 1, layers);
  let outputs: Int32Array;
  if (o['outputs'] === undefined) {
    outputs = new Int32Array(n);
    for (let k = 0; k < n; k++) outputs[k] = k;
  } else {
    const raw = o['outputs'];
    if (!Array.isArray(raw) && !(ArrayBuffer.isView(raw) && !(raw instanceof DataView))) {
      throw new InputTypeError(fn, 'outputs must be an array of positions', raw);
    }
    const arr = raw as ArrayLike<unknown>;
    if (arr.length > MAX_INPUT_ELEMENTS / n) {
      throw new InputRangeError(fn, `outputs has ${arr.length} entries: the result [${arr.length}, ${n}] would exceed ${MAX_INPUT_ELEMENTS} elements`, arr.length);
    }
    outputs = new Int32Array(arr.length);
    for (let r = 0; r < arr.length; r++) {
      const v = arr[r];
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputTypeError(fn, `outputs[${r}] must be an integer position`, v);
      if (v < 0 || v >= n) throw new InputRangeError(fn, `outputs[${r}] must be a position in [0, ${n - 1}]`, v);
      outputs[r] = v;
    }
  }
  if (solver === 'lp' && prunedEdgeCount(layer, n) > LP_MAX_EDGES) {
    throw new InputRangeError(
      fn,
      `solver 'lp' handles at most ${LP_MAX_EDGES} edges per max-flow problem, read-out layer ${layer} with n = ${n} needs ${prunedEdgeCount(layer, n)}; use solver 'auto'`,
      prunedEdgeCount(layer, n),
    );
  }
  // Validate every layer (errors must not depend on the read-out layer); flow reads layers 1 … layer.
  const { data: caps, rowSum, rowMin } = prepareResolvedWithStats(fn, stack, prep);
  const extra: Record<string, unknown> = {};
  for (const k of extraKeys) extra[k] = o[k];
  return { job: { caps, layers, n, layer, outputs, solver, stats: { rowSum, rowMin } }, normalize, extra };
}
