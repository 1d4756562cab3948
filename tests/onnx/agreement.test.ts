/**
 * Three runtimes, one model: the committed spam-transformer (tfjs weights) rebuilt in PyTorch and
 * exported to ONNX by tests/fixtures/python/onnx/export.py. On held-out SpamAssassin e-mails the ONNX
 * Runtime adapter (WASM), tfjsAdapter (WASM) and PyTorch (the fixture) give the same outputs,
 * attention, rollout, flow, leave-one-out scores and override results to float32 tolerance.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionFlow, attentionRollout } from '../../src/attention/index.js';
import { leaveOneOut } from '../../src/attribution/index.js';
import { initBackend, loadModel, tfjsAdapter, type TfjsClassifier } from '../../src/backends/tfjs/index.js';
import { onnxAdapter, type OnnxSessionLike } from '../../src/backends/onnx/index.js';
import { AdapterCapabilityError } from '../../src/errors/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import type { FloatTensor } from '../../src/types/tensor.js';
import { batchOf, FIXTURES, maxAbsDiff, MODELS, ort, session, softmax, stack, torchFixture } from './helpers.js';

/** Float32 tolerance (absolute) for probabilities and attention weights, which lie in [0, 1]. */
const TOL = 2e-5;
/** Float32 tolerance (absolute) for logits of magnitude ≤ 10. */
const LOGIT_TOL = 1e-4;

const cases = torchFixture.cases;
const config = { vocabSize: 8000, maxLength: 128, specialTokens: { pad: 0, unk: 1, cls: 2, mask: 3 } } as const;

let model: TfjsClassifier;
let tf: ModelAdapter;
let onnx: ModelAdapter;
let onnxLogits: ModelAdapter;
let onnxTable: ModelAdapter;
let readOnly: ModelAdapter;
let main: OnnxSessionLike;
let embedder: OnnxSessionLike;
let roSession: OnnxSessionLike;

/** The token-embedding table `[V, d]`, read from the tfjs weights file directly. */
function tokenTable(): { data: Float32Array; shape: [number, number] } {
  const manifest = JSON.parse(readFileSync(`${MODELS}spam-transformer.json`, 'utf8')) as { weights: { name: string; shape: number[]; offset: number }[] };
  const entry = manifest.weights.find((w) => w.name === 'embeddings/token')!;
  const bin = readFileSync(`${MODELS}spam-transformer.bin`);
  const size = entry.shape[0]! * entry.shape[1]!;
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = bin.readFloatLE(entry.offset + 4 * i);
  return { data, shape: [entry.shape[0]!, entry.shape[1]!] };
}

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  model = (await loadModel(`${MODELS}spam-transformer`)).model;
  tf = tfjsAdapter(model);
  main = await session(`${MODELS}spam-transformer.onnx`);
  embedder = await session(`${MODELS}spam-transformer.embed.onnx`);
  roSession = await session(`${FIXTURES}spam-transformer.readonly.onnx`);
  onnx = onnxAdapter(main, { ...config, embeddings: { session: embedder }, attention: { layout: 'stacked' }, ort });
  onnxLogits = onnxAdapter(main, { ...config, embeddings: { session: embedder }, softmax: false });
  onnxTable = onnxAdapter(main, { ...config, embeddings: { table: tokenTable() }, attention: {} });
  readOnly = onnxAdapter(roSession, {
    ...config,
    embeddings: { session: embedder },
    outputs: { attentions: ['attentions.0', 'attentions.1'] },
    attention: { layout: 'perLayer' },
  });
});

afterAll(async () => {
  model?.dispose();
  for (const s of [main, embedder, roSession]) await s?.release?.();
});

/** `[L, H, n, n]` of example `b` of a `[B, L, H, n, n]` attention. */
function exampleAttention(att: FloatTensor, b: number): FloatTensor {
  const [, L, H, Q, n] = att.shape as [number, number, number, number, number];
  const size = L * H * Q * n;
  return { data: att.data.slice(b * size, (b + 1) * size), shape: [L, H, Q, n] };
}

describe('onnxAdapter(spam-transformer.onnx) vs tfjsAdapter vs PyTorch', () => {
  it('embed: the embedding-only session, a given table and tfjs give the same rows', async () => {
    const ids = cases[0]!.ids;
    const a = await onnx.embed(ids);
    const b = await onnxTable.embed(ids);
    const c = await tf.embed(ids);
    expect(a.shape).toEqual([ids.length, 64]);
    expect(Array.from(a.data)).toEqual(Array.from(c.data));
    expect(Array.from(b.data)).toEqual(Array.from(c.data));
  });

  it('info mirrors the tfjs model, with overridable attention and no gradient methods', () => {
    expect(onnx.info).toMatchObject({ numClasses: 2, outputKind: 'probabilities', embeddingDim: 64, vocabSize: 8000, maxLength: 128 });
    expect(onnx.info.attention).toEqual({ layers: 2, heads: 4, queries: 'tokens', overridable: true });
    expect(onnxLogits.info.outputKind).toBe('logits');
    expect(onnxLogits.info.attention).toBeUndefined();
    expect(onnxTable.info.attention).toEqual(onnx.info.attention); // sizes read from the session metadata
    expect(readOnly.info.attention).toEqual({ layers: 2, heads: 4, queries: 'tokens', overridable: false });
    expect(onnx.gradient).toBeUndefined();
    expect(onnx.attentionGradient).toBeUndefined();
  });

  it('outputs, logits and attention agree on the 128-token e-mails (one batch) and the short prefixes', async () => {
    let worst = { prob: 0, att: 0, torchLogit: 0, torchAtt: 0 };
    const groups = [cases.filter((c) => c.ids.length === 128), ...cases.filter((c) => c.ids.length < 128).map((c) => [c])];
    for (const group of groups) {
      const x = stack(await Promise.all(group.map((c) => onnx.embed(c.ids))));
      const t = await tf.forward(x, { returnAttention: true });
      const o = await onnx.forward(x, { returnAttention: true });
      const l = await onnxLogits.forward(x);
      expect(o.outputs.shape).toEqual(t.outputs.shape);
      expect(o.attention!.shape).toEqual(t.attention!.shape);
      worst.prob = Math.max(worst.prob, maxAbsDiff(o.outputs.data, t.outputs.data));
      worst.att = Math.max(worst.att, maxAbsDiff(o.attention!.data, t.attention!.data));
      group.forEach((c, b) => {
        // PyTorch
        worst.torchLogit = Math.max(worst.torchLogit, maxAbsDiff(l.outputs.data.subarray(b * 2, b * 2 + 2), c.logits));
        worst.prob = Math.max(worst.prob, maxAbsDiff(o.outputs.data.subarray(b * 2, b * 2 + 2), c.probabilities));
        const att = exampleAttention(o.attention!, b);
        const n = c.ids.length;
        for (let layer = 0; layer < 2; layer++) {
          for (let h = 0; h < 4; h++) {
            const clsRow = att.data.subarray(((layer * 4 + h) * n + 0) * n, ((layer * 4 + h) * n + 1) * n);
            worst.torchAtt = Math.max(worst.torchAtt, maxAbsDiff(clsRow, c.clsAttention[layer]![h]!));
          }
        }
        if (c.attention !== undefined) worst.torchAtt = Math.max(worst.torchAtt, maxAbsDiff(att.data, c.attention.flat(3)));
        // the prediction is the same in all three
        const pred = (p: ArrayLike<number>): number => (p[1]! > p[0]! ? 1 : 0);
        expect(pred(o.outputs.data.subarray(b * 2, b * 2 + 2))).toBe(pred(c.probabilities));
      });
    }
    expect(worst.prob).toBeLessThan(TOL);
    expect(worst.att).toBeLessThan(TOL);
    expect(worst.torchLogit).toBeLessThan(LOGIT_TOL);
    expect(worst.torchAtt).toBeLessThan(TOL);
  });

  it('rollout and exact flow of the [CLS] row agree (n = 24, 48, 128)', async () => {
    for (const c of [cases[6]!, cases[7]!, cases[2]!]) {
      const x = batchOf(await onnx.embed(c.ids));
      const t = exampleAttention((await tf.forward(x, { returnAttention: true })).attention!, 0);
      const o = exampleAttention((await onnx.forward(x, { returnAttention: true })).attention!, 0);
      const rt = attentionRollout(t, { outputs: [0] });
      const ro = attentionRollout(o, { outputs: [0] });
      expect(ro.shape).toEqual(rt.shape);
      expect(maxAbsDiff(ro.data, rt.data)).toBeLessThan(TOL);
      const ft = attentionFlow(t, { outputs: [0] });
      const fo = attentionFlow(o, { outputs: [0] });
      expect(maxAbsDiff(fo.data, ft.data)).toBeLessThan(TOL);
    }
  });

  it("leave-one-out ('delete') scores agree: |p(ŷ | x) − p(ŷ | x without token t)| for every t ≥ 1", async () => {
    const scores = async (adapter: ModelAdapter, ids: readonly number[]): Promise<Float64Array> =>
      (await leaveOneOut(adapter, ids, { exclude: [0], output: 'absDiff' })).scores;
    for (const c of [cases[7]!, cases[2]!]) {
      const st = await scores(tf, c.ids);
      const so = await scores(onnx, c.ids);
      expect(maxAbsDiff(so, st)).toBeLessThan(TOL);
      // the same top token
      const top = (s: Float64Array): number => s.indexOf(Math.max(...s));
      expect(top(so)).toBe(top(st));
    }
  });

  it('attention overrides agree: uniform attention in heads [1, 3] of the last layer (PyTorch too)', async () => {
    let worstTf = 0;
    let worstTorch = 0;
    for (const c of cases) {
      const n = c.ids.length;
      const e = batchOf(await onnx.embed(c.ids));
      const weights = { data: new Float64Array(2 * n * n).fill(1 / n), shape: [1, 2, n, n] };
      const options = { attention: [{ layer: c.override.layer, heads: c.override.heads, weights }], returnAttention: true };
      const t = await tf.forward(e, options);
      const o = await onnx.forward(e, options);
      worstTf = Math.max(worstTf, maxAbsDiff(o.outputs.data, t.outputs.data), maxAbsDiff(o.attention!.data, t.attention!.data));
      worstTorch = Math.max(worstTorch, maxAbsDiff(o.outputs.data, softmax(c.override.logits)));
      // the injected heads are returned verbatim
      const att = o.attention!.data;
      for (const h of c.override.heads) expect(att[((1 * 4 + h) * n + 3) * n + 5]).toBe(Math.fround(1 / n));
    }
    expect(worstTf).toBeLessThan(TOL);
    expect(worstTorch).toBeLessThan(TOL);
  });

  it('random overrides at both layers, under a partial input mask, in a batch of 2, agree with tfjs', async () => {
    const c = cases[7]!;
    const n = c.ids.length;
    const e1 = await onnx.embed(c.ids);
    const e2 = await onnx.embed(cases[3]!.ids.slice(0, n));
    const x = stack([e1, e2]);
    const mask = { data: new Float64Array(2 * n).fill(1), shape: [2, n] };
    for (const i of [3, 7, 20, n - 1]) mask.data[i] = 0;
    for (const i of [2, 9]) mask.data[n + i] = 0;
    let seed = 1;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const randomRows = (heads: number): FloatTensor => {
      const data = new Float64Array(2 * heads * n * n);
      for (let r = 0; r < data.length / n; r++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += data[r * n + j] = 0.1 + rand();
        for (let j = 0; j < n; j++) data[r * n + j]! /= s;
      }
      return { data, shape: [2, heads, n, n] };
    };
    const options = {
      inputMask: mask,
      returnAttention: true,
      attention: [
        { layer: 0, heads: [3, 0], weights: randomRows(2) },
        { layer: 1, weights: randomRows(4) },
      ],
    };
    const t = await tf.forward(x, options);
    const o = await onnx.forward(x, options);
    expect(maxAbsDiff(o.outputs.data, t.outputs.data)).toBeLessThan(TOL);
    expect(maxAbsDiff(o.attention!.data, t.attention!.data)).toBeLessThan(TOL);
    // the mask alone, without overrides
    const tm = await tf.forward(x, { inputMask: mask, returnAttention: true });
    const om = await onnx.forward(x, { inputMask: mask, returnAttention: true });
    expect(maxAbsDiff(om.outputs.data, tm.outputs.data)).toBeLessThan(TOL);
    expect(maxAbsDiff(om.attention!.data, tm.attention!.data)).toBeLessThan(TOL);
    expect(om.attention!.data[(0 * n + 5) * n + 3]).toBe(0); // masked key: exactly 0
  });

  it('injecting its own attention reproduces the ONNX outputs bit for bit', async () => {
    const x = batchOf(await onnx.embed(cases[6]!.ids));
    const base = await onnx.forward(x, { returnAttention: true });
    const n = cases[6]!.ids.length;
    const perLayer = (l: number): FloatTensor => ({ data: base.attention!.data.slice(l * 4 * n * n, (l + 1) * 4 * n * n), shape: [1, 4, n, n] });
    const again = await onnx.forward(x, { attention: [{ layer: 0, weights: perLayer(0) }, { layer: 1, weights: perLayer(1) }] });
    expect(Array.from(again.outputs.data)).toEqual(Array.from(base.outputs.data));
  });

  it("the read-only export (Hugging Face style: per-layer attentions, no override inputs) gives the same results and rejects overrides", async () => {
    const c = cases[7]!;
    const x = batchOf(await readOnly.embed(c.ids));
    const r = await readOnly.forward(x, { returnAttention: true });
    const o = await onnx.forward(x, { returnAttention: true });
    expect(maxAbsDiff(r.outputs.data, o.outputs.data)).toBeLessThan(1e-6);
    expect(maxAbsDiff(r.attention!.data, o.attention!.data)).toBeLessThan(1e-6);
    const n = c.ids.length;
    const weights = { data: new Float64Array(4 * n * n).fill(1 / n), shape: [1, 4, n, n] };
    const err = await readOnly.forward(x, { attention: [{ layer: 0, weights }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterCapabilityError);
    expect((err as AdapterCapabilityError).capability).toBe('attentionOverride');
    expect((err as AdapterCapabilityError).fn).toBe('onnxAdapter.forward');
    // an empty override list is not an override
    await expect(readOnly.forward(x, { attention: [] })).resolves.toBeDefined();
  });

  it("layout 'stackedBatchFirst' reads [B, L, H, Q, n] attention", async () => {
    // A session whose attention output is [B, L, H, n, n]: the committed one, transposed.
    const transposed: OnnxSessionLike = {
      inputNames: main.inputNames,
      outputNames: main.outputNames,
      async run(feeds: Record<string, unknown>, fetches?: readonly string[]) {
        const r = await main.run(feeds, fetches);
        if (r['attentions'] === undefined) return r;
        const [L, B, H, Q, n] = r['attentions'].dims as number[] as [number, number, number, number, number];
        const src = r['attentions'].data as Float32Array;
        const out = new Float32Array(src.length);
        const block = H * Q * n;
        for (let l = 0; l < L; l++) for (let b = 0; b < B; b++) out.set(src.subarray((l * B + b) * block, (l * B + b + 1) * block), (b * L + l) * block);
        return { ...r, attentions: { type: 'float32', data: out, dims: [B, L, H, Q, n] } };
      },
    };
    const adapter = onnxAdapter(transposed, { ...config, numClasses: 2, embeddingDim: 64, embeddings: { session: embedder }, attention: { layers: 2, heads: 4, layout: 'stackedBatchFirst' } });
    const x = stack([await onnx.embed(cases[6]!.ids), await onnx.embed(cases[7]!.ids.slice(0, 24))]);
    const a = await adapter.forward(x, { returnAttention: true });
    const o = await onnx.forward(x, { returnAttention: true });
    expect(Array.from(a.attention!.data)).toEqual(Array.from(o.attention!.data));
    expect(Array.from(a.outputs.data)).toEqual(Array.from(o.outputs.data));
  });
});
