/**
 * Doctest of `faithcheck/onnx`: every TSDoc `@example` block in src/backends/onnx/** runs (as one async
 * script, from the repository root, with the family's exports, `Tokenizer` and `onnxruntime-web` in
 * scope), and every `expr; // => claim` line is compared with the value it produces (`toEqual`; text
 * after the claim's literal, separated by at least two spaces, is a comment).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as onnx from '../../src/backends/onnx/index.js';
import { Tokenizer } from '../../src/data/index.js';
import './helpers.js'; // one WASM thread

const SRC = fileURLToPath(new URL('../../src/backends/onnx/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
type AsyncFn = (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => AsyncFn;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = `${dir}${name}`;
    return statSync(p).isDirectory() ? files(`${p}/`) : name.endsWith('.ts') ? [p] : [];
  });
}

interface Block {
  file: string;
  script: string;
  claims: { expr: string; claim: string }[];
}

function blocks(file: string): Block[] {
  const text = readFileSync(file, 'utf8');
  const out: Block[] = [];
  for (const m of text.matchAll(/@example\n((?: \*(?: .*)?\n)+?) \*(?: @|\/)/g)) {
    const lines = m[1]!.split('\n').filter((l) => l.length > 0).map((l) => l.replace(/^ \* ?/, ''));
    const claims: { expr: string; claim: string }[] = [];
    const script = lines
      .map((line) => {
        const c = /^(.*?);\s*\/\/ => (.*?)(?:\s{2,}.*)?$/.exec(line);
        if (c === null) return line;
        claims.push({ expr: c[1]!, claim: c[2]! });
        return `__values.push(${c[1]!});`;
      })
      .join('\n')
      // `import()` is unavailable inside a Function body under vitest: route it through a scope function
      .replace(/\bimport\(/g, '__import(');
    out.push({ file: file.slice(SRC.length), script, claims });
  }
  return out;
}

const all = files(SRC).flatMap(blocks);

describe('faithcheck/onnx @example blocks', () => {
  it('finds the examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.reduce((s, b) => s + b.claims.length, 0)).toBeGreaterThanOrEqual(5);
  });
  for (const block of all) {
    it(`${block.file}: ${block.claims.map((c) => c.expr).join('; ')}`, async () => {
      const values: unknown[] = [];
      const scope = { ...onnx, Tokenizer, __values: values, __import: (name: string) => import(/* @vite-ignore */ name) };
      const cwd = process.cwd();
      process.chdir(ROOT);
      try {
        await new AsyncFunction(...Object.keys(scope), block.script)(...Object.values(scope));
      } finally {
        process.chdir(cwd);
      }
      expect(values.length).toBe(block.claims.length);
      block.claims.forEach((c, i) => {
        const expected = new Function(`return (${c.claim});`)() as unknown;
        expect(values[i], c.expr).toEqual(expected);
      });
    });
  }
});
