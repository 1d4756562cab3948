/**
 * The Integrated Gradients path integral, shared by {@link integratedGradients} and SmoothGrad over it:
 * option validation, the baseline, and the batched quadrature over the straight-line path.
 *
 * @module
 */
import { AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { checkEnum, checkInteger } from '../../internal/options.js';
import { normalizeTensor } from '../../internal/tensor.js';
import type { TensorLike } from '../../types/tensor.js';
import { callsFor, embedTokens, gradientsAt, type CallCounter, type GradientSetup } from './gradientSetup.js';
import { QUADRATURE_METHODS, quadrature, type QuadratureMethod } from './quadrature.js';

/**
 * Baseline x′ of Integrated Gradients: `'zero'` (all zeros, Captum's default), `'pad'`, `'mask'` or
 * `'unk'` (the embedding of that special token of `info.specialTokens` at every position), or an
 * explicit `[n, d]` tensor.
 */
export type IntegratedGradientsBaseline = 'zero' | 'pad' | 'mask' | 'unk' | TensorLike;

/** The IG-specific options. */
export interface IgOptions {
  readonly method?: QuadratureMethod;
  readonly nSteps?: number;
  readonly baseline?: IntegratedGradientsBaseline;
  readonly internalBatchSize?: number;
}

/** Option keys specific to Integrated Gradients (also accepted by SmoothGrad over it). */
export const IG_KEYS = ['method', 'nSteps', 'baseline', 'internalBatchSize'] as const;

/** Validated IG options; `baseline` still to be embedded. */
export interface IgPlan {
  readonly method: QuadratureMethod;
  readonly nSteps: number;
  readonly internalBatchSize: number;
  /** `'zero'`, a special token id, or the explicit baseline data. */
  readonly baseline: { readonly kind: 'zero' } | { readonly kind: 'token'; readonly id: number } | { readonly kind: 'tensor'; readonly data: Float64Array };
}

/** Validate the IG-specific options (no model call). */
export function planIntegratedGradients(s: GradientSetup, o: IgOptions): IgPlan {
  const { fn, adapter, n, d } = s;
  const method = o.method === undefined ? 'gaussLegendre' : checkEnum(fn, 'method', o.method, QUADRATURE_METHODS);
  const nSteps = o.nSteps === undefined ? 50 : checkInteger(fn, 'nSteps', o.nSteps, 1);
  if (method === 'riemannTrapezoid' && nSteps < 2) throw new InputRangeError(fn, "nSteps must be at least 2 for method 'riemannTrapezoid'", nSteps);
  const internalBatchSize = o.internalBatchSize === undefined ? nSteps : checkInteger(fn, 'internalBatchSize', o.internalBatchSize, 1);
  const b: unknown = o.baseline ?? 'zero';
  let baseline: IgPlan['baseline'];
  if (typeof b === 'string') {
    const kind = checkEnum(fn, 'baseline', b, ['zero', 'pad', 'mask', 'unk'] as const);
    if (kind === 'zero') baseline = { kind: 'zero' };
    else {
      const id = adapter.info.specialTokens?.[kind];
      if (id === undefined) {
        throw new AdapterCapabilityError(fn, `info.specialTokens.${kind}`, `baseline '${kind}' needs the id of the model's ${kind} token`);
      }
      baseline = { kind: 'token', id };
    }
  } else {
    if (b === null || typeof b !== 'object') throw new InputTypeError(fn, "baseline must be 'zero', 'pad', 'mask', 'unk' or an [n, d] tensor", b);
    const t = normalizeTensor(fn, 'baseline', b as TensorLike, { rank: 2 });
    if (t.shape[0] !== n || t.shape[1] !== d) {
      throw new ShapeMismatchError(fn, `baseline must have shape [${n}, ${d}], found [${t.shape.join(', ')}]`, t.shape);
    }
    baseline = { kind: 'tensor', data: Float64Array.from(t.data) };
  }
  return { method, nSteps, internalBatchSize, baseline };
}

/** The baseline embeddings `[n, d]` (fresh). */
export async function baselineEmbeddings(s: GradientSetup, plan: IgPlan): Promise<Float64Array> {
  switch (plan.baseline.kind) {
    case 'zero':
      return new Float64Array(s.n * s.d);
    case 'tensor':
      return Float64Array.from(plan.baseline.data);
    case 'token':
      return embedTokens(s, new Array<number>(s.n).fill(plan.baseline.id));
  }
}

/** Number of gradient calls of one IG evaluation. */
export function igCalls(plan: IgPlan): number {
  return callsFor(plan.nSteps, plan.internalBatchSize);
}

/**
 * φ = (x − x′) ⊙ Σ_k w_k ∇F_t(x′ + α_k (x − x′)), the IG attribution `[n·d]` (fresh), with
 * `ceil(nSteps / internalBatchSize)` counted gradient calls.
 */
export async function igAttribution(
  s: GradientSetup,
  calls: CallCounter,
  plan: IgPlan,
  x: Float64Array,
  xb: Float64Array,
  target: number,
): Promise<Float64Array> {
  const nd = s.n * s.d;
  const { points: alphas, weights } = quadrature(plan.method, plan.nSteps);
  const diff = new Float64Array(nd);
  for (let j = 0; j < nd; j++) diff[j] = x[j]! - xb[j]!;
  const acc = new Float64Array(nd);
  const chunk = plan.internalBatchSize;
  // path points are built one chunk at a time, so memory stays O(chunk · n · d)
  for (let first = 0; first < plan.nSteps; first += chunk) {
    const count = Math.min(chunk, plan.nSteps - first);
    const pts = new Float64Array(count * nd);
    for (let c = 0; c < count; c++) {
      const a = alphas[first + c]!;
      for (let j = 0; j < nd; j++) pts[c * nd + j] = xb[j]! + a * diff[j]!;
    }
    await gradientsAt(s, calls, pts, count, target, count, (_f, cnt, g) => {
      for (let c = 0; c < cnt; c++) {
        const w = weights[first + c]!;
        for (let j = 0; j < nd; j++) acc[j]! += w * g[c * nd + j]!;
      }
    });
  }
  for (let j = 0; j < nd; j++) acc[j] = acc[j]! * diff[j]!;
  return acc;
}

