/** The built `faithcheck` bin (dist/cli.js, package.json "bin"): exit codes and one-line errors. */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NPY, ROOT } from './helpers.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const bin = join(ROOT, pkg.bin['faithcheck']!);
const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(bin, args, { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe.skipIf(!existsSync(bin))('faithcheck bin (built)', () => {
  it('is executable with a node shebang; --version', async () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('flow on a numpy file: one row, and the full matrix on worker threads (flowWorker.js next to the bundle)', async () => {
    const r = await run(['flow', `${NPY}/attention-4d-f8.npy`, '--outputs', '0']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).shape).toEqual([1, 5]);
    const full = await run(['flow', `${NPY}/attention-4d-f8.npy`, '--workers', '2']);
    expect(full.stderr).toBe('');
    const rows = JSON.parse(full.stdout).data as number[][];
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual(JSON.parse(r.stdout).data[0]);
  });

  it('a bad file: exit 1, one line, no stack trace; a usage error: exit 2', async () => {
    const r = await run(['flow', `${NPY}/fortran.npy`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`faithcheck flow: ${NPY}/fortran.npy: the array is in Fortran order; save a C-ordered array (np.ascontiguousarray)\n`);
    expect((await run(['flow', '--nope'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });

  it('rollout, flow and report load no TensorFlow.js: @tensorflow only behind dynamic imports', () => {
    const seen = new Set<string>();
    const stack = [bin];
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      expect(src, file).not.toMatch(/^import [^;]*["']@tensorflow/m);
      for (const m of src.matchAll(/^import [^;]*?from\s*["'](\.{1,2}\/[^"']+)["']/gm)) stack.push(resolve(dirname(file), m[1]!));
    }
    expect(seen.size).toBeGreaterThan(1);
  });
});
