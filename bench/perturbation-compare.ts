/**
 * Cost of the batched perturbation attributions on the committed spam Transformer (L = 2, H = 4, d = 64,
 * ff = 128; examples/models/spam-transformer) at n = 128 on the TensorFlow.js WASM backend.
 * Run: npx tsx bench/perturbation-compare.ts [rounds]   (results: bench/results/perturbation.md)
 *
 * Every case runs once per round, cases interleaved, so drift on the shared machine hits them alike; the
 * table reports the median and min over the rounds. Input: [CLS] + 127 seeded random token ids; `exclude: [0]`,
 * so every method scores m = 127 tokens. Per-example cost = time / 127.
 *
 * Cases:
 * - `forward [B, 127, 64]`: one adapter.forward call on B examples (the unit every method is built from);
 * - `leaveOneOut` delete / baseline / mask at the default batchSize 32, and delete at batchSize 128;
 * - `occlusion` window 1 and window 4 stride 2 (baseline removal, the default);
 * - `sequential LOO (hand-written)`: 127 single-example forward calls, what examples/demo.ts did by hand;
 * - the two methods on an adapter whose `forward` returns at once: the library's own cost (validation,
 *   building the perturbed batches, reading outputs) without the model.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { leaveOneOut } from '../src/attribution/leaveOneOut.js';
import { occlusion } from '../src/attribution/occlusion.js';
import { initBackend, loadModel, tfjsAdapter } from '../src/backends/tfjs/index.js';
import { createRng } from '../src/random/createRng.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.argv[2] ?? 7);

async function main(): Promise<void> {
  await initBackend({ backend: 'wasm' });
  const { model } = await loadModel(join(here, '..', 'examples', 'models', 'spam-transformer'));
  const adapter = tfjsAdapter(model);
  const n = 128;
  const d = adapter.info.embeddingDim;
  const rng = createRng(2026);
  const tokens = [2, ...Array.from({ length: n - 1 }, () => 4 + rng.nextInt(7996))];
  const x = (await adapter.embed(tokens)).data;
  const batchOf = (B: number, len: number) => {
    const data = new Float64Array(B * len * d);
    for (let b = 0; b < B; b++) data.set(x.subarray(0, len * d), b * len * d);
    return { data, shape: [B, len, d] };
  };
  const b1 = batchOf(1, n - 1);
  const b32 = batchOf(32, n - 1);
  const b128 = batchOf(127, n - 1);
  // the library's own cost: the same calls on an adapter whose forward returns at once
  const noop = {
    info: adapter.info,
    embed: (t: ArrayLike<number>) => adapter.embed(t),
    forward: async (e: { shape: readonly number[] }) => ({ outputs: { data: new Float64Array(e.shape[0]! * 2).fill(0.5), shape: [e.shape[0]!, 2] } }),
  };
  const cases: [string, number, () => Promise<unknown>][] = [
    ["leaveOneOut 'delete' on a no-op forward (library overhead)", 127, () => leaveOneOut(noop, tokens, { exclude: [0] })],
    ['occlusion window 1 on a no-op forward (library overhead)', 127, () => occlusion(noop, tokens, { exclude: [0] })],
    ['forward [1, 127, 64]', 1, () => adapter.forward(b1)],
    ['forward [32, 127, 64]', 32, () => adapter.forward(b32)],
    ['forward [127, 127, 64]', 127, () => adapter.forward(b128)],
    ["leaveOneOut 'delete', batchSize 32", 127, () => leaveOneOut(adapter, tokens, { exclude: [0] })],
    ["leaveOneOut 'delete', batchSize 128", 127, () => leaveOneOut(adapter, tokens, { exclude: [0], batchSize: 128 })],
    ["leaveOneOut 'baseline', batchSize 32", 127, () => leaveOneOut(adapter, tokens, { exclude: [0], mode: 'baseline' })],
    ["leaveOneOut 'mask', batchSize 32", 127, () => leaveOneOut(adapter, tokens, { exclude: [0], mode: 'mask' })],
    ['occlusion window 1, batchSize 32', 127, () => occlusion(adapter, tokens, { exclude: [0] })],
    ['occlusion window 4 stride 2, batchSize 32', 63, () => occlusion(adapter, tokens, { exclude: [0], window: 4, stride: 2 })],
    [
      'sequential LOO (127 single forward calls)',
      127,
      async () => {
        for (let i = 1; i < n; i++) {
          const data = new Float64Array((n - 1) * d);
          data.set(x.subarray(0, i * d), 0);
          data.set(x.subarray((i + 1) * d), i * d);
          await adapter.forward({ data, shape: [1, n - 1, d] });
        }
      },
    ],
  ];
  const times = cases.map(() => [] as number[]);
  for (const [, , run] of cases) await run(); // warm-up: WASM kernels, JIT
  for (let r = 0; r < ROUNDS; r++) {
    for (let c = 0; c < cases.length; c++) {
      const t0 = performance.now();
      await cases[c]![2]();
      times[c]!.push(performance.now() - t0);
    }
  }
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  console.log(`Node ${process.version}, tfjs WASM backend, ${ROUNDS} rounds (median / min, ms)`);
  console.log('| case | examples | median ms | min ms | per example (median) ms |');
  console.log('|---|---|---|---|---|');
  cases.forEach(([name, examples], c) => {
    const med = median(times[c]!);
    console.log(`| ${name} | ${examples} | ${med.toFixed(1)} | ${Math.min(...times[c]!).toFixed(1)} | ${(med / examples).toFixed(2)} |`);
  });
  model.dispose();
}

await main();
