/**
 * Checks of attention read-out and attention overrides.
 *
 * @module
 */
import { createRng } from '../../../random/createRng.js';
import type { AttentionOverride } from '../../../types/adapter.js';
import type { FloatTensor } from '../../../types/tensor.js';
import {
  type ConformanceContext,
  type Layout,
  copyOverrides,
  expectClose,
  expectStochasticRows,
  fail,
  fmt,
  forward,
  headOverride,
  layoutOf,
  overridesFromAttention,
  pairTensor,
  partialMask,
  queriesOf,
  tensor,
  uniformOverrides,
} from './context.js';

export async function checkAttentionShape(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const tol = ctx.options.tolerance;
  let worst = 0;
  for (const s of await ctx.samples()) {
    const r = await forward(adapter, layout, pairTensor(s, layout.d), { returnAttention: true }, 'forward');
    worst = Math.max(worst, expectStochasticRows('returned attention', r.attention!, tol));
    const plain = await forward(adapter, layout, pairTensor(s, layout.d), undefined, 'forward');
    expectClose('outputs with returnAttention vs without', r.outputs.data, plain.outputs.data, tol);
  }
  const a = layout.attention!;
  return `[B, ${a.L}, ${a.H}, ${a.single ? 1 : 'n'}, n] non-negative weights, rows sum to 1 (worst |Σ − 1| ${fmt(worst)})`;
}

export async function checkAttentionOverrideIdentity(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const tol = ctx.options.tolerance;
  const { L, H } = layout.attention!;
  let worst = 0;
  for (const s of await ctx.samples()) {
    const base = await forward(adapter, layout, pairTensor(s, layout.d), { returnAttention: true }, 'forward');
    const all = overridesFromAttention(base.attention!);
    const r = await forward(adapter, layout, pairTensor(s, layout.d), { attention: copyOverrides(all), returnAttention: true }, 'forward (own attention injected at every layer)');
    worst = Math.max(worst, expectClose('outputs with the own attention injected at every layer', r.outputs.data, base.outputs.data, tol));
    expectClose('attention returned with the own attention injected', r.attention!.data, base.attention!.data, tol);
    const reversed = Array.from({ length: H }, (_, h) => H - 1 - h);
    for (const heads of H > 1 ? [reversed, [H - 1]] : [[0]]) {
      const layer = L - 1;
      const o = headOverride(base.attention!, layer, heads);
      const r2 = await forward(adapter, layout, pairTensor(s, layout.d), { attention: [o] }, `forward (own attention injected at layer ${layer}, heads [${heads.join(', ')}])`);
      worst = Math.max(worst, expectClose(`outputs with the own attention injected at layer ${layer}, heads [${heads.join(', ')}]`, r2.outputs.data, base.outputs.data, tol));
    }
  }
  return `own attention injected (all layers; layer ${L - 1} by head subset) reproduces the outputs (worst relative difference ${fmt(worst)})`;
}

export async function checkAttentionOverrideEffect(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const tol = ctx.options.tolerance;
  let eligible = 0;
  let changed = 0;
  let largest = 0;
  const returned: FloatTensor[] = [];
  for (const s of await ctx.samples()) {
    if (s.n < 2) continue;
    eligible++;
    const base = await forward(adapter, layout, pairTensor(s, layout.d), undefined, 'forward');
    const uniform = uniformOverrides(layout, 2, s.n);
    const r = await forward(adapter, layout, pairTensor(s, layout.d), { attention: uniform, returnAttention: true }, 'forward (uniform attention injected)');
    let diff = 0;
    for (let i = 0; i < base.outputs.data.length; i++) {
      const e = base.outputs.data[i]!;
      diff = Math.max(diff, Math.abs(r.outputs.data[i]! - e) / Math.max(1, Math.abs(e)));
    }
    largest = Math.max(largest, diff);
    if (diff > 10 * tol) changed++;
    returned.push(r.attention!);
  }
  if (eligible === 0) fail('needs a sample of length ≥ 2 (uniform attention over one key is the only attention there is)');
  if (changed === 0) {
    fail(`injecting uniform attention at every layer left the outputs of all ${eligible} sample(s) unchanged (largest relative change ${fmt(largest)} ≤ ${fmt(10 * tol)}): are overrides ignored?`);
  }
  for (const att of returned) {
    const n = att.shape[4]!;
    expectClose('attention returned with uniform attention injected (forward returns the weights after overrides)', att.data, new Float64Array(att.data.length).fill(1 / n), tol);
  }
  return `uniform attention changed the outputs of ${changed}/${eligible} sample(s) (largest relative change ${fmt(largest)})`;
}

/**
 * Random non-negative weights `[B, H, Q, n]` for every layer whose rows sum to values spread over
 * [0.4, 1.6] (not row-stochastic), with mass on every key. `normalised` gives the same weights with
 * each row divided by its sum.
 */
function unnormalisedOverrides(layout: Layout, B: number, n: number, seed: number): { raw: AttentionOverride[]; normalised: AttentionOverride[] } {
  const { L, H } = layout.attention!;
  const Q = queriesOf(layout, n);
  const rng = createRng(seed);
  const raw: AttentionOverride[] = [];
  const normalised: AttentionOverride[] = [];
  for (let l = 0; l < L; l++) {
    const w = new Float64Array(B * H * Q * n);
    const u = new Float64Array(w.length);
    for (let r = 0; r < B * H * Q; r++) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        w[r * n + j] = 0.1 + rng.next();
        sum += w[r * n + j]!;
      }
      const target = 0.4 + 1.2 * rng.next();
      for (let j = 0; j < n; j++) {
        w[r * n + j] = (w[r * n + j]! * target) / sum;
        u[r * n + j] = w[r * n + j]! / target;
      }
    }
    raw.push({ layer: l, weights: tensor(w, [B, H, Q, n]) });
    normalised.push({ layer: l, weights: tensor(u, [B, H, Q, n]) });
  }
  return { raw, normalised };
}

/** The `[B, L, H, Q, n]` attention that a full set of per-layer overrides should produce. */
function stackOverrides(overrides: readonly AttentionOverride[]): Float64Array {
  const [B, H, Q, n] = overrides[0]!.weights.shape as [number, number, number, number];
  const L = overrides.length;
  const block = H * Q * n;
  const out = new Float64Array(B * L * block);
  overrides.forEach((o, l) => {
    for (let b = 0; b < B; b++) out.set(o.weights.data.subarray(b * block, (b + 1) * block), (b * L + l) * block);
  });
  return out;
}

export async function checkAttentionOverrideExact(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const tol = ctx.options.tolerance;
  let eligible = 0;
  let changed = 0;
  let largest = 0;
  let seed = ctx.options.seed + 3000;
  for (const s of await ctx.samples()) {
    if (s.n < 2) continue;
    eligible++;
    const { raw, normalised } = unnormalisedOverrides(layout, 2, s.n, seed++);
    const r = await forward(adapter, layout, pairTensor(s, layout.d), { attention: copyOverrides(raw), returnAttention: true }, 'forward (rows not summing to 1 injected)');
    expectClose('attention returned with rows not summing to 1 injected (it must be the injected weights, not renormalised)', r.attention!.data, stackOverrides(raw), tol);
    const rn = await forward(adapter, layout, pairTensor(s, layout.d), { attention: copyOverrides(normalised) }, 'forward (the same weights renormalised)');
    let diff = 0;
    for (let i = 0; i < rn.outputs.data.length; i++) {
      const e = rn.outputs.data[i]!;
      diff = Math.max(diff, Math.abs(r.outputs.data[i]! - e) / Math.max(1, Math.abs(e)));
    }
    largest = Math.max(largest, diff);
    if (diff > 10 * tol) changed++;
    // Together with an input mask: the weights at masked keys are used as given, not re-masked.
    const mask = partialMask(s.n);
    const rm = await forward(adapter, layout, pairTensor(s, layout.d), { attention: copyOverrides(raw), inputMask: mask, returnAttention: true }, 'forward (weights injected with a partial inputMask)');
    expectClose('attention returned with weights injected and a partial inputMask (weights at masked keys are used as given, not re-masked)', rm.attention!.data, stackOverrides(raw), tol);
  }
  if (eligible === 0) fail('needs a sample of length ≥ 2');
  if (changed === 0) {
    fail(
      `injecting rows that do not sum to 1 gave the same outputs as injecting the same rows renormalised, on all ${eligible} sample(s) (largest relative change ${fmt(largest)} ≤ ${fmt(10 * tol)}): does the adapter renormalise injected attention?`,
    );
  }
  return `rows summing to 0.4…1.6 are returned exactly and change the outputs against their renormalised version on ${changed}/${eligible} sample(s) (largest relative change ${fmt(largest)}); weights at masked keys are kept`;
}
