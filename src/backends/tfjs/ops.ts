/**
 * Internal tensor building blocks shared by the reference models. Not exported from the barrel.
 * Every function here is synchronous and leaves its intermediates to the caller's `tf.tidy`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Large negative score added to masked keys before the softmax (exp underflows to exactly 0). */
const MASKED_SCORE = -1e9;

/**
 * Rows of `table` selected by integer `ids`, shape `[...ids.shape, d]`.
 *
 * Written with `tf.customGrad` because the gradient of `tf.gather` needs the `UnsortedSegmentSum`
 * kernel, which the WASM backend lacks; the gradient here is a `scatterND` that sums duplicate ids.
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  const [vocab, dim] = table.shape;
  const count = ids.size;
  const outShape = [...ids.shape, dim];
  const lookup = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const t = inputs[0] as tf.Tensor;
    const save = inputs[1] as tf.GradSaveFunc;
    const indices = tf.reshape(ids, [count, 1]);
    // `ids` may be disposed (by a tidy around the forward pass) before the backward pass runs.
    save([indices]);
    const value = tf.reshape(tf.gather(t, tf.reshape(indices, [count])), outShape);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.scatterND(saved[0]!, tf.reshape(dy, [count, dim]), [vocab, dim]),
    };
  });
  return lookup(table);
}

/**
 * 2-D `a · b` whose gradient uses explicit transposes and plain matMuls (`dy·bᵀ`, `aᵀ·dy`): the WASM
 * backend runs matMuls with `transposeA`/`transposeB` on a slow path (2–8× slower here).
 */
export function matMul2d(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = inputs[0] as tf.Tensor2D;
    const y = inputs[1] as tf.Tensor2D;
    (inputs[2] as tf.GradSaveFunc)([x, y]);
    return {
      value: tf.matMul(x, y),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        tf.matMul(dy as tf.Tensor2D, tf.transpose(saved[1]!)),
        tf.matMul(tf.transpose(saved[0]!), dy as tf.Tensor2D),
      ],
    };
  });
  return op(a, b) as tf.Tensor2D;
}

/** `x · w + b` over the last axis of `x` (any rank ≥ 2); `w` is `[in, out]`, `b` is `[out]`. */
export function dense(x: tf.Tensor, w: tf.Tensor2D, b: tf.Tensor1D | null): tf.Tensor {
  const inDim = w.shape[0];
  const outDim = w.shape[1];
  const lead = x.shape.slice(0, -1);
  const y = matMul2d(tf.reshape(x, [-1, inDim]), w);
  const yb = b === null ? y : tf.add(y, b);
  return tf.reshape(yb, [...lead, outDim]);
}

/** Layer normalisation over the last axis: `(x − μ)/√(σ² + ε) · γ + β`, biased variance, ε = 1e-5. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon = 1e-5): tf.Tensor {
  const mean = tf.mean(x, -1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), -1, true);
  return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, epsilon))), gamma), beta);
}

/** GELU, tanh approximation: `½x(1 + tanh(√(2/π)(x + 0.044715x³)))` (smooth, so finite differences behave). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/**
 * Softmax over the last axis restricted to the keys where `keyMask` is 1 (broadcast against
 * `scores`). Masked keys get exactly 0; a row with no unmasked key is all zeros (not NaN).
 */
export function maskedSoftmax(scores: tf.Tensor, keyMask: tf.Tensor): tf.Tensor {
  const shifted = tf.add(scores, tf.mul(tf.sub(1, keyMask), MASKED_SCORE));
  return tf.mul(tf.softmax(shifted), keyMask);
}

/**
 * Replace the heads `heads` of `attention` (`[B, H, Q, n]`) with the rows of `weights`
 * (`[B, heads.length, Q, n]`, in the order of `heads`). When `heads` is every head in order the
 * override is used as is, so injecting a model's own attention reproduces its outputs exactly.
 */
export function replaceHeads(attention: tf.Tensor, heads: readonly number[], weights: tf.Tensor): tf.Tensor {
  const [B, total, Q, n] = attention.shape as [number, number, number, number];
  if (heads.length === total && heads.every((h, i) => h === i)) return weights;
  // Slices and a concat (not unstack/stack: tfjs's Unpack gradient fails when an output is unused).
  const parts: tf.Tensor[] = [];
  for (let h = 0; h < total; h++) {
    const j = heads.indexOf(h);
    parts.push(j < 0 ? tf.slice(attention, [0, h, 0, 0], [B, 1, Q, n]) : tf.slice(weights, [0, j, 0, 0], [B, 1, Q, n]));
  }
  return tf.concat(parts, 1);
}

/**
 * `x[:, t, :]` of a `[B, n, d]` tensor as `[B, d]`. A gather (O(B·d) on every backend) with a
 * custom gradient (a pad into `[B, n, d]`): tfjs's own `slice`/`unstack` copy the whole source
 * tensor on the WASM backend, and `gather`'s gradient needs a kernel WASM lacks.
 */
export function timeStep(x: tf.Tensor, t: number): tf.Tensor {
  const [B, n, d] = x.shape as [number, number, number];
  const step = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.reshape(tf.gather(inputs[0] as tf.Tensor, [t], 1), [B, d]),
    gradFunc: (dy: tf.Tensor) => tf.pad(tf.reshape(dy, [B, 1, d]), [[0, 0], [t, n - 1 - t], [0, 0]]),
  }));
  return step(x);
}

/**
 * Stack `n` tensors `[B, h]` along a new axis 1 into `[B, n, h]`, with a gradient made of gathers
 * (linear cost; tfjs's `unstack` gradient of `stack` is quadratic on the WASM backend).
 */
export function stackTime(steps: readonly tf.Tensor[]): tf.Tensor {
  const n = steps.length;
  const [B, h] = steps[0]!.shape as [number, number];
  const stack = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.stack(inputs.slice(0, n) as tf.Tensor[], 1),
    gradFunc: (dy: tf.Tensor) => Array.from({ length: n }, (_, t) => tf.reshape(tf.gather(dy, [t], 1), [B, h])),
  }));
  return stack(...steps);
}
