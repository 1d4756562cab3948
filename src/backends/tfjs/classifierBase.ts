/**
 * Internal base of the reference models: a named, ordered set of `tf.Variable` weights with
 * deterministic initial values drawn from faithcheck's seeded PRNG, plus weight export/import.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { createRng } from '../../random/createRng.js';
import type { Rng } from '../../random/createRng.js';
import type { ModelInfo } from '../../types/adapter.js';
import type {
  AttentionRnnClassifierConfig,
  ClassifierKind,
  NamedWeight,
  NamedWeightInput,
  RunOptions,
  RunResult,
  TfjsClassifier,
  TransformerClassifierConfig,
} from './types.js';

/** How a weight's initial values are drawn. */
export type WeightInit =
  | { readonly kind: 'glorotUniform' }
  | { readonly kind: 'normal'; readonly std: number }
  | { readonly kind: 'zeros' }
  | { readonly kind: 'ones' }
  /** LSTM bias `[4h]` in gate order i, f, g, o: zeros, except 1 for the forget gate. */
  | { readonly kind: 'lstmBias' };

/** Declaration of one weight. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: WeightInit;
}

function initialValues(spec: WeightSpec, rng: Rng): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  const init = spec.init;
  switch (init.kind) {
    case 'glorotUniform': {
      // Glorot & Bengio (2010): U(−a, a), a = √(6 / (fanIn + fanOut)) for a [fanIn, fanOut] matrix.
      const fanIn = spec.shape[0]!;
      const fanOut = spec.shape[spec.shape.length - 1]!;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * limit;
      break;
    }
    case 'normal':
      for (let i = 0; i < size; i++) out[i] = rng.normal() * init.std;
      break;
    case 'zeros':
      break;
    case 'ones':
      out.fill(1);
      break;
    case 'lstmBias': {
      const h = size / 4;
      for (let i = h; i < 2 * h; i++) out[i] = 1;
      break;
    }
  }
  return out;
}

/** Shared weight handling of {@link TransformerClassifier} and {@link AttentionRnnClassifier}. */
export abstract class ClassifierBase implements TfjsClassifier {
  abstract readonly kind: ClassifierKind;
  abstract readonly config: TransformerClassifierConfig | AttentionRnnClassifierConfig;
  abstract readonly info: ModelInfo;
  readonly #specs: readonly WeightSpec[];
  readonly #variables = new Map<string, tf.Variable>();
  #disposed = false;

  protected constructor(fn: string, specs: readonly WeightSpec[], seed: number) {
    try {
      tf.backend();
    } catch (cause) {
      throw new Error(`${fn}: no TensorFlow.js backend is ready; await initBackend() from 'faithcheck/tfjs' first`, { cause });
    }
    this.#specs = specs;
    const rng = createRng(seed);
    for (const spec of specs) {
      const initial = tf.tensor(initialValues(spec, rng), [...spec.shape], 'float32');
      this.#variables.set(spec.name, tf.variable(initial, true));
      initial.dispose();
    }
  }

  /** The variable called `name` (internal). */
  protected weight<R extends tf.Rank>(name: string): tf.Tensor<R> {
    if (this.#disposed) throw new Error(`${this.constructor.name}: the model has been disposed`);
    return this.#variables.get(name)! as unknown as tf.Tensor<R>;
  }

  get variables(): readonly tf.Variable[] {
    if (this.#disposed) throw new Error(`${this.constructor.name}: the model has been disposed`);
    return this.#specs.map((s) => this.#variables.get(s.name)!);
  }

  get weightSpecs(): readonly { readonly name: string; readonly shape: readonly number[] }[] {
    return this.#specs.map((s) => ({ name: s.name, shape: [...s.shape] }));
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  getWeights(): NamedWeight[] {
    const vars = this.variables;
    return this.#specs.map((s, i) => ({ name: s.name, shape: [...s.shape], data: (vars[i]!.dataSync() as Float32Array).slice() }));
  }

  setWeights(weights: readonly NamedWeightInput[]): void {
    const fn = `${this.constructor.name}.setWeights`;
    if (!Array.isArray(weights)) throw new InputTypeError(fn, 'weights must be an array of { name, shape, data }', weights);
    const vars = this.variables;
    const byName = new Map<string, NamedWeightInput>();
    for (const w of weights) {
      if (w === null || typeof w !== 'object' || typeof w.name !== 'string') {
        throw new InputTypeError(fn, 'each weight must be { name, shape, data }', w);
      }
      byName.set(w.name, w);
    }
    if (byName.size !== this.#specs.length) {
      throw new ShapeMismatchError(fn, `expected ${this.#specs.length} weights (${this.#specs.map((s) => s.name).join(', ')})`, [...byName.keys()]);
    }
    // Validate everything before assigning anything.
    const values: Float32Array[] = [];
    for (const spec of this.#specs) {
      const w = byName.get(spec.name);
      if (w === undefined) throw new ShapeMismatchError(fn, `missing weight '${spec.name}'`, [...byName.keys()]);
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (w.shape.length !== spec.shape.length || w.shape.some((d, i) => d !== spec.shape[i])) {
        throw new ShapeMismatchError(fn, `weight '${spec.name}' must have shape [${spec.shape.join(', ')}]`, w.shape);
      }
      if (w.data.length !== size) throw new ShapeMismatchError(fn, `weight '${spec.name}' must have ${size} values`, w.data.length);
      values.push(w.data instanceof Float32Array ? w.data : Float32Array.from(w.data));
    }
    this.#specs.forEach((spec, i) => {
      const t = tf.tensor(values[i]!, [...spec.shape], 'float32');
      vars[i]!.assign(t);
      t.dispose();
    });
  }

  dispose(): void {
    if (this.#disposed) return;
    for (const v of this.#variables.values()) v.dispose();
    this.#variables.clear();
    this.#disposed = true;
  }

  abstract embedTokens(ids: tf.Tensor): tf.Tensor;
  abstract run(embeddings: tf.Tensor3D, options?: RunOptions): RunResult;
}
