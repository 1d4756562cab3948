/**
 * The gradient family on closed forms: linear models (saliency = |w|, gradient × input = x ⊙ w,
 * IG = (x − x′) ⊙ w with delta 0 for every quadrature), the Integrated Gradients paper's toy functions
 * (REFERENCE F6, the ReLU examples), completeness of Gauss–Legendre, SmoothGrad's seeded noise, and the
 * common contract: capability errors, bad options, exclusion, masks, progress, cancellation, batching.
 */
import { describe, expect, it } from 'vitest';
import { gradientXInput, integratedGradients, saliency, smoothGrad, type QuadratureMethod } from '../../src/attribution/index.js';
import { AbortError, AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { createRng } from '../../src/random/index.js';
import { linearModelAdapter, toyFunctionAdapter } from '../../src/testing/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import { EPS, expectClose } from '../helpers/close.js';
import { spy } from './helpers.js';

const METHODS: QuadratureMethod[] = ['gaussLegendre', 'riemannLeft', 'riemannRight', 'riemannMiddle', 'riemannTrapezoid'];

// F_c(x) = b_c + Σ_{i,k} W[c,i,k]·x[i,k] on 3 tokens with d = 2, embeddings from a table of 4 ids
const TABLE = [
  [0, 0],
  [1, -2],
  [0.5, 3],
  [-1.5, 0.25],
];
const W = [
  [[1, 2], [-1, 0.5], [3, -2]],
  [[-0.5, 1], [2, 2], [0.25, -1]],
];
const linear = linearModelAdapter({ weights: W, bias: [0, 10], embeddings: TABLE });
/** The linear model declaring special tokens (pad = 0, mask = 3). */
const linearWithSpecials: ModelAdapter = { ...linear, info: { ...linear.info, specialTokens: { pad: 0, mask: 3 } } };
const TOKENS = [1, 2, 3];
const X = TOKENS.flatMap((t) => TABLE[t]!);

describe('saliency(adapter, tokens, options) and gradientXInput(adapter, tokens, options) on a linear model', () => {
  it('default target is the predicted class (class 1 here, by its bias)', async () => {
    const r = await saliency(linear, TOKENS);
    expect(r.target).toBe(1);
    expect(Array.from(r.outputs)).toEqual([(await linear.forward({ data: Float64Array.from(X), shape: [1, 3, 2] })).outputs.data[0], (await linear.forward({ data: Float64Array.from(X), shape: [1, 3, 2] })).outputs.data[1]]);
  });

  it('saliency = |w_t| (abs default), Σ_k |w| per token; abs: false gives the signed gradient', async () => {
    const r = await saliency(linear, TOKENS, { target: 0 });
    expect(Array.from(r.attributions.data)).toEqual(W[0]!.flat().map(Math.abs));
    expect(r.attributions.shape).toEqual([3, 2]);
    expect(Array.from(r.scores)).toEqual([3, 1.5, 5]);
    expect(r.reduce).toBe('sum');
    expect(r.abs).toBe(true);
    const signed = await saliency(linear, TOKENS, { target: 0, abs: false, reduce: 'l2' });
    expect(Array.from(signed.attributions.data)).toEqual(W[0]!.flat());
    expectClose(signed.scores, [Math.sqrt(5), Math.sqrt(1.25), Math.sqrt(13)], 4 * EPS);
  });

  it('gradient × input = x ⊙ w_t, signed sum per token (reduce variants as documented)', async () => {
    const r = await gradientXInput(linear, TOKENS, { target: 0 });
    const expected = X.map((x, j) => x * W[0]!.flat()[j]!);
    expect(Array.from(r.attributions.data)).toEqual(expected);
    expect(Array.from(r.scores)).toEqual([1 - 4, -0.5 + 1.5, -4.5 - 0.5]);
    const j = await gradientXInput(linear, TOKENS, { target: 0, reduce: 'absOfSum' });
    expect(Array.from(j.scores)).toEqual([3, 1, 5]);
    const a = await gradientXInput(linear, TOKENS, { target: 0, reduce: 'absSum' });
    expect(Array.from(a.scores)).toEqual([5, 2, 5]);
  });

  it('one gradient call with a target, forward + gradient without', async () => {
    const s1 = spy(linear);
    await saliency(s1.adapter, TOKENS, { target: 0 });
    expect([s1.log.forward, s1.log.gradient]).toEqual([0, 1]);
    const s2 = spy(linear);
    await gradientXInput(s2.adapter, TOKENS);
    expect([s2.log.forward, s2.log.gradient]).toEqual([1, 1]);
  });

  it('exclude and inputMask zero the scores there and list the positions in excluded', async () => {
    const r = await gradientXInput(linear, TOKENS, { target: 0, exclude: [0], inputMask: [1, 0, 1] });
    expect(Array.from(r.excluded)).toEqual([0, 1]);
    expect(Array.from(r.scores)).toEqual([0, 0, -5]);
    // the excluded position's attribution is still computed; the hidden one has zero gradient
    expect(Array.from(r.attributions.data)).toEqual([1, -4, 0, 0, -4.5, -0.5]);
  });

  it('does not mutate its inputs', async () => {
    const tokens = [1, 2, 3];
    const exclude = [2];
    const mask = new Float64Array([1, 1, 1]);
    await integratedGradients(linear, tokens, { exclude, inputMask: mask, nSteps: 3 });
    expect(tokens).toEqual([1, 2, 3]);
    expect(exclude).toEqual([2]);
    expect(Array.from(mask)).toEqual([1, 1, 1]);
  });
});

describe('integratedGradients(adapter, tokens, options): closed forms', () => {
  it.each(METHODS)('%s: IG = (x − x′) ⊙ w on a linear model, convergenceDelta 0 (REFERENCE F7)', async (method) => {
    for (const [baseline, xb] of [
      ['zero', [0, 0, 0, 0, 0, 0]],
      ['pad', [0, 0, 0, 0, 0, 0]],
      ['mask', [-1.5, 0.25, -1.5, 0.25, -1.5, 0.25]],
      [[[1, 1], [2, 2], [3, 3]], [1, 1, 2, 2, 3, 3]],
    ] as const) {
      const r = await integratedGradients(linearWithSpecials, TOKENS, { method, nSteps: 7, baseline, target: 1 });
      const expected = X.map((x, j) => (x - xb[j]!) * W[1]!.flat()[j]!);
      expectClose(r.attributions.data, expected, 16 * EPS, { label: `${method} ${JSON.stringify(baseline)}` });
      expect(Math.abs(r.convergenceDelta)).toBeLessThan(1e-13);
      expect(r.method).toBe(method);
      expect(r.nSteps).toBe(7);
    }
  });

  it('REFERENCE F6: f(x) = x₀²x₁ at (1, 2), nSteps 4, every quadrature (trapezoid corrected)', async () => {
    const model = toyFunctionAdapter('squareProduct');
    const expected: Record<QuadratureMethod, [number, number, number]> = {
      riemannLeft: [0.875, 0.4375, -0.6875],
      riemannRight: [1.875, 0.9375, 0.8125],
      riemannMiddle: [1.3125, 0.65625, -0.03125],
      // Captum's (1.055556, .527778) is 0.75 × the correct trapezoid: (1.407407…, 0.703703…), Δ = +1/9
      riemannTrapezoid: [1.0555555555555556 / 0.75, 0.5277777777777778 / 0.75, 1 / 9],
      gaussLegendre: [4 / 3, 2 / 3, 0],
    };
    for (const method of METHODS) {
      const r = await integratedGradients(model, [1, 2], { method, nSteps: 4 });
      const [a, b, delta] = expected[method];
      expectClose(r.scores, [a, b], 1e-12, { label: method });
      expectClose(r.convergenceDelta, delta, 1e-12, { label: `${method} delta` });
    }
    for (const nSteps of [2, 3, 50]) {
      const r = await integratedGradients(model, [1, 2], { nSteps });
      expectClose(r.scores, [4 / 3, 2 / 3], 16 * EPS);
    }
  });

  it('the IG paper’s ReLU examples: (1.5, −0.5) at (3, 1) and 1 for the saturated 1 − ReLU(1 − x) at 2', async () => {
    // f(αx) switches at α = ½: riemannMiddle with an even nSteps puts half its points on each side
    const diff = await integratedGradients(toyFunctionAdapter('reluDifference'), [3, 1], { method: 'riemannMiddle', nSteps: 50 });
    expectClose(diff.scores, [1.5, -0.5], 16 * EPS);
    const sat = await integratedGradients(toyFunctionAdapter('reluSaturation'), [2], { method: 'riemannMiddle', nSteps: 50 });
    expectClose(sat.scores, [1], 16 * EPS);
    // saliency misses the saturated input entirely
    expect(Array.from((await saliency(toyFunctionAdapter('reluSaturation'), [2])).scores)).toEqual([0]);
  });

  it('completeness: |convergenceDelta| → 0 as nSteps grows for gaussLegendre on a smooth function', async () => {
    const model = toyFunctionAdapter({
      numInputs: 2,
      f: (x) => Math.sin(x[0]!) * Math.exp(x[1]!) + x[0]! * x[1]! * x[1]!,
      gradient: (x) => [Math.cos(x[0]!) * Math.exp(x[1]!) + x[1]! * x[1]!, Math.sin(x[0]!) * Math.exp(x[1]!) + 2 * x[0]! * x[1]!],
    });
    const deltas: number[] = [];
    for (const nSteps of [1, 2, 4, 8, 16]) deltas.push(Math.abs((await integratedGradients(model, [1.3, -0.7], { nSteps })).convergenceDelta));
    // decreasing until it reaches rounding level
    for (let k = 1; k < deltas.length; k++) expect(deltas[k]! < deltas[k - 1]! || deltas[k]! < 1e-14).toBe(true);
    expect(deltas[4]!).toBeLessThan(1e-13);
    expect(deltas[0]!).toBeGreaterThan(1e-3);
  });

  it('internalBatchSize changes the calls, not a single bit of the result', async () => {
    const base = await integratedGradients(linear, TOKENS, { nSteps: 10 });
    for (const internalBatchSize of [1, 3, 10, 64]) {
      const s = spy(linear);
      const r = await integratedGradients(s.adapter, TOKENS, { nSteps: 10, internalBatchSize });
      expect(r.attributions.data).toEqual(base.attributions.data);
      expect(s.log.gradient).toBe(Math.ceil(10 / internalBatchSize));
      expect(s.log.forward).toBe(1);
      expect(s.log.batches[0]).toEqual({ kind: 'forward', batch: 2 });
    }
  });
});

describe('smoothGrad(adapter, tokens, options)', () => {
  const toy = toyFunctionAdapter('squareProduct');

  it('the same seed gives bit-identical results; another seed does not', async () => {
    const a = await smoothGrad(toy, [1, 2], { seed: 5, stdevs: 0.3, nSamples: 8 });
    const b = await smoothGrad(toy, [1, 2], { seed: 5, stdevs: 0.3, nSamples: 8 });
    const c = await smoothGrad(toy, [1, 2], { seed: 6, stdevs: 0.3, nSamples: 8 });
    expect(a.attributions.data).toEqual(b.attributions.data);
    expect(a.scores).toEqual(b.scores);
    expect(a.attributions.data).not.toEqual(c.attributions.data);
  });

  it.each(['saliency', 'gradientXInput', 'integratedGradients'] as const)('σ = 0 equals the base method exactly (%s)', async (base) => {
    const r = await smoothGrad(toy, [1, 2], { base, stdevs: 0, nSamples: 7, ntType: 'smoothgrad' });
    const expected =
      base === 'saliency' ? await saliency(toy, [1, 2]) : base === 'gradientXInput' ? await gradientXInput(toy, [1, 2]) : await integratedGradients(toy, [1, 2]);
    expect(r.attributions.data).toEqual(expected.attributions.data);
    expect(r.scores).toEqual(expected.scores);
    const v = await smoothGrad(toy, [1, 2], { base, stdevs: 0, nSamples: 3, ntType: 'vargrad' });
    expect(Array.from(v.attributions.data)).toEqual([0, 0]);
  });

  it('smoothgrad / smoothgradSq / vargrad follow the documented noise stream (createRng(seed).normal(), copy by copy)', async () => {
    const sigma = 0.5;
    const rng = createRng(11);
    const phis: number[][] = [];
    for (let s = 0; s < 6; s++) {
      const x0 = 1 + sigma * rng.normal();
      const x1 = 2 + sigma * rng.normal();
      phis.push([(2 * x0 * x1) * x0, x0 * x0 * x1]); // gradient × input
    }
    const mean = [0, 1].map((k) => phis.reduce((s, p) => s + p[k]!, 0) / 6);
    const sq = [0, 1].map((k) => phis.reduce((s, p) => s + p[k]! ** 2, 0) / 6);
    const opts = { base: 'gradientXInput', nSamples: 6, stdevs: sigma, seed: 11 } as const;
    expectClose((await smoothGrad(toy, [1, 2], { ...opts, ntType: 'smoothgrad' })).attributions.data, mean, 1e-13);
    expectClose((await smoothGrad(toy, [1, 2], { ...opts, ntType: 'smoothgradSq' })).attributions.data, sq, 1e-13);
    expectClose((await smoothGrad(toy, [1, 2], { ...opts, ntType: 'vargrad' })).attributions.data, [0, 1].map((k) => sq[k]! - mean[k]! ** 2), 1e-12);
  });

  it('relative σ is stdevs × (max − min) of the input; the result reports σ', async () => {
    expect((await smoothGrad(toy, [1, 2], { stdevs: 0.1, relative: true })).stdev).toBeCloseTo(0.1, 15);
    expect((await smoothGrad(toy, [1, 4], { stdevs: 0.1, relative: true })).stdev).toBeCloseTo(0.3, 15);
    expect((await smoothGrad(toy, [1, 4], { stdevs: 0.1 })).stdev).toBe(0.1);
  });

  it('batches the noisy copies by batchSize, and the batching does not change the result', async () => {
    const s = spy(toy);
    const r = await smoothGrad(s.adapter, [1, 2], { nSamples: 5, batchSize: 2, stdevs: 0.2 });
    expect(s.log.batches).toEqual([
      { kind: 'forward', batch: 1 },
      { kind: 'gradient', batch: 2 },
      { kind: 'gradient', batch: 2 },
      { kind: 'gradient', batch: 1 },
    ]);
    expect(r.attributions.data).toEqual((await smoothGrad(toy, [1, 2], { nSamples: 5, stdevs: 0.2 })).attributions.data);
    const ig = spy(toy);
    await smoothGrad(ig.adapter, [1, 2], { base: 'integratedGradients', nSamples: 3, nSteps: 8, internalBatchSize: 3 });
    expect(ig.log.gradient).toBe(3 * 3);
  });
});

describe('the common contract of the gradient methods', () => {
  const ALL = [
    ['saliency', saliency],
    ['gradientXInput', gradientXInput],
    ['integratedGradients', integratedGradients],
    ['smoothGrad', smoothGrad],
  ] as const;

  it.each(ALL)('%s throws AdapterCapabilityError without gradient, before any model call', async (_name, fn) => {
    const s = spy(linear, { dropGradient: true });
    await expect(fn(s.adapter, TOKENS)).rejects.toBeInstanceOf(AdapterCapabilityError);
    expect(s.log.embed + s.log.forward).toBe(0);
  });

  it('a special-token baseline the adapter does not declare is an AdapterCapabilityError, before any call', async () => {
    const s = spy(linear);
    const err = await integratedGradients(s.adapter, TOKENS, { baseline: 'unk' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterCapabilityError);
    expect((err as AdapterCapabilityError).capability).toBe('info.specialTokens.unk');
    expect(s.log.embed + s.log.forward + s.log.gradient).toBe(0);
  });

  const BAD: [string, (a: ModelAdapter) => Promise<unknown>, abstract new (...args: any) => Error][] = [
    ['unknown option', (a) => saliency(a, TOKENS, { steps: 3 } as never), InputTypeError],
    ['tokens not an array', (a) => saliency(a, 5 as never), InputTypeError],
    ['empty tokens', (a) => saliency(a, []), ShapeMismatchError],
    ['tokens longer than maxLength', (a) => integratedGradients(a, [1, 2, 3, 1]), ShapeMismatchError],
    ['target out of range', (a) => saliency(a, TOKENS, { target: 2 }), InputRangeError],
    ['target not an integer', (a) => saliency(a, TOKENS, { target: 0.5 }), InputTypeError],
    ['exclude out of range', (a) => gradientXInput(a, TOKENS, { exclude: [3] }), InputRangeError],
    ['exclude not an array', (a) => gradientXInput(a, TOKENS, { exclude: 1 as never }), InputTypeError],
    ['inputMask of the wrong length', (a) => gradientXInput(a, TOKENS, { inputMask: [1, 1] }), ShapeMismatchError],
    ['inputMask value 2', (a) => gradientXInput(a, TOKENS, { inputMask: [1, 2, 1] }), InputRangeError],
    ['inputMask hiding everything', (a) => gradientXInput(a, TOKENS, { inputMask: [0, 0, 0] }), InputRangeError],
    ['unknown reduce', (a) => saliency(a, TOKENS, { reduce: 'mean' as never }), InputTypeError],
    ['abs not boolean', (a) => saliency(a, TOKENS, { abs: 1 as never }), InputTypeError],
    ['batchSize 0', (a) => smoothGrad(a, TOKENS, { batchSize: 0 }), InputRangeError],
    ['onProgress not a function', (a) => saliency(a, TOKENS, { onProgress: 1 as never }), InputTypeError],
    ['signal not an AbortSignal', (a) => saliency(a, TOKENS, { signal: {} as never }), InputTypeError],
    ['unknown method', (a) => integratedGradients(a, TOKENS, { method: 'trapezoid' as never }), InputTypeError],
    ['nSteps 0', (a) => integratedGradients(a, TOKENS, { nSteps: 0 }), InputRangeError],
    ['nSteps 2.5', (a) => integratedGradients(a, TOKENS, { nSteps: 2.5 }), InputTypeError],
    ['trapezoid with nSteps 1', (a) => integratedGradients(a, TOKENS, { method: 'riemannTrapezoid', nSteps: 1 }), InputRangeError],
    ['internalBatchSize 0', (a) => integratedGradients(a, TOKENS, { internalBatchSize: 0 }), InputRangeError],
    ['unknown baseline name', (a) => integratedGradients(a, TOKENS, { baseline: 'cls' as never }), InputTypeError],
    ['baseline of the wrong shape', (a) => integratedGradients(a, TOKENS, { baseline: [[0, 0], [0, 0]] }), ShapeMismatchError],
    ['non-finite baseline', (a) => integratedGradients(a, TOKENS, { baseline: [[0, 0], [0, NaN], [0, 0]] }), InputRangeError],
    ['negative stdevs', (a) => smoothGrad(a, TOKENS, { stdevs: -1 }), InputRangeError],
    ['nSamples 0', (a) => smoothGrad(a, TOKENS, { nSamples: 0 }), InputRangeError],
    ['unknown ntType', (a) => smoothGrad(a, TOKENS, { ntType: 'smoothgrad_sq' as never }), InputTypeError],
    ['seed not an integer', (a) => smoothGrad(a, TOKENS, { seed: 0.5 }), InputTypeError],
    ['abs with base gradientXInput', (a) => smoothGrad(a, TOKENS, { base: 'gradientXInput', abs: true }), InputTypeError],
    ['nSteps with base saliency', (a) => smoothGrad(a, TOKENS, { nSteps: 5 }), InputTypeError],
    ['unknown base', (a) => smoothGrad(a, TOKENS, { base: 'occlusion' as never }), InputTypeError],
  ];
  it.each(BAD)('%s: typed error before any model call', async (_label, call, cls) => {
    const s = spy(linear);
    await expect(call(s.adapter)).rejects.toBeInstanceOf(cls);
    expect(s.log.embed + s.log.forward + s.log.gradient).toBe(0);
  });

  it.each(ALL)('%s: an aborted signal rejects with AbortError before any model call', async (_name, fn) => {
    const s = spy(linear);
    const controller = new AbortController();
    controller.abort('stop');
    const err = await fn(s.adapter, TOKENS, { signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(s.log.embed + s.log.forward + s.log.gradient).toBe(0);
  });

  it('aborting during the run stops between adapter calls', async () => {
    const s = spy(linear);
    const controller = new AbortController();
    const err = await integratedGradients(s.adapter, TOKENS, {
      nSteps: 10,
      internalBatchSize: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 3) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(s.log.forward + s.log.gradient).toBe(3);
  });

  it('onProgress reports { done, total } after every adapter call', async () => {
    const seen: [number, number][] = [];
    await integratedGradients(linear, TOKENS, { nSteps: 10, internalBatchSize: 4, onProgress: (p) => seen.push([p.done, p.total]) });
    expect(seen).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]]);
    const sg: [number, number][] = [];
    await smoothGrad(linear, TOKENS, { nSamples: 3, batchSize: 2, onProgress: (p) => sg.push([p.done, p.total]) });
    expect(sg).toEqual([[1, 3], [2, 3], [3, 3]]);
    const sal: [number, number][] = [];
    await saliency(linear, TOKENS, { onProgress: (p) => sal.push([p.done, p.total]) });
    expect(sal).toEqual([[1, 2], [2, 2]]);
  });
});
