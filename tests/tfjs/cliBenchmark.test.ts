/** `faithcheck benchmark` on a shipped model (in process, captured streams). */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkResult } from '../../src/benchmark/index.js';
import { cli } from '../cli/helpers.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'faithcheck-benchmark-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('faithcheck benchmark', () => {
  it('ranks methods on the planted-token model: a row per method, JSON and markdown written', async () => {
    const r = await cli(['benchmark', '--model', 'planted-transformer', '--examples', '8', '--methods', 'leaveOneOut,rollout,random', '--metrics', 'recallAtK,comprehensiveness', '--json', 'b.json', '--markdown', 'b.md', '--report', 'html'], { cwd: tmp });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^model: planted-transformer; 8 test examples; \[CLS\] excluded; seed 0\n\n\| method \| recallAtK ↑ \| comprehensiveness ↑ \|/);
    expect(r.stdout).toMatch(/\n\| leaveOneOut \| 1\.000 \[1\.000, 1\.000\] \|/);
    const saved = JSON.parse(await readFile(join(tmp, 'b.json'), 'utf8')) as BenchmarkResult;
    expect(saved.methods).toEqual(['leaveOneOut', 'rollout', 'random']);
    expect(await readFile(join(tmp, 'html', 'index.html'), 'utf8')).toMatch(/<h2 id="benchmark-0-h">Explanation methods on planted-transformer<\/h2>/);
    expect(saved.examples).toHaveLength(8);
    expect(await readFile(join(tmp, 'b.md'), 'utf8')).toMatch(/^\| method \|/);
    // the saved result renders as a report table
    const rep = await cli(['report', 'b.json', '--out', 'rep'], { cwd: tmp });
    expect(rep.code).toBe(0);
    expect(await readFile(join(tmp, 'rep', 'index.html'), 'utf8')).toMatch(/<th scope="row">leaveOneOut<\/th>/);
  }, 120_000);

  it('a usage error for a missing --model and an unknown metric is a one-line error', async () => {
    const missing = await cli(['benchmark'], { cwd: tmp });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^faithcheck benchmark: missing --model/);
    const bad = await cli(['benchmark', '--model', 'planted-transformer', '--examples', '2', '--metrics', 'accuracy'], { cwd: tmp });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/metrics\[0\]/);
  }, 120_000);
});
