import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every file reachable from `entry` through relative static and dynamic imports. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:from|import\(|require\()\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      stack.push(resolve(dirname(file), m[1]!));
    }
  }
  return seen;
}

describe('package boundaries', () => {
  it('no file in the core (src/ outside backends/tfjs) imports @tensorflow', () => {
    const offenders = walk(join(root, 'src'))
      .filter((f) => f.endsWith('.ts') && !relative(root, f).startsWith(join('src', 'backends', 'tfjs')))
      .filter((f) => /from\s+["']@tensorflow|import\(\s*["']@tensorflow|require\(\s*["']@tensorflow/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  describe('built package (`npm test` builds first via pretest)', () => {
    it('dist/ exists', () => {
      expect(existsSync(join(dist, 'index.js')), 'run `npm run build` first').toBe(true);
    });

    it('every core entry of dist/ and everything it imports contain no @tensorflow or onnxruntime import', () => {
      // every core entry of the exports map (all but the backends), ESM and CJS
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
      const core = Object.keys(pkg.exports)
        .filter((k) => k !== './package.json' && k !== './tfjs' && k !== './onnx')
        .map((k) => (k === '.' ? 'index' : k.slice(2)));
      expect(core).toContain('verify');
      for (const entry of core.flatMap((e) => [`${e}.js`, `${e}.cjs`])) {
        const p = join(dist, entry);
        if (!existsSync(p)) continue;
        for (const f of reachable(p)) {
          expect(readFileSync(f, 'utf8'), relative(root, f)).not.toMatch(/@tensorflow|onnxruntime/);
        }
      }
    });

    it('every exports-map target exists, with .d.ts/.d.cts types per condition', () => {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        exports: Record<string, string | Record<string, { types: string; default: string }>>;
      };
      for (const [subpath, target] of Object.entries(pkg.exports)) {
        if (typeof target === 'string') {
          expect(existsSync(join(root, target)), subpath).toBe(true);
          continue;
        }
        for (const cond of ['import', 'require'] as const) {
          expect(existsSync(join(root, target[cond]!.types)), `${subpath} ${cond} types`).toBe(true);
          expect(existsSync(join(root, target[cond]!.default)), `${subpath} ${cond}`).toBe(true);
        }
        expect(target.import!.types.endsWith('.d.ts')).toBe(true);
        expect(target.require!.types.endsWith('.d.cts')).toBe(true);
      }
    });

    it('the ESM and CJS builds load and expose the same root exports', async () => {
      const esm = (await import(pathToFileURL(join(dist, 'index.js')).href)) as Record<string, unknown>;
      const cjs = createRequire(import.meta.url)(join(dist, 'index.cjs')) as Record<string, unknown>;
      expect(Object.keys(esm).sort()).toEqual(Object.keys(cjs).sort());
      expect(typeof esm.createRng).toBe('function');
      expect(typeof esm.toNested).toBe('function');
    });

    it('attentionFlowParallel from the built ESM and CJS bundles starts its workers and matches attentionFlow', async () => {
      type Flow = (a: unknown, o?: unknown) => { data: Float64Array };
      type FlowP = (a: unknown, o?: unknown) => Promise<{ data: Float64Array }>;
      const esm = (await import(pathToFileURL(join(dist, 'index.js')).href)) as { attentionFlow: Flow; attentionFlowParallel: FlowP };
      const cjs = createRequire(import.meta.url)(join(dist, 'index.cjs')) as { attentionFlowParallel: FlowP };
      const n = 6;
      const rows = [];
      for (let l = 0; l < 3; l++) {
        const layer = [];
        for (let i = 0; i < n; i++) {
          const r = Array.from({ length: n }, (_, j) => 1 + ((l * 7 + i * 3 + j * 5) % 11));
          const s = r.reduce((a, b) => a + b, 0);
          layer.push(r.map((x) => x / s));
        }
        rows.push([layer]);
      }
      const expected = esm.attentionFlow(rows).data;
      expect(Array.from((await esm.attentionFlowParallel(rows, { workers: 2 })).data)).toEqual(Array.from(expected));
      expect(Array.from((await cjs.attentionFlowParallel(rows, { workers: 2 })).data)).toEqual(Array.from(expected));
    });
  });
});
