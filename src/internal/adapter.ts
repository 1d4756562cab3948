/**
 * Private helpers around the {@link ModelAdapter} contract.
 *
 * - For algorithms (callers of an adapter): {@link validateAdapter} checks the required members up
 *   front, {@link requireCapability} checks an optional capability and throws
 *   `AdapterCapabilityError` naming what is missing.
 * - For adapter implementations (the toy adapters in `faithcheck/testing`, and any backend that wants
 *   them): `read*` helpers validate the arguments of `forward`/`gradient`/`attentionGradient` at
 *   the adapter's boundary and return plain typed arrays.
 *
 * Not re-exported: the public barrels never expose this module.
 *
 * @module
 */
import { AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../errors/index.js';
import type { AttentionOverride, ModelAdapter } from '../types/adapter.js';
import type { FloatTensor } from '../types/tensor.js';
import { lengthOf, normalizeTensor } from './tensor.js';

/** Optional capabilities an algorithm can require of an adapter. */
export type AdapterCapability = 'gradient' | 'attentionGradient' | 'attention' | 'attentionOverride';

/** Whether the adapter accepts attention overrides: `info.attention` present and `overridable !== false`. */
export function canOverrideAttention(adapter: ModelAdapter): boolean {
  const a = adapter.info.attention;
  return a !== undefined && a.overridable !== false;
}

/**
 * Throw {@link AdapterCapabilityError} unless `adapter` provides `capability`:
 * - `'gradient'` / `'attentionGradient'`: the method of that name;
 * - `'attention'`: `info.attention` (the model exposes its attention for read-out);
 * - `'attentionOverride'`: `info.attention` with `overridable !== false` (the model also accepts
 *   attention overrides in `forward`/`gradient`).
 */
export function requireCapability(fn: string, adapter: ModelAdapter, capability: AdapterCapability): void {
  if (capability === 'attention') {
    if (adapter.info.attention === undefined) {
      throw new AdapterCapabilityError(fn, 'attention', 'info.attention is absent, so the model has no attention to read or override');
    }
    return;
  }
  if (capability === 'attentionOverride') {
    if (adapter.info.attention === undefined) {
      throw new AdapterCapabilityError(fn, 'attentionOverride', 'info.attention is absent, so the model has no attention to override');
    }
    if (adapter.info.attention.overridable === false) {
      throw new AdapterCapabilityError(fn, 'attentionOverride', 'info.attention.overridable is false: the model can return its attention but not accept overrides');
    }
    return;
  }
  if (typeof adapter[capability] !== 'function') {
    throw new AdapterCapabilityError(fn, capability, `adapter.${capability} is not a function`);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object';
}

function positiveInteger(fn: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new InputTypeError(fn, `${name} must be a number`, value);
  if (!Number.isInteger(value) || value < 1) throw new InputRangeError(fn, `${name} must be a positive integer`, value);
}

/**
 * Check that `adapter` implements the required part of the contract: an `info` object with
 * well-formed fields, and `embed`/`forward` methods. Optional members, when present, must be
 * functions (`gradient`, `attentionGradient`, `dispose`) or well-formed (`info.attention`,
 * `info.specialTokens`, `info.vocabSize`, `info.maxLength`).
 *
 * @throws InputTypeError if `adapter` is not an object, or a member has the wrong type.
 * @throws AdapterCapabilityError if `info`, `info.numClasses`, `info.outputKind`, `info.embeddingDim`,
 *   `embed` or `forward` is missing.
 * @throws InputRangeError if a count is not a positive integer or a special token id is out of range.
 */
export function validateAdapter(fn: string, adapter: unknown): asserts adapter is ModelAdapter {
  if (!isObject(adapter) && typeof adapter !== 'function') {
    throw new InputTypeError(fn, 'adapter must be an object implementing ModelAdapter', adapter);
  }
  const a = adapter as Record<string, unknown>;
  const info = a['info'];
  if (info === undefined) throw new AdapterCapabilityError(fn, 'info');
  if (!isObject(info)) throw new InputTypeError(fn, 'adapter.info must be an object', info);
  for (const key of ['numClasses', 'outputKind', 'embeddingDim'] as const) {
    if (info[key] === undefined) throw new AdapterCapabilityError(fn, `info.${key}`);
  }
  positiveInteger(fn, 'adapter.info.numClasses', info['numClasses']);
  if (info['outputKind'] !== 'probabilities' && info['outputKind'] !== 'logits') {
    throw new InputTypeError(fn, "adapter.info.outputKind must be 'probabilities' or 'logits'", info['outputKind']);
  }
  positiveInteger(fn, 'adapter.info.embeddingDim', info['embeddingDim']);
  if (info['vocabSize'] !== undefined) positiveInteger(fn, 'adapter.info.vocabSize', info['vocabSize']);
  if (info['maxLength'] !== undefined) positiveInteger(fn, 'adapter.info.maxLength', info['maxLength']);
  if (info['sequenceLength'] !== undefined) {
    positiveInteger(fn, 'adapter.info.sequenceLength', info['sequenceLength']);
    if (info['maxLength'] !== undefined && (info['sequenceLength'] as number) > (info['maxLength'] as number)) {
      throw new InputRangeError(fn, `adapter.info.sequenceLength must not exceed info.maxLength (${String(info['maxLength'])})`, info['sequenceLength']);
    }
  }
  if (info['name'] !== undefined && typeof info['name'] !== 'string') {
    throw new InputTypeError(fn, 'adapter.info.name must be a string', info['name']);
  }
  const attention = info['attention'];
  if (attention !== undefined) {
    if (!isObject(attention)) throw new InputTypeError(fn, 'adapter.info.attention must be an object', attention);
    positiveInteger(fn, 'adapter.info.attention.layers', attention['layers']);
    positiveInteger(fn, 'adapter.info.attention.heads', attention['heads']);
    if (attention['queries'] !== 'tokens' && attention['queries'] !== 'single') {
      throw new InputTypeError(fn, "adapter.info.attention.queries must be 'tokens' or 'single'", attention['queries']);
    }
    if (attention['overridable'] !== undefined && typeof attention['overridable'] !== 'boolean') {
      throw new InputTypeError(fn, 'adapter.info.attention.overridable must be a boolean when present', attention['overridable']);
    }
  }
  const special = info['specialTokens'];
  if (special !== undefined) {
    if (!isObject(special)) throw new InputTypeError(fn, 'adapter.info.specialTokens must be an object', special);
    const vocab = info['vocabSize'] as number | undefined;
    for (const [key, id] of Object.entries(special)) {
      if (id === undefined) continue;
      if (typeof id !== 'number' || !Number.isInteger(id)) {
        throw new InputTypeError(fn, `adapter.info.specialTokens.${key} must be an integer token id`, id);
      }
      if (id < 0 || (vocab !== undefined && id >= vocab)) {
        throw new InputRangeError(fn, `adapter.info.specialTokens.${key} must be in [0, vocabSize)`, id);
      }
    }
  }
  for (const key of ['embed', 'forward'] as const) {
    if (a[key] === undefined) throw new AdapterCapabilityError(fn, key);
    if (typeof a[key] !== 'function') throw new InputTypeError(fn, `adapter.${key} must be a function`, a[key]);
  }
  for (const key of ['gradient', 'attentionGradient', 'dispose'] as const) {
    if (a[key] !== undefined && typeof a[key] !== 'function') {
      throw new InputTypeError(fn, `adapter.${key} must be a function when present`, a[key]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Boundary validation for adapter implementations
// ---------------------------------------------------------------------------------------------

/** Validated `[B, n, d]` embeddings (the caller's buffer: read only). */
export interface EmbeddingsInput {
  readonly data: ArrayLike<number>;
  readonly batch: number;
  readonly length: number;
  readonly dim: number;
}

/**
 * Validate `[B, n, d]` embeddings with `d === dim` and, when given, `n <= maxLength` and
 * `n === sequenceLength`.
 *
 * @throws InputTypeError / ShapeMismatchError / InputRangeError (non-finite values).
 */
export function readEmbeddings(fn: string, embeddings: FloatTensor, dim: number, maxLength?: number, sequenceLength?: number): EmbeddingsInput {
  const t = normalizeTensor(fn, 'embeddings', embeddings, { rank: 3 });
  const [batch, length, d] = t.shape as [number, number, number];
  if (d !== dim) {
    throw new ShapeMismatchError(fn, `embeddings must have shape [B, n, ${dim}], found [${t.shape.join(', ')}]`, t.shape);
  }
  if (maxLength !== undefined && length > maxLength) {
    throw new ShapeMismatchError(fn, `embeddings hold sequences of length ${length}, longer than the model's maxLength ${maxLength}`, t.shape);
  }
  if (sequenceLength !== undefined && length !== sequenceLength) {
    throw new ShapeMismatchError(fn, `embeddings must have shape [B, ${sequenceLength}, ${dim}] (the model's fixed sequenceLength), found [${t.shape.join(', ')}]`, t.shape);
  }
  return { data: t.data, batch, length, dim };
}

/**
 * Validate a target (one class index for all examples, or one per example) and expand it to
 * `Int32Array(batch)`.
 *
 * @throws InputTypeError if a target is not an integer; InputRangeError if outside `[0, numClasses)`;
 *   ShapeMismatchError if the per-example array does not have length `batch`.
 */
export function readTargets(fn: string, target: number | ArrayLike<number>, batch: number, numClasses: number): Int32Array {
  const out = new Int32Array(batch);
  const check = (t: unknown, label: string): number => {
    if (typeof t !== 'number' || !Number.isInteger(t)) throw new InputTypeError(fn, `${label} must be an integer class index`, t);
    if (t < 0 || t >= numClasses) throw new InputRangeError(fn, `${label} must be in [0, ${numClasses})`, t);
    return t;
  };
  if (typeof target === 'number') {
    out.fill(check(target, 'target'));
    return out;
  }
  if (target === null || typeof target !== 'object') {
    throw new InputTypeError(fn, 'target must be a class index or an array of class indices', target);
  }
  const length = lengthOf(fn, 'target', target);
  if (length !== batch) {
    throw new ShapeMismatchError(fn, `target must have one class index per example (${batch}), found ${length}`, length);
  }
  for (let b = 0; b < batch; b++) out[b] = check(target[b], `target[${b}]`);
  return out;
}

/** Options of {@link readInputMask}. */
export interface InputMaskOptions {
  /**
   * Accept a row that hides every position (default false: such a row is rejected). For models
   * that define the output of a fully masked row, e.g. the tfjs reference models.
   */
  readonly allowFullyMasked?: boolean;
}

/**
 * Validate an optional `[B, n]` input mask of zeros and ones with at least one kept position per
 * row (unless `allowFullyMasked`). Returns a fresh copy, or `undefined` when no mask was given.
 *
 * @throws InputTypeError / ShapeMismatchError; InputRangeError for a value other than 0/1 or a row
 *   that hides every position.
 */
export function readInputMask(
  fn: string,
  mask: FloatTensor | undefined,
  batch: number,
  length: number,
  options: InputMaskOptions = {},
): Float64Array | undefined {
  if (mask === undefined) return undefined;
  const t = normalizeTensor(fn, 'inputMask', mask, { rank: 2 });
  if (t.shape[0] !== batch || t.shape[1] !== length) {
    throw new ShapeMismatchError(fn, `inputMask must have shape [${batch}, ${length}], found [${t.shape.join(', ')}]`, t.shape);
  }
  const out = Float64Array.from(t.data);
  for (let b = 0; b < batch; b++) {
    let kept = 0;
    for (let i = 0; i < length; i++) {
      const v = out[b * length + i]!;
      if (v !== 0 && v !== 1) throw new InputRangeError(fn, `inputMask[${b}][${i}] must be 0 or 1`, v);
      kept += v;
    }
    if (kept === 0 && options.allowFullyMasked !== true) throw new InputRangeError(fn, `inputMask[${b}] hides every position; keep at least one`, b);
  }
  return out;
}

/** Layout of the model's attention, as needed to validate overrides. */
export interface AttentionLayout {
  readonly batch: number;
  readonly layers: number;
  readonly heads: number;
  /** Queries per head: `n` for self-attention, 1 for single-query attention. */
  readonly queries: number;
  readonly length: number;
  /**
   * `info.attention.overridable` of the model: when `false`, a non-empty override list is rejected
   * with `AdapterCapabilityError('attentionOverride')`. Absent means `true`.
   */
  readonly overridable?: boolean;
}

/** A validated override: a fresh copy of its weights `[B, heads.length, Q, n]`. */
export interface ParsedOverride {
  /** Position in the caller's `attention` array. */
  readonly index: number;
  readonly layer: number;
  readonly heads: readonly number[];
  readonly weights: Float64Array;
}

/** Validated overrides with a `(layer, head)` lookup. */
export interface ParsedOverrides {
  readonly list: readonly ParsedOverride[];
  /**
   * The override slot replacing `(layer, head)`, or `undefined`. The weights of batch element `b`,
   * query `q` start at `((b · heads.length + slot) · Q + q) · n` in `override.weights`.
   */
  find(layer: number, head: number): { readonly override: ParsedOverride; readonly slot: number } | undefined;
}

/**
 * Validate attention overrides against the model's layout: an array of `{ layer, heads?, weights }`
 * with at most one override per layer, distinct head indices in range, and finite weights of shape
 * `[B, heads.length, Q, n]`. Weights are copied and used as given (no renormalisation, no row-sum
 * check, no re-masking): the attention gradient is defined with respect to these raw weights.
 *
 * @throws AdapterCapabilityError (`'attentionOverride'`) if `layout.overridable` is false and
 *   overrides are given.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError.
 */
export function readOverrides(fn: string, overrides: readonly AttentionOverride[] | undefined, layout: AttentionLayout): ParsedOverrides {
  const list: ParsedOverride[] = [];
  const table = new Map<number, { override: ParsedOverride; slot: number }>();
  if (overrides !== undefined) {
    if (!Array.isArray(overrides)) throw new InputTypeError(fn, 'options.attention must be an array of overrides', overrides);
    if (layout.overridable === false && overrides.length > 0) {
      throw new AdapterCapabilityError(fn, 'attentionOverride', 'info.attention.overridable is false: this model returns its attention but does not accept overrides');
    }
    if (overrides.length > layout.layers) {
      throw new ShapeMismatchError(fn, `options.attention holds ${overrides.length} overrides; the model has ${layout.layers} layer(s) (at most one override per layer)`, overrides.length);
    }
    const seen = new Set<number>();
    Array.from(overrides as readonly unknown[]).forEach((o: unknown, index) => {
      const label = `options.attention[${index}]`;
      if (!isObject(o)) throw new InputTypeError(fn, `${label} must be { layer, heads?, weights }`, o);
      const layer = o['layer'];
      if (typeof layer !== 'number' || !Number.isInteger(layer)) throw new InputTypeError(fn, `${label}.layer must be an integer`, layer);
      if (layer < 0 || layer >= layout.layers) throw new InputRangeError(fn, `${label}.layer must be in [0, ${layout.layers})`, layer);
      if (seen.has(layer)) throw new InputRangeError(fn, `${label} overrides layer ${layer} a second time (at most one override per layer)`, layer);
      seen.add(layer);
      let heads: number[];
      const rawHeads = o['heads'];
      if (rawHeads === undefined) {
        heads = Array.from({ length: layout.heads }, (_, h) => h);
      } else {
        if (!Array.isArray(rawHeads) || rawHeads.length === 0) {
          throw new InputTypeError(fn, `${label}.heads must be a non-empty array of head indices`, rawHeads);
        }
        if (rawHeads.length > layout.heads) {
          throw new ShapeMismatchError(fn, `${label}.heads lists ${rawHeads.length} heads; the model has ${layout.heads}`, rawHeads.length);
        }
        heads = [];
        for (const h of rawHeads as unknown[]) {
          if (typeof h !== 'number' || !Number.isInteger(h)) throw new InputTypeError(fn, `${label}.heads must hold integers`, h);
          if (h < 0 || h >= layout.heads) throw new InputRangeError(fn, `${label}.heads must be in [0, ${layout.heads})`, h);
          if (heads.includes(h)) throw new InputRangeError(fn, `${label}.heads lists head ${h} twice`, rawHeads);
          heads.push(h);
        }
      }
      const w = normalizeTensor(fn, `${label}.weights`, o['weights'] as FloatTensor, { rank: 4 });
      const expected = [layout.batch, heads.length, layout.queries, layout.length];
      if (w.shape.some((s, i) => s !== expected[i])) {
        throw new ShapeMismatchError(
          fn,
          `${label}.weights must have shape [${expected.join(', ')}] ([B, heads, Q, n]), found [${w.shape.join(', ')}]`,
          w.shape,
        );
      }
      const parsed: ParsedOverride = { index, layer, heads, weights: Float64Array.from(w.data) };
      list.push(parsed);
      heads.forEach((h, slot) => table.set(layer * layout.heads + h, { override: parsed, slot }));
    });
  }
  return { list, find: (layer, head) => table.get(layer * layout.heads + head) };
}
