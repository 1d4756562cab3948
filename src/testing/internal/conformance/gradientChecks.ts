/**
 * Checks of `gradient` and `attentionGradient` against central finite differences.
 *
 * @module
 */
import type { AttentionOverride, ForwardOptions } from '../../../types/adapter.js';
import type { FloatTensor } from '../../../types/tensor.js';
import {
  type ConformanceContext,
  FD_ROWS_PER_CALL,
  call,
  compareGradients,
  copyOverrides,
  expectClose,
  expectTensor,
  fail,
  fdEmbeddings,
  fmt,
  forward,
  gatherRows,
  headOverride,
  layoutOf,
  overridesFromAttention,
  pairTensor,
  partialMask,
  pickCoordinates,
  targetsFor,
  tensor,
  uniformOverrides,
} from './context.js';

export async function checkGradient(ctx: ConformanceContext): Promise<string> {
  const { adapter, options } = ctx;
  const layout = layoutOf(adapter);
  const tol = options.tolerance;
  const targets = targetsFor(layout);
  let compared = 0;
  let worst = 0;
  const variants: string[] = ['plain'];
  let seedOffset = 1;
  for (const s of await ctx.samples()) {
    const x = pairTensor(s, layout.d);
    const total = 2 * s.n * layout.d;
    const configs: { label: string; gradOpts: { inputMask?: FloatTensor; attention?: AttentionOverride[] }; optionsFor: (src: readonly number[]) => ForwardOptions | undefined }[] = [
      { label: 'gradient', gradOpts: {}, optionsFor: () => undefined },
    ];
    if (s.n >= 2) {
      const mask = partialMask(s.n);
      configs.push({ label: 'gradient with a partial inputMask', gradOpts: { inputMask: mask }, optionsFor: (src) => ({ inputMask: gatherRows(mask, src) }) });
    }
    if (layout.attention !== undefined && layout.attention.overridable && s.n >= 2) {
      configs.push({
        label: 'gradient with uniform attention injected',
        gradOpts: { attention: uniformOverrides(layout, 2, s.n) },
        optionsFor: (src) => ({ attention: uniformOverrides(layout, src.length, s.n) }),
      });
    }
    for (const cfg of configs) {
      if (cfg.gradOpts.inputMask !== undefined && !variants.includes('inputMask')) variants.push('inputMask');
      if (cfg.gradOpts.attention !== undefined && !variants.includes('injected attention')) variants.push('injected attention');
      const g = await call(cfg.label, () => adapter.gradient!(tensor(Float64Array.from(x.data), x.shape), targets, cfg.gradOpts));
      if (g === null || typeof g !== 'object') fail(`${cfg.label} must resolve to { outputs, gradients }`);
      expectTensor(`${cfg.label}: outputs`, g.outputs, [2, layout.C]);
      expectTensor(`${cfg.label}: gradients`, g.gradients, [2, s.n, layout.d]);
      const fwd = await forward(adapter, layout, tensor(Float64Array.from(x.data), x.shape), cfg.optionsFor([0, 1]), 'forward');
      expectClose(`${cfg.label}: outputs vs forward`, g.outputs.data, fwd.outputs.data, tol);
      const coords = pickCoordinates(total, options.gradientCoordinates, options.seed + 1000 + seedOffset++);
      const fd = await fdEmbeddings(ctx, layout, x, targets, coords, cfg.optionsFor, 'forward (finite differences)');
      const rowSize = s.n * layout.d;
      const names = coords.map((f) => {
        const b = Math.floor(f / rowSize);
        const w = f % rowSize;
        return `[${b}, ${Math.floor(w / layout.d)}, ${w % layout.d}] (target ${targets[b]})`;
      });
      const scale = coords.map((f) => fwd.outputs.data[Math.floor(f / rowSize) * layout.C + targets[Math.floor(f / rowSize)]!]!);
      worst = Math.max(worst, compareGradients(`${cfg.label} on [${s.tokens.join(', ')}]`, names, coords.map((f) => g.gradients.data[f]!), fd, scale, options));
      compared += coords.length;
    }
    const scalar = await call('gradient', () => adapter.gradient!(tensor(Float64Array.from(x.data), x.shape), layout.C - 1));
    const perExample = await call('gradient', () => adapter.gradient!(tensor(Float64Array.from(x.data), x.shape), Int32Array.from([layout.C - 1, layout.C - 1])));
    expectTensor('gradient (scalar target): gradients', scalar.gradients, [2, s.n, layout.d]);
    expectTensor('gradient (per-example targets): gradients', perExample.gradients, [2, s.n, layout.d]);
    expectClose('gradient with a scalar target vs the same target per example', scalar.gradients.data, perExample.gradients.data, tol);
  }
  return `${compared} coordinates match central finite differences (${variants.join(', ')}; worst error/bound ${fmt(worst)})`;
}

export async function checkAttentionGradient(ctx: ConformanceContext): Promise<string> {
  const { adapter, options } = ctx;
  const layout = layoutOf(adapter);
  const tol = options.tolerance;
  const targets = targetsFor(layout);
  const { L, H } = layout.attention!;
  const C = layout.C;
  const step = options.finiteDifferenceStep;
  let compared = 0;
  let worst = 0;
  let seedOffset = 1;
  for (const s of await ctx.samples()) {
    const x = pairTensor(s, layout.d);
    const base = await forward(adapter, layout, pairTensor(s, layout.d), { returnAttention: true }, 'forward');
    const reversed = Array.from({ length: H }, (_, h) => H - 1 - h);
    const configs: { label: string; overrides: AttentionOverride[] }[] = [
      { label: 'attentionGradient (own attention injected at every layer)', overrides: overridesFromAttention(base.attention!) },
      { label: `attentionGradient (own attention injected at layer ${L - 1}, heads [${reversed.join(', ')}])`, overrides: [headOverride(base.attention!, L - 1, reversed)] },
    ];
    for (const cfg of configs) {
      const r = await call(cfg.label, () => adapter.attentionGradient!(tensor(Float64Array.from(x.data), x.shape), targets, { attention: copyOverrides(cfg.overrides) }));
      if (r === null || typeof r !== 'object') fail(`${cfg.label} must resolve to { outputs, gradients }`);
      expectTensor(`${cfg.label}: outputs`, r.outputs, [2, C]);
      expectClose(`${cfg.label}: outputs vs forward`, r.outputs.data, base.outputs.data, tol);
      if (!Array.isArray(r.gradients) || r.gradients.length !== cfg.overrides.length) {
        fail(`${cfg.label}: expected ${cfg.overrides.length} gradient tensor(s), one per override, got ${Array.isArray(r.gradients) ? r.gradients.length : String(r.gradients)}`);
      }
      r.gradients.forEach((g, i) => expectTensor(`${cfg.label}: gradients[${i}]`, g, cfg.overrides[i]!.weights.shape));
      // Coordinates over the concatenation of all overrides' weights.
      const sizes = cfg.overrides.map((o) => o.weights.data.length);
      const total = sizes.reduce((a, b) => a + b, 0);
      const coords = pickCoordinates(total, options.gradientCoordinates, options.seed + 2000 + seedOffset++);
      const located = coords.map((flat) => {
        let o = 0;
        let rem = flat;
        while (rem >= sizes[o]!) rem -= sizes[o++]!;
        const shape = cfg.overrides[o]!.weights.shape;
        const perExample = sizes[o]! / shape[0]!;
        return { o, flat: rem, b: Math.floor(rem / perExample), within: rem % perExample, perExample };
      });
      const fd: number[] = [];
      for (let start = 0; start < located.length; start += FD_ROWS_PER_CALL / 2) {
        const chunk = located.slice(start, start + FD_ROWS_PER_CALL / 2);
        const sources = chunk.flatMap((c) => [c.b, c.b]);
        const xs = gatherRows(x, sources);
        const fdOverrides = cfg.overrides.map((ov) => ({ ...ov, weights: gatherRows(ov.weights, sources) }));
        chunk.forEach((c, k) => {
          const w = fdOverrides[c.o]!.weights.data;
          w[2 * k * c.perExample + c.within] += step;
          w[(2 * k + 1) * c.perExample + c.within] -= step;
        });
        const out = await forward(adapter, layout, xs, { attention: fdOverrides }, 'forward (finite differences of injected weights)');
        chunk.forEach((c, k) => {
          const t = targets[c.b]!;
          fd.push((out.outputs.data[2 * k * C + t]! - out.outputs.data[(2 * k + 1) * C + t]!) / (2 * step));
        });
      }
      const names = located.map((c) => {
        const sh = cfg.overrides[c.o]!.weights.shape;
        const [, hs, Q, n] = sh as [number, number, number, number];
        const q = Math.floor(c.within / n) % Q;
        const slot = Math.floor(c.within / (Q * n)) % hs;
        return `override ${c.o} (layer ${cfg.overrides[c.o]!.layer}) [${c.b}, ${slot}, ${q}, ${c.within % n}] (target ${targets[c.b]})`;
      });
      const analytic = located.map((c) => r.gradients[c.o]!.data[c.flat]!);
      const scale = located.map((c) => base.outputs.data[c.b * C + targets[c.b]!]!);
      worst = Math.max(worst, compareGradients(`${cfg.label} on [${s.tokens.join(', ')}]`, names, analytic, fd, scale, options));
      compared += coords.length;
    }
  }
  return `${compared} injected-weight coordinates match central finite differences of the raw weights (worst error/bound ${fmt(worst)})`;
}

