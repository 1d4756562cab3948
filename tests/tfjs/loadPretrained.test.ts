/**
 * loadPretrained: the shipped models load by name, from the sources and from the installed package
 * (an `npm pack` tarball unpacked into a fresh node_modules, ESM and CJS, run from another directory).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPretrained, PRETRAINED_MODELS, tfjsAdapter } from '../../src/backends/tfjs/index.js';
import { InputTypeError } from '../../src/errors/index.js';
import { useWasmBackend } from './helpers/setup.js';

useWasmBackend();

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

describe('loadPretrained(name)', () => {
  it.each(PRETRAINED_MODELS)('loads %s from the package, with its metadata', async (name) => {
    const { model, metadata } = await loadPretrained(name);
    try {
      const adapter = tfjsAdapter(model);
      expect(adapter.info.numClasses).toBe(2);
      expect(metadata).toBeDefined();
    } finally {
      model.dispose();
    }
  });

  it('spam models carry their tokenizer', async () => {
    const { model, tokenizer } = await loadPretrained('spam-transformer');
    model.dispose();
    expect(tokenizer).toBeDefined();
  });

  it('rejects unknown names with InputTypeError', async () => {
    await expect(loadPretrained('spam' as never)).rejects.toBeInstanceOf(InputTypeError);
    await expect(loadPretrained(3 as never)).rejects.toBeInstanceOf(InputTypeError);
  });
});

describe('loadPretrained from an installed tarball (npm pack)', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!existsSync(join(root, 'dist', 'tfjs.js')))('works in ESM and CJS, from another working directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'faithcheck-pack-'));
    const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, maxBuffer: 16 << 20 });
    const tarball = join(dir, stdout.trim().split('\n').pop()!);
    const modules = join(dir, 'app', 'node_modules');
    await mkdir(join(modules, 'faithcheck'), { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', join(modules, 'faithcheck'), '--strip-components=1']);
    // the package's dependencies and optional peers: linked from this clone's node_modules
    for (const name of await readdir(join(root, 'node_modules'))) {
      if (name === 'faithcheck' || name.startsWith('.')) continue;
      await symlink(join(root, 'node_modules', name), join(modules, name));
    }
    const app = join(dir, 'app');
    await writeFile(
      join(app, 'esm.mjs'),
      "import { initBackend, loadPretrained, tfjsAdapter } from 'faithcheck/tfjs';\n" +
        "await initBackend({ backend: 'wasm' });\n" +
        "const { model, tokenizer } = await loadPretrained('spam-transformer');\n" +
        "console.log('esm', tfjsAdapter(model).info.numClasses, tokenizer !== undefined);\n",
    );
    await writeFile(
      join(app, 'cjs.cjs'),
      "const { initBackend, loadPretrained, tfjsAdapter } = require('faithcheck/tfjs');\n" +
        "initBackend({ backend: 'wasm' }).then(() => loadPretrained('planted-bilstm')).then(({ model }) => console.log('cjs', tfjsAdapter(model).info.numClasses));\n",
    );
    const esm = await run(process.execPath, [join(app, 'esm.mjs')], { cwd: tmpdir() });
    expect(esm.stdout.trim()).toBe('esm 2 true');
    const cjs = await run(process.execPath, [join(app, 'cjs.cjs')], { cwd: tmpdir() });
    expect(cjs.stdout.trim()).toBe('cjs 2');
    // the tarball ships the licence and the models
    for (const file of ['LICENSE', 'examples/models/spam-transformer.bin', 'examples/models/planted-bilstm.json']) {
      expect(existsSync(join(modules, 'faithcheck', file)), file).toBe(true);
    }
  }, 120_000);
});
