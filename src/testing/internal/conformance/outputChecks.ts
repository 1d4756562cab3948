/**
 * Checks of `info`, `embed` and the form of `forward`'s outputs.
 *
 * @module
 */
import { validateAdapter } from '../../../internal/adapter.js';
import type { AttentionOverride, ForwardOptions } from '../../../types/adapter.js';
import {
  type ConformanceContext,
  call,
  expectDistributions,
  expectIdentical,
  expectTensor,
  fail,
  FN,
  fmt,
  forward,
  identical,
  layoutOf,
  overridesFromAttention,
  pairTensor,
  targetsFor,
  tensor,
} from './context.js';

export async function checkInfo(ctx: ConformanceContext): Promise<string> {
  try {
    validateAdapter(FN, ctx.adapter);
  } catch (e) {
    fail((e as Error).message.replace(`${FN}: `, ''));
  }
  const { info } = ctx.adapter;
  if (typeof ctx.adapter.attentionGradient === 'function' && info.attention === undefined) {
    fail('the adapter has attentionGradient but info.attention is absent');
  }
  if (typeof ctx.adapter.attentionGradient === 'function' && info.attention !== undefined && info.attention.overridable === false) {
    fail('the adapter has attentionGradient but info.attention.overridable is false (the attention gradient is taken with respect to overrides)');
  }
  const caps = ['gradient', 'attentionGradient'].filter((c) => typeof ctx.adapter[c as 'gradient'] === 'function');
  const att = info.attention;
  return (
    `${info.numClasses} class${info.numClasses === 1 ? '' : 'es'} (${info.outputKind}), d = ${info.embeddingDim}` +
    (att === undefined ? ', no attention' : `, attention ${att.layers} layer(s) × ${att.heads} head(s), queries '${att.queries}'${att.overridable === false ? ', read-only (not overridable)' : ''}`) +
    (info.sequenceLength === undefined ? '' : `, fixed sequence length ${info.sequenceLength}`) +
    (caps.length > 0 ? `; provides ${caps.join(', ')}` : '')
  );
}

export async function checkEmbed(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const d = adapter.info.embeddingDim;
  const all = ctx.tokens();
  for (const seq of all) {
    const label = `embed([${seq.join(', ')}])`;
    const arg = [...seq];
    const first = expectTensor(label, await call('embed', () => adapter.embed(arg)), [seq.length, d]);
    if (identical(arg, seq) >= 0) fail(`${label} mutated its tokens argument`);
    const second = expectTensor(label, await call('embed', () => adapter.embed(arg)), [seq.length, d]);
    expectIdentical(`${label} called twice`, first.data, second.data);
    if (first.data === second.data) fail(`${label} returned the same buffer twice (results must be fresh)`);
    const snapshot = Float64Array.from(second.data);
    first.data.fill(Number.NaN);
    if (identical(second.data, snapshot) >= 0) fail(`${label}: two results share memory (writing into one changed the other)`);
    const third = expectTensor(label, await call('embed', () => adapter.embed(arg)), [seq.length, d]);
    if (identical(third.data, snapshot) >= 0) fail(`${label}: writing into an earlier result changed a later one (the adapter keeps returned buffers)`);
  }
  return `${all.length} token sequence(s) embedded to fresh [n, ${d}] float64 buffers`;
}

export async function checkForwardOutputs(ctx: ConformanceContext): Promise<string> {
  const layout = layoutOf(ctx.adapter);
  const tol = ctx.options.tolerance;
  let worst = 0;
  const samples = await ctx.samples();
  for (const s of samples) {
    const x = pairTensor(s, layout.d);
    const r = await forward(ctx.adapter, layout, x, undefined, 'forward');
    if (r.outputs.data.buffer === x.data.buffer) fail('forward returned the input buffer as its outputs');
    if (layout.probabilities) worst = Math.max(worst, expectDistributions('forward outputs', r.outputs, tol));
  }
  return `[2, ${layout.C}] finite float64 outputs on ${samples.length} sample(s)` + (layout.probabilities ? `; rows sum to 1 (worst |Σ − 1| ${fmt(worst)})` : '');
}

/** Every Float64Array-backed `data` of a result, labelled. */
function resultBuffers(label: string, r: unknown): { label: string; data: Float64Array }[] {
  const out: { label: string; data: Float64Array }[] = [];
  if (r === null || typeof r !== 'object') return out;
  for (const [key, value] of Object.entries(r as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        const d = (v as { data?: unknown } | null)?.data;
        if (d instanceof Float64Array) out.push({ label: `${label}.${key}[${i}]`, data: d });
      });
    } else {
      const d = (value as { data?: unknown } | null)?.data;
      if (d instanceof Float64Array) out.push({ label: `${label}.${key}`, data: d });
    }
  }
  return out;
}

/**
 * Two calls on the same input: their result buffers must be distinct and independent (writing into
 * the first changes neither the second nor a third call), and no result may be an argument's
 * buffer (embeddings, mask, override weights).
 */
async function expectFresh(
  label: string,
  run: () => Promise<unknown>,
  args: readonly { label: string; data: ArrayLike<number> }[],
): Promise<void> {
  const first = resultBuffers(label, await run());
  const second = resultBuffers(label, await run());
  for (const r of [...first, ...second]) {
    for (const a of args) {
      if ((a.data as { buffer?: unknown }).buffer === r.data.buffer) fail(`${r.label} shares memory with ${a.label} (results must be fresh buffers)`);
    }
  }
  for (const a of first) {
    for (const b of second) {
      if (a.data.buffer === b.data.buffer) fail(`${a.label} of two calls share one buffer (the adapter reuses an output buffer across calls)`);
    }
  }
  const snapshots = second.map((b) => Float64Array.from(b.data));
  for (const a of first) a.data.fill(Number.NaN);
  second.forEach((b, i) => {
    if (identical(b.data, snapshots[i]!) >= 0) fail(`${b.label}: writing into an earlier result changed a later one`);
  });
  const third = resultBuffers(label, await run());
  third.forEach((c, i) => {
    if (identical(c.data, snapshots[i]!) >= 0) fail(`${c.label}: writing into an earlier result changed a later call's result (the adapter keeps returned buffers)`);
  });
}

export async function checkFreshResults(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const verified = new Set<string>();
  const targets = targetsFor(layout);
  for (const s of await ctx.samples()) {
    const x = pairTensor(s, layout.d);
    const xArg = { label: 'the embeddings argument', data: x.data };
    const mask = tensor(new Float64Array(2 * s.n).fill(1), [2, s.n]);
    const maskArg = { label: 'options.inputMask', data: mask.data };
    await expectFresh('forward', () => forward(adapter, layout, x, undefined, 'forward'), [xArg]);
    const fo: ForwardOptions = layout.attention === undefined ? { inputMask: mask } : { inputMask: mask, returnAttention: true };
    await expectFresh('forward', () => forward(adapter, layout, x, fo, 'forward'), [xArg, maskArg]);
    verified.add('forward');
    let overrides: AttentionOverride[] | undefined;
    if (layout.attention !== undefined && layout.attention.overridable) {
      const own = await forward(adapter, layout, x, { returnAttention: true }, 'forward');
      overrides = overridesFromAttention(own.attention!);
      const overrideArgs = overrides.map((o, i) => ({ label: `the weights of options.attention[${i}]`, data: o.weights.data }));
      await expectFresh('forward (with overrides)', () => forward(adapter, layout, x, { attention: overrides!, returnAttention: true }, 'forward (with overrides)'), [xArg, ...overrideArgs]);
      verified.add('forward with overrides');
      if (typeof adapter.attentionGradient === 'function') {
        await expectFresh('attentionGradient', () => call('attentionGradient', () => adapter.attentionGradient!(x, targets, { attention: overrides! })), [xArg, ...overrideArgs]);
        verified.add('attentionGradient');
      }
    }
    if (typeof adapter.gradient === 'function') {
      await expectFresh('gradient', () => call('gradient', () => adapter.gradient!(x, targets)), [xArg]);
      await expectFresh('gradient', () => call('gradient', () => adapter.gradient!(x, targets, { inputMask: mask })), [xArg, maskArg]);
      verified.add('gradient');
    }
  }
  return `results are fresh, independent buffers (${[...verified].join(', ')})`;
}
