/**
 * The report in a real browser: Debian Chromium (apt-get install -y chromium; .ci/run installs it) driven by
 * playwright-core. Fails on any console error or page error, checks that the key elements render with the
 * right counts, that the head view draws on demand and the keyboard reads tokens, and saves a screenshot.
 * (The screenshot in docs/ is the demo's: UPDATE_SCREENSHOT=1 with tests/tfjs/demo.test.ts.)
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, type ReportData } from '../../src/report/index.js';
import { CHROMIUM, CHROMIUM_ARGS, openReport } from './browser.js';
import { SAMPLE } from './sampleData.js';

const available = existsSync(CHROMIUM);
if (!available && process.env['CI']) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);

describe.skipIf(!available)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    dir = await mkdtemp(join(tmpdir(), 'faithcheck-report-'));
    file = join(dir, 'index.html');
    await writeFile(file, renderReport(SAMPLE as ReportData));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders without console errors, with the right counts', async () => {
    const { page, errors } = await openReport(browser, file);
    expect(await page.locator('section.model').count()).toBe(2);
    expect(await page.locator('article.example').count()).toBe(6);
    expect(await page.locator('.tokrow').count()).toBe(36);
    expect(await page.locator('article.example').first().locator('.tok').count()).toBe(6 * SAMPLE.models[0]!.examples[0]!.tokens.length);
    expect(await page.locator('figure.chart.tau svg rect.bar').count()).toBe(6 * 20);
    expect(await page.locator('figure.chart.scatter circle.point').count()).toBe(12);
    expect(await page.locator('figure.chart.verdicts').count()).toBe(2);
    expect(await page.locator('tr.level').count()).toBe(6 * 3);
    expect(await page.locator('.badge[data-verdict="skipped"]').count()).toBe(6);
    // every chart has a visible, non-empty SVG
    const boxes = await page.locator('figure.chart > svg').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width * e.getBoundingClientRect().height));
    expect(boxes.every((a) => a > 1000)).toBe(true);
    expect(errors).toEqual([]);
    const shot = join(dir, 'screenshot.png');
    await page.screenshot({ path: shot, fullPage: false });
    expect(existsSync(shot)).toBe(true);
    await page.close();
  });

  it('draws the head view when opened, filters by query on focus, reads tokens with the keyboard', async () => {
    const { page, errors } = await openReport(browser, file);
    const details = page.locator('details.heads').first();
    expect(await details.locator('svg').count()).toBe(0);
    await details.locator('summary').click();
    const svg = details.locator('.headview svg');
    await svg.waitFor();
    const n = SAMPLE.models[0]!.examples[0]!.tokens.length;
    expect(await svg.locator('text.q').count()).toBe(n);
    const all = await svg.locator('line.attn').count();
    expect(all).toBeGreaterThan(n);
    await svg.locator('text.q').nth(2).focus();
    const one = await svg.locator('line.attn').count();
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThan(all);
    await details.locator('input[data-head="0"]').uncheck();
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    expect(await svg.locator('line.attn').count()).toBeLessThan(all);

    const row = page.locator('.tokens').first();
    await row.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const readout = page.locator('output.readout').first();
    expect(await readout.textContent()).toMatch(/^win \(position 1\): attention \(last layer\) /);
    expect(errors).toEqual([]);
    await page.close();
  });
});
