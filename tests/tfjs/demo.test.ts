/**
 * npm run demo (examples/demo.ts → faithcheck demo) on 3 e-mails per model: the tables per model and
 * level, the planted-token check, the report and results written, and the report opens in headless
 * Chromium without console errors (when /usr/bin/chromium is installed; .ci/run installs it), with a
 * screenshot (UPDATE_SCREENSHOT=1 writes docs/report-screenshot.png).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, openReport } from '../report/browser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string | undefined;
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('npm run demo (examples/demo.ts)', () => {
  it('runs end to end on the shipped models, prints a table per model and level, writes a report that renders', async () => {
    dir = await mkdtemp(join(tmpdir(), 'faithcheck-demo-'));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'examples/demo.ts'), '--examples', '3', '--planted', '3', '--out', dir], {
      cwd: root,
      timeout: 280_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const model of ['spam-transformer', 'spam-bilstm']) {
      expect(stdout).toMatch(new RegExp(`${model} — .*\\n  verified explanation: .*; 3 held-out e-mails \\(2 spam, 1 ham\\)`));
    }
    for (const level of ['consistency', 'causal', 'counterfactual']) expect(stdout.match(new RegExp(`\\[${level}\\] verdicts: `, 'g'))).toHaveLength(2);
    expect(stdout.match(/How to read: /g)!.length).toBeGreaterThanOrEqual(7);
    expect(stdout).toMatch(/flow \*\s+-?\d\.\d\d ± \d\.\d\d \(\d\.\d\d\)/);
    expect(stdout).toMatch(/planted-transformer\s+\d\/3/);
    expect(stdout).toMatch(/report: .*index\.html/);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { report: { models: { examples: unknown[] }[] } };
    expect(results.report.models.map((m) => m.examples.length)).toEqual([3, 3]);
    expect(existsSync(join(dir, 'index.html'))).toBe(true);
    if (existsSync(CHROMIUM)) {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        const { page, errors } = await openReport(browser, join(dir, 'index.html'));
        expect(await page.locator('article.example').count()).toBe(6);
        await page.locator('details.heads summary').first().click();
        await page.locator('details.heads .headview svg').first().waitFor();
        expect(errors).toEqual([]);
        await page.locator('details.heads').first().evaluate((d) => d.removeAttribute('open'));
        await page.locator('h1').scrollIntoViewIfNeeded();
        const shot = process.env['UPDATE_SCREENSHOT'] === '1' ? join(root, 'docs', 'report-screenshot.png') : join(dir!, 'screenshot.png');
        await page.screenshot({ path: shot });
        expect(existsSync(shot)).toBe(true);
      } finally {
        await browser.close();
      }
    }
  }, 300_000);
});
