import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, TransformerClassifier, tfjsAdapter } from '../../src/backends/tfjs/index.js';
import { InputTypeError } from '../../src/errors/index.js';
import { randomEmbeddings, SMALL_TRANSFORMER } from './helpers/setup.js';

/** Whether the optional native peer is installed here (it is not in this repository's dev setup). */
async function hasTfjsNode(): Promise<boolean> {
  try {
    const specifier = '@tensorflow/tfjs-node';
    await import(/* @vite-ignore */ specifier);
    return true;
  } catch {
    return false;
  }
}

describe('initBackend', () => {
  afterAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it("initBackend({ backend: 'wasm' }) selects WASM and registers gradients", async () => {
    expect(await initBackend({ backend: 'wasm' })).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getGradient('BatchMatMul')).toBeDefined();
    expect(tf.getGradient('Softmax')).toBeDefined();
  });

  it("initBackend({ backend: 'cpu' }) selects CPU; the models give the same outputs as on WASM (float32 rounding)", async () => {
    await initBackend({ backend: 'wasm' });
    const onWasm = new TransformerClassifier(SMALL_TRANSFORMER);
    const emb = randomEmbeddings(1, 4, 8, 2);
    const a = await tfjsAdapter(onWasm).forward(emb);
    onWasm.dispose();
    expect(await initBackend({ backend: 'cpu' })).toBe('cpu');
    const onCpu = new TransformerClassifier(SMALL_TRANSFORMER);
    const b = await tfjsAdapter(onCpu).forward(emb);
    onCpu.dispose();
    for (let i = 0; i < a.outputs.data.length; i++) expect(Math.abs(a.outputs.data[i]! - b.outputs.data[i]!)).toBeLessThan(1e-5);
  });

  it("'auto' uses tfjs-node when installed, else WASM; 'tensorflow' fails clearly without tfjs-node", async () => {
    const native = await hasTfjsNode();
    expect(await initBackend()).toBe(native ? 'tensorflow' : 'wasm');
    expect(await initBackend({ backend: 'auto' })).toBe(native ? 'tensorflow' : 'wasm');
    if (native) expect(await initBackend({ backend: 'tensorflow' })).toBe('tensorflow');
    else await expect(initBackend({ backend: 'tensorflow' })).rejects.toThrow(/tfjs-node/);
  });

  it('rejects unknown backends and options', async () => {
    await expect(initBackend({ backend: 'webgl' as never })).rejects.toBeInstanceOf(InputTypeError);
    await expect(initBackend({ threads: 2 } as never)).rejects.toBeInstanceOf(InputTypeError);
    await expect(initBackend({ wasmPaths: 3 } as never)).rejects.toBeInstanceOf(InputTypeError);
  });
});
