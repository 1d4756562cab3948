/**
 * Array and tensor types accepted and returned by faithcheck.
 *
 * Inputs accept what users already hold: nested arrays, `{ data, shape }`, `{ data, dims }`
 * (onnxruntime-web and transformers.js tensors) with any `ArrayLike<number>` as `data`.
 * Results are fresh `Float64Array`s (1-D) or {@link FloatTensor}s (n-D, row-major).
 *
 * @module
 */

/** A nested array of numbers of any depth (`number[]`, `number[][]`, …). */
export type NestedNumbers = number | readonly NestedNumbers[];

/** A flat row-major buffer with its shape (faithcheck's own tensor type). */
export interface ShapedArray {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

/** A flat row-major buffer with `dims` (onnxruntime-web / transformers.js tensors). */
export interface DimsArray {
  readonly data: ArrayLike<number>;
  readonly dims: readonly number[];
}

/**
 * Anything faithcheck accepts as an n-dimensional numeric input: nested arrays,
 * `{ data, shape }`, `{ data, dims }`, or (for 1-D inputs) any `ArrayLike<number>`.
 */
export type TensorLike = readonly NestedNumbers[] | ArrayLike<number> | ShapedArray | DimsArray;

/** A 1-D numeric input: a `number[]`, a typed array, or a 1-D {@link ShapedArray}/{@link DimsArray}. */
export type VectorLike = ArrayLike<number> | ShapedArray | DimsArray;

/** A result tensor: fresh float64 data in row-major order with its shape. Never aliases an input. */
export interface FloatTensor {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}
