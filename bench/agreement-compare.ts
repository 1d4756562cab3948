/**
 * Timing worker for bench/agreement-scipy.py: reads `n reps` per line on stdin, times `reps`
 * back-to-back kendallTau calls on the benchmark inputs for n (cached; the first request per size
 * also warms up the JIT), and prints `n milliseconds-per-call tau` on stdout. Batching small sizes
 * amortises timer resolution and garbage collection. A line `n reps path` times the heavily tied inputs the
 * Python script wrote to `path` (float64 a, then b). Run by the Python script, not by hand.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { kendallTau as current } from '../src/index.js';

// KENDALL_BASELINE=<dir of another checkout's src> times that implementation instead (before/after in one run)
const baselineDir = process.env['KENDALL_BASELINE'];
const kendallTau: typeof current =
  baselineDir === undefined || baselineDir === '' ? current : ((await import(`${baselineDir}/agreement/kendallTau.ts`)) as { kendallTau: typeof current }).kendallTau;
import { generate } from '../tests/agreement/helpers.js';

const cache = new Map<number, [Float64Array, Float64Array]>();
function inputs(n: number): [Float64Array, Float64Array] {
  let v = cache.get(n);
  if (!v) {
    v = generate({ generator: 'xorshift32-irwinhall-v1', seed: 1000 + Math.round(Math.log10(n)), n, ca: 0.6, cb: 0.8, scale: 1 });
    cache.set(n, v);
    for (let i = 0; i < 3; i++) kendallTau(v[0], v[1]); // warm-up (JIT)
  }
  return v;
}

/** Heavily tied inputs written by the Python side (float64 a then b, little-endian), cached by path. */
const files = new Map<string, [Float64Array, Float64Array]>();
function fileInputs(path: string): [Float64Array, Float64Array] {
  let v = files.get(path);
  if (!v) {
    const bytes = readFileSync(path);
    const all = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const n = all.length / 2;
    v = [all.slice(0, n), all.slice(n)];
    files.set(path, v);
    for (let i = 0; i < 3; i++) kendallTau(v[0], v[1]); // warm-up (JIT)
  }
  return v;
}

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const parts = line.trim().split(/\s+/);
  const [n, reps] = parts.slice(0, 2).map(Number) as [number, number];
  if (!Number.isInteger(n) || n < 2 || !Number.isInteger(reps) || reps < 1) return;
  const [a, b] = parts[2] !== undefined ? fileInputs(parts[2]) : inputs(n);
  let tau = NaN;
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < reps; r++) tau = kendallTau(a, b);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / reps;
  process.stdout.write(`${n} ${ms} ${tau}\n`);
});
