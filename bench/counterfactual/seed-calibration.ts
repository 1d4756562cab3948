/**
 * Wiegreffe & Pinter's calibration on the planted-token task: train the committed `planted-bilstm`
 * recipe again with other seeds, measure the seed-to-seed attention JSD (`seedVariance`), and read the
 * adversarial JSD of the committed model against it (`adversarialAttention`, `verifyExplanation`).
 *
 *   npx tsx bench/counterfactual/seed-calibration.ts --seeds 2,3 --examples 30 --adversarial 10
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AttentionRnnClassifier, evaluate, initBackend, loadModel, tfjsAdapter, train } from '../../src/backends/tfjs/index.js';
import { adversarialAttention, permutationTest, seedVariance } from '../../src/counterfactual/index.js';
import { datasetRow, plantedTokenTask } from '../../src/data/index.js';
import { verifyExplanation } from '../../src/verify/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const SEEDS = arg('seeds', '2,3').split(',').map(Number);
const EXAMPLES = Number(arg('examples', '30'));
const ADVERSARIAL = Number(arg('adversarial', '10'));
const STEPS = Number(arg('steps', '100'));

async function main(): Promise<void> {
  await initBackend({ backend: 'wasm' });
  const { model: base, metadata } = await loadModel(join(here, '..', '..', 'examples', 'models', 'planted-bilstm'));
  const { source: _s, ...opts } = (metadata as { data: Record<string, unknown> }).data;
  const task = plantedTokenTask(opts as Parameters<typeof plantedTokenTask>[0]);
  const others: AttentionRnnClassifier[] = [];
  try {
    for (const seed of SEEDS) {
      const t = performance.now();
      const m = new AttentionRnnClassifier({ vocabSize: 58, embeddingDim: 32, hiddenDim: 32, encoder: 'bilstm', numClasses: 2, seed, name: `planted-bilstm-seed${seed}` });
      await train(m, task.train, { epochs: 4, batchSize: 32, learningRate: 3e-3, seed, validation: task.validation, restoreBestWeights: true });
      const acc = await evaluate(m, task.test);
      console.log(`seed ${seed}: test accuracy ${acc.accuracy.toFixed(3)} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
      others.push(m);
    }
    const adapters = [tfjsAdapter(base), ...others.map((m) => tfjsAdapter(m))];
    const inputs = Array.from({ length: EXAMPLES }, (_, i) => Array.from(datasetRow(task.test, i).ids));
    const sv = await seedVariance(adapters, inputs, { exclude: [0] });
    console.log(`seed variance over ${EXAMPLES} test sequences: median JSD ${sv.medianJsd.toFixed(3)}, mean JSD ${sv.meanJsd.toFixed(3)}, mean output TVD ${sv.meanTvd.toFixed(4)}`);
    const base0 = adapters[0]!;
    const jsds: number[] = [];
    const tvds: number[] = [];
    const verdicts: Record<string, number> = {};
    for (let i = 0; i < ADVERSARIAL; i++) {
      const a = await adversarialAttention(base0, inputs[i]!, { seed: i, steps: STEPS });
      const p = await permutationTest(base0, inputs[i]!, { seed: i });
      jsds.push(a.maxJsd);
      tvds.push(p.medianTvd);
      const v = await verifyExplanation(base0, inputs[i]!, { exclude: [0], levels: ['counterfactual'], adversarialSteps: STEPS, calibration: { jsd: sv.medianJsd }, seed: i });
      verdicts[v.levels.counterfactual.verdict] = (verdicts[v.levels.counterfactual.verdict] ?? 0) + 1;
      console.log(`  ${i}: maxα ${a.maxAttention.toFixed(3)} adversarial max JSD ${a.maxJsd.toFixed(3)} (seed JSD here ${sv.jsd[i]!.toFixed(3)}), permutation median TVD ${p.medianTvd.toFixed(4)} → ${v.levels.counterfactual.verdict}`);
    }
    jsds.sort((x, y) => x - y);
    tvds.sort((x, y) => x - y);
    const threshold = Math.max(0.1, 2 * sv.medianJsd);
    console.log(
      `\nplanted-bilstm: adversarial max JSD median ${jsds[jsds.length >> 1]!.toFixed(3)}; ≥ 0.5 for ${jsds.filter((j) => j >= 0.5).length}/${jsds.length}; ` +
        `≥ calibrated threshold ${threshold.toFixed(3)} for ${jsds.filter((j) => j >= threshold).length}/${jsds.length}; permutation median TVD median ${tvds[tvds.length >> 1]!.toFixed(4)}; ` +
        `counterfactual verdicts (calibrated) ${JSON.stringify(verdicts)}`,
    );
  } finally {
    base.dispose();
    for (const m of others) m.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
