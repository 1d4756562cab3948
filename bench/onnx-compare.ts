/**
 * ONNX Runtime (WASM) vs TensorFlow.js (WASM): forward time per example of the spam transformer at
 * n = 128, both through their faithcheck adapters, side by side in one run:
 *
 *     npx tsx bench/onnx-compare.ts            # writes bench/results/onnx.md
 *     npx tsx bench/onnx-compare.ts --quick    # fewer repetitions (smoke run)
 *
 * The same weights in both runtimes: examples/models/spam-transformer.{json,bin} in tfjs and its
 * PyTorch export examples/models/spam-transformer.onnx (tests/fixtures/python/onnx/export.py) in
 * onnxruntime-web. Inputs: the six held-out 128-token e-mails of tests/fixtures/python/onnx/emails.json,
 * repeated to fill the batch. Both runtimes single-threaded (onnxruntime-web `numThreads = 1`; the
 * tfjs WASM backend is single-threaded in Node), SIMD on. Runs alternate between the runtimes
 * (tfjs, onnx, tfjs, onnx, …) so load on the shared machine hits both alike; times are medians.
 * Embedding lookups are done once, outside the timed region: only `forward` is timed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as ort from 'onnxruntime-web';
import { onnxAdapter } from '../src/backends/onnx/index.js';
import { initBackend, loadModel, tfjsAdapter } from '../src/backends/tfjs/index.js';
import type { ForwardOptions, ModelAdapter } from '../src/types/adapter.js';
import type { FloatTensor } from '../src/types/tensor.js';

const QUICK = process.argv.includes('--quick');
const OUT = new URL('./results/onnx.md', import.meta.url);
const MODELS = new URL('../examples/models/', import.meta.url);
const n = 128;
const d = 64;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  ort.env.wasm.numThreads = 1;
  const loadBefore = loadavg()[0]!;
  const backend = await initBackend({ backend: 'wasm' });
  const { model } = await loadModel(new URL('spam-transformer', MODELS).pathname);
  const tf = tfjsAdapter(model);
  const read = (f: string): Uint8Array => new Uint8Array(readFileSync(new URL(f, MODELS)));
  const session = await ort.InferenceSession.create(read('spam-transformer.onnx'));
  const embedder = await ort.InferenceSession.create(read('spam-transformer.embed.onnx'));
  const onnx = onnxAdapter(session, { embeddings: { session: embedder }, vocabSize: 8000, maxLength: 128, attention: {}, ort });

  const emails = (JSON.parse(readFileSync(new URL('../tests/fixtures/python/onnx/emails.json', import.meta.url), 'utf8')) as { cases: { ids: number[] }[] }).cases.filter(
    (c) => c.ids.length === n,
  );
  const rows = await Promise.all(emails.map((c) => tf.embed(c.ids)));
  const batchOf = (B: number): FloatTensor => {
    const data = new Float64Array(B * n * d);
    for (let b = 0; b < B; b++) data.set(rows[b % rows.length]!.data, b * n * d);
    return { data, shape: [B, n, d] };
  };

  const settings: { label: string; B: number; options: ForwardOptions; reps: number }[] = [
    { label: 'B = 1', B: 1, options: {}, reps: QUICK ? 10 : 60 },
    { label: 'B = 1, returnAttention', B: 1, options: { returnAttention: true }, reps: QUICK ? 10 : 60 },
    { label: 'B = 32', B: 32, options: {}, reps: QUICK ? 3 : 15 },
    { label: 'B = 32, returnAttention', B: 32, options: { returnAttention: true }, reps: QUICK ? 3 : 15 },
    { label: 'B = 32, override (uniform, last layer, all heads)', B: 32, options: {}, reps: QUICK ? 3 : 15 },
  ];
  const lines: string[] = [];
  const results: { label: string; tf: number; onnx: number; tfMin: number; onnxMin: number; diff: number }[] = [];
  for (const s of settings) {
    const x = batchOf(s.B);
    let options = s.options;
    if (s.label.includes('override')) {
      const weights = { data: new Float64Array(s.B * 4 * n * n).fill(1 / n), shape: [s.B, 4, n, n] };
      options = { attention: [{ layer: 1, weights }] };
    }
    const time = async (adapter: ModelAdapter): Promise<{ ms: number; out: Float64Array }> => {
      const t0 = performance.now();
      const r = await adapter.forward(x, options);
      return { ms: performance.now() - t0, out: r.outputs.data };
    };
    for (let w = 0; w < 3; w++) {
      await time(tf); // warm-up (kernel set-up, allocations, JIT)
      await time(onnx);
    }
    const tTf: number[] = [];
    const tOnnx: number[] = [];
    let diff = 0;
    for (let r = 0; r < s.reps; r++) {
      const a = await time(tf);
      const b = await time(onnx);
      tTf.push(a.ms / s.B);
      tOnnx.push(b.ms / s.B);
      for (let i = 0; i < a.out.length; i++) diff = Math.max(diff, Math.abs(a.out[i]! - b.out[i]!));
    }
    results.push({ label: s.label, tf: median(tTf), onnx: median(tOnnx), tfMin: Math.min(...tTf), onnxMin: Math.min(...tOnnx), diff });
    console.log(`${s.label.padEnd(52)} tfjs ${median(tTf).toFixed(2)} ms/example   onnx ${median(tOnnx).toFixed(2)} ms/example   max |Δp| ${diff.toExponential(1)}`);
  }
  model.dispose();
  await session.release();
  await embedder.release();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  lines.push(
    '# ONNX Runtime (WASM) vs TensorFlow.js (WASM): forward time of the spam transformer',
    '',
    `Produced by \`npx tsx bench/onnx-compare.ts${QUICK ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    `1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (other jobs on the machine).`,
    `Machine: ${cpus().length} × ${cpu}; Node ${process.version}; onnxruntime-web ${ort.env.versions.web ?? ort.env.versions.common}, @tensorflow/tfjs-backend-wasm (backend '${backend}').`,
    '',
    'The committed `spam-transformer` (L = 2, H = 4, d = 64, ff = 128) at n = 128 tokens: in tfjs from its',
    '`.json`/`.bin`, in ONNX Runtime from its PyTorch export (`examples/models/spam-transformer.onnx`). Both',
    'through their faithcheck adapters (`tfjsAdapter`, `onnxAdapter`: validation, float32 copies in, float64',
    'copies out, float64 softmax for ONNX), single-threaded WASM with SIMD, embeddings looked up beforehand.',
    'Runs alternate between the two runtimes; each figure is the median over the repetitions of',
    '(time of one `forward` call) / B. The machine is shared (2 cores, several jobs), so compare the',
    'ratio rather than the absolute times.',
    '',
    '| setting | tfjs WASM, ms / example: median (min) | ONNX Runtime WASM, ms / example: median (min) | tfjs / ONNX (medians) | max abs. difference of outputs |',
    '|---|---|---|---|---|',
    ...results.map(
      (r) => `| ${r.label} | ${r.tf.toFixed(2)} (${r.tfMin.toFixed(2)}) | ${r.onnx.toFixed(2)} (${r.onnxMin.toFixed(2)}) | ${(r.tf / r.onnx).toFixed(2)}× | ${r.diff.toExponential(1)} |`,
    ),
    '',
    'Notes:',
    '- "returnAttention" also copies the `[B, 2, 4, 128, 128]` attention out (float32 → float64, and a',
    '  `[L, B, …]` → `[B, L, …]` reorder for ONNX).',
    '- Without overrides the ONNX adapter feeds a broadcast `[L, 1, 1, 1, 1]` zero override; with an override',
    '  it feeds the full `[L, B, H, n, n]` float32 tensor (8 MB at B = 32).',
    '- The tfjs model runs only the [CLS] row through the last feed-forward block; so does the export.',
  );
  writeFileSync(OUT, `${lines.join('\n')}\n`);
  console.log(`wrote ${OUT.pathname}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
