/**
 * faithcheck demo (`npm run demo`): is the attention of a trained spam classifier a faithful explanation?
 *
 * 1. A worked example on a built-in attention stack (Abnar & Zuidema's construction): rollout and
 *    exact attention flow, checked by hand.
 * 2. The committed Transformer trained on the SpamAssassin corpus (shipped in an npm package, nothing
 *    is downloaded): for test emails, compare raw attention, rollout and flow against gradient × input
 *    and leave-one-out importance with Kendall τ-b and its p-value, as Jain & Wallace tabulate it.
 * 3. The planted-token task, where the decisive token is known: how often does each explanation put
 *    it first?
 *
 * Options: `npm run demo -- --emails 30` (default 20).
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import {
  attentionFlow,
  attentionRollout,
  kendallTauTest,
  maxOverRows,
  rawAttentionReadout,
  rowReadout,
  toNested,
  type FloatTensor,
  type ModelAdapter,
} from '../src/index.js';
import { Tokenizer, loadSpamAssassin, plantedTokenTask, datasetRow } from '../src/data/index.js';
import { initBackend, loadModel, tfjsAdapter } from '../src/backends/tfjs/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const argEmails = process.argv.indexOf('--emails');
const EMAILS = argEmails > 0 ? Number(process.argv[argEmails + 1]) : 20;

const fmt = (x: number, d = 3): string => (Number.isNaN(x) ? '  NaN' : x.toFixed(d).padStart(d + 3));
const row = (xs: ArrayLike<number>, d = 3): string => `[${Array.from(xs, (x) => x.toFixed(d)).join(', ')}]`;

function section(title: string): void {
  console.log(`\n${'='.repeat(100)}\n${title}\n${'='.repeat(100)}`);
}

// ---------------------------------------------------------------------------------------------
// 1. Worked example
// ---------------------------------------------------------------------------------------------
function workedExample(): void {
  section('1. Worked example: rollout and flow on a 2-layer, 3-token attention stack (Abnar & Zuidema)');
  // [layers, n, n], heads already fused; row = query, column = key
  const attention = [
    [
      [0.6, 0.3, 0.1],
      [0.2, 0.5, 0.3],
      [0.1, 0.1, 0.8],
    ],
    [
      [0.3, 0.4, 0.3],
      [0.5, 0.25, 0.25],
      [0.2, 0.2, 0.6],
    ],
  ];
  const rollout = attentionRollout(attention);
  console.log('rollout R₂ = Â₂·Â₁ with Â = (A + I)/2:');
  for (const r of toNested(rollout) as number[][]) console.log(`  ${row(r, 5)}`);
  console.log(`relevance = max over rows: ${row(maxOverRows(rollout), 5)}`);
  const raw = attentionFlow(attention, { normalize: false, outputs: [0] });
  console.log(`raw max-flow from top-layer token 0 to each input: ${row(raw.data, 4)}   (by hand: Σ_k min(Â₂[0,k], Â₁[k,j]) = [0.8, 0.4, 0.35])`);
  const flow = attentionFlow(attention);
  console.log('row-normalised flow:');
  for (const r of toNested(flow) as number[][]) console.log(`  ${row(r, 6)}`);
}

// ---------------------------------------------------------------------------------------------
// Model-driven scores (inline here; later issues add them as library procedures)
// ---------------------------------------------------------------------------------------------
interface Explanations {
  readonly predicted: number;
  readonly probability: number;
  readonly raw: Float64Array;
  readonly rollout: Float64Array;
  readonly flow: Float64Array;
  readonly gradXInput: Float64Array;
  readonly leaveOneOut: Float64Array;
}

/** One sequence of one example from `[B, L, H, n, n]` attention → `{ data, shape: [L, H, n, n] }`. */
function firstExampleAttention(att: FloatTensor): FloatTensor {
  const [, L, H, Q, n] = att.shape as [number, number, number, number, number];
  return { data: att.data.slice(0, L * H * Q * n), shape: [L, H, Q, n] };
}

async function explain(adapter: ModelAdapter, ids: Int32Array): Promise<Explanations> {
  const n = ids.length;
  const d = adapter.info.embeddingDim;
  const e = await adapter.embed(ids);
  const x: FloatTensor = { data: e.data, shape: [1, n, d] };
  const { outputs, attention } = await adapter.forward(x, { returnAttention: true });
  const probs = outputs.data;
  const predicted = probs[1]! > probs[0]! ? 1 : 0;
  const att = firstExampleAttention(attention!);
  const L = att.shape[0]!;

  // attention-based explanations of the [CLS] (position 0) prediction
  const raw = rawAttentionReadout(att, L - 1, { row: 0 });
  const rollout = rowReadout(attentionRollout(att, { outputs: [0] }), 0);
  const flow = attentionFlow(att, { outputs: [0] }).data;

  // gradient × input (Jain & Wallace's 'XxE[X]'): |Σ_d ∂p/∂e_{t,d} · e_{t,d}|
  const { gradients } = await adapter.gradient!(x, predicted);
  const gradXInput = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += gradients.data[t * d + k]! * e.data[t * d + k]!;
    gradXInput[t] = Math.abs(s);
  }

  // leave-one-out by deletion (Jain & Wallace): |p(ŷ | x) − p(ŷ | x without token t)|, t ≥ 1
  const leaveOneOut = new Float64Array(n);
  if (n > 2) {
    const batch = new Float64Array((n - 1) * (n - 1) * d);
    for (let t = 1; t < n; t++) {
      const kept = Int32Array.from(ids.filter((_, i) => i !== t));
      const ek = await adapter.embed(kept);
      batch.set(ek.data, (t - 1) * (n - 1) * d);
    }
    const out = await adapter.forward({ data: batch, shape: [n - 1, n - 1, d] });
    for (let t = 1; t < n; t++) leaveOneOut[t] = Math.abs(probs[predicted]! - out.outputs.data[(t - 1) * 2 + predicted]!);
  }
  return { predicted, probability: probs[predicted]!, raw, rollout, flow, gradXInput, leaveOneOut };
}

/** Positions 1…n−1 (drop [CLS], as Jain & Wallace drop SOS/EOS). */
const content = (x: Float64Array): Float64Array => x.subarray(1);

interface Tally {
  taus: number[];
  significant: number;
}
const newTally = (): Tally => ({ taus: [], significant: 0 });
function record(t: Tally, a: Float64Array, b: Float64Array): void {
  const r = kendallTauTest(content(a), content(b));
  if (Number.isNaN(r.statistic)) return;
  t.taus.push(r.statistic);
  if (r.pValue <= 0.05) t.significant++;
}
function summary(t: Tally): string {
  const m = t.taus.reduce((s, v) => s + v, 0) / t.taus.length;
  const sd = Math.sqrt(t.taus.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, t.taus.length - 1));
  return `${fmt(m, 2)} ± ${sd.toFixed(2)}   (sig. frac ${(t.significant / t.taus.length).toFixed(2)}, n = ${t.taus.length})`;
}

// ---------------------------------------------------------------------------------------------
// 2. Spam classifier
// ---------------------------------------------------------------------------------------------
async function spamClassifier(): Promise<void> {
  section(`2. Trained Transformer on SpamAssassin (committed weights): agreement of explanations, ${EMAILS} test emails`);
  const { model, tokenizer, metadata } = await loadModel(join(here, 'models', 'spam-transformer'));
  try {
    const tok = Tokenizer.fromJSON(tokenizer!);
    const meta = metadata as { data: { seed: number; maxChars: number; maxLength: number }; metrics: { testAccuracy: number } };
    const config = model.config as { layers: number; heads: number };
    console.log(`model: ${config.layers} layers × ${config.heads} heads, test accuracy ${(meta.metrics.testAccuracy * 100).toFixed(1)}%`);
    const adapter = tfjsAdapter(model);
    const splits = await loadSpamAssassin({ seed: meta.data.seed, maxChars: meta.data.maxChars });
    const tallies = {
      'raw attention (last layer, CLS row) vs gradient×input': newTally(),
      'raw attention vs leave-one-out': newTally(),
      'rollout (CLS row) vs gradient×input': newTally(),
      'rollout vs leave-one-out': newTally(),
      'flow (CLS row) vs gradient×input': newTally(),
      'flow vs leave-one-out': newTally(),
      'reference: gradient×input vs leave-one-out': newTally(),
    };
    let shown = 0;
    for (const example of splits.test.slice(0, EMAILS)) {
      const ids = tok.encode(example.text, { maxLength: meta.data.maxLength });
      if (ids.length < 4) continue;
      const ex = await explain(adapter, ids);
      const keys = Object.values(tallies);
      record(keys[0]!, ex.raw, ex.gradXInput);
      record(keys[1]!, ex.raw, ex.leaveOneOut);
      record(keys[2]!, ex.rollout, ex.gradXInput);
      record(keys[3]!, ex.rollout, ex.leaveOneOut);
      record(keys[4]!, ex.flow, ex.gradXInput);
      record(keys[5]!, ex.flow, ex.leaveOneOut);
      record(keys[6]!, ex.gradXInput, ex.leaveOneOut);
      if (shown < 2) {
        shown++;
        const words = Array.from(ids, (id) => tok.tokenOf(id));
        const top = (s: Float64Array): string =>
          Array.from(content(s).keys())
            .sort((a, b) => s[b + 1]! - s[a + 1]!)
            .slice(0, 6)
            .map((i) => words[i + 1])
            .join(' ');
        console.log(`\nemail ${example.id} (label ${example.label === 1 ? 'spam' : 'ham'}, predicted ${ex.predicted === 1 ? 'spam' : 'ham'} p=${ex.probability.toFixed(3)}, ${ids.length} tokens)`);
        console.log(`  "${example.subject.slice(0, 80)}"`);
        console.log(`  top tokens  raw:      ${top(ex.raw)}`);
        console.log(`              rollout:  ${top(ex.rollout)}`);
        console.log(`              flow:     ${top(ex.flow)}`);
        console.log(`              grad×inp: ${top(ex.gradXInput)}`);
        console.log(`              LOO:      ${top(ex.leaveOneOut)}`);
      }
    }
    console.log('\nKendall τ-b per email (content tokens), mean ± std, fraction with p ≤ 0.05:');
    for (const [name, t] of Object.entries(tallies)) console.log(`  ${name.padEnd(56)} ${summary(t)}`);
  } finally {
    model.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Planted-token task: the decisive position is known
// ---------------------------------------------------------------------------------------------
async function plantedTask(): Promise<void> {
  section('3. Planted-token task (ground truth known): how often is the decisive token ranked first?');
  const { model, metadata } = await loadModel(join(here, 'models', 'planted-transformer'));
  try {
    const { source: _source, ...options } = (metadata as { data: Record<string, unknown> }).data;
    const task = plantedTokenTask(options as Parameters<typeof plantedTokenTask>[0]);
    const adapter = tfjsAdapter(model);
    const hits = { raw: 0, rollout: 0, flow: 0, gradXInput: 0, leaveOneOut: 0 };
    const count = Math.min(50, task.test.size);
    for (let i = 0; i < count; i++) {
      const { ids } = datasetRow(task.test, i);
      const decisive = task.test.decisive[i]!;
      const ex = await explain(adapter, ids);
      for (const key of Object.keys(hits) as (keyof typeof hits)[]) {
        const s = content(ex[key]);
        let best = 0;
        for (let t = 1; t < s.length; t++) if (s[t]! > s[best]!) best = t;
        if (decisive.includes(best + 1)) hits[key]++;
      }
    }
    for (const [k, v] of Object.entries(hits)) console.log(`  ${k.padEnd(12)} top-1 = decisive token in ${v}/${count} sequences`);
  } finally {
    model.dispose();
  }
}

async function main(): Promise<void> {
  const t0 = performance.now();
  workedExample();
  const backend = await initBackend();
  console.log(`\nTensorFlow.js backend: ${backend}`);
  await spamClassifier();
  await plantedTask();
  console.log(`\ndone in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
