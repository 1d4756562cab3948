/**
 * `faithcheck rollout|flow <file>` gives the library's numbers on files written by numpy, and rejects
 * every bad file with one line naming the file and the problem (non-zero exit, no stack trace).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionFlow, attentionRollout, readNpy, toNested, writeNpy, type FloatTensor } from '../../src/index.js';
import { cli, NPY, ROOT } from './helpers.js';

const load = (file: string): FloatTensor => {
  const a = readNpy(readFileSync(join(ROOT, NPY, file)));
  return { data: a.data, shape: a.shape };
};
/** Example 0 of a [L, 1, H, n, n] stack as [L, H, n, n]. */
const squeeze = (a: FloatTensor): FloatTensor => ({ data: a.data, shape: [a.shape[0]!, ...a.shape.slice(2)] });

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'faithcheck-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('faithcheck flow / rollout give the library call’s numbers', () => {
  it.each([
    ['attention-4d-f8.npy', ['--outputs', '0'], { outputs: [0] }],
    ['attention-4d-f8.npy', ['--workers', '2'], {}],
    ['attention-4d-f4.npy', ['--head-fusion', 'max', '--raw'], { headFusion: 'max', normalize: false }],
    ['attention-4d-f8.npy', ['--layer', '2', '--outputs', '1,0', '--no-residual'], { layer: 2, outputs: [1, 0], residual: false }],
  ] as const)('flow %s %j', async (file, args, options) => {
    const r = await cli(['flow', `${NPY}/${file}`, ...args]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { shape: number[]; data: number[][] };
    const expected = attentionFlow(load(file), options as never);
    expect(out.shape).toEqual(expected.shape);
    expect(out.data).toEqual(toNested(expected)); // JSON numbers round-trip float64 exactly
  });

  it('flow of a Hugging Face [layers, 1, heads, n, n] stack = flow of its example', async () => {
    const r = await cli(['flow', `${NPY}/attention-hf-5d-f4.npy`, '--outputs', '0']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).data).toEqual(toNested(attentionFlow(squeeze(load('attention-hf-5d-f4.npy')), { outputs: [0] })));
  });

  it.each([
    [[], {}],
    [['--outputs', '0', '--discard-ratio', '0.5'], { outputs: [0], discardRatio: 0.5 }],
    [['--head-fusion', 'min', '--tolerance', '1e-3'], { headFusion: 'min', rowSumTolerance: 1e-3 }],
  ] as const)('rollout %j', async (args, options) => {
    const r = await cli(['rollout', `${NPY}/attention-4d-f8.npy`, ...args]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).data).toEqual(toNested(attentionRollout(load('attention-4d-f8.npy'), options as never)));
  });

  it('rollout --layer k = rollout of the first k layers', async () => {
    const a = load('attention-4d-f8.npy');
    const r = await cli(['rollout', `${NPY}/attention-4d-f8.npy`, '--layer', '2']);
    const first2 = { data: a.data.slice(0, (a.data.length / 3) * 2), shape: [2, ...a.shape.slice(1)] };
    expect(JSON.parse(r.stdout).data).toEqual(toNested(attentionRollout(first2)));
  });

  it('--out writes .npy (float64, bit-exact) and .json', async () => {
    const npy = join(tmp, 'flow.npy');
    const r = await cli(['flow', `${NPY}/attention-4d-f8.npy`, '--outputs', '0', '--out', npy]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*flow\.npy \(flow, shape \[1, 5\], float64\)\n$/);
    const expected = attentionFlow(load('attention-4d-f8.npy'), { outputs: [0] });
    const back = readNpy(readFileSync(npy));
    expect(back.shape).toEqual([1, 5]);
    expect(back.data).toEqual(expected.data);
    const json = join(tmp, 'rollout.json');
    expect((await cli(['rollout', `${NPY}/attention-4d-f8.npy`, '--out', json])).code).toBe(0);
    const saved = JSON.parse(readFileSync(json, 'utf8')) as { command: string; shape: number[]; data: number[][] };
    expect(saved.command).toBe('rollout');
    expect(saved.data).toEqual(toNested(attentionRollout(load('attention-4d-f8.npy'))));
  });

  it('reads JSON dumps (nested, wrapped with tokens) and a .npy written by writeNpy', async () => {
    const a = load('attention-4d-f8.npy');
    const nested = join(tmp, 'att.json');
    await writeFile(nested, JSON.stringify({ attention: toNested(a), tokens: ['[CLS]', 'a', 'b', 'c', 'd'] }));
    const r = await cli(['flow', nested, '--outputs', '0']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tokens).toEqual(['[CLS]', 'a', 'b', 'c', 'd']);
    expect(out.data).toEqual(toNested(attentionFlow(a, { outputs: [0] })));
    const npy = join(tmp, 'att.npy');
    await writeFile(npy, writeNpy(a, { dtype: 'float32' }));
    expect((await cli(['flow', npy, '--outputs', '0'])).code).toBe(0);
  });
});

describe('bad files: one line naming the file and the problem, exit 1, no stack trace', () => {
  it.each([
    ['attention-rank2.npy', /wrong rank 2/],
    ['attention-not-stochastic.npy', /not stochastic: row attention\[0\]\[0\]\[0\] must sum to 1/],
    ['int64.npy', /dtype must be float32 or float64/],
    ['float16.npy', /dtype must be float32 or float64/],
    ['fortran.npy', /Fortran order/],
    ['truncated-data.npy', /truncated data/],
    ['truncated-header.npy', /truncated header/],
    ['bad-magic.npy', /not a \.npy file/],
    ['version-9.npy', /unsupported \.npy format version 9\.0/],
    ['bad-header.npy', /header is not numpy/],
    ['f8-le-2x3.npy', /wrong rank 2/],
    ['missing.npy', /cannot read the file \(no such file\)/],
  ])('%s', async (file, problem) => {
    for (const command of ['flow', 'rollout']) {
      const r = await cli([command, `${NPY}/${file}`]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`faithcheck ${command}: ${NPY}/${file}: `);
      expect(lines[0]).toMatch(problem);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('not square, batch without --example, bad JSON', async () => {
    const notSquare = join(tmp, 'ns.npy');
    await writeFile(notSquare, writeNpy({ data: new Float64Array(2 * 3 * 4).fill(0.25), shape: [2, 3, 4] }));
    expect((await cli(['flow', notSquare])).stderr).toMatch(/ns\.npy: not square/);
    const batch = join(tmp, 'batch.npy');
    await writeFile(batch, writeNpy({ data: new Float64Array(1 * 2 * 1 * 2 * 2).fill(0.5), shape: [1, 2, 1, 2, 2] }));
    expect((await cli(['flow', batch])).stderr).toMatch(/batch\.npy: holds a batch of 2 examples .*--example/);
    expect((await cli(['flow', batch, '--example', '1'])).code).toBe(0);
    const bad = join(tmp, 'bad.json');
    await writeFile(bad, '{"attention": [[1, 2], [3]]}');
    const r = await cli(['flow', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.json: array\[1\] is ragged/);
    await writeFile(bad, 'not json');
    expect((await cli(['rollout', bad])).stderr).toMatch(/bad\.json: not valid JSON/);
  });
});

describe('usage', () => {
  it.each([
    [['flow'], /missing the attention file/],
    [['flow', 'x.npy', '--bogus'], /unknown option '--bogus'/],
    [['flow', 'x.npy', '--layer', 'two'], /--layer must be an integer/],
    [['flow', 'x.npy', '--outputs', '0,a'], /--outputs must be a comma-separated list/],
    [['flow', 'x.npy', '--head-fusion', 'sum'], /--head-fusion must be one of mean, max, min/],
    [['rollout', 'x.npy', '--out', 'x.txt'], /--out must name a \.json or \.npy file/],
    [['rollout', 'a.npy', 'b.npy'], /unexpected argument 'b\.npy'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j → exit 2', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--help on every command and --version', async () => {
    for (const command of ['rollout', 'flow']) {
      const r = await cli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: faithcheck ${command} `));
    }
    expect((await cli(['--help'])).stdout).toMatch(/^Usage: faithcheck <command>/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((await cli(['--version'])).stdout).toBe(`${pkg.version}\n`);
  });
});

describe('help of the model commands (no TensorFlow.js loaded)', () => {
  it.each(['verify', 'demo'])('faithcheck %s --help', async (command) => {
    const r = await cli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: faithcheck ${command}`));
  });

  it('verify usage errors', async () => {
    expect((await cli(['verify', '--text', 'x'])).stderr).toMatch(/missing --model/);
    expect((await cli(['verify', '--model', 'spam-bilstm'])).stderr).toMatch(/exactly one of --text and --file/);
    expect((await cli(['verify', '--model', 'spam-bilstm', '--text', 'a', '--file', 'b'])).code).toBe(2);
    expect((await cli(['demo', '--examples', '0'])).code).toBe(2);
  });
});
