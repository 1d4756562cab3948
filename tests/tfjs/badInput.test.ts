/**
 * Bad input for the tfjs entry point (issue 8): values outside the float32 range, absurd sizes, and a
 * generated sweep of every public function of `faithcheck/tfjs` — every outcome is a documented
 * typed error or a correct result, never a native TypeError/RangeError/SyntaxError, never a hang.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tfjs from '../../src/backends/tfjs/index.js';
import { AttentionRnnClassifier, tfjsAdapter, TransformerClassifier, type TfjsClassifier } from '../../src/backends/tfjs/index.js';
import { isClass, type SweepTarget, sweepCatalog, sweepOptions, sweepRandom } from '../reliability/sweep.js';
import { InputRangeError } from '../../src/errors/index.js';
import type { ForwardResult } from '../../src/types/adapter.js';
import { randomAttention, randomEmbeddings, SMALL_BILSTM, SMALL_MODELS, SMALL_TRANSFORMER, tinyDataset, useWasmBackend } from './helpers/setup.js';

useWasmBackend();

const models: TfjsClassifier[] = [];
afterAll(() => {
  for (const model of models) model.dispose();
});
function track<T extends TfjsClassifier>(model: T): T {
  models.push(model);
  return model;
}

describe('tfjsAdapter rejects values that are finite in float64 but overflow float32', () => {
  for (const { name, make } of SMALL_MODELS) {
    it(`${name}: embeddings, override weights beyond ±3.4028234663852886e38 are InputRangeError; no tensor leaks`, async () => {
      const model = track(make());
      const adapter = tfjsAdapter(model);
      const d = model.info.embeddingDim;
      const att = model.info.attention!;
      const Q = att.queries === 'tokens' ? 3 : 1;
      const before = tf.memory().numTensors;
      for (const big of [1e39, -1e39, 3.4028235677973366e38]) {
        const x = randomEmbeddings(1, 3, d, 1);
        x.data[4] = big;
        await expect(adapter.forward(x)).rejects.toThrow(InputRangeError);
        await expect(adapter.gradient!(x, 0)).rejects.toThrow(InputRangeError);
        const w = randomAttention([1, att.heads, Q, 3], 2);
        w.data[1] = big;
        const ok = randomEmbeddings(1, 3, d, 1);
        await expect(adapter.forward(ok, { attention: [{ layer: 0, weights: w }] })).rejects.toThrow(InputRangeError);
        await expect(adapter.attentionGradient!(ok, 0, { attention: [{ layer: 0, weights: w }] })).rejects.toThrow(InputRangeError);
        await expect(adapter.forward(ok, { inputMask: { data: Float64Array.of(1, big, 1), shape: [1, 3] } })).rejects.toThrow(InputRangeError);
      }
      const edge = randomEmbeddings(1, 3, d, 1);
      edge.data[0] = 3.4028234663852886e38;
      // the largest float32 itself is accepted; if it overflows inside the model, the result is a typed error, not NaN
      const r = await adapter.forward(edge).catch((e: unknown) => e);
      if (r instanceof Error) expect(r).toBeInstanceOf(InputRangeError);
      else expect(Array.from((r as ForwardResult).outputs.data).every(Number.isFinite)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The generated sweep over faithcheck/tfjs (the core entry points: tests/reliability/badInput.test.ts)
// ---------------------------------------------------------------------------------------------

/** Options that select the default (expensive or global) behaviour: `undefined` or an object with no own keys. */
function defaultOptions(value: unknown): boolean {
  if (value === undefined) return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  try {
    return Object.keys(value).length === 0;
  } catch {
    return false;
  }
}

describe('bad-input sweep of faithcheck/tfjs: a result or a typed error, in bounded time', () => {
  let dir = '';
  let saved = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faithcheck-sweep-'));
    const model = track(new TransformerClassifier(SMALL_TRANSFORMER));
    saved = (await tfjs.saveModel(model, join(dir, 'saved'))).json;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const transformer = () => track(new TransformerClassifier(SMALL_TRANSFORMER));
  const rnn = () => track(new AttentionRnnClassifier(SMALL_BILSTM));
  const dataset = () => tinyDataset(8, 6, 24, 3, 1);
  const sharedModel: { t?: TfjsClassifier; r?: TfjsClassifier } = {};
  const t = (): TfjsClassifier => (sharedModel.t ??= transformer());
  const r = (): TfjsClassifier => (sharedModel.r ??= rnn());

  /** Valid base arguments by export name; unknown exports get every slot of their arity. */
  const BASES: Record<string, () => unknown[]> = {
    initBackend: () => [{ backend: 'wasm' }],
    'new TransformerClassifier': () => [{ ...SMALL_TRANSFORMER }],
    'new AttentionRnnClassifier': () => [{ ...SMALL_BILSTM }],
    tfjsAdapter: () => [t()],
    train: () => [t(), dataset(), { epochs: 1, batchSize: 8 }],
    evaluate: () => [t(), dataset(), {}],
    serializeModel: () => [t(), {}, 'w.bin'],
    deserializeModel: () => {
      const { json, weights } = tfjs.serializeModel(t());
      return [json, weights];
    },
    saveModel: () => [t(), join(dir, 'model'), {}],
    loadModel: () => [saved],
  };
  /** Valid values that would write outside the temporary directory, switch the global backend, or train for long. */
  const SKIPS: Record<string, (position: number, value: unknown) => boolean> = {
    initBackend: (position, value) => position === 0 && defaultOptions(value),
    saveModel: (position, value) => position === 1 && typeof value === 'string',
    loadModel: (position, value) => position === 0 && typeof value === 'string' && value.length > 0 && !value.includes('\0') && !value.startsWith('/'),
    train: (position, value) => position === 2 && defaultOptions(value),
  };
  const FILE_FUNCTIONS = new Set(['saveModel', 'loadModel']);

  const adapterBase = (method: string, model: () => TfjsClassifier): (() => unknown[]) => {
    const d = model().info.embeddingDim;
    const att = model().info.attention!;
    const Q = att.queries === 'tokens' ? 2 : 1;
    const x = () => randomEmbeddings(1, 2, d, 1);
    const w = () => randomAttention([1, att.heads, Q, 2], 2);
    switch (method) {
      case 'embed':
        return () => [[2, 5]];
      case 'forward':
        return () => [x(), { inputMask: { data: Float64Array.of(1, 1), shape: [1, 2] }, returnAttention: true }];
      case 'gradient':
        return () => [x(), 0, {}];
      default:
        return () => [x(), 0, { attention: [{ layer: 0, weights: w() }] }];
    }
  };

  const targets = (): SweepTarget[] => {
    const list: SweepTarget[] = [];
    for (const [name, value] of Object.entries(tfjs)) {
      if (typeof value !== 'function') continue;
      if (isClass(value)) {
        const cls = value as unknown as new (...args: unknown[]) => TfjsClassifier;
        list.push({ name: `new ${name}`, call: (args) => track(new cls(...args)), base: BASES[`new ${name}`] ?? (() => new Array(cls.length).fill(undefined)) });
        continue;
      }
      const f = value as (...a: unknown[]) => unknown;
      list.push({
        name,
        call: (args) => f(...args),
        base: BASES[name] ?? (() => new Array(Math.max(1, f.length)).fill(undefined)),
        ...(SKIPS[name] === undefined ? {} : { skip: SKIPS[name] }),
        ...(FILE_FUNCTIONS.has(name) ? { fileErrorsOf: name } : {}),
      });
    }
    for (const [label, model] of [
      ['tfjsAdapter(transformer)', t],
      ['tfjsAdapter(bilstm)', r],
    ] as const) {
      for (const method of ['embed', 'forward', 'gradient', 'attentionGradient']) {
        list.push({
          name: `${label}.${method}`,
          call: (args) => (tfjs.tfjsAdapter(model()) as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!(...args),
          base: adapterBase(method, model),
        });
      }
    }
    return list;
  };

  it('sweeps every function export of faithcheck/tfjs and the adapter methods', async () => {
    const all = targets();
    expect(all.map((x) => x.name)).toEqual(expect.arrayContaining(['tfjsAdapter', 'loadModel', 'saveModel', 'deserializeModel', 'train', 'tfjsAdapter(bilstm).forward']));
    const before = tf.memory().numTensors;
    const failures = [];
    for (const target of all) {
      if (process.env['SWEEP_DEBUG'] !== undefined) console.log(`target ${target.name}`);
      failures.push(...(await sweepCatalog(target)), ...(await sweepOptions(target)), ...(await sweepRandom(target, 10, 8)));
    }
    await tfjs.initBackend({ backend: 'wasm' });
    expect(failures).toEqual([]);
    // no leak from rejected calls: tensors held only by the models the sweep built
    const models = tf.memory().numTensors - before;
    expect(models).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
