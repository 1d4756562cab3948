/**
 * `npm run reproduce -- --quick` (examples/reproduce.ts) end to end, as CI runs it: every reproduction
 * writes its tables, with a row per model, the paper's numbers beside ours and the "which patterns hold"
 * verdicts; the same seed gives the same tables.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reproduce } from '../../examples/reproduce.js';
import { useWasmBackend } from './helpers/setup.js';

useWasmBackend();

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('npm run reproduce -- --quick', () => {
  it('writes the three reproductions with every model and the paper beside them', { timeout: 600_000 }, async () => {
    const out = await mkdtemp(join(tmpdir(), 'faithcheck-reproduce-'));
    dirs.push(out);
    const files = await reproduce({ quick: true, examples: 1, out, log: () => {} });
    expect(Object.keys(files).sort()).toEqual(['README.md', 'abnar-zuidema.md', 'jain-wallace.md', 'wiegreffe-pinter.md']);
    const jw = await readFile(join(out, 'jain-wallace.md'), 'utf8');
    for (const model of ['spam-bilstm', 'spam-average', 'planted-bilstm', 'planted-average']) {
      expect(jw).toMatch(new RegExp(`\\| ${model} \\| (bilstm|average) \\| 1 \\| -?\\d\\.\\d\\d ± `));
    }
    expect(jw).toContain('| SST | 0.35 ± 0.21 (0.49)');
    expect(jw).toMatch(/## Which patterns hold\n\n- SpamAssassin: BiLSTM τ\(α, g\)/);
    const az = await readFile(join(out, 'abnar-zuidema.md'), 'utf8');
    expect(az).toMatch(/## spam-transformer: Spearman with blank-out \(n = 1\)\n\n\| \| L1 \| L2 \|/);
    expect(az).toMatch(/\| Flow \| -?\d\.\d\d ± — \| -?\d\.\d\d ± — \|/);
    const wp = await readFile(join(out, 'wiegreffe-pinter.md'), 'utf8');
    expect(wp).toMatch(/\| spam-bilstm \| 1 \| [01]\.\d{3} \| [01]\.\d{3} \| 0\.968 \|/);
    expect(wp).toMatch(/median\nattention JSD \d\.\d{3}/);
    expect(await readFile(join(out, 'README.md'), 'utf8')).toMatch(/at commit \w+, 1 examples per\nmodel/);
  });
});
