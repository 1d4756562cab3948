/**
 * Checks of the contract's rules: determinism, no input mutation, batch independence, input masks.
 *
 * @module
 */
import type { AttentionOverride, ForwardOptions } from '../../../types/adapter.js';
import type { FloatTensor } from '../../../types/tensor.js';
import {
  type ConformanceContext,
  type Layout,
  call,
  copyOverrides,
  expectClose,
  expectDistributions,
  expectIdentical,
  expectStochasticRows,
  expectTensor,
  fail,
  fmt,
  forward,
  identical,
  layoutOf,
  overridesFromAttention,
  pairTensor,
  partialMask,
  rowTensor,
  targetsFor,
  tensor,
} from './context.js';

export async function checkDeterminism(ctx: ConformanceContext): Promise<string> {
  const layout = layoutOf(ctx.adapter);
  const opts = layout.attention === undefined ? undefined : { returnAttention: true };
  const hasGradient = typeof ctx.adapter.gradient === 'function';
  for (const s of await ctx.samples()) {
    const r1 = await forward(ctx.adapter, layout, pairTensor(s, layout.d), opts, 'forward');
    const r2 = await forward(ctx.adapter, layout, pairTensor(s, layout.d), opts, 'forward');
    expectIdentical('forward outputs on the same input', r1.outputs.data, r2.outputs.data);
    if (r1.attention !== undefined && r2.attention !== undefined) expectIdentical('forward attention on the same input', r1.attention.data, r2.attention.data);
    if (hasGradient) {
      const g1 = await call('gradient', () => ctx.adapter.gradient!(pairTensor(s, layout.d), targetsFor(layout)));
      const g2 = await call('gradient', () => ctx.adapter.gradient!(pairTensor(s, layout.d), targetsFor(layout)));
      expectTensor('gradient gradients', g1.gradients, [2, s.n, layout.d]);
      expectTensor('gradient gradients', g2.gradients, [2, s.n, layout.d]);
      expectIdentical('gradient on the same input', g1.gradients.data, g2.gradients.data);
    }
  }
  return `identical results on repeated calls (forward${layout.attention === undefined ? '' : ' with attention'}${hasGradient ? ', gradient' : ''})`;
}

export async function checkNoInputMutation(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const verified = new Set<string>();
  /** Run `f` on fresh copies of the arguments and check none changed. */
  const unchanged = async (label: string, args: readonly { name: string; data: ArrayLike<number> }[], f: () => Promise<unknown>): Promise<void> => {
    const snaps = args.map((a) => Float64Array.from(a.data));
    await f();
    args.forEach((a, i) => {
      if (identical(snaps[i]!, a.data) >= 0) fail(`${label} mutated ${a.name}`);
    });
    verified.add(label.replace(/ \(.*$/, ''));
  };
  for (const s of await ctx.samples()) {
    const targetsOf = (B: number): Int32Array => (B === 2 ? targetsFor(layout) : Int32Array.from([0]));
    // Batch 2 (the pair) and batch 1 (its first row): some bugs appear only at one batch size.
    for (const B of [2, 1] as const) {
      const x = (): FloatTensor => (B === 2 ? pairTensor(s, layout.d) : rowTensor(s, layout.d, 0));
      const maskOf = (): FloatTensor => {
        const m = s.n >= 2 ? partialMask(s.n) : tensor(new Float64Array(2 * s.n).fill(1), [2, s.n]);
        return B === 2 ? m : tensor(m.data.slice(0, s.n), [1, s.n]);
      };
      const at = `batch ${B}`;
      // Without options, with an empty options object, with a mask (and returnAttention).
      let e = x();
      await unchanged(`forward (no options, ${at})`, [{ name: 'its embeddings argument', data: e.data }], () => call('forward', () => adapter.forward(e)));
      e = x();
      await unchanged(`forward ({}, ${at})`, [{ name: 'its embeddings argument', data: e.data }], () => call('forward', () => adapter.forward(e, {})));
      e = x();
      let m = maskOf();
      const fo: ForwardOptions = layout.attention === undefined ? { inputMask: m } : { inputMask: m, returnAttention: true };
      await unchanged(`forward (inputMask, ${at})`, [{ name: 'its embeddings argument', data: e.data }, { name: 'options.inputMask', data: m.data }], () => forward(adapter, layout, e, fo, 'forward'));
      let overrides: AttentionOverride[] | undefined;
      if (layout.attention !== undefined && layout.attention.overridable) {
        const own = await forward(adapter, layout, x(), { returnAttention: true }, 'forward');
        overrides = overridesFromAttention(own.attention!);
        const ov = overrides;
        e = x();
        await unchanged(
          `forward (attention overrides, ${at})`,
          [{ name: 'its embeddings argument', data: e.data }, ...ov.map((o, i) => ({ name: `the weights of options.attention[${i}]`, data: o.weights.data }))],
          () => forward(adapter, layout, e, { attention: ov }, 'forward'),
        );
      }
      const targets = targetsOf(B);
      if (typeof adapter.gradient === 'function') {
        e = x();
        await unchanged(`gradient (no options, ${at})`, [{ name: 'its embeddings argument', data: e.data }, { name: 'its target argument', data: targets }], () =>
          call('gradient', () => adapter.gradient!(e, targets)),
        );
        e = x();
        await unchanged(`gradient (scalar target, ${at})`, [{ name: 'its embeddings argument', data: e.data }], () => call('gradient', () => adapter.gradient!(e, 0)));
        e = x();
        m = maskOf();
        await unchanged(
          `gradient (inputMask, ${at})`,
          [{ name: 'its embeddings argument', data: e.data }, { name: 'options.inputMask', data: m.data }, { name: 'its target argument', data: targets }],
          () => call('gradient', () => adapter.gradient!(e, targets, { inputMask: m })),
        );
        if (overrides !== undefined) {
          const ov = copyOverrides(overrides);
          e = x();
          await unchanged(
            `gradient (attention overrides, ${at})`,
            [{ name: 'its embeddings argument', data: e.data }, ...ov.map((o, i) => ({ name: `the weights of options.attention[${i}]`, data: o.weights.data }))],
            () => call('gradient', () => adapter.gradient!(e, targets, { attention: ov })),
          );
        }
      }
      if (typeof adapter.attentionGradient === 'function' && overrides !== undefined) {
        const ov = copyOverrides(overrides);
        e = x();
        m = maskOf();
        await unchanged(
          `attentionGradient (${at})`,
          [
            { name: 'its embeddings argument', data: e.data },
            { name: 'options.inputMask', data: m.data },
            { name: 'its target argument', data: targets },
            ...ov.map((o, i) => ({ name: `the weights of options.attention[${i}]`, data: o.weights.data })),
          ],
          () => call('attentionGradient', () => adapter.attentionGradient!(e, targets, { attention: ov, inputMask: m })),
        );
      }
    }
  }
  return `arguments unchanged after ${[...verified].join(', ')} (with and without options, batch 1 and 2)`;
}

export async function checkBatchConsistency(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const tol = ctx.options.tolerance;
  const opts = layout.attention === undefined ? undefined : { returnAttention: true };
  let worst = 0;
  for (const s of await ctx.samples()) {
    const both = await forward(adapter, layout, pairTensor(s, layout.d), opts, 'forward');
    for (const row of [0, 1] as const) {
      const one = await forward(adapter, layout, rowTensor(s, layout.d, row), opts, 'forward');
      const C = layout.C;
      worst = Math.max(worst, expectClose(`forward outputs of example ${row} in a batch of 2 vs alone`, both.outputs.data.subarray(row * C, (row + 1) * C), one.outputs.data, tol));
      if (both.attention !== undefined && one.attention !== undefined) {
        const size = one.attention.data.length;
        worst = Math.max(worst, expectClose(`forward attention of example ${row} in a batch of 2 vs alone`, both.attention.data.subarray(row * size, (row + 1) * size), one.attention.data, tol));
      }
    }
    if (typeof adapter.gradient === 'function') {
      const targets = targetsFor(layout);
      const g = await call('gradient', () => adapter.gradient!(pairTensor(s, layout.d), targets));
      expectTensor('gradient gradients', g.gradients, [2, s.n, layout.d]);
      for (const row of [0, 1] as const) {
        const g1 = await call('gradient', () => adapter.gradient!(rowTensor(s, layout.d, row), targets[row]!));
        expectTensor('gradient gradients', g1.gradients, [1, s.n, layout.d]);
        const size = s.n * layout.d;
        worst = Math.max(worst, expectClose(`gradient of example ${row} in a batch of 2 vs alone`, g.gradients.data.subarray(row * size, (row + 1) * size), g1.gradients.data, tol));
      }
    }
  }
  return `batch of 2 equals two single calls (worst relative difference ${fmt(worst)})`;
}

/**
 * Hiding one position must change the outputs of at least one sample: for each sample, one batch
 * of `n` copies of its first row, copy `i` with position `i` hidden, compared with the unmasked row.
 * Returns the largest relative change and whether any change exceeded `10 · tol`.
 */
async function maskEffect(ctx: ConformanceContext, layout: Layout): Promise<{ changed: number; eligible: number; largest: number }> {
  const tol = ctx.options.tolerance;
  let changed = 0;
  let eligible = 0;
  let largest = 0;
  for (const s of await ctx.samples()) {
    if (s.n < 2) continue;
    eligible++;
    const rowSize = s.n * layout.d;
    const base = await forward(ctx.adapter, layout, rowTensor(s, layout.d, 0), undefined, 'forward');
    const xs = new Float64Array(s.n * rowSize);
    const mask = new Float64Array(s.n * s.n).fill(1);
    for (let i = 0; i < s.n; i++) {
      xs.set(s.pair.subarray(0, rowSize), i * rowSize);
      mask[i * s.n + i] = 0;
    }
    const r = await forward(ctx.adapter, layout, tensor(xs, [s.n, s.n, layout.d]), { inputMask: tensor(mask, [s.n, s.n]) }, 'forward (one position hidden per example)');
    let diff = 0;
    for (let i = 0; i < r.outputs.data.length; i++) {
      const e = base.outputs.data[i % layout.C]!;
      diff = Math.max(diff, Math.abs(r.outputs.data[i]! - e) / Math.max(1, Math.abs(e)));
    }
    largest = Math.max(largest, diff);
    if (diff > 10 * tol) changed++;
  }
  return { changed, eligible, largest };
}

export async function checkInputMask(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const tol = ctx.options.tolerance;
  let partial = 0;
  let worst = 0;
  for (const s of await ctx.samples()) {
    const base = await forward(adapter, layout, pairTensor(s, layout.d), undefined, 'forward');
    const ones = tensor(new Float64Array(2 * s.n).fill(1), [2, s.n]);
    const withOnes = await forward(adapter, layout, pairTensor(s, layout.d), { inputMask: ones }, 'forward');
    worst = Math.max(worst, expectClose('outputs with an all-ones inputMask vs no mask', withOnes.outputs.data, base.outputs.data, tol));
    if (s.n < 2) continue;
    const mask = partialMask(s.n);
    const fo: ForwardOptions = layout.attention === undefined ? { inputMask: mask } : { inputMask: mask, returnAttention: true };
    const r = await forward(adapter, layout, pairTensor(s, layout.d), fo, 'forward (partial inputMask)');
    if (layout.probabilities) expectDistributions('outputs with a partial inputMask', r.outputs, tol);
    if (r.attention !== undefined) expectStochasticRows('attention with a partial inputMask', r.attention, tol, mask);
    partial++;
  }
  const effect = await maskEffect(ctx, layout);
  if (effect.eligible > 0 && effect.changed === 0) {
    fail(
      `hiding any single position left the outputs of all ${effect.eligible} sample(s) unchanged (largest relative change ${fmt(effect.largest)} ≤ ${fmt(10 * tol)}): is inputMask ignored?`,
    );
  }
  return (
    `all-ones mask matches no mask (worst relative difference ${fmt(worst)})` +
    (partial === 0
      ? '; partial masks not exercised (every sample has length 1)'
      : `; partial masks on ${partial} sample(s)` +
        (layout.attention === undefined ? '' : ', masked keys receive no attention') +
        `; hiding one position changed the outputs of ${effect.changed}/${effect.eligible} sample(s) (largest relative change ${fmt(effect.largest)})`)
  );
}
