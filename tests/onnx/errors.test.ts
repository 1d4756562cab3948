/** onnxAdapter / loadOnnxModel: option validation, typed errors, disposal, feeds. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnxModel, onnxAdapter, type OnnxAdapterOptions, type OnnxSessionLike } from '../../src/backends/onnx/index.js';
import { AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { Tokenizer } from '../../src/data/index.js';
import { MODELS, ort, session } from './helpers.js';

let main: OnnxSessionLike;
let embedder: OnnxSessionLike;
const table = { data: new Float32Array(10 * 64).map((_, i) => Math.sin(i)), shape: [10, 64] };

beforeAll(async () => {
  main = await session(`${MODELS}spam-transformer.onnx`);
  embedder = await session(`${MODELS}spam-transformer.embed.onnx`);
});
afterAll(async () => {
  await main.release?.();
  await embedder.release?.();
});

describe('onnxAdapter(session, options): validation', () => {
  const base = (): OnnxAdapterOptions => ({ embeddings: { table } });

  it('rejects a non-session and missing or unknown options (InputTypeError)', () => {
    expect(() => onnxAdapter({} as unknown as OnnxSessionLike, base())).toThrow(InputTypeError);
    expect(() => onnxAdapter(main, undefined as unknown as OnnxAdapterOptions)).toThrow(InputTypeError);
    expect(() => onnxAdapter(main, { ...base(), colour: 'red' } as unknown as OnnxAdapterOptions)).toThrow(/unknown option 'colour'/);
    expect(() => onnxAdapter(main, { embeddings: {} } as unknown as OnnxAdapterOptions)).toThrow(InputTypeError);
    expect(() => onnxAdapter(main, { ...base(), ort: {} as never })).toThrow(InputTypeError);
    expect(() => onnxAdapter(main, { ...base(), attention: { layout: 'rows' as never } })).toThrow(InputTypeError);
  });

  it('names that are not in the session are InputRangeErrors listing the real ones', () => {
    expect(() => onnxAdapter(main, { ...base(), inputs: { embeddings: 'embeds' } })).toThrow(/no input 'embeds' \(inputs: inputs_embeds, attention_mask/);
    expect(() => onnxAdapter(main, { ...base(), outputs: { logits: 'scores' } })).toThrow(InputRangeError);
    expect(() => onnxAdapter(main, { ...base(), outputs: { attentions: 'att' }, attention: {} })).toThrow(InputRangeError);
    expect(() => onnxAdapter(main, { ...base(), attention: { layout: 'perLayer' } })).toThrow(/one output name per layer/);
    expect(() => onnxAdapter(main, { embeddings: { session: embedder, input: 'ids' } })).toThrow(InputRangeError);
    // an input the adapter would not feed
    expect(() => onnxAdapter(main, { ...base(), inputs: { override: 'inputs_embeds' } })).toThrow(/needs the input 'attention_override'/);
  });

  it('sizes that contradict the session metadata or the table are ShapeMismatchErrors', () => {
    expect(() => onnxAdapter(main, { ...base(), embeddingDim: 32 })).toThrow(ShapeMismatchError);
    expect(() => onnxAdapter(main, { ...base(), numClasses: 3 })).toThrow(ShapeMismatchError);
    expect(() => onnxAdapter(main, { ...base(), vocabSize: 11 })).toThrow(ShapeMismatchError);
    expect(() => onnxAdapter(main, { ...base(), attention: { heads: 8 } })).toThrow(ShapeMismatchError);
    expect(() => onnxAdapter(main, { ...base(), specialTokens: { cls: 10 } })).toThrow(InputRangeError);
  });

  it('overridable: true without the override inputs is an InputRangeError', () => {
    const noHook: OnnxSessionLike = { inputNames: ['inputs_embeds', 'attention_mask'], outputNames: main.outputNames, run: (f, o) => main.run(f, o) };
    expect(() => onnxAdapter(noHook, { ...base(), numClasses: 2, embeddingDim: 64, attention: { layers: 2, heads: 4, overridable: true } })).toThrow(/overridable is true/);
    const adapter = onnxAdapter(noHook, { ...base(), numClasses: 2, embeddingDim: 64, attention: { layers: 2, heads: 4 } });
    expect(adapter.info.attention!.overridable).toBe(false);
  });
});

describe('onnxAdapter: calls', () => {
  it('embed validates token ids; forward validates embeddings, masks and overrides with typed errors', async () => {
    const adapter = onnxAdapter(main, { embeddings: { table }, attention: {}, maxLength: 128 });
    await expect(adapter.embed([1, 10])).rejects.toThrow(InputRangeError);
    await expect(adapter.embed([1.5])).rejects.toThrow(InputTypeError);
    await expect(adapter.embed([])).rejects.toThrow(ShapeMismatchError);
    const e = await adapter.embed([2, 3, 4]);
    const x = { data: e.data, shape: [1, 3, 64] };
    await expect(adapter.forward({ data: e.data, shape: [3, 64] })).rejects.toThrow(ShapeMismatchError);
    await expect(adapter.forward({ data: new Float64Array(3 * 32), shape: [1, 3, 32] })).rejects.toThrow(ShapeMismatchError);
    await expect(adapter.forward({ data: new Float64Array(129 * 64), shape: [1, 129, 64] })).rejects.toThrow(/maxLength 128/);
    await expect(adapter.forward(x, { inputMask: { data: Float64Array.from([1, 2, 1]), shape: [1, 3] } })).rejects.toThrow(InputRangeError);
    await expect(adapter.forward(x, { attention: [{ layer: 2, weights: { data: new Float64Array(36), shape: [1, 4, 3, 3] } }] })).rejects.toThrow(InputRangeError);
    await expect(adapter.forward(x, { attention: [{ layer: 0, weights: { data: new Float64Array(9), shape: [1, 1, 3, 3] } }] })).rejects.toThrow(ShapeMismatchError);
    await expect(adapter.forward(x, { returnAttention: 1 as never })).rejects.toThrow(InputTypeError);
    await expect(adapter.forward(x, { attention: {} as never })).rejects.toThrow(InputTypeError);
    await expect(adapter.forward(x, { colour: 1 } as never)).rejects.toThrow(/unknown option/);
  });

  it("an adapter without attention throws AdapterCapabilityError('attention') for returnAttention and ('attentionOverride') for overrides", async () => {
    const adapter = onnxAdapter(main, { embeddings: { table } });
    const e = await adapter.embed([2, 3]);
    const x = { data: e.data, shape: [1, 2, 64] };
    await expect(adapter.forward(x, { returnAttention: true })).rejects.toMatchObject({ name: 'AdapterCapabilityError', capability: 'attention' });
    const weights = { data: new Float64Array(16).fill(0.5), shape: [1, 4, 2, 2] };
    await expect(adapter.forward(x, { attention: [{ layer: 0, weights }] })).rejects.toMatchObject({ capability: 'attentionOverride' });
    expect((await adapter.forward(x)).outputs.shape).toEqual([1, 2]);
  });

  it('does not mutate inputs and returns fresh float64 buffers; ort.Tensor feeds and plain feeds give identical results', async () => {
    const plain = onnxAdapter(main, { embeddings: { table }, attention: {} });
    const viaOrt = onnxAdapter(main, { embeddings: { table }, attention: {}, ort });
    const e = await plain.embed([2, 3, 4, 5]);
    const x = { data: Float64Array.from(e.data), shape: [1, 4, 64] };
    const before = Array.from(x.data);
    const a = await plain.forward(x, { returnAttention: true });
    const b = await viaOrt.forward(x, { returnAttention: true });
    expect(Array.from(x.data)).toEqual(before);
    expect(a.outputs.data).toBeInstanceOf(Float64Array);
    expect(a.attention!.data).toBeInstanceOf(Float64Array);
    expect(Array.from(a.outputs.data)).toEqual(Array.from(b.outputs.data));
    expect(Array.from(a.attention!.data)).toEqual(Array.from(b.attention!.data));
  });

  it('concurrent calls on one session are serialised and all succeed', async () => {
    const adapter = onnxAdapter(main, { embeddings: { session: embedder }, attention: {} });
    const ids = [[2, 10, 20], [2, 30], [2, 40, 50, 60], [2, 7]];
    const results = await Promise.all(ids.map(async (t) => adapter.forward({ data: (await adapter.embed(t)).data, shape: [1, t.length, 64] }, { returnAttention: true })));
    expect(results.map((r) => r.attention!.shape[4])).toEqual([3, 2, 4, 2]);
  });

  it('with inputs.broadcastOverride false the full zero override is fed, with the same results', async () => {
    const a = onnxAdapter(main, { embeddings: { table } });
    const b = onnxAdapter(main, { embeddings: { table }, inputs: { broadcastOverride: false } });
    const e = await a.embed([2, 3, 4, 5, 6]);
    const x = { data: e.data, shape: [1, 5, 64] };
    expect(Array.from((await b.forward(x)).outputs.data)).toEqual(Array.from((await a.forward(x)).outputs.data));
  });
});

describe('loadOnnxModel(path, options)', () => {
  it('loads the committed export with its sidecar: tokenizer, metadata, adapter that classifies spam', async () => {
    const { adapter, tokenizer, metadata, embeddingSession } = await loadOnnxModel(`${MODELS}spam-transformer.onnx`, { ort });
    try {
      expect(embeddingSession).toBeDefined();
      expect((metadata as { exporter: string }).exporter).toBe('tests/fixtures/python/onnx/export.py');
      expect(adapter.info.name).toBe('spam-transformer (onnx)');
      const tok = Tokenizer.fromJSON(tokenizer!);
      const ids = tok.encode('Subject: WIN a FREE cruise now!!! click here to claim your cash prize, limited offer, order now', { maxLength: 128 });
      const e = await adapter.embed(ids);
      const { outputs } = await adapter.forward({ data: e.data, shape: [1, ...e.shape] });
      expect(outputs.data[1]).toBeGreaterThan(0.5);
    } finally {
      adapter.dispose!();
    }
    await expect(adapter.forward({ data: new Float64Array(64), shape: [1, 1, 64] })).rejects.toThrow(/disposed/);
    await expect(adapter.embed([2])).rejects.toThrow(/disposed/);
  });

  it('accepts <name>, <name>.onnx and <name>.onnx.json; uses onnxruntime-web when no module is given', async () => {
    for (const p of [`${MODELS}spam-transformer`, `${MODELS}spam-transformer.onnx.json`]) {
      const { adapter } = await loadOnnxModel(p);
      expect(adapter.info.attention).toEqual({ layers: 2, heads: 4, queries: 'tokens', overridable: true });
      adapter.dispose!();
    }
  });

  it("dispose() releases the sessions it created but not an embedding session passed in options.adapter", async () => {
    const own = await session(`${MODELS}spam-transformer.embed.onnx`);
    const { adapter } = await loadOnnxModel(`${MODELS}spam-transformer.onnx`, { ort, adapter: { embeddings: { session: own } } });
    adapter.dispose!();
    await new Promise((r) => setTimeout(r, 10));
    const r = await own.run({ input_ids: new ort.Tensor('int64', BigInt64Array.from([2n, 5n]), [1, 2]) });
    expect(r['inputs_embeds']!.dims).toEqual([1, 2, 64]);
    await own.release?.();
  });

  it('options.adapter overrides the sidecar; without a sidecar it must give the embeddings', async () => {
    const { adapter } = await loadOnnxModel(`${MODELS}spam-transformer.onnx`, { ort, adapter: { softmax: false, name: 'logits' } });
    expect(adapter.info).toMatchObject({ outputKind: 'logits', name: 'logits' });
    adapter.dispose!();
    const dir = mkdtempSync(join(tmpdir(), 'faithcheck-onnx-'));
    const { readFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'bare.onnx'), readFileSync(`${MODELS}spam-transformer.onnx`));
    await expect(loadOnnxModel(join(dir, 'bare.onnx'))).rejects.toThrow(InputTypeError);
    const bare = await loadOnnxModel(join(dir, 'bare.onnx'), { ort, adapter: { embeddings: { table }, attention: {} } });
    expect(bare.tokenizer).toBeUndefined();
    expect(bare.adapter.info).toMatchObject({ numClasses: 2, embeddingDim: 64, vocabSize: 10, attention: { layers: 2, heads: 4 } });
    bare.adapter.dispose!();
    writeFileSync(join(dir, 'bad.onnx.json'), '{"format":"other"}');
    await expect(loadOnnxModel(join(dir, 'bad.onnx'))).rejects.toThrow(/not a faithcheck ONNX model file/);
    await expect(loadOnnxModel('')).rejects.toThrow(InputTypeError);
    await expect(loadOnnxModel(join(dir, 'missing.onnx'), { adapter: { embeddings: { table } } })).rejects.toThrow(/ENOENT|no such file/);
  });
});

it('AdapterCapabilityError is a TypeError (capability errors are thrown before any model call)', () => {
  expect(new AdapterCapabilityError('f', 'attentionOverride')).toBeInstanceOf(TypeError);
});
