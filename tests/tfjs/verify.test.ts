/**
 * Acceptance of the verdict on the planted-token task (ground truth known) with the committed
 * `planted-transformer`: leave-one-out and Integrated Gradients are `supported` at consistency and
 * causal relevance for ≥ 90 % of the examples, a seeded random score vector is not `supported`
 * overall for ≥ 90 %; no tensor leaks. (bench/verify/planted.ts runs the same on more examples.)
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { integratedGradients } from '../../src/attribution/integratedGradients.js';
import { leaveOneOut } from '../../src/attribution/leaveOneOut.js';
import { loadModel, tfjsAdapter } from '../../src/backends/tfjs/index.js';
import { datasetRow, plantedTokenTask } from '../../src/data/index.js';
import { createRng } from '../../src/random/index.js';
import { verifyExplanation } from '../../src/verify/index.js';
import { liveTensors, useWasmBackend } from './helpers/setup.js';

useWasmBackend();
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLES = 50;

describe('verifyExplanation on the planted-token task (planted-transformer)', () => {
  it('LOO and IG supported at consistency and causal relevance; a random score vector is not', async () => {
    const { model, metadata } = await loadModel(join(root, 'examples', 'models', 'planted-transformer'));
    try {
      const { source: _source, ...data } = (metadata as { data: Record<string, unknown> }).data;
      const task = plantedTokenTask(data as Parameters<typeof plantedTokenTask>[0]);
      const adapter = tfjsAdapter(model);
      const before = liveTensors();
      const supported = { loo: { consistency: 0, causal: 0 }, ig: { consistency: 0, causal: 0 } };
      let randomNotSupported = 0;
      const exclude = [0]; // [CLS]
      for (let e = 0; e < EXAMPLES; e++) {
        const ids = Array.from(datasetRow(task.test, e).ids);
        const loo = (await leaveOneOut(adapter, ids, { exclude })).scores;
        const ig = (await integratedGradients(adapter, ids, { exclude, nSteps: 20, baseline: 'mask' })).scores;
        for (const [name, explanation] of [
          ['loo', loo],
          ['ig', ig],
        ] as const) {
          const r = await verifyExplanation(adapter, ids, { explanation, exclude, levels: ['consistency', 'causal'], seed: e });
          if (r.levels.consistency.verdict === 'supported') supported[name].consistency++;
          if (r.levels.causal.verdict === 'supported') supported[name].causal++;
        }
        const rng = createRng(1000 + e);
        const random = ids.map(() => rng.next());
        const r = await verifyExplanation(adapter, ids, { explanation: random, exclude, levels: ['consistency', 'causal'], seed: e });
        if (r.overall === 'contradicted' || r.overall === 'inconclusive') randomNotSupported++;
        // a random vector is supported only by chance: when its top token is the decisive one
        else expect(random.indexOf(Math.max(...random.slice(1)))).toBe(task.test.decisive[e]![0]);
      }
      const need = Math.ceil(0.9 * EXAMPLES);
      expect(supported.loo.consistency).toBeGreaterThanOrEqual(need);
      expect(supported.loo.causal).toBeGreaterThanOrEqual(need);
      expect(supported.ig.consistency).toBeGreaterThanOrEqual(need);
      expect(supported.ig.causal).toBeGreaterThanOrEqual(need);
      expect(randomNotSupported).toBeGreaterThanOrEqual(need);
      expect(liveTensors()).toBe(before);
    } finally {
      model.dispose();
    }
  }, 600_000);

  it('the counterfactual level runs on the transformer (all heads of the last layer) without leaks', async () => {
    const { model } = await loadModel(join(root, 'examples', 'models', 'planted-transformer'));
    try {
      const adapter = tfjsAdapter(model);
      const before = liveTensors();
      const r = await verifyExplanation(adapter, [2, 10, 4, 20, 30, 11, 12, 13], { exclude: [0], levels: ['counterfactual'], nPermutations: 10, adversarialSteps: 10 });
      expect(['supported', 'inconclusive', 'contradicted']).toContain(r.levels.counterfactual.verdict);
      expect(r.levels.counterfactual.details!.adversarialAccepted).toBeGreaterThanOrEqual(0);
      expect(liveTensors()).toBe(before);
    } finally {
      model.dispose();
    }
  }, 120_000);
});
