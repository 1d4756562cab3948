/** `faithcheck verify` on the shipped models (in process, captured streams). */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'faithcheck-verify-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('faithcheck verify', () => {
  it('verifies a text on a shipped model: a verdict per level, --json and --report written', async () => {
    await writeFile(join(tmp, 'mail.txt'), 'WIN a FREE cruise, click here now to claim your cash prize!!!');
    const r = await cli(['verify', '--model', 'spam-bilstm', '--file', 'mail.txt', '--quick', '--json', 'out.json', '--report', 'rep'], { cwd: tmp });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^model: spam-bilstm; \d+ tokens; predicted (spam|ham) \(p = \d\.\d{3}\)\nexplanation verified: raw attention\n/);
    for (const level of ['consistency', 'causal', 'counterfactual']) expect(r.stdout).toMatch(new RegExp(`\\n  ${level}\\s+(SUPPORTED|INCONCLUSIVE|CONTRADICTED|SKIPPED)\\n`));
    const saved = JSON.parse(await readFile(join(tmp, 'out.json'), 'utf8')) as { format: string; verify: { levels: Record<string, { verdict: string }> }; report: { models: unknown[] } };
    expect(saved.format).toBe('faithcheck-verify');
    expect(Object.keys(saved.verify.levels)).toEqual(['consistency', 'causal', 'counterfactual']);
    expect(saved.report.models).toHaveLength(1);
    expect(await readFile(join(tmp, 'rep', 'index.html'), 'utf8')).toMatch(/^<!doctype html>/);
    // the saved results re-render with faithcheck report
    expect((await cli(['report', 'out.json', '--out', 'again'], { cwd: tmp })).code).toBe(0);
  }, 120_000);

  it('an ONNX model (the committed spam-transformer export): no gradients, so saliency and IG are skipped', async () => {
    const onnx = join(fileURLToPath(new URL('../../examples/models/', import.meta.url)), 'spam-transformer.onnx');
    const r = await cli(['verify', '--model', onnx, '--text', 'WIN a FREE cruise, click here now!!!', '--explanation', 'flow', '--quick'], { cwd: tmp });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/explanation verified: flow\n/);
    expect(r.stdout).toMatch(/saliency needs 'gradient'/);
    expect(r.stdout).toMatch(/\n    leave-one-out\s+\S/);
    expect(r.stdout).not.toMatch(/\n    IG\s/);
  }, 120_000);

  it('one-line errors: unknown model file, .onnx, rollout on an RNN, missing text file', async () => {
    const cases: [string[], number, RegExp][] = [
      [['--model', 'nope/model', '--text', 'hi there'], 1, /nope\/model: no such model file/],
      [['--model', 'm.onnx', '--text', 'hi there'], 1, /m\.onnx: no sidecar/],
      [['--model', 'spam-bilstm', '--text', 'hi there', '--explanation', 'rollout'], 2, /--explanation rollout needs self-attention/],
      [['--model', 'spam-bilstm', '--file', 'missing.txt'], 1, /missing\.txt: cannot read the file \(no such file\)/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(['verify', ...args], { cwd: tmp });
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  }, 60_000);
});
