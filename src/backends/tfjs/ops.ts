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

/** Whether ops run now are recorded for a gradient (a `tf.grad`/`variableGrads` forward pass). */
function recording(): boolean {
  const state = tf.engine().state;
  return state.gradientDepth > 0 && state.kernelDepth === 0;
}

/**
 * A zero tensor of `shape` whose tape node carries the gradients of `params`: `grads(dy, kept)`
 * receives the gradient flowing into the output it is fed to, and `keep` is saved for it.
 *
 * The parameters' gradients live on this separate node so that TensorFlow.js prunes them when
 * only an input gradient is asked for (the adapter's `gradient`): a `tf.customGrad` computes all
 * its gradients eagerly, while the tape skips a node that does not lie between the differentiated
 * tensors and the output. The node feeds an op that ignores its (zero) value in the forward pass
 * and passes `dy` to it in the backward pass.
 */
function parameterTap(shape: number[], params: tf.Tensor[], keep: tf.Tensor[], grads: (dy: tf.Tensor, kept: tf.Tensor[]) => tf.Tensor[]): tf.Tensor {
  const tap = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    (inputs[params.length] as tf.GradSaveFunc)(keep);
    return { value: tf.zeros(shape), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => grads(dy, saved) };
  });
  return tap(...params);
}

/**
 * `x · w + b` over the last axis of `x` (any rank ≥ 2; `w` is `[in, out]`, `b` is `[out]` or
 * null) as one kernel (`tf.fused.matMul` with its bias) and one tape node; the reshapes to and from
 * 2-D happen inside it (a recorded reshape would copy its input for the backward pass). The input
 * gradient `dy·wᵀ` is one plain 2-D matMul (the WASM backend runs `transposeA/B` matMuls on a slow
 * path); the weight gradients (`xᵀ·dy`, `Σ dy`) sit on a {@link parameterTap}, so they are computed
 * only when the weights are differentiated (training), not for an input gradient.
 */
export function dense(x: tf.Tensor, w: tf.Tensor2D, b: tf.Tensor1D | null): tf.Tensor {
  const [inDim, outDim] = w.shape;
  const shape = x.shape;
  const rows = x.size / inDim;
  const outShape = [...shape.slice(0, -1), outDim];
  const params = b === null ? [w] : [w, b];
  const tap = recording()
    ? [
        parameterTap(outShape, params, [x], (dy, [xs]) => {
          const dy2 = tf.reshape(dy, [rows, outDim]) as tf.Tensor2D;
          const dw = tf.matMul(tf.transpose(tf.reshape(xs!, [rows, inDim])) as tf.Tensor2D, dy2);
          return b === null ? [dw] : [dw, tf.sum(dy2, 0)];
        }),
      ]
    : [];
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x2 = tf.reshape(inputs[0] as tf.Tensor, [rows, inDim]) as tf.Tensor2D;
    (inputs[inputs.length - 1] as tf.GradSaveFunc)([w]);
    const y = b === null ? tf.matMul(x2, w) : tf.fused.matMul({ a: x2, b: w, bias: b });
    return {
      value: tf.reshape(y, outShape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const dx = tf.reshape(tf.matMul(tf.reshape(dy, [rows, outDim]) as tf.Tensor2D, tf.transpose(saved[0]!) as tf.Tensor2D), shape);
        return tap.length === 0 ? dx : [dx, dy];
      },
    };
  });
  return op(x, ...tap);
}

/** `a + b` of two tensors of the same shape, recorded without saving them (the gradient is `dy` twice). */
export function addSameShape(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.add(inputs[0] as tf.Tensor, inputs[1] as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => [dy, dy],
  }));
  return op(a, b);
}

/** `x[0:1]` of a tensor, along its first axis, with a pad as gradient (nothing saved). */
export function firstRow(x: tf.Tensor): tf.Tensor {
  const [n, ...rest] = x.shape;
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.slice(inputs[0] as tf.Tensor, 0, 1),
    gradFunc: (dy: tf.Tensor) => tf.pad(dy, [[0, n! - 1], ...rest.map((): [number, number] => [0, 0])]),
  }));
  return op(x);
}

/** `x̂ = (x − μ)·r` and `r = 1/√(σ² + ε)` over the last axis (biased variance). */
function normalise(x: tf.Tensor, epsilon: number): { normed: tf.Tensor; r: tf.Tensor } {
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const r = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), epsilon));
  return { normed: tf.mul(centred, r), r };
}

/**
 * Layer normalisation over the last axis: `(x − μ)/√(σ² + ε) · γ + β`, biased variance, ε = 1e-5.
 * One tape node with the closed-form input gradient `dx = r·(g − mean(g) − x̂·mean(g·x̂))`,
 * `g = dy·γ` (`x̂ = (x − μ)·r`, `r = 1/√(σ² + ε)`), instead of the nine recorded ops of the plain
 * formula; `dγ = Σ dy·x̂`, `dβ = Σ dy` on a {@link parameterTap}.
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon = 1e-5): tf.Tensor {
  const d = x.shape[x.shape.length - 1]!;
  const tap = recording()
    ? [
        parameterTap(x.shape, [gamma, beta], [x], (dy, [xs]) => {
          const rows = tf.reshape(dy, [-1, d]);
          return [tf.sum(tf.mul(rows, tf.reshape(normalise(xs!, epsilon).normed, [-1, d])), 0), tf.sum(rows, 0)];
        }),
      ]
    : [];
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const { normed, r } = normalise(inputs[0] as tf.Tensor, epsilon);
    (inputs[inputs.length - 1] as tf.GradSaveFunc)([normed, r, gamma]);
    return {
      value: tf.add(tf.mul(normed, gamma), beta),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xh, rs, gs] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const gy = tf.mul(dy, gs);
        const dx = tf.mul(rs, tf.sub(tf.sub(gy, tf.mean(gy, -1, true)), tf.mul(xh, tf.mean(tf.mul(gy, xh), -1, true))));
        return tap.length === 0 ? dx : [dx, dy];
      },
    };
  });
  return op(x, ...tap);
}

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/**
 * GELU, tanh approximation: `½x(1 + tanh(√(2/π)(x + 0.044715x³)))` (smooth, so finite differences
 * behave), computed as `x·σ(u)`, `u = x·(2√(2/π) + 2√(2/π)·0.044715·x²)` (the same function:
 * ½(1 + tanh v) = σ(2v); the WASM backend's sigmoid is vectorised, its tanh ≈14× slower). One tape
 * node with the closed-form derivative `s·(1 + x(1 − s)(2√(2/π) + 6√(2/π)·0.044715·x²))`, `s = σ(u)`.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = inputs[0] as tf.Tensor;
    const s = tf.sigmoid(tf.mul(xs, tf.add(tf.mul(tf.square(xs), 2 * GELU_C * GELU_A), 2 * GELU_C)));
    (inputs[1] as tf.GradSaveFunc)([xs, s]);
    return {
      value: tf.mul(xs, s),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xv, sv] = saved as [tf.Tensor, tf.Tensor];
        const slope = tf.add(tf.mul(tf.square(xv), 6 * GELU_C * GELU_A), 2 * GELU_C);
        const deriv = tf.mul(sv, tf.add(tf.mul(tf.mul(xv, tf.sub(1, sv)), slope), 1));
        return tf.mul(dy, deriv);
      },
    };
  });
  return op(x);
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
 * Grouped matrix product `z[i, g, j] = Σ_k x[i, k, g] · y[k, g, j]`, `x` `[m, k, G]`, `y`
 * `[k, G, p]` → `[m, G, p]` (G independent products, the group axis innermost in `x`).
 *
 * On the WASM backend this is one depthwise convolution (input `[1, m, k, G]`, filter
 * `[1, k, G, p]`, valid padding: XNNPACK runs it as G small GEMMs), several times faster than the
 * batched `matMul`, which the WASM backend runs on a scalar loop (≈1 GFLOP/s). Other backends get
 * the batched `matMul`. No gradient (the callers write theirs).
 */
export function groupedMatMul(x: tf.Tensor, y: tf.Tensor): tf.Tensor3D {
  const [m, k, G] = x.shape as [number, number, number];
  const p = y.shape[2]!;
  if (tf.getBackend() === 'wasm') {
    const z = tf.depthwiseConv2d(tf.reshape(x, [1, m, k, G]) as tf.Tensor4D, tf.reshape(y, [1, k, G, p]) as tf.Tensor4D, 1, 'valid');
    return tf.reshape(z, [m, G, p]);
  }
  const z = tf.matMul(tf.transpose(x, [2, 0, 1]) as tf.Tensor3D, tf.transpose(y, [1, 0, 2]) as tf.Tensor3D);
  return tf.transpose(z, [1, 0, 2]) as tf.Tensor3D;
}

/** {@link groupedMatMul} with a gradient (for the attention-override path). */
function groupedMatMulGrad(x: tf.Tensor, y: tf.Tensor): tf.Tensor3D {
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = inputs[0] as tf.Tensor;
    const ys = inputs[1] as tf.Tensor;
    (inputs[2] as tf.GradSaveFunc)([xs, ys]);
    return {
      value: groupedMatMul(xs, ys),
      gradFunc: (dz: tf.Tensor, saved: tf.Tensor[]) => [
        // dx[i, k, g] = Σ_j dz[i, g, j] y[k, g, j];  dy[k, g, j] = Σ_i x[i, k, g] dz[i, g, j]
        tf.transpose(groupedMatMul(tf.transpose(dz, [0, 2, 1]), tf.transpose(saved[1]!, [2, 1, 0])), [0, 2, 1]),
        groupedMatMul(tf.transpose(saved[0]!, [1, 0, 2]), dz),
      ],
    };
  });
  return op(x, y) as tf.Tensor3D;
}

/** Shapes of one multi-head attention call. */
interface HeadShapes {
  readonly B: number;
  readonly nq: number;
  readonly n: number;
  readonly H: number;
  readonly dh: number;
}

/**
 * Attention weights `[nq, B, H, n]` (query-major) from queries `[nq, B, H·d_h]` already scaled by
 * 1/√d_h and keys `[n, B, H·d_h]`.
 */
function attentionWeights(qs: tf.Tensor, k: tf.Tensor, keyMask: tf.Tensor | null, s: HeadShapes, withGrad: boolean): { a: tf.Tensor } {
  const { B, nq, n, H, dh } = s;
  const G = B * H;
  const qx = tf.reshape(tf.transpose(tf.reshape(qs, [nq, B, H, dh]), [0, 3, 1, 2]), [nq, dh, G]);
  const ky = tf.reshape(tf.transpose(tf.reshape(k, [n, B, H, dh]), [3, 1, 2, 0]), [dh, G, n]);
  const scores = tf.reshape((withGrad ? groupedMatMulGrad : groupedMatMul)(qx, ky), [nq, B, H, n]);
  if (keyMask === null) return { a: tf.softmax(scores) };
  const m = tf.reshape(keyMask, [1, B, 1, n]);
  return { a: tf.mul(tf.softmax(tf.add(scores, tf.mul(tf.sub(1, m), MASKED_SCORE))), m) };
}

/** Context `[nq, B, H·d_h]` of attention weights `[nq, B, H, n]` and values `[n, B, H·d_h]`. */
function attentionContext(a: tf.Tensor, v: tf.Tensor, s: HeadShapes, withGrad: boolean): tf.Tensor {
  const { B, nq, n, H, dh } = s;
  const G = B * H;
  const ax = tf.transpose(tf.reshape(a, [nq, G, n]), [0, 2, 1]);
  const c = (withGrad ? groupedMatMulGrad : groupedMatMul)(ax, tf.reshape(v, [n, G, dh]));
  return tf.reshape(c, [nq, B, H * dh]);
}

/**
 * Multi-head scaled dot-product attention `softmax(q·kᵀ)·v` per head (masked keys get weight
 * exactly 0) in the sequence-major layout: `q` `[nq, B, H·d_h]` **already scaled by 1/√d_h**, `k`
 * and `v` `[n, B, H·d_h]`, `keyMask` `[B, n]` (0/1) or null; returns the context `[nq, B, H·d_h]`.
 * One tape node with a hand-written backward pass.
 *
 * All six products (two forward, four backward) are {@link groupedMatMul}s over the `B·H` heads;
 * with the sequence axis first, values, queries' gradient and the context need no transpose, and
 * only two `[nq, n, B·H]` transposes remain (one each way). The softmax gradient uses
 * `Σ_j dA ⊙ A = Σ_k dC ⊙ C` (row sums over the context, `d_h` wide, instead of over the `n`-wide
 * weights): `dS = A ⊙ (dA − rowsum(dC ⊙ C))`, which also holds at masked keys and for fully
 * masked rows (A = 0 there). Use {@link attentionWithWeights} when the weights are read out or
 * replaced.
 */
export function attention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, heads: number, keyMask: tf.Tensor | null): tf.Tensor {
  const [nq, B, d] = q.shape as [number, number, number];
  const n = k.shape[0]!;
  const H = heads;
  const dh = d / H;
  const G = B * H;
  const s: HeadShapes = { B, nq, n, H, dh };
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [qi, ki, vi] = inputs as tf.Tensor[];
    const { a } = attentionWeights(qi!, ki!, keyMask, s, false);
    const context = attentionContext(a, vi!, s, false);
    (inputs[3] as tf.GradSaveFunc)([qi!, ki!, vi!, a, context]);
    return {
      value: context,
      gradFunc: (dc: tf.Tensor, saved: tf.Tensor[]) => {
        const [qv, kv, vv, av, cv] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const dc4 = tf.reshape(dc, [nq, B, H, dh]);
        // dA[i, g, j] = Σ_k dC[i, g, k] V[j, g, k]
        const dA = groupedMatMul(
          tf.reshape(tf.transpose(dc4, [0, 3, 1, 2]), [nq, dh, G]),
          tf.reshape(tf.transpose(tf.reshape(vv, [n, B, H, dh]), [3, 1, 2, 0]), [dh, G, n]),
        );
        // dV[j, g, k] = Σ_i A[i, g, j] dC[i, g, k], computed as [k, g, j]
        const dVt = groupedMatMul(tf.reshape(tf.transpose(dc4, [3, 0, 1, 2]), [dh, nq, G]), tf.reshape(av, [nq, G, n]));
        const dv = tf.reshape(tf.transpose(tf.reshape(dVt, [dh, B, H, n]), [3, 1, 2, 0]), [n, B, d]);
        // softmax (and mask) backward: dS = A ⊙ (dA − Σ_k dC ⊙ C)
        const rowDot = tf.sum(tf.reshape(tf.mul(dc, cv), [nq, G, dh]), -1, true);
        const dS = tf.mul(tf.reshape(av, [nq, G, n]), tf.sub(dA, rowDot));
        // dQ[i, g, k] = Σ_j dS[i, g, j] K[j, g, k]
        const dq = tf.reshape(groupedMatMul(tf.transpose(dS, [0, 2, 1]), tf.reshape(kv, [n, G, dh])), [nq, B, d]);
        // dK[j, g, k] = Σ_i dS[i, g, j] Q[i, g, k], computed as [k, g, j]
        const dKt = groupedMatMul(tf.reshape(tf.transpose(tf.reshape(qv, [nq, B, H, dh]), [3, 0, 1, 2]), [dh, nq, G]), dS);
        const dk = tf.reshape(tf.transpose(tf.reshape(dKt, [dh, B, H, n]), [3, 1, 2, 0]), [n, B, d]);
        return [dq, dk, dv];
      },
    };
  });
  return op(q, k, v);
}

/**
 * {@link attention} built from differentiable pieces (same `q` scaling), for when the weights are
 * read out or replaced: returns the context `[nq, B, H·d_h]` and the weights actually used `[B, H, nq, n]`.
 * `override(a)` may replace the weights (`[B, H, nq, n]` in, same shape out); gradients flow to
 * whatever it returns. Same forward arithmetic as {@link attention}.
 */
export function attentionWithWeights(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  heads: number,
  keyMask: tf.Tensor | null,
  override: ((a: tf.Tensor) => tf.Tensor) | null,
): { context: tf.Tensor; weights: tf.Tensor } {
  const [nq, B, d] = q.shape as [number, number, number];
  const n = k.shape[0]!;
  const s: HeadShapes = { B, nq, n, H: heads, dh: d / heads };
  const { a } = attentionWeights(q, k, keyMask, s, true);
  let weights = tf.transpose(a, [1, 2, 0, 3]);
  let used = a;
  if (override !== null) {
    weights = override(weights);
    used = tf.transpose(weights, [2, 0, 1, 3]);
  }
  return { context: attentionContext(used, v, s, true), weights };
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
