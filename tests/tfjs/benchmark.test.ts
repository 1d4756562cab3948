/**
 * Issue 11 acceptance: on the planted-token task (ground truth known) the benchmark ranks leave-one-out
 * and Integrated Gradients above seeded random scores on every faithfulness metric with non-overlapping
 * confidence intervals, and reports which attention variants recover the planted token.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModel, tfjsAdapter } from '../../src/backends/tfjs/index.js';
import { benchmarkExplanations, type BenchmarkMetric, type BenchmarkResult } from '../../src/benchmark/index.js';
import { plantedTokenTask } from '../../src/data/index.js';
import { useWasmBackend } from './helpers/setup.js';

useWasmBackend();

const MODEL = fileURLToPath(new URL('../../examples/models/planted-transformer', import.meta.url));
const SIZE = 30;

async function plantedBenchmark(): Promise<{ result: BenchmarkResult; leaked: number }> {
  const { model, metadata } = await loadModel(MODEL);
  const { source: _source, ...options } = (metadata as { data: Record<string, unknown> }).data;
  const task = plantedTokenTask(options as Parameters<typeof plantedTokenTask>[0]);
  const t = task.test;
  const dataset = {
    ids: t.ids.slice(0, SIZE * t.maxLength),
    lengths: t.lengths.slice(0, SIZE),
    size: SIZE,
    maxLength: t.maxLength,
    decisive: t.decisive.slice(0, SIZE),
  };
  const before = tf.memory().numTensors;
  const result = await benchmarkExplanations(tfjsAdapter(model), dataset, {
    methods: ['leaveOneOut', 'integratedGradients', 'attention', 'rollout', 'flow', 'random'],
    exclude: [0],
    seed: 3,
    nResamples: 1000,
  });
  const leaked = tf.memory().numTensors - before;
  model.dispose();
  return { result, leaked };
}

describe('benchmarkExplanations on the planted-token task (planted-transformer)', () => {
  let cached: Promise<{ result: BenchmarkResult; leaked: number }> | undefined;
  const run = (): Promise<{ result: BenchmarkResult; leaked: number }> => (cached ??= plantedBenchmark());

  it('ranks leave-one-out and IG above random on every metric with non-overlapping intervals', async () => {
    const { result } = await run();
    const quality = result.metrics.filter((m): m is Exclude<BenchmarkMetric, 'runtime'> => m !== 'runtime');
    expect(quality).toEqual(['comprehensiveness', 'sufficiency', 'aopc', 'deletionAuc', 'insertionAuc', 'tauLoo', 'recallAtK', 'decisionFlip']);
    const row = (name: string) => result.rows.find((r) => r.method === name)!.metrics;
    for (const good of ['leaveOneOut', 'integratedGradients']) {
      for (const metric of quality) {
        const g = row(good)[metric]!;
        const r = row('random')[metric]!;
        if (g.direction === 'higher') expect(g.lower, `${good} ${metric}`).toBeGreaterThan(r.upper);
        else expect(g.upper, `${good} ${metric}`).toBeLessThan(r.lower);
        const c = result.comparisons.find((x) => x.metric === metric && x.a === good && x.b === 'random')!;
        expect(c.better, `${good} vs random on ${metric}`).toBe(good);
      }
    }
  });

  it('reports how often each attention variant puts the planted token first', async () => {
    const { result } = await run();
    const recall = (name: string) => result.rows.find((r) => r.method === name)!.metrics.recallAtK!;
    expect(recall('leaveOneOut').mean).toBe(1);
    // rollout and flow recover the planted token far more often than raw last-layer attention
    expect(recall('rollout').mean).toBeGreaterThan(0.85);
    expect(recall('flow').mean).toBeGreaterThan(0.85);
    expect(recall('rollout').mean).toBeGreaterThan(recall('attention').mean);
    expect(result.examples).toHaveLength(SIZE);
    expect(JSON.parse(JSON.stringify(result.config))).toEqual(result.config);
  });

  it('leaks no tensors', async () => {
    const { leaked } = await run();
    expect(leaked).toBe(0);
  });
});
