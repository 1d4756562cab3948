/**
 * The verdict on the planted-token task (ground truth known), committed `planted-transformer`:
 * how often leave-one-out, Integrated Gradients, raw attention and a seeded random score vector are
 * `supported` at the consistency and causal levels.
 *
 *   npx tsx bench/verify/planted.ts --examples 50
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integratedGradients } from '../../src/attribution/integratedGradients.js';
import { leaveOneOut } from '../../src/attribution/leaveOneOut.js';
import { initBackend, loadModel, tfjsAdapter } from '../../src/backends/tfjs/index.js';
import { datasetRow, plantedTokenTask } from '../../src/data/index.js';
import { createRng } from '../../src/random/index.js';
import { verifyExplanation } from '../../src/verify/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const i = process.argv.indexOf('--examples');
const COUNT = i > 0 ? Number(process.argv[i + 1]) : 30;

async function main(): Promise<void> {
  await initBackend({ backend: 'wasm' });
  const { model, metadata } = await loadModel(join(here, '..', '..', 'examples', 'models', 'planted-transformer'));
  try {
    const { source: _s, ...opts } = (metadata as { data: Record<string, unknown> }).data;
    const task = plantedTokenTask(opts as Parameters<typeof plantedTokenTask>[0]);
    const adapter = tfjsAdapter(model);
    const tally: Record<string, Record<string, number>> = {};
    const add = (name: string, level: string, verdict: string) => {
      const key = `${name} ${level}`;
      tally[key] ??= {};
      tally[key]![verdict] = (tally[key]![verdict] ?? 0) + 1;
    };
    const t0 = performance.now();
    for (let e = 0; e < COUNT; e++) {
      const row = datasetRow(task.test, e);
      const ids = Array.from(row.ids);
      const exclude = [0];
      const loo = (await leaveOneOut(adapter, ids, { exclude })).scores;
      const ig = (await integratedGradients(adapter, ids, { exclude, nSteps: 20, baseline: 'mask' })).scores;
      const rng = createRng(1000 + e);
      const random = ids.map(() => rng.next());
      if (random.indexOf(Math.max(...random.slice(1))) === task.test.decisive[e]![0]) add('random', 'top1=decisive', 'yes');
      for (const [name, explanation] of [
        ['loo', loo],
        ['ig', ig],
        ['random', random],
        ['raw', 'raw'],
      ] as const) {
        const r = await verifyExplanation(adapter, ids, { explanation, exclude, levels: ['consistency', 'causal'], seed: e });
        add(name, 'consistency', r.levels.consistency.verdict);
        add(name, 'causal', r.levels.causal.verdict);
        add(name, 'overall', r.overall);
        if (e < 2) console.log(name, r.levels.consistency.reasons.join(' | '), '||', r.levels.causal.reasons.join(' | '));
      }
    }
    for (const [k, v] of Object.entries(tally)) console.log(k.padEnd(20), JSON.stringify(v));
    console.log(`${COUNT} examples, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    model.dispose();
  }
}
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
