/**
 * Timing worker for bench/agreement-scipy.py: reads one size n per line on stdin, times one
 * kendallTau call on benchInputs(n) (inputs cached, first call per size is a warm-up), and prints
 * `n milliseconds tau` on stdout. Run by the Python script, not by hand.
 */
import { createInterface } from 'node:readline';
import { kendallTau } from '../src/index.js';
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

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const n = Number(line.trim());
  if (!Number.isInteger(n) || n < 2) return;
  const [a, b] = inputs(n);
  const t0 = process.hrtime.bigint();
  const tau = kendallTau(a, b);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(`${n} ${ms} ${tau}\n`);
});
