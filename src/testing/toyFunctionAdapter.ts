import { InputTypeError, ShapeMismatchError } from '../errors/index.js';
import { readEmbeddings, readInputMask, readTargets } from '../internal/adapter.js';
import { checkEnum, checkInteger, checkOptions } from '../internal/options.js';
import type { ForwardOptions, ForwardResult, GradientOptions, GradientResult, ModelInfo } from '../types/adapter.js';
import type { FloatTensor } from '../types/tensor.js';
import { readForwardOptions, readGradientOptions, readTokens, rejectAttention } from './internal/toyHelpers.js';
import type { ModelAdapterWithGradient } from './types.js';

/**
 * Named toy functions of the Integrated Gradients literature (ReLU'(0) is taken as 0, as in PyTorch):
 *
 * - `'squareProduct'`: `f(x) = x₀² · x₁`, `∇f = (2x₀x₁, x₀²)`. At `x = (1, 2)` with baseline 0 the
 *   exact IG is `(4/3, 2/3)` (REFERENCE F6).
 * - `'reluSaturation'`: `f(x) = 1 − ReLU(1 − x₀)` (Sundararajan et al. 2017, §2): the gradient is 0
 *   for `x₀ > 1` although `f(2) − f(0) = 1`, the saturation that motivates IG.
 * - `'reluDifference'`: `f(x) = ReLU(ReLU(x₀) − 1 − ReLU(x₁))`, the paper's example one as in Captum's
 *   `BasicModel2`: at `x = (3, 1)` with baseline 0 the exact IG is `(1.5, −0.5)`.
 */
export type ToyFunctionName = 'squareProduct' | 'reluSaturation' | 'reluDifference';

/** A user-defined scalar toy function of `numInputs` features with its analytic gradient. */
export interface ToyFunction {
  /** Number of scalar inputs `m`. */
  readonly numInputs: number;
  /** `f(x)` for `x` of length `m` (a fresh copy; the function may keep or modify it). */
  readonly f: (x: Float64Array) => number;
  /** `∇f(x)`, length `m`. */
  readonly gradient: (x: Float64Array) => ArrayLike<number>;
  /** `info.name`. Default `'toy function'`. */
  readonly name?: string;
}

const relu = (v: number): number => (v > 0 ? v : 0);
const step = (v: number): number => (v > 0 ? 1 : 0);

const PRESETS: Readonly<Record<ToyFunctionName, ToyFunction>> = Object.freeze({
  squareProduct: {
    numInputs: 2,
    name: 'x0^2 * x1',
    f: (x: Float64Array) => x[0]! * x[0]! * x[1]!,
    gradient: (x: Float64Array) => [2 * x[0]! * x[1]!, x[0]! * x[0]!],
  },
  reluSaturation: {
    numInputs: 1,
    name: '1 - relu(1 - x0)',
    f: (x: Float64Array) => 1 - relu(1 - x[0]!),
    gradient: (x: Float64Array) => [step(1 - x[0]!)],
  },
  reluDifference: {
    numInputs: 2,
    name: 'relu(relu(x0) - 1 - relu(x1))',
    f: (x: Float64Array) => relu(relu(x[0]!) - 1 - relu(x[1]!)),
    gradient: (x: Float64Array) => {
      const on = step(relu(x[0]!) - 1 - relu(x[1]!));
      return [on * step(x[0]!), -on * step(x[1]!)];
    },
  },
});

/**
 * A scalar toy function as a plain-array {@link ModelAdapter} with its analytic gradient: the
 * Integrated Gradients paper's examples (see {@link ToyFunctionName}) or any `{ f, gradient }`.
 *
 * The model has one output (`numClasses = 1`, `outputKind = 'logits'`), no attention and no
 * vocabulary, and a fixed sequence length: `info.sequenceLength = info.maxLength = m`. Embeddings are `[n = m, d = 1]`: each input feature is one token whose "id" is its
 * value, so `embed([1, 2])` gives `x = (1, 2)` as `[[1], [2]]`, and token-level attributions are
 * the paper's per-feature attributions. (A `[1, m]` layout — one token holding the whole vector —
 * would break the contract that `embed` returns one row per token.) `forward` accepts exactly
 * `[B, m, 1]`. Its tokens are real values, not ids, so the conformance suite (which draws
 * real-valued tokens when `info.vocabSize` is absent, at the declared `sequenceLength`) needs no
 * `samples`. An input mask zeroes the masked features before `f` (the IG paper's baseline 0):
 * `F(x) = f(m ⊙ x)`, so `∂F/∂x = m ⊙ ∇f(m ⊙ x)`.
 *
 * @param fn - a {@link ToyFunctionName} or a {@link ToyFunction} `{ numInputs, f, gradient, name? }`.
 * @returns a {@link ModelAdapterWithGradient}.
 * @throws InputTypeError if `fn` is not a known name or a well-formed `ToyFunction`.
 * @throws InputRangeError if `numInputs` is not a positive integer.
 * @see https://arxiv.org/abs/1703.01365 (Sundararajan, Taly & Yan 2017, Axiomatic Attribution for Deep Networks)
 * @see https://github.com/pytorch/captum/blob/master/captum/testing/helpers/basic_models.py
 * @example
 * const model = toyFunctionAdapter('squareProduct');
 * const x = await model.embed([1, 2]); // => { data: [1, 2], shape: [2, 1] }
 * const { outputs, gradients } = await model.gradient({ data: x.data, shape: [1, 2, 1] }, 0);
 * outputs.data; // => Float64Array [2]
 * gradients.data; // => Float64Array [4, 1]  (2·x₀·x₁, x₀²)
 */
export function toyFunctionAdapter(fn: ToyFunctionName | ToyFunction): ModelAdapterWithGradient {
  const name = 'toyFunctionAdapter';
  let spec: ToyFunction;
  if (typeof fn === 'string') {
    spec = PRESETS[checkEnum(name, 'fn', fn, Object.keys(PRESETS) as ToyFunctionName[])];
  } else if (fn !== null && typeof fn === 'object') {
    const s = checkOptions<ToyFunction>(name, fn, ['numInputs', 'f', 'gradient', 'name']);
    checkInteger(name, 'fn.numInputs', s.numInputs, 1);
    if (typeof s.f !== 'function') throw new InputTypeError(name, 'fn.f must be a function', s.f);
    if (typeof s.gradient !== 'function') throw new InputTypeError(name, 'fn.gradient must be a function', s.gradient);
    if (s.name !== undefined && typeof s.name !== 'string') throw new InputTypeError(name, 'fn.name must be a string', s.name);
    spec = fn;
  } else {
    throw new InputTypeError(name, "fn must be a toy function name ('squareProduct', 'reluSaturation', 'reluDifference') or { numInputs, f, gradient }", fn);
  }
  const m = spec.numInputs;
  const n = m;
  const d = 1;
  const { f, gradient: grad } = spec;

  const info: ModelInfo = Object.freeze({
    name: spec.name ?? 'toy function',
    numClasses: 1,
    outputKind: 'logits' as const,
    embeddingDim: d,
    maxLength: n,
    sequenceLength: n,
  });

  const embed = async (tokens: ArrayLike<number>): Promise<FloatTensor> => {
    const f2 = 'toyFunctionAdapter.embed';
    const values = readTokens(f2, tokens);
    if (values.length !== m) {
      throw new ShapeMismatchError(f2, `tokens must hold the ${m} input value(s) of the function, found ${values.length}`, values.length);
    }
    return { data: values, shape: [n, d] };
  };

  const read = (f2: string, embeddings: FloatTensor, inputMask: FloatTensor | undefined) => {
    const e = readEmbeddings(f2, embeddings, d, n, n);
    const mask = readInputMask(f2, inputMask, e.batch, n);
    return { e, mask };
  };

  /** Masked input of example `b` (a fresh copy). */
  const inputOf = (data: ArrayLike<number>, b: number, mask: Float64Array | undefined): Float64Array => {
    const x = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const keep = mask === undefined ? 1 : mask[b * n + j]!;
      x[j] = keep * data[b * m + j]!;
    }
    return x;
  };

  const forward = async (embeddings: FloatTensor, forwardOptions?: ForwardOptions): Promise<ForwardResult> => {
    const f2 = 'toyFunctionAdapter.forward';
    const fo = readForwardOptions(f2, forwardOptions);
    rejectAttention(f2, fo.returnAttention, fo.attention);
    const { e, mask } = read(f2, embeddings, fo.inputMask);
    const out = new Float64Array(e.batch);
    for (let b = 0; b < e.batch; b++) out[b] = f(inputOf(e.data, b, mask));
    return { outputs: { data: out, shape: [e.batch, 1] } };
  };

  const gradient = async (embeddings: FloatTensor, target: number | ArrayLike<number>, gradientOptions?: GradientOptions): Promise<GradientResult> => {
    const f2 = 'toyFunctionAdapter.gradient';
    const go = readGradientOptions(f2, gradientOptions);
    rejectAttention(f2, undefined, go.attention);
    const { e, mask } = read(f2, embeddings, go.inputMask);
    readTargets(f2, target, e.batch, 1);
    const out = new Float64Array(e.batch);
    const grads = new Float64Array(e.batch * m);
    for (let b = 0; b < e.batch; b++) {
      out[b] = f(inputOf(e.data, b, mask));
      const g = grad(inputOf(e.data, b, mask));
      if (g === null || typeof g !== 'object' || g.length !== m) {
        throw new ShapeMismatchError(f2, `the toy function's gradient must return ${m} numbers`, g);
      }
      for (let j = 0; j < m; j++) {
        const keep = mask === undefined ? 1 : mask[b * n + j]!;
        grads[b * m + j] = keep * g[j]!;
      }
    }
    return { outputs: { data: out, shape: [e.batch, 1] }, gradients: { data: grads, shape: [e.batch, n, d] } };
  };

  return Object.freeze({ info, embed, forward, gradient });
}
