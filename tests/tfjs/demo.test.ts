import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('npm run demo (examples/demo.ts)', () => {
  it('runs end to end on the committed models and prints every section', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'examples/demo.ts'), '--emails', '3'], {
      cwd: root,
      timeout: 110_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    // section 1: Abnar & Zuidema's worked example, raw flow from top token 0 = [0.8, 0.4, 0.35] by hand
    expect(stdout).toContain('raw max-flow from top-layer token 0 to each input: [0.8000, 0.4000, 0.3500]');
    expect(stdout).toContain('[0.516129, 0.258065, 0.225806]');
    // section 2: agreement table over the test e-mails
    expect(stdout).toMatch(/flow \(CLS row\) vs gradient×input\s+-?\d\.\d\d ± \d\.\d\d\s+\(sig\. frac \d\.\d\d, n = 3\)/);
    // section 3: planted-token ground truth
    expect(stdout).toMatch(/leaveOneOut\s+top-1 = decisive token in \d+\/50 sequences/);
  }, 120_000);
});
