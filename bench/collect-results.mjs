// Assemble bench/RESULTS.md from the headline summary (bench/results/summary.md) and the per-unit result
// files written by the benchmark scripts (bench/results/<unit>.md). Run: node bench/collect-results.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const units = ['agreement', 'rollout', 'flow', 'attribution', 'perturbation', 'onnx'];
const demote = (md) => md.replace(/^(#+) /gm, (_, h) => `${h}# `);
const parts = [readFileSync(join(dir, 'results', 'summary.md'), 'utf8').trimEnd()];
for (const unit of units) {
  parts.push(`<!-- from bench/results/${unit}.md -->\n${demote(readFileSync(join(dir, 'results', `${unit}.md`), 'utf8').trimEnd())}`);
}
writeFileSync(join(dir, 'RESULTS.md'), `${parts.join('\n\n---\n\n')}\n`);
console.log(`wrote ${join(dir, 'RESULTS.md')}`);
