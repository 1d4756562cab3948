/** The `faithcheck/testing` adapter conformance suite, run on the tfjs adapter. */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tfjsAdapter, type TfjsClassifier } from '../../src/backends/tfjs/index.js';
import { checkAdapterConformance, describeAdapterConformance } from '../../src/testing/index.js';
import { SMALL_MODELS, useWasmBackend } from './helpers/setup.js';

useWasmBackend();

const models: TfjsClassifier[] = [];
afterAll(() => {
  for (const m of models) m.dispose();
});

for (const { name, make } of SMALL_MODELS) {
  describeAdapterConformance(
    `tfjsAdapter(${name}) conformance`,
    () => {
      const model = make();
      models.push(model);
      return tfjsAdapter(model);
    },
    { describe, it, expect, numSamples: 3, seed: 1 },
  );
}

describe('checkAdapterConformance(tfjsAdapter(…))', () => {
  it('passes every check, none skipped, for a larger transformer (several heads, longer samples)', async () => {
    const { TransformerClassifier } = await import('../../src/backends/tfjs/index.js');
    const model = new TransformerClassifier({ vocabSize: 50, maxLength: 16, embeddingDim: 16, layers: 3, heads: 4, ffDim: 24, numClasses: 2, seed: 3 });
    try {
      const report = await checkAdapterConformance(tfjsAdapter(model), { samples: [[2, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], [2, 30, 31]], seed: 2 });
      const failed = report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.message}`);
      expect(failed).toEqual([]);
      expect(report.passed).toBe(true);
    } finally {
      model.dispose();
    }
  });
});

for (const name of ['spam-transformer', 'spam-bilstm']) {
  describeAdapterConformance(
    `tfjsAdapter(loadModel('examples/models/${name}')) conformance`,
    async () => {
      const { loadModel } = await import('../../src/backends/tfjs/index.js');
      const { model } = await loadModel(fileURLToPath(new URL(`../../examples/models/${name}`, import.meta.url)));
      models.push(model);
      return tfjsAdapter(model);
    },
    { describe, it, expect, numSamples: 2, seed: 3 },
  );
}
