/**
 * Shared test helpers for tests/testing: an independent float64 central-difference oracle,
 * strict conformance options for float64 toys, and deliberately broken adapters.
 */
import type { AttentionOverride, ForwardOptions, ForwardResult, GradientOptions, ModelAdapter } from '../../src/types/adapter.js';
import type { FloatTensor } from '../../src/types/tensor.js';
import type { ConformanceCheckName } from '../../src/testing/index.js';

/** Conformance options for float64 toy models (tight). */
export const STRICT = Object.freeze({
  tolerance: 1e-12,
  finiteDifferenceStep: 1e-5,
  gradientRtol: 1e-7,
  gradientAtol: 1e-9,
});

export function t(data: ArrayLike<number>, shape: number[]): FloatTensor {
  return { data: Float64Array.from(data), shape };
}

/**
 * Central differences `(F(x + h e_i) − F(x − h e_i)) / 2h` of `outputs[b, target]` for every
 * coordinate of `[B, n, d]` embeddings, in float64 with `h = step · max(1, |x_i|)`.
 */
export async function centralDifferences(
  adapter: ModelAdapter,
  x: FloatTensor,
  targets: readonly number[],
  options: ForwardOptions = {},
  step = 1e-6,
): Promise<Float64Array> {
  const [B, n, d] = x.shape as [number, number, number];
  const C = adapter.info.numClasses;
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < x.data.length; i++) {
    const b = Math.floor(i / (n * d));
    const h = step * Math.max(1, Math.abs(x.data[i]!));
    const plus = Float64Array.from(x.data);
    const minus = Float64Array.from(x.data);
    plus[i] += h;
    minus[i] -= h;
    const fp = (await adapter.forward({ data: plus, shape: [B, n, d] }, options)).outputs.data[b * C + targets[b]!]!;
    const fm = (await adapter.forward({ data: minus, shape: [B, n, d] }, options)).outputs.data[b * C + targets[b]!]!;
    out[i] = (fp - fm) / (plus[i]! - minus[i]!);
  }
  return out;
}

/** Central differences of `outputs[b, target]` w.r.t. every raw weight of override `which`. */
export async function attentionCentralDifferences(
  adapter: ModelAdapter,
  x: FloatTensor,
  targets: readonly number[],
  overrides: readonly AttentionOverride[],
  which: number,
  step = 1e-6,
): Promise<Float64Array> {
  const C = adapter.info.numClasses;
  const w = overrides[which]!.weights;
  const perExample = w.data.length / w.shape[0]!;
  const out = new Float64Array(w.data.length);
  const run = async (data: Float64Array): Promise<Float64Array> => {
    const list = overrides.map((o, i) => (i === which ? { ...o, weights: { data, shape: w.shape } } : o));
    return (await adapter.forward(x, { attention: list })).outputs.data;
  };
  for (let i = 0; i < w.data.length; i++) {
    const b = Math.floor(i / perExample);
    const plus = Float64Array.from(w.data);
    const minus = Float64Array.from(w.data);
    plus[i] += step;
    minus[i] -= step;
    out[i] = ((await run(plus))[b * C + targets[b]!]! - (await run(minus))[b * C + targets[b]!]!) / (2 * step);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Deliberately broken adapters (each wraps a correct one and breaks one rule)
// ---------------------------------------------------------------------------------------------

type Wrap = Partial<Pick<ModelAdapter, 'embed' | 'forward' | 'gradient' | 'attentionGradient'>> & { info?: ModelAdapter['info'] };

function wrap(base: ModelAdapter, overrides: Wrap): ModelAdapter {
  return { ...base, ...overrides } as ModelAdapter;
}

/** `gradient` returns −∂F/∂x. */
export function wrongGradientSign(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    gradient: async (x, target, options?: GradientOptions) => {
      const r = await base.gradient!(x, target, options);
      return { ...r, gradients: { data: r.gradients.data.map((v) => -v), shape: r.gradients.shape } };
    },
  });
}

/** `attentionGradient` returns twice the true gradient. */
export function wrongAttentionGradient(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    attentionGradient: async (x, target, options) => {
      const r = await base.attentionGradient!(x, target, options);
      return { ...r, gradients: r.gradients.map((g) => ({ data: g.data.map((v) => 2 * v), shape: g.shape })) };
    },
  });
}

/** `forward` drops attention overrides (but still returns the model's own attention). */
export function overridesIgnored(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const { attention: _dropped, ...rest } = options ?? {};
      return base.forward(x, rest);
    },
  });
}

/** `forward` drops the input mask. */
export function maskIgnored(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const { inputMask: _dropped, ...rest } = options ?? {};
      return base.forward(x, rest);
    },
  });
}

/** Probability outputs scaled by 0.9 (rows sum to 0.9). */
export function rowsNotNormalised(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const r = await base.forward(x, options);
      return { ...r, outputs: { data: r.outputs.data.map((v) => 0.9 * v), shape: r.outputs.shape } };
    },
  });
}

/** Returned attention scaled by 1.1 (rows sum to 1.1). */
export function attentionNotNormalised(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const r = await base.forward(x, options);
      if (r.attention === undefined) return r;
      return { ...r, attention: { data: r.attention.data.map((v) => 1.1 * v), shape: r.attention.shape } };
    },
  });
}

/** Outputs drift by 1e-9 per call (like an uncontrolled dropout or a race). */
export function nonDeterministic(base: ModelAdapter): ModelAdapter {
  let calls = 0;
  return wrap(base, {
    forward: async (x, options?: ForwardOptions): Promise<ForwardResult> => {
      const r = await base.forward(x, options);
      calls++;
      return { ...r, outputs: { data: r.outputs.data.map((v) => v + calls * 1e-9), shape: r.outputs.shape } };
    },
  });
}

/** `forward` zeroes its embeddings argument after computing (an in-place "scratch" bug). */
export function mutatesInput(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const r = await base.forward(x, options);
      (x.data as Float64Array).fill(0);
      return r;
    },
  });
}

/** `embed` returns the same cached buffer for the same tokens. */
export function cachedEmbed(base: ModelAdapter): ModelAdapter {
  const cache = new Map<string, FloatTensor>();
  return wrap(base, {
    embed: async (tokens) => {
      const key = Array.from(tokens).join(',');
      let r = cache.get(key);
      if (r === undefined) {
        r = await base.embed(tokens);
        cache.set(key, r);
      }
      return r;
    },
  });
}

/** Every example after the first in a batch gets +1e-3 on every output. */
export function batchDependent(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const r = await base.forward(x, options);
      const C = r.outputs.shape[1]!;
      return { ...r, outputs: { data: r.outputs.data.map((v, i) => (i >= C ? v + 1e-3 : v)), shape: r.outputs.shape } };
    },
  });
}

/** `forward` always throws. */
export function throwingForward(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async () => {
      throw new Error('backend exploded');
    },
  });
}

/** A deterministic stand-in for float32 rounding: outputs get a relative error ≤ `eps` that depends only on the example's input bits. */
export function float32Like(base: ModelAdapter, eps = 1e-6): ModelAdapter {
  const noise = (data: ArrayLike<number>, offset: number, length: number): number => {
    let h = 2166136261;
    for (let i = 0; i < length; i++) {
      const f = Math.fround(data[offset + i]!);
      h = Math.imul(h ^ Math.floor(f * 1e6), 16777619) >>> 0;
    }
    return (h / 4294967295) * 2 - 1;
  };
  const round = (x: FloatTensor, r: FloatTensor): FloatTensor => {
    const B = x.shape[0]!;
    const per = x.data.length / B;
    const C = r.shape[1]!;
    return { data: r.data.map((v, i) => Math.fround(v * (1 + eps * noise(x.data, Math.floor(i / C) * per, per)))), shape: r.shape };
  };
  const f32 = (x: FloatTensor): FloatTensor => ({ data: x.data.map(Math.fround), shape: x.shape });
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const xx = f32(x);
      const r = await base.forward(xx, options);
      return { ...r, outputs: round(xx, r.outputs), ...(r.attention === undefined ? {} : { attention: f32(r.attention) }) };
    },
    ...(base.gradient === undefined
      ? {}
      : {
          gradient: async (x, target, options?: GradientOptions) => {
            const xx = f32(x);
            const r = await base.gradient!(xx, target, options);
            return { outputs: round(xx, r.outputs), gradients: f32(r.gradients) };
          },
        }),
    ...(base.attentionGradient === undefined
      ? {}
      : {
          attentionGradient: async (x, target, options) => {
            const xx = f32(x);
            const r = await base.attentionGradient!(xx, target, options);
            return { outputs: round(xx, r.outputs), gradients: r.gradients.map(f32) };
          },
        }),
  });
}

/** Every conformance check, in the documented running order (the spec the suite is tested against). */
export const ALL_CHECKS: readonly ConformanceCheckName[] = [
  'info',
  'embed',
  'forwardOutputs',
  'freshResults',
  'determinism',
  'noInputMutation',
  'batchConsistency',
  'inputMask',
  'attentionShape',
  'attentionOverrideIdentity',
  'attentionOverrideEffect',
  'attentionOverrideExact',
  'gradient',
  'attentionGradient',
];

// ---------------------------------------------------------------------------------------------
// Broken adapters the suite used to miss (issue 8)
// ---------------------------------------------------------------------------------------------

/** The adapter without `attentionGradient` (like an ONNX model: overrides but no autodiff). */
export function withoutAttentionGradient(base: ModelAdapter): ModelAdapter {
  const { attentionGradient: _dropped, ...rest } = base;
  return rest as ModelAdapter;
}

/** `forward` renormalises each injected row to sum to 1 before using it (and returns the renormalised weights). */
export function renormalisesOverrides(base: ModelAdapter): ModelAdapter {
  const normalise = (o: AttentionOverride): AttentionOverride => {
    const n = o.weights.shape[o.weights.shape.length - 1]!;
    const w = Float64Array.from(o.weights.data);
    for (let r = 0; r < w.length / n; r++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += w[r * n + j]!;
      for (let j = 0; j < n; j++) w[r * n + j] = w[r * n + j]! / sum;
    }
    return { ...o, weights: { data: w, shape: o.weights.shape } };
  };
  return wrap(base, {
    forward: (x, options?: ForwardOptions) =>
      base.forward(x, options?.attention === undefined ? options : { ...options, attention: options.attention.map(normalise) }),
  });
}

/** Like {@link renormalisesOverrides}, but reports the weights it was given as its attention (the renormalisation is invisible in the read-out). */
export function renormalisesOverridesQuietly(base: ModelAdapter): ModelAdapter {
  const inner = renormalisesOverrides(base);
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const r = await inner.forward(x, options);
      if (r.attention === undefined || options?.attention === undefined || options.attention.length === 0) return r;
      const [B, L, H, Q, n] = r.attention.shape as [number, number, number, number, number];
      const data = Float64Array.from(r.attention.data);
      for (const o of options.attention) {
        const heads = o.heads ?? Array.from({ length: H }, (_, h) => h);
        for (let b = 0; b < B; b++) {
          heads.forEach((h, slot) => {
            const src = (b * heads.length + slot) * Q * n;
            data.set(o.weights.data.subarray(src, src + Q * n), ((b * L + o.layer) * H + h) * Q * n);
          });
        }
      }
      return { ...r, attention: { data, shape: r.attention.shape } };
    },
  });
}

/** `forward` zeroes its embeddings, but only when called without an options argument. */
export function mutatesWithoutOptions(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const r = await base.forward(x, options);
      if (options === undefined) (x.data as Float64Array).fill(0);
      return r;
    },
  });
}

/** `forward` zeroes its embeddings, but only at batch size 1. */
export function mutatesAtBatchOne(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const r = await base.forward(x, options);
      if (x.shape[0] === 1) (x.data as Float64Array).fill(0);
      return r;
    },
  });
}

/** `gradient` copies its result into one buffer it keeps and returns that buffer every time. */
export function gradientReusesBuffer(base: ModelAdapter): ModelAdapter {
  let buffer = new Float64Array(0);
  return wrap(base, {
    gradient: async (x, target, options?: GradientOptions) => {
      const r = await base.gradient!(x, target, options);
      if (buffer.length !== r.gradients.data.length) buffer = new Float64Array(r.gradients.data.length);
      buffer.set(r.gradients.data);
      return { ...r, gradients: { data: buffer, shape: r.gradients.shape } };
    },
  });
}

/** `forward` copies its outputs into one buffer it keeps (per size) and returns that buffer every time. */
export function forwardReusesBuffer(base: ModelAdapter): ModelAdapter {
  const buffers = new Map<number, Float64Array>();
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const r = await base.forward(x, options);
      let buffer = buffers.get(r.outputs.data.length);
      if (buffer === undefined) buffers.set(r.outputs.data.length, (buffer = new Float64Array(r.outputs.data.length)));
      buffer.set(r.outputs.data);
      return { ...r, outputs: { data: buffer, shape: r.outputs.shape } };
    },
  });
}

/** With one override covering every head of a one-layer model, `forward` returns the caller's weights buffer as its attention. */
export function returnsOverrideBuffer(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const r = await base.forward(x, options);
      const o = options?.attention?.[0];
      if (r.attention === undefined || o === undefined || o.heads !== undefined || r.attention.shape[1] !== 1) return r;
      return { ...r, attention: { data: o.weights.data as Float64Array, shape: r.attention.shape } };
    },
  });
}

/** Outputs mixed across the batch: each row moves 1e-3 of the way to the batch mean. */
export function crossBatchMixing(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const r = await base.forward(x, options);
      const [B, C] = r.outputs.shape as [number, number];
      const mean = new Float64Array(C);
      for (let i = 0; i < B * C; i++) mean[i % C] += r.outputs.data[i]! / B;
      return { ...r, outputs: { data: r.outputs.data.map((v, i) => 0.999 * v + 0.001 * mean[i % C]!), shape: r.outputs.shape } };
    },
  });
}

/** Tiny nondeterminism (1e-10) that appears only when the rows of a batch give different outputs (e.g. an unordered cross-batch reduction). */
export function nondeterministicWhenRowsDiffer(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const r = await base.forward(x, options);
      const [B, C] = r.outputs.shape as [number, number];
      let differ = false;
      for (let i = C; i < B * C; i++) if (Math.abs(r.outputs.data[i]! - r.outputs.data[i % C]!) > 1e-9) differ = true;
      if (!differ) return r;
      return { ...r, outputs: { data: r.outputs.data.map((v) => v + 1e-10 * Math.random()), shape: r.outputs.shape } };
    },
  });
}

/** A model without attention that ignores `inputMask` entirely (in `forward` and in `gradient`). */
export function maskIgnoredEntirely(base: ModelAdapter): ModelAdapter {
  return wrap(base, {
    forward: async (x, options?: ForwardOptions) => {
      const { inputMask: _dropped, ...rest } = options ?? {};
      return base.forward(x, rest);
    },
    gradient: async (x, target, options?: GradientOptions) => {
      const { inputMask: _dropped, ...rest } = options ?? {};
      return base.gradient!(x, target, rest);
    },
  });
}

/** `forward` returns a promise that never settles. */
export function neverResolves(base: ModelAdapter): ModelAdapter {
  return wrap(base, { forward: () => new Promise<never>(() => {}) });
}

/** A read-only attention model: `info.attention.overridable` false, no attentionGradient, overrides rejected. */
export function readOnlyAttention(base: ModelAdapter): ModelAdapter {
  const info = { ...base.info, attention: { ...base.info.attention!, overridable: false } };
  return {
    info,
    embed: base.embed,
    forward: async (x, options?: ForwardOptions) => {
      if (options?.attention !== undefined && options.attention.length > 0) {
        const { AdapterCapabilityError } = await import('../../src/errors/index.js');
        throw new AdapterCapabilityError('readOnly.forward', 'attentionOverride');
      }
      return base.forward(x, options);
    },
    ...(base.gradient === undefined ? {} : { gradient: base.gradient }),
  } as ModelAdapter;
}
