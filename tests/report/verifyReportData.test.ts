import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputTypeError } from '../../src/errors/index.js';
import { renderReport, verifyReportData } from '../../src/report/index.js';
import { linearModelAdapter } from '../../src/testing/index.js';
import { verifyDataset } from '../../src/verify/index.js';
import { cli } from '../cli/helpers.js';

const W = [2, -1, 0.5, 0, 0.1];
const model = linearModelAdapter({ weights: [W] });
const data = [
  [1, 2, 4, 1, 1],
  [2, 1, 1, 3, 1],
  [1, 1, 2, 2, 5],
];
const explanation = (tokens: number[]) => tokens.map((x, i) => W[i]! * x);

describe('verifyReportData(result)', () => {
  it('turns a verifyDataset result into ReportData that renders, with verdicts and τ per reference', async () => {
    const result = await verifyDataset(model, data, { explanation, removal: 'baseline', seed: 3, randomDraws: 10 });
    const report = verifyReportData(JSON.parse(JSON.stringify(result)), { name: 'linear', tokens: [['a', 'b', 'c', 'd', 'e']], labels: [0, 0, 0] });
    const m = report.models[0]!;
    expect(m.name).toBe('linear');
    expect(m.examples.map((e) => e.id)).toEqual(['0', '1', '2']);
    expect(m.examples[0]!.tokens).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(m.examples[1]!.tokens).toEqual(['#0', '#1', '#2', '#3', '#4']);
    expect(m.examples[0]!.levels.map((l) => l.level)).toEqual(['consistency', 'causal', 'counterfactual']);
    const consistency = m.summary.verdicts.find((v) => v.level === 'consistency')!.counts;
    expect(consistency.supported).toBe(result.summary.levels.consistency.verdicts.supported);
    expect(m.summary.tau.length).toBeGreaterThanOrEqual(1);
    for (const t of m.summary.tau) expect(t.values).toHaveLength(3);
    const html = renderReport(report);
    expect(html.match(/<article class="example"/g)).toHaveLength(3);

    // faithcheck report reads a saved verifyDataset result
    const dir = await mkdtemp(join(tmpdir(), 'faithcheck-vrd-'));
    try {
      await writeFile(join(dir, 'verify.json'), JSON.stringify(result));
      const r = await cli(['report', 'verify.json', '--out', 'rep'], { cwd: dir });
      expect(r).toEqual({ code: 0, stdout: 'report: rep/index.html\n', stderr: '' });
      expect((await readFile(join(dir, 'rep', 'index.html'), 'utf8')).match(/<article class="example"/g)).toHaveLength(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects what is not a verifyDataset result', () => {
    expect(() => verifyReportData({ format: 'x' } as never)).toThrow(InputTypeError);
    expect(() => verifyReportData(null as never)).toThrow(InputTypeError);
  });
});
