import { InputTypeError } from '../errors/index.js';
import { normalizeTensor } from '../internal/tensor.js';
import type { FloatTensor, TensorLike } from '../types/tensor.js';

/** Keys under which {@link parseTensorJson} looks for the array in a wrapping object. */
const WRAPPERS = ['attention', 'attentions'] as const;

/**
 * Parse a JSON array dump — e.g. an attention stack saved from Python with
 * `json.dump([a[0].tolist() for a in out.attentions], f)` — into `{ data, shape }`.
 *
 * Accepted JSON values: a rectangular nested array of numbers; `{ "data": [...], "shape": [...] }` (or
 * `"dims"`, as onnxruntime and transformers.js tensors serialise); or an object whose `"attention"` or
 * `"attentions"` key holds one of those. The shape is the nesting (or the given shape); nothing is
 * squeezed or reordered.
 *
 * @param text - the JSON text.
 * @returns `{ data, shape }` with a fresh `Float64Array`.
 * @throws InputTypeError if the text is not valid JSON, or holds no numeric array in an accepted form.
 * @throws ShapeMismatchError if a nested array is ragged, or `data` does not match `shape`.
 * @throws InputRangeError if a value is not finite.
 * @example
 * const t = parseTensorJson('{"attention": [[[0.5, 0.5], [0, 1]]]}');
 * t.shape; // => [1, 2, 2]
 * t.data; // => Float64Array [0.5, 0.5, 0, 1]
 */
export function parseTensorJson(text: string): FloatTensor {
  const fn = 'parseTensorJson';
  if (typeof text !== 'string') throw new InputTypeError(fn, 'text must be a string', text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new InputTypeError(fn, `not valid JSON (${(cause as Error).message})`);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !('data' in value)) {
    const obj = value as Record<string, unknown>;
    const key = WRAPPERS.find((k) => k in obj);
    if (key === undefined) {
      throw new InputTypeError(fn, 'expected a nested array, { data, shape } or an object with an "attention" key', Object.keys(obj));
    }
    value = obj[key];
  }
  if (value === null || typeof value !== 'object') {
    throw new InputTypeError(fn, 'expected a nested array, { data, shape } or an object with an "attention" key', value);
  }
  const { data, shape } = normalizeTensor(fn, 'array', value as TensorLike, { nonEmpty: false });
  return { data: Float64Array.from(data), shape };
}
