import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/index.js';
import { SAMPLE } from '../report/sampleData.js';
import { cli } from './helpers.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'faithcheck-cli-report-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('faithcheck report <results.json>', () => {
  it('writes <out>/index.html = renderReport(data) and prints its path; {"report": …} is accepted too', async () => {
    await writeFile(join(tmp, 'results.json'), JSON.stringify(SAMPLE));
    const r = await cli(['report', 'results.json', '--out', 'rep'], { cwd: tmp });
    expect(r).toEqual({ code: 0, stdout: 'report: rep/index.html\n', stderr: '' });
    expect(await readFile(join(tmp, 'rep', 'index.html'), 'utf8')).toBe(renderReport(SAMPLE));
    await writeFile(join(tmp, 'wrapped.json'), JSON.stringify({ format: 'x', report: SAMPLE }));
    expect((await cli(['report', 'wrapped.json'], { cwd: tmp })).stdout).toBe('report: faithcheck-report/index.html\n');
  });

  it('bad files: one line naming the file, exit 1', async () => {
    await writeFile(join(tmp, 'bad.json'), '{"title": 1}');
    await writeFile(join(tmp, 'broken.json'), '{');
    await writeFile(join(tmp, 'short.json'), JSON.stringify({ ...SAMPLE, models: [{ ...SAMPLE.models[0]!, examples: [{ ...SAMPLE.models[0]!.examples[0]!, scores: { flow: [1] } }] }] }));
    for (const [file, message] of [
      ['bad.json', /bad\.json: not a faithcheck results file/],
      ['broken.json', /broken\.json: not valid JSON/],
      ['missing.json', /missing\.json: cannot read the file \(no such file\)/],
      ['short.json', /short\.json: data\.models\[0\]\.examples\[0\]\.scores\.flow must have one score per token/],
    ] as const) {
      const r = await cli(['report', file], { cwd: tmp });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('--help, and faithcheck help report', async () => {
    expect((await cli(['report', '--help'])).stdout).toMatch(/^Usage: faithcheck report /);
    expect((await cli(['help', 'report'])).stdout).toMatch(/^Usage: faithcheck report /);
    expect((await cli(['report'])).code).toBe(2);
  });
});
