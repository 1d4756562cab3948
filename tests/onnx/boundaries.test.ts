/**
 * onnxruntime-* stays an optional peer: nothing in src/ imports it statically, only src/backends/onnx
 * mentions it at all (a dynamic import in loadOnnxModel), and the built core entries never reach it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const STATIC_IMPORT = /(?:from\s+|import\s+|require\(\s*)["']onnxruntime-/;

describe('onnxruntime boundaries', () => {
  it('no file in src/ imports onnxruntime-* statically; only src/backends/onnx imports it (dynamically)', () => {
    const files = walk(join(root, 'src')).filter((f) => f.endsWith('.ts'));
    expect(files.filter((f) => STATIC_IMPORT.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f))).toEqual([]);
    const outside = files.filter((f) => !relative(root, f).startsWith(join('src', 'backends', 'onnx')) && /(?:from\s+|import\s*\(\s*|require\(\s*)["']onnxruntime/.test(readFileSync(f, 'utf8')));
    expect(outside.map((f) => relative(root, f))).toEqual([]);
  });

  it('the built entries other than onnx and the CLI never mention onnxruntime; dist/onnx.* and dist/cli.* import it only dynamically', () => {
    if (!existsSync(join(dist, 'index.js'))) return; // `npm test` builds first (pretest)
    for (const f of walk(dist).filter((p) => /\.(c?js)$/.test(p))) {
      const src = readFileSync(f, 'utf8');
      // the CLI's --model x.onnx loads faithcheck/onnx on demand and names onnxruntime-web in its help
      if (/^(onnx|cli)\.c?js$/.test(relative(dist, f))) {
        expect(src, relative(root, f)).not.toMatch(STATIC_IMPORT);
      } else {
        expect(src, relative(root, f)).not.toMatch(/onnxruntime/);
      }
    }
  });

  it('the core (faithcheck) and faithcheck/onnx load without importing onnxruntime-web', async () => {
    if (!existsSync(join(dist, 'onnx.js'))) return;
    const mod = (await import(join(dist, 'onnx.js'))) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toEqual(['ONNX_ADAPTER_DEFAULTS', 'loadOnnxModel', 'onnxAdapter']);
  });
});
