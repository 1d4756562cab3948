/**
 * The built-in explanation methods of the benchmark, each turned into one uniform call
 * `(adapter, tokens, context) → token scores`. Not re-exported (the types are).
 *
 * @module
 */
import { attentionScores } from '../../attribution/attentionScores.js';
import { gradientXInput } from '../../attribution/gradientXInput.js';
import { integratedGradients } from '../../attribution/integratedGradients.js';
import { leaveOneOut } from '../../attribution/leaveOneOut.js';
import { occlusion } from '../../attribution/occlusion.js';
import { saliency } from '../../attribution/saliency.js';
import { shapleyValueSampling } from '../../attribution/shapleyValueSampling.js';
import { smoothGrad } from '../../attribution/smoothGrad.js';
import { InputTypeError } from '../../errors/index.js';
import { createRng } from '../../random/createRng.js';
import type { ModelAdapter } from '../../types/adapter.js';

/** The explanation methods `benchmarkExplanations` knows by name. */
export type BuiltinExplanationMethod =
  | 'attention'
  | 'rollout'
  | 'flow'
  | 'saliency'
  | 'gradientXInput'
  | 'integratedGradients'
  | 'smoothGrad'
  | 'leaveOneOut'
  | 'occlusion'
  | 'shapleyValueSampling'
  | 'random';

/** Everything an explanation method is told about the example it explains. */
export interface ExplainContext {
  /** The class explained (the model's prediction on the full input unless the example names one). */
  readonly target: number;
  /** Positions that must not be scored (they are dropped before any comparison). */
  readonly exclude: readonly number[];
  /** Length-`n` input mask of the example, when it has one. */
  readonly inputMask?: ArrayLike<number>;
  /** A seed derived from the benchmark's seed, the example's index and the method's index. */
  readonly seed: number;
  /** The benchmark's abort signal. */
  readonly signal?: AbortSignal;
}

/** A user-defined explanation: any function returning one score per token. */
export type ExplainFunction = (adapter: ModelAdapter, tokens: Int32Array, context: ExplainContext) => Promise<ArrayLike<number>> | ArrayLike<number>;

/**
 * One method of a benchmark: a built-in by name, a built-in with options (and a display name), or a
 * user function.
 */
export type ExplanationMethodSpec =
  | BuiltinExplanationMethod
  | { readonly name?: string; readonly method: BuiltinExplanationMethod; readonly options?: Readonly<Record<string, unknown>> }
  | { readonly name: string; readonly explain: ExplainFunction };

/** A method resolved to a display name and one uniform call. */
export interface ResolvedMethod {
  readonly name: string;
  readonly explain: ExplainFunction;
}

export const BUILTIN_METHODS: readonly BuiltinExplanationMethod[] = Object.freeze([
  'attention',
  'rollout',
  'flow',
  'saliency',
  'gradientXInput',
  'integratedGradients',
  'smoothGrad',
  'leaveOneOut',
  'occlusion',
  'shapleyValueSampling',
  'random',
]);

function builtin(method: BuiltinExplanationMethod, options: Readonly<Record<string, unknown>>): ExplainFunction {
  const common = (c: ExplainContext): Record<string, unknown> => ({
    target: c.target,
    exclude: c.exclude,
    ...(c.inputMask === undefined ? {} : { inputMask: c.inputMask }),
    ...(c.signal === undefined ? {} : { signal: c.signal }),
  });
  switch (method) {
    case 'attention':
    case 'rollout':
    case 'flow': {
      const kind = method === 'attention' ? 'raw' : method;
      return async (adapter, tokens, c) =>
        (
          await attentionScores(adapter, tokens, {
            method: kind,
            exclude: c.exclude,
            ...(c.inputMask === undefined ? {} : { inputMask: c.inputMask }),
            ...options,
          })
        ).scores;
    }
    case 'saliency':
      return async (adapter, tokens, c) => (await saliency(adapter, tokens, { ...common(c), ...options })).scores;
    case 'gradientXInput':
      return async (adapter, tokens, c) => (await gradientXInput(adapter, tokens, { ...common(c), ...options })).scores;
    case 'integratedGradients':
      return async (adapter, tokens, c) => (await integratedGradients(adapter, tokens, { ...common(c), ...options })).scores;
    case 'smoothGrad':
      return async (adapter, tokens, c) => (await smoothGrad(adapter, tokens, { ...common(c), seed: c.seed, ...options })).scores;
    case 'leaveOneOut':
      return async (adapter, tokens, c) => (await leaveOneOut(adapter, tokens, { ...common(c), ...options })).scores;
    case 'occlusion':
      return async (adapter, tokens, c) => (await occlusion(adapter, tokens, { ...common(c), ...options })).scores;
    case 'shapleyValueSampling':
      return async (adapter, tokens, c) => (await shapleyValueSampling(adapter, tokens, { ...common(c), seed: c.seed, ...options })).scores;
    case 'random':
      return (_adapter, tokens, c) => {
        const rng = createRng(c.seed);
        const out = new Float64Array(tokens.length);
        for (let i = 0; i < out.length; i++) out[i] = rng.next();
        return out;
      };
  }
}

/** Validates and resolves the `methods` option; names must be unique. */
export function resolveMethods(fn: string, methods: unknown): ResolvedMethod[] {
  if (!Array.isArray(methods) || methods.length === 0) {
    throw new InputTypeError(fn, `methods must be a non-empty array of method names, { method, options } or { name, explain }`, methods);
  }
  const out: ResolvedMethod[] = [];
  for (let i = 0; i < methods.length; i++) {
    const m: unknown = methods[i];
    let resolved: ResolvedMethod;
    if (typeof m === 'string') {
      if (!(BUILTIN_METHODS as readonly string[]).includes(m)) {
        throw new InputTypeError(fn, `methods[${i}] must be one of ${BUILTIN_METHODS.join(', ')}`, m);
      }
      resolved = { name: m, explain: builtin(m as BuiltinExplanationMethod, {}) };
    } else if (m !== null && typeof m === 'object' && 'explain' in m) {
      const spec = m as { name?: unknown; explain?: unknown };
      if (typeof spec.explain !== 'function') throw new InputTypeError(fn, `methods[${i}].explain must be a function`, spec.explain);
      if (typeof spec.name !== 'string' || spec.name === '') throw new InputTypeError(fn, `methods[${i}].name must be a non-empty string`, spec.name);
      resolved = { name: spec.name, explain: spec.explain as ExplainFunction };
    } else if (m !== null && typeof m === 'object' && 'method' in m) {
      const spec = m as { name?: unknown; method?: unknown; options?: unknown };
      if (typeof spec.method !== 'string' || !(BUILTIN_METHODS as readonly string[]).includes(spec.method)) {
        throw new InputTypeError(fn, `methods[${i}].method must be one of ${BUILTIN_METHODS.join(', ')}`, spec.method);
      }
      if (spec.options !== undefined && (spec.options === null || typeof spec.options !== 'object')) {
        throw new InputTypeError(fn, `methods[${i}].options must be an options object`, spec.options);
      }
      if (spec.name !== undefined && (typeof spec.name !== 'string' || spec.name === '')) {
        throw new InputTypeError(fn, `methods[${i}].name must be a non-empty string`, spec.name);
      }
      const method = spec.method as BuiltinExplanationMethod;
      resolved = { name: (spec.name as string | undefined) ?? method, explain: builtin(method, (spec.options ?? {}) as Record<string, unknown>) };
    } else {
      throw new InputTypeError(fn, `methods[${i}] must be a method name, { method, options } or { name, explain }`, m);
    }
    if (out.some((r) => r.name === resolved.name)) {
      throw new InputTypeError(fn, `methods[${i}].name must be a name not used by another method (give one with 'name')`, resolved.name);
    }
    out.push(resolved);
  }
  return out;
}
