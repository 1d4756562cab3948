/**
 * The README's quick start runs as written: every ```ts block of README.md is written to its own file in
 * a scratch project whose node_modules/faithcheck links to this clone, and run with tsx against the
 * built package (`import … from 'faithcheck'` resolves through the exports map to dist/, as it does for a
 * user). A block passes when it exits with code 0 and writes nothing to stderr.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

/** The ```ts fenced blocks of a markdown file, with the line each starts on. */
function tsBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts') continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && lines[j]!.trim() !== '```') j++;
    blocks.push({ line: start + 1, code: lines.slice(start, j).join('\n') });
    i = j;
  }
  return blocks;
}

const blocks = tsBlocks(readFileSync(join(root, 'README.md'), 'utf8'));
const built = existsSync(join(root, 'dist', 'index.js'));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faithcheck-readme-'));
  await mkdir(join(dir, 'node_modules'));
  await symlink(root, join(dir, 'node_modules', 'faithcheck'));
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('README.md code blocks', () => {
  it('has ts blocks to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it.skipIf(!built).each(blocks)('README.md line $line runs as written', async ({ line, code }) => {
    const file = join(dir, `block-${line}.ts`);
    await writeFile(file, `${code}\n`);
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file], { cwd: root, timeout: 100_000 });
    expect(stderr).toBe('');
    expect(stdout.length).toBeGreaterThan(0);
  }, 110_000);
});
