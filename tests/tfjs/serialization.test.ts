import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deserializeModel,
  loadModel,
  MODEL_FILE_FORMAT,
  saveModel,
  serializeModel,
  tfjsAdapter,
  type ModelFile,
  type TfjsClassifier,
} from '../../src/backends/tfjs/index.js';
import { Tokenizer } from '../../src/data/index.js';
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { randomEmbeddings, SMALL_MODELS, tinyDataset, useWasmBackend } from './helpers/setup.js';
import { train } from '../../src/backends/tfjs/index.js';

useWasmBackend();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faithcheck-tfjs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Outputs and attention of a model on fixed embeddings and mask. */
async function signature(model: TfjsClassifier): Promise<number[]> {
  const n = 5;
  const r = await tfjsAdapter(model).forward(randomEmbeddings(2, n, model.info.embeddingDim, 3), {
    returnAttention: true,
    inputMask: { data: new Float64Array([1, 1, 1, 1, 1, 1, 1, 1, 0, 1]), shape: [2, n] },
  });
  return [...r.outputs.data, ...r.attention!.data];
}

describe.each(SMALL_MODELS)('$name', ({ make }) => {
  it('serializeModel → deserializeModel reproduces weights and outputs bit for bit', async () => {
    const model = make();
    try {
      await train(model, tinyDataset(16, 6, 24, 3, 1), { epochs: 1, batchSize: 8 }); // move off the seeded initial values
      const { json, weights } = serializeModel(model);
      const text = JSON.stringify(json);
      const { model: copy, tokenizer, metadata } = deserializeModel(text, weights);
      try {
        expect(tokenizer).toBeUndefined();
        expect(metadata).toBeUndefined();
        expect(copy.kind).toBe(model.kind);
        expect(copy.config).toEqual(model.config);
        expect(copy.getWeights()).toEqual(model.getWeights());
        expect(await signature(copy)).toEqual(await signature(model));
      } finally {
        copy.dispose();
      }
    } finally {
      model.dispose();
    }
  });

  it('saveModel / loadModel write <name>.json + <name>.bin and round-trip tokenizer and metadata', async () => {
    const model = make();
    try {
      const tokenizer = Tokenizer.fromTexts(['free money now', 'meeting at noon'], { maxVocab: 24 });
      const base = join(dir, `${model.info.name}-${model.info.embeddingDim}`);
      const paths = await saveModel(model, `${base}.json`, { tokenizer: tokenizer.toJSON(), metadata: { accuracy: 0.5, note: 'x' } });
      expect(paths).toEqual({ json: `${base}.json`, weights: `${base}.bin` });
      const json = JSON.parse(await readFile(paths.json, 'utf8')) as ModelFile;
      expect(json.format).toBe(MODEL_FILE_FORMAT);
      expect(json.version).toBe(1);
      expect(json.dtype).toBe('float32');
      expect(json.byteOrder).toBe('little-endian');
      expect(json.weightsFile).toBe(`${model.info.name}-${model.info.embeddingDim}.bin`);
      expect((await stat(paths.weights)).size).toBe(json.byteLength);
      // the manifest lists every weight in order, contiguous, little-endian float32
      const weights = model.getWeights();
      expect(json.weights.map((w) => w.name)).toEqual(weights.map((w) => w.name));
      let offset = 0;
      json.weights.forEach((w, i) => {
        expect(w.offset).toBe(offset);
        expect(w.shape).toEqual(weights[i]!.shape);
        offset += 4 * weights[i]!.data.length;
      });
      expect(offset).toBe(json.byteLength);
      const bin = await readFile(paths.weights);
      const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
      const last = weights.at(-1)!;
      expect(view.getFloat32(json.weights.at(-1)!.offset, true)).toBe(last.data[0]);
      expect(view.getFloat32(4, true)).toBe(weights[0]!.data[1]);

      const loaded = await loadModel(base);
      try {
        expect(loaded.metadata).toEqual({ accuracy: 0.5, note: 'x' });
        expect(Tokenizer.fromJSON(loaded.tokenizer!).encode('free money')).toEqual(tokenizer.encode('free money'));
        expect(loaded.model.getWeights()).toEqual(weights);
        expect(await signature(loaded.model)).toEqual(await signature(model));
      } finally {
        loaded.model.dispose();
      }
    } finally {
      model.dispose();
    }
  });
});

describe('deserializeModel', () => {
  it('rejects files that are not faithcheck tfjs models or do not match their config', () => {
    const model = SMALL_MODELS[0]!.make();
    try {
      const { json, weights } = serializeModel(model);
      expect(() => deserializeModel({ ...json, format: 'other' } as never, weights)).toThrow(InputTypeError);
      expect(() => deserializeModel({ ...json, version: 2 } as never, weights)).toThrow(InputTypeError);
      expect(() => deserializeModel({ ...json, kind: 'cnn' } as never, weights)).toThrow(InputTypeError);
      expect(() => deserializeModel('{not json', weights)).toThrow(InputTypeError);
      expect(() => deserializeModel(json, weights.slice(0, weights.byteLength - 4))).toThrow(ShapeMismatchError);
      expect(() => deserializeModel({ ...json, weights: json.weights.slice(1) }, weights)).toThrow(ShapeMismatchError);
      const reshaped = json.weights.map((w, i) => (i === 0 ? { ...w, shape: [w.shape[1]!, w.shape[0]!] } : w));
      expect(() => deserializeModel({ ...json, weights: reshaped }, weights)).toThrow(ShapeMismatchError);
      const misaligned = json.weights.map((w, i) => (i === 1 ? { ...w, offset: w.offset + 2 } : w));
      expect(() => deserializeModel({ ...json, weights: misaligned }, weights)).toThrow(InputRangeError);
      expect(() => deserializeModel({ ...json, config: { ...json.config, heads: 3 } } as never, weights)).toThrow(InputRangeError);
    } finally {
      model.dispose();
    }
  });

  it('accepts a byte view (e.g. a Node Buffer) over a larger buffer', () => {
    const model = SMALL_MODELS[1]!.make();
    try {
      const { json, weights } = serializeModel(model);
      const padded = new Uint8Array(weights.byteLength + 8);
      padded.set(new Uint8Array(weights), 8);
      const { model: copy } = deserializeModel(json, padded.subarray(8));
      expect(copy.getWeights()).toEqual(model.getWeights());
      copy.dispose();
    } finally {
      model.dispose();
    }
  });
});

describe('saveModel / loadModel fail clearly and quickly (issue 8)', () => {
  it('saveModel into a path under /proc rejects promptly with a saveModel error (no endless recursive mkdir)', async () => {
    const model = SMALL_MODELS[0]!.make();
    try {
      const started = Date.now();
      const error = await saveModel(model, '/proc/faithcheck-test/deeper/model').then(
        () => undefined,
        (e: unknown) => e as Error & { code?: string },
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(Error);
      expect(error!.message).toMatch(/^saveModel: cannot create the directory at '\/proc\/faithcheck-test'/);
      expect(error!.code).toBe('ENOENT');
    } finally {
      model.dispose();
    }
  });

  it('saveModel through an existing file rejects with ENOTDIR; a NUL in the path is an InputTypeError', async () => {
    const model = SMALL_MODELS[0]!.make();
    try {
      const file = join(dir, 'plain-file');
      await writeFile(file, 'x');
      await expect(saveModel(model, join(file, 'model'))).rejects.toMatchObject({ code: 'ENOTDIR', message: expect.stringMatching(/^saveModel:/) });
      await expect(saveModel(model, join(dir, 'a\0b'))).rejects.toThrow(InputTypeError);
      // and nested directories that do not exist yet are still created
      const paths = await saveModel(model, join(dir, 'new', 'nested', 'model'));
      expect((await stat(paths.weights)).size).toBeGreaterThan(0);
    } finally {
      model.dispose();
    }
  });

  /** A ~1.6 KB manifest whose config declares a 2²⁰ × 512 embedding table (2 GiB of float32). */
  function hugeManifest(json: ModelFile): ModelFile {
    return { ...json, config: { ...json.config, vocabSize: 2 ** 20, embeddingDim: 512 } as never };
  }

  it('loadModel and deserializeModel refuse a small manifest declaring a huge model before allocating', async () => {
    const model = SMALL_MODELS[0]!.make();
    try {
      const { json, weights } = serializeModel(model);
      const text = JSON.stringify(hugeManifest(json));
      expect(text.length).toBeLessThan(4000);
      let started = Date.now();
      expect(() => deserializeModel(text, weights)).toThrow(ShapeMismatchError);
      expect(Date.now() - started).toBeLessThan(1_000);
      const base = join(dir, 'huge');
      await writeFile(`${base}.json`, JSON.stringify({ ...hugeManifest(json), weightsFile: 'huge.bin' }));
      await writeFile(`${base}.bin`, new Uint8Array(weights));
      started = Date.now();
      const error = await loadModel(base).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(error).toBeInstanceOf(ShapeMismatchError);
      expect((error as ShapeMismatchError).fn).toBe('loadModel');
      expect((error as Error).message).toMatch(/config declares at least \d+ float32 weights/);
    } finally {
      model.dispose();
    }
  });

  it('a truncated model file is a typed error naming loadModel, not a bare SyntaxError', async () => {
    const model = SMALL_MODELS[1]!.make();
    try {
      const base = join(dir, 'truncated');
      const paths = await saveModel(model, base);
      const text = await readFile(paths.json, 'utf8');
      await writeFile(paths.json, text.slice(0, Math.floor(text.length / 2)));
      const error = await loadModel(base).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputTypeError);
      expect((error as InputTypeError).fn).toBe('loadModel');
      expect((error as Error).message).toMatch(/^loadModel: .*truncated\.json is not valid JSON/);
      // a truncated weights file
      await writeFile(paths.json, text);
      const bin = await readFile(paths.weights);
      await writeFile(paths.weights, bin.subarray(0, bin.byteLength - 8));
      const error2 = await loadModel(base).catch((e: unknown) => e);
      expect(error2).toBeInstanceOf(ShapeMismatchError);
      expect((error2 as ShapeMismatchError).fn).toBe('loadModel');
      // a missing file is a loadModel error with the node:fs code
      await expect(loadModel(join(dir, 'does-not-exist'))).rejects.toMatchObject({ code: 'ENOENT', message: expect.stringMatching(/^loadModel:/) });
    } finally {
      model.dispose();
    }
  });
});
