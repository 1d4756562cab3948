/**
 * Doctest for the framework-free core (STYLE §19–20): every TSDoc `@example` block in the core families
 * listed in `FAMILIES` (src/attention/**, src/attribution/**, src/faithfulness/**, …) is executed, and
 * every `// =>` claim in it is compared with the value the code actually produces. One runner for every
 * family: add a family's folder to `FAMILIES` rather than copying this file.
 *
 * Conventions (for example authors):
 * - A block is the comment text between `@example` and the next `@tag` or the end of the comment, with
 *   the leading ` * ` stripped. It must be plain JavaScript (no type annotations) and self-contained.
 * - The block runs as ONE async script, statements in order (`await` allowed), with every root export of
 *   `src/index.ts` and every export of `src/testing/index.ts` (the toy adapters) in scope. Blocks in an `internal/` directory additionally see their own module's exports
 *   (they document maintainer-facing helpers that are not root exports).
 * - `expr; // => claim`, or an `expr;` line followed by a `// => claim` line, checks the value of `expr`.
 *   The expression must be a single line; a trailing `// comment` after its `;` is allowed.
 * - Claims: JS literals (numbers, strings, arrays, objects, NaN, Infinity), and `Float64Array [..]`,
 *   `Int32Array [..]`, `Uint8Array [..]` (the actual value must be that typed array, same length).
 *   Numbers compare exactly (`Object.is`) unless the claim ends with `(to ~<eps>)`, which compares every
 *   number with relative tolerance 1e-12 (|a − e| ≤ 1e-12·max(|a|, |e|)). Any other trailing
 *   parenthetical (after whitespace) is a comment.
 * - A number written with a trailing `…` (U+2026), e.g. `0.516129…`, claims that the actual value, printed
 *   as JS prints it (shortest round-trip form), starts with those digits: the printed value is TRUNCATED
 *   (not rounded) to that many decimals and must equal the claim digit for digit.
 * - Prose claims are not allowed (they fail to parse, so the test fails); there is no "not checked" form
 *   because every example here is deterministic.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import * as testing from '../../src/testing/index.js';

const api = { ...testing, ...root };

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const FAMILIES = ['attention', 'random', 'tensor', 'errors', 'attribution', 'faithfulness', 'counterfactual', 'verify', 'benchmark', 'io'];
/** The doctest must find at least this many claims (it cannot silently check nothing). */
const MIN_CLAIMS = 100;

type AsyncFn = (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => AsyncFn;

interface Claim {
  /** Index in the block's recorded values. */
  index: number;
  expr: string;
  claim: string;
  line: number;
}

interface Block {
  /** Path relative to src/, e.g. `attention/maxflow/maxFlow.ts`. */
  file: string;
  /** 1-based line of the `@example` tag. */
  line: number;
  /** The block rewritten into a script: claimed expressions become `__check(i, (expr))`. */
  script: string;
  claims: Claim[];
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = `${dir}/${name}`;
    if (statSync(path).isDirectory()) out.push(...listTs(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** `expr; // comment` → `expr` (the statement's trailing `;` and any `//` comment after it removed). */
function expressionOf(code: string): string {
  return code
    .replace(/;\s*\/\/.*$/, ';')
    .trim()
    .replace(/;$/, '')
    .trim();
}

function parseBlock(file: string, tagLine: number, lines: { text: string; line: number }[]): Block {
  const out: string[] = [];
  const claims: Claim[] = [];
  // index in `out` of the last line holding code (not a comment), for the "claim on its own line" form
  let lastCode = -1;
  let lastCodeLine = 0;
  for (const { text, line } of lines) {
    const at = text.indexOf('// =>');
    if (at < 0) {
      out.push(text);
      if (text.trim() !== '' && !text.trim().startsWith('//')) {
        lastCode = out.length - 1;
        lastCodeLine = line;
      }
      continue;
    }
    const claim = text.slice(at + 5).trim();
    const before = text.slice(0, at).trim();
    const index = claims.length;
    if (before !== '') {
      const expr = expressionOf(before);
      out.push(`__check(${index}, (${expr}));`);
      claims.push({ index, expr, claim, line });
    } else {
      if (lastCode < 0) throw new Error(`${file}:${line}: a '// =>' claim with no expression before it`);
      const expr = expressionOf(out[lastCode]!);
      out[lastCode] = `__check(${index}, (${expr}));`;
      claims.push({ index, expr, claim, line: lastCodeLine });
      out.push('');
    }
    lastCode = -1;
  }
  return { file, line: tagLine, script: out.join('\n'), claims };
}

function collect(): Block[] {
  const blocks: Block[] = [];
  for (const family of FAMILIES) {
    for (const path of listTs(`${SRC}${family}`)) {
      const file = path.slice(SRC.length);
      const lines = readFileSync(path, 'utf8').split('\n');
      let inComment = false;
      let current: { line: number; body: { text: string; line: number }[] } | undefined;
      const close = () => {
        if (current) blocks.push(parseBlock(file, current.line, current.body));
        current = undefined;
      };
      lines.forEach((raw, i) => {
        if (!inComment && /^\s*\/\*\*/.test(raw) && !raw.includes('*/')) {
          inComment = true;
          return;
        }
        if (!inComment) return;
        if (raw.includes('*/')) {
          close();
          inComment = false;
          return;
        }
        const text = raw.replace(/^\s*\*( |$)/, '');
        if (/^@\w/.test(text)) {
          close();
          if (/^@example\b/.test(text)) current = { line: i + 1, body: [] };
          return;
        }
        current?.body.push({ text, line: i + 1 });
      });
    }
  }
  return blocks;
}

// ---- claims -------------------------------------------------------------------------------------

class Approx {
  constructor(readonly digits: string) {}
}

class Typed {
  constructor(
    readonly type: string,
    readonly values: unknown[],
  ) {}
}

interface Expected {
  value: unknown;
  tolerant: boolean;
}

function parseClaim(text: string): Expected {
  let t = text.trim();
  let tolerant = false;
  const paren = /\s+\(([^()]*)\)\s*$/.exec(t);
  if (paren) {
    tolerant = /^to ~?\d/.test(paren[1]!.trim());
    t = t.slice(0, paren.index).trim();
  }
  t = t.replace(/^(Float64Array|Int32Array|Uint8Array) \[/, (_m, type: string) => `__typed('${type}', [`);
  if (t.startsWith('__typed(')) t = `${t})`;
  t = t.replace(/(-?\d+(?:\.\d+)?)…/g, (_m, digits: string) => `__approx('${digits}')`);
  const value: unknown = new Function('__typed', '__approx', `return (${t});`)(
    (type: string, values: unknown[]) => new Typed(type, values),
    (digits: string) => new Approx(digits),
  );
  return { value, tolerant };
}

/** The printed form of |x| truncated to `decimals` decimals. */
function truncated(x: number, decimals: number): string {
  let s = String(Math.abs(x));
  if (/e/.test(s)) s = Math.abs(x).toFixed(decimals + 25);
  const [int, frac = ''] = s.split('.');
  return decimals === 0 ? int! : `${int}.${frac.padEnd(decimals, '0').slice(0, decimals)}`;
}

/** `null` when `actual` matches `expected`, else a description of the first mismatch. */
function mismatch(actual: unknown, expected: unknown, tolerant: boolean, path: string): string | null {
  const at = path === '' ? '' : ` at ${path}`;
  if (expected instanceof Approx) {
    if (typeof actual !== 'number') return `expected a number${at}, got ${String(actual)}`;
    const decimals = expected.digits.includes('.') ? expected.digits.split('.')[1]!.length : 0;
    const negative = expected.digits.startsWith('-');
    const ok =
      Number.isFinite(actual) && (actual < 0 || Object.is(actual, -0)) === negative &&
      truncated(actual, decimals) === expected.digits.replace(/^-/, '');
    return ok ? null : `${actual}${at} does not start with ${expected.digits}`;
  }
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return `expected ${expected}${at}, got ${String(actual)}`;
    if (Object.is(actual, expected)) return null;
    if (tolerant && Math.abs(actual - expected) <= 1e-12 * Math.max(Math.abs(actual), Math.abs(expected))) return null;
    return `${actual}${at} ≠ ${expected}${tolerant ? ' (relative tolerance 1e-12)' : ''}`;
  }
  if (expected instanceof Typed) {
    const name = (actual as object | null)?.constructor?.name;
    if (name !== expected.type || !ArrayBuffer.isView(actual)) return `expected a ${expected.type}${at}, got ${name ?? String(actual)}`;
    return mismatch(Array.from(actual as unknown as ArrayLike<number>), expected.values, tolerant, path);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `expected an array${at}, got ${String(actual)}`;
    if (actual.length !== expected.length) return `length ${actual.length}${at} ≠ ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(actual[i], expected[i], tolerant, `${path}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return `expected an object${at}, got ${String(actual)}`;
    const keys = Object.keys(expected);
    const extra = Object.keys(actual).filter((k) => !keys.includes(k));
    if (extra.length > 0) return `unexpected keys${at}: ${extra.join(', ')}`;
    for (const k of keys) {
      const m = mismatch((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], tolerant, `${path}.${k}`);
      if (m) return m;
    }
    return null;
  }
  return Object.is(actual, expected) ? null : `${String(actual)}${at} ≠ ${String(expected)}`;
}

function show(x: unknown): string {
  if (ArrayBuffer.isView(x)) return `${x.constructor.name} [${Array.from(x as unknown as ArrayLike<number>).join(', ')}]`;
  try {
    return JSON.stringify(x, (_k, v: unknown) => (ArrayBuffer.isView(v) ? show(v) : v)) ?? String(x);
  } catch {
    return String(x);
  }
}

// ---- running ------------------------------------------------------------------------------------

interface Run {
  values: Map<number, unknown>;
  error?: unknown;
}

const runs = new Map<Block, Promise<Run>>();

async function scopeFor(block: Block): Promise<Record<string, unknown>> {
  const scope: Record<string, unknown> = { ...api };
  if (block.file.split('/').includes('internal')) {
    const own = (await import(/* @vite-ignore */ `${SRC}${block.file}`)) as Record<string, unknown>;
    for (const [k, v] of Object.entries(own)) if (!(k in scope)) scope[k] = v;
  }
  return scope;
}

/** Run a block once (memoised); the values of its claimed expressions are recorded, not compared. */
function runBlock(block: Block): Promise<Run> {
  let run = runs.get(block);
  if (!run) {
    run = (async () => {
      const values = new Map<number, unknown>();
      const check = (i: number, v: unknown) => {
        values.set(i, v);
        return v;
      };
      try {
        const scope = await scopeFor(block);
        const fn = new AsyncFunction('__check', ...Object.keys(scope), `'use strict';\n${block.script}`);
        await fn(check, ...Object.values(scope));
        return { values };
      } catch (error) {
        return { values, error };
      }
    })();
    runs.set(block, run);
  }
  return run;
}

describe(`@example blocks in src/{${FAMILIES.join(',')}} run and their // => claims hold`, () => {
  const blocks = collect();
  const claimCount = blocks.reduce((s, b) => s + b.claims.length, 0);

  it(`finds the examples (at least ${MIN_CLAIMS} claims)`, () => {
    expect(blocks.length).toBeGreaterThan(40);
    expect(claimCount).toBeGreaterThanOrEqual(MIN_CLAIMS);
  });

  for (const block of blocks) {
    it(`${block.file}:${block.line}: @example block runs to completion`, async () => {
      const { error } = await runBlock(block);
      if (error !== undefined) throw new Error(`${block.file}:${block.line}: @example block threw: ${String(error)}\n${block.script}`);
    });

    for (const c of block.claims) {
      it(`${block.file}: ${c.expr}`, async () => {
        const { values, error } = await runBlock(block);
        if (!values.has(c.index)) {
          throw new Error(`${block.file}:${c.line}: never evaluated (the block threw before it: ${String(error)})`);
        }
        const actual = values.get(c.index);
        const expected = parseClaim(c.claim);
        const m = mismatch(actual, expected.value, expected.tolerant, '');
        expect(m, `${block.file}:${c.line}: ${c.expr}\n  claimed: ${c.claim}\n  actual:  ${show(actual)}\n  ${m}`).toBeNull();
      });
    }
  }
});
