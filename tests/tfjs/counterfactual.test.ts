/**
 * Counterfactual attention tests on the TensorFlow.js backend: no tensor leaks on the small models,
 * and the acceptance check on the committed attention-RNN `spam-bilstm` with SpamAssassin test
 * e-mails (kept small here: 2 e-mails, few steps; bench/counterfactual/adversarial-spam.ts measures
 * the share on more e-mails with the default settings).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModel, tfjsAdapter } from '../../src/backends/tfjs/index.js';
import {
  adversarialAttention,
  permutationTest,
  randomAttention,
  seedVariance,
  uniformAttention,
  zeroTopAttention,
} from '../../src/counterfactual/index.js';
import { loadSpamAssassin, Tokenizer } from '../../src/data/index.js';
import { liveTensors, SMALL_MODELS, useWasmBackend } from './helpers/setup.js';

useWasmBackend();
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe.each(SMALL_MODELS)('$name', ({ make }) => {
  it('every counterfactual test leaves no tensor behind (also when aborted)', async () => {
    const model = make();
    const other = make();
    try {
      const adapter = tfjsAdapter(model);
      const tokens = [2, 5, 6, 7, 9];
      const before = liveTensors();
      await permutationTest(adapter, tokens, { nPermutations: 7, batchSize: 3 });
      await uniformAttention(adapter, tokens);
      await randomAttention(adapter, tokens, { samples: 4 });
      await zeroTopAttention(adapter, tokens);
      const g = await adversarialAttention(adapter, tokens, { steps: 4, seed: 1 });
      expect(g.method).toBe('gradient');
      await adversarialAttention(adapter, tokens, { steps: 3, seed: 1, method: 'gradient-free' });
      await seedVariance([adapter, tfjsAdapter(other)], [tokens, [2, 4, 5]]);
      const controller = new AbortController();
      await expect(
        adversarialAttention(adapter, tokens, { steps: 20, signal: controller.signal, onProgress: (p) => p.done === 2 && controller.abort() }),
      ).rejects.toMatchObject({ name: 'AbortError' });
      expect(liveTensors()).toBe(before);
    } finally {
      model.dispose();
      other.dispose();
    }
  });
});

describe('spam-bilstm on SpamAssassin test e-mails (acceptance, small)', () => {
  it('the adversarial search finds JSD ≥ 0.5 within ε, re-checked, and repeats with the same seed', async () => {
    const { model, tokenizer, metadata } = await loadModel(join(root, 'examples', 'models', 'spam-bilstm'));
    try {
      const tok = Tokenizer.fromJSON(tokenizer!);
      const meta = metadata as { data: { seed: number; maxChars: number; maxLength: number } };
      const adapter = tfjsAdapter(model);
      const splits = await loadSpamAssassin({ seed: meta.data.seed, maxChars: meta.data.maxChars });
      const emails = splits.test
        .map((e) => tok.encode(e.text, { maxLength: 48 }))
        .filter((ids) => ids.length >= 8)
        .slice(0, 2);
      const before = liveTensors();
      for (const [i, ids] of emails.entries()) {
        const r = await adversarialAttention(adapter, ids, { steps: 80, seed: i });
        // the [CLS] position is masked by the model (maskFirstPosition), so it is not a free key
        expect(r.keys[0]).toBe(1);
        expect(r.maxJsd).toBeGreaterThanOrEqual(0.5);
        expect(r.candidates.accepted[r.best]).toBe(1);
        expect(r.candidates.tvd[r.best]).toBeLessThanOrEqual(0.01);
        if (i === 0) {
          const again = await adversarialAttention(adapter, ids, { steps: 80, seed: i });
          expect(again.maxJsd).toBe(r.maxJsd);
          expect(Array.from(again.candidates.attention.data)).toEqual(Array.from(r.candidates.attention.data));
        }
      }
      expect(liveTensors()).toBe(before);
    } finally {
      model.dispose();
    }
  }, 400_000);
});
