/**
 * README, docs/cli.md and --help agree with the code: every flag a command's --help lists is accepted by
 * the command, and is the set of flags its docs/cli.md section documents; every flag in the README's and
 * docs' `faithcheck …` command lines is one the command accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './helpers.js';

const COMMANDS = ['demo', 'verify', 'rollout', 'flow', 'report'] as const;
const flagsIn = (text: string): Set<string> => new Set(Array.from(text.matchAll(/(?<![\w-])--[a-z][a-z-]*/g), (m) => m[0]).filter((f) => f !== '--help'));
/** Flags of the Options list of a --help text (lines `  --flag …` or `  -h, --flag …`). */
const optionFlags = (help: string): Set<string> => new Set(Array.from(help.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm), (m) => m[1]!).filter((f) => f !== '--help'));
/** Flags of the option table of a docs section (rows `| \`--flag …\` |`, two flags per row allowed). */
const tableFlags = (text: string): Set<string> => new Set(text.split('\n').filter((l) => l.startsWith('| `--')).flatMap((l) => [...flagsIn(l.split('|')[1]!)]));
/** Lines of ```sh blocks. */
const shLines = (md: string): string[] => Array.from(md.matchAll(/```sh\n([\s\S]*?)```/g), (m) => m[1]!.split('\n')).flat();
const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The docs/cli.md section of a command (rollout and flow share one; their specific flags are marked). */
function section(command: string): string {
  const heading = command === 'rollout' || command === 'flow' ? '## `faithcheck rollout|flow' : `## \`faithcheck ${command}`;
  const start = docs.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = docs.indexOf('\n## ', start + 3);
  let text = docs.slice(start, end < 0 ? undefined : end);
  if (command === 'rollout') text = text.replace(/.*\(flow\).*\n/g, '');
  if (command === 'flow') text = text.replace(/.*\(rollout\).*\n/g, '');
  return text.replace(/### From Python[\s\S]*/, '');
}

async function help(command: string): Promise<string> {
  return (await cli([command, '--help'])).stdout;
}

describe('--help, docs/cli.md and the parser agree', () => {
  it.each(COMMANDS)('faithcheck %s: the flags of --help are the flags of its docs section', async (command) => {
    const h = [...optionFlags(await help(command))].sort();
    const d = [...tableFlags(section(command))].sort();
    expect(h.length).toBeGreaterThan(0);
    expect(d).toEqual(h);
  });

  it.each(COMMANDS)('faithcheck %s accepts every flag its --help lists', async (command) => {
    for (const flag of optionFlags(await help(command))) {
      const r = await cli([command, flag, '--help']);
      expect(r.stderr, `${command} ${flag}`).not.toMatch(/unknown option/);
    }
  });

  it('every faithcheck command line in README.md and docs/cli.md uses known commands and flags', async () => {
    const lines = [...shLines(readme), ...shLines(docs)].filter((l) => /^faithcheck [a-z]/.test(l.trim()));
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) {
      const command = line.trim().split(/\s+/)[1]!;
      if (command.startsWith('-')) continue;
      expect(COMMANDS as readonly string[], line).toContain(command);
      const known = optionFlags(await help(command));
      for (const flag of flagsIn(line.replace(/#.*$/, ''))) expect(known.has(flag), `${line}: ${flag}`).toBe(true);
    }
  });

  it('the main help lists every command', async () => {
    const main = (await cli(['--help'])).stdout;
    for (const command of COMMANDS) expect(main).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });
});
