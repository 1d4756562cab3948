/**
 * Doctest for the agreement family: every `// => value` line in an `@example` block of
 * src/agreement/*.ts is evaluated and compared with the value it claims (exactly, Object.is).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as agreement from '../../src/agreement/index.js';

const DIR = fileURLToPath(new URL('../../src/agreement/', import.meta.url));
const names = Object.keys(agreement);
const values = Object.values(agreement);

/** Evaluate `expr` with the agreement exports in scope. */
function run(expr: string): unknown {
  return new Function(...names, `return (${expr});`)(...values);
}

/** Parse a claimed value: a number, NaN/Infinity, `Float64Array [..]`, or an object literal. */
function parseClaim(text: string): unknown {
  const t = text.replace(/\s+\(.*\)\s*$/, '').trim(); // drop a trailing "(explanation)"
  const typed = /^Float64Array \[(.*)\]$/.exec(t);
  if (typed) return Float64Array.from(typed[1]!.split(',').map(Number));
  return new Function(`return (${t});`)();
}

interface Example {
  file: string;
  expr: string;
  claim: string;
}

function collect(): Example[] {
  const out: Example[] = [];
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.ts'))) {
    const lines = readFileSync(`${DIR}${file}`, 'utf8').split('\n');
    let inExample = false;
    let previous = '';
    for (const raw of lines) {
      const line = raw.replace(/^\s*\*\s?/, '');
      if (/^@example/.test(line)) {
        inExample = true;
        continue;
      }
      if (inExample && (/^@/.test(line) || /^\s*\*\//.test(raw) || raw.trim() === '*/')) inExample = false;
      if (!inExample) continue;
      const at = line.indexOf('// =>');
      if (at < 0) {
        previous = line.trim();
        continue;
      }
      const code = line.slice(0, at).trim() || previous;
      out.push({ file, expr: code.replace(/;\s*$/, ''), claim: line.slice(at + 5).trim() });
    }
  }
  return out;
}

describe('@example values in src/agreement are what the code returns', () => {
  const examples = collect();
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(20);
  });
  for (const { file, expr, claim } of examples) {
    it(`${file}: ${expr}`, () => {
      const actual = run(expr);
      const expected = parseClaim(claim);
      if (typeof expected === 'number') expect(Object.is(actual, expected), `${String(actual)} vs ${claim}`).toBe(true);
      else expect(actual).toEqual(expected);
    });
  }
});
