/**
 * Forward pass and analytic backward pass of the one-layer attention classifier behind
 * `oneLayerAttentionAdapter`. Private: inputs are validated by the adapter methods.
 *
 * Notation (per example): `x` `[n, d]` embeddings, `m` `[n]` input mask, `H` heads, key size `k`,
 * value size `v`, `C` classes, `Q` queries per head (`n` for dot-product self-attention, 1 for
 * additive single-query attention).
 *
 * Per head h:
 * - values `V = x · Wv_h` `[n, v]` (or `V = x` without value projections, `v = d`);
 * - dot:      `S[i, j] = (x_i Wq_h) · (x_j Wk_h) / √k`, `A[i, ·] = softmax over unmasked j`;
 *   additive: `U_j = tanh(x_j Wa_h + ba_h)`, `s_j = U_j · va_h`, `A[0, ·] = softmax over unmasked j`;
 *   an override replaces `A` by the given weights (used as given);
 * - `Z = A · V` `[Q, v]`; pooled `p_h = Σ_q π_q Z_q` with `π_q = m_q / Σm` (dot: mean over the
 *   unmasked query positions) or `π = [1]` (additive).
 *
 * `logits = bc + Σ_h p_h · Wc[h·v … h·v + v)`, `probs = softmax(logits)`.
 *
 * @module
 */
import { softmaxInto } from './toyHelpers.js';

/** Validated parameters (row-major float64). */
export interface AttentionParams {
  readonly kind: 'dot' | 'additive';
  readonly heads: number;
  /** Embedding size d. */
  readonly dim: number;
  /** Key / additive hidden size k. */
  readonly keyDim: number;
  /** Value size v. */
  readonly valueDim: number;
  readonly numClasses: number;
  /** dot: `[H, d, k]` each. */
  readonly wq: Float64Array | null;
  readonly wk: Float64Array | null;
  /** additive: `[H, d, k]`, `[H, k]`, `[H, k]`. */
  readonly wa: Float64Array | null;
  readonly ba: Float64Array | null;
  readonly va: Float64Array | null;
  /** `[H, d, v]`, or null for the identity (v = d). */
  readonly wv: Float64Array | null;
  /** `[H·v, C]` and `[C]`. */
  readonly wc: Float64Array;
  readonly bc: Float64Array;
}

/** Where an override supplies the weights of one head for this example: rows at `offset + q·n`. */
export interface HeadOverride {
  readonly data: Float64Array;
  readonly offset: number;
}

export interface ExampleInput {
  /** Embeddings buffer and the offset of this example's `[n, d]` block. */
  readonly x: ArrayLike<number>;
  readonly xOffset: number;
  readonly n: number;
  /** Input mask buffer and this example's offset, or null (all kept). */
  readonly mask: Float64Array | null;
  readonly maskOffset: number;
  /** One entry per head: the override, or undefined when the head computes its own attention. */
  readonly overrides: readonly (HeadOverride | undefined)[];
}

export interface ExampleResult {
  /** `[C]` probabilities. */
  readonly probs: Float64Array;
  /** `[H, Q, n]` attention used (after overrides). */
  readonly attention: Float64Array;
  /** `[n, d]` ∂probs[target]/∂x, when requested. */
  readonly gradX: Float64Array | null;
  /** `[H, Q, n]` ∂probs[target]/∂A (the weights actually used, raw), when requested. */
  readonly gradA: Float64Array | null;
}

/** `out[r, c] = Σ_t a[r, t] · w[wOffset + t·cols + c]` for `a` `[rows, inner]`. */
function matmulInto(a: ArrayLike<number>, aOffset: number, rows: number, inner: number, w: Float64Array, wOffset: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < inner; t++) {
      const av = a[aOffset + r * inner + t]!;
      if (av === 0) continue;
      const wo = wOffset + t * cols;
      const oo = r * cols;
      for (let c = 0; c < cols; c++) out[oo + c] += av * w[wo + c]!;
    }
  }
  return out;
}

/** `g[r, t] += Σ_c gy[r, c] · w[wOffset + t·cols + c]` (backprop through `y = a · W`). */
function matmulBackInto(gy: Float64Array, rows: number, cols: number, w: Float64Array, wOffset: number, inner: number, g: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < inner; t++) {
      let s = 0;
      const wo = wOffset + t * cols;
      for (let c = 0; c < cols; c++) s += gy[r * cols + c]! * w[wo + c]!;
      g[r * inner + t] += s;
    }
  }
}

/** Softmax over the unmasked entries of `scores[0 … n)`; masked entries get exactly 0. */
function maskedSoftmax(scores: Float64Array, n: number, mask: Float64Array | null, maskOffset: number, out: Float64Array, outOffset: number): void {
  if (mask === null) {
    softmaxInto(scores, 0, n, out, outOffset);
    return;
  }
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (mask[maskOffset + j] !== 0) max = Math.max(max, scores[j]!);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const e = mask[maskOffset + j] !== 0 ? Math.exp(scores[j]! - max) : 0;
    out[outOffset + j] = e;
    sum += e;
  }
  for (let j = 0; j < n; j++) out[outOffset + j] /= sum;
}

/**
 * Run one example; with `target >= 0` also backpropagate `probs[target]` to the embeddings
 * (`wantGradX`) and/or to the attention weights (`wantGradA`).
 */
export function runExample(p: AttentionParams, input: ExampleInput, target: number, wantGradX: boolean, wantGradA: boolean): ExampleResult {
  const { heads: H, dim: d, keyDim: k, valueDim: v, numClasses: C } = p;
  const { x, xOffset, n, mask, maskOffset } = input;
  const Q = p.kind === 'dot' ? n : 1;
  const invSqrtK = 1 / Math.sqrt(k);
  const attention = new Float64Array(H * Q * n);
  const logits = Float64Array.from(p.bc);

  // Pooling weights over queries.
  const pi = new Float64Array(Q);
  if (p.kind === 'dot') {
    let kept = 0;
    for (let i = 0; i < n; i++) kept += mask === null ? 1 : mask[maskOffset + i]!;
    for (let i = 0; i < n; i++) pi[i] = (mask === null ? 1 : mask[maskOffset + i]!) / kept;
  } else {
    pi[0] = 1;
  }

  // Per-head intermediates kept for the backward pass.
  const values: Float64Array[] = [];
  const qs: (Float64Array | null)[] = [];
  const ks: (Float64Array | null)[] = [];
  const us: (Float64Array | null)[] = [];
  const scores = new Float64Array(n);
  for (let h = 0; h < H; h++) {
    const V = p.wv === null ? Float64Array.from({ length: n * d }, (_, t) => x[xOffset + t]!) : matmulInto(x, xOffset, n, d, p.wv, h * d * v, v);
    values.push(V);
    const aOff = h * Q * n;
    const ov = input.overrides[h];
    let qm: Float64Array | null = null;
    let km: Float64Array | null = null;
    let um: Float64Array | null = null;
    if (p.kind === 'dot') {
      qm = matmulInto(x, xOffset, n, d, p.wq!, h * d * k, k);
      km = matmulInto(x, xOffset, n, d, p.wk!, h * d * k, k);
    } else {
      const pre = matmulInto(x, xOffset, n, d, p.wa!, h * d * k, k);
      um = new Float64Array(n * k);
      for (let j = 0; j < n; j++) for (let c = 0; c < k; c++) um[j * k + c] = Math.tanh(pre[j * k + c]! + p.ba![h * k + c]!);
    }
    qs.push(qm);
    ks.push(km);
    us.push(um);
    if (ov !== undefined) {
      attention.set(ov.data.subarray(ov.offset, ov.offset + Q * n), aOff);
    } else if (p.kind === 'dot') {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let c = 0; c < k; c++) s += qm![i * k + c]! * km![j * k + c]!;
          scores[j] = s * invSqrtK;
        }
        maskedSoftmax(scores, n, mask, maskOffset, attention, aOff + i * n);
      }
    } else {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += um![j * k + c]! * p.va![h * k + c]!;
        scores[j] = s;
      }
      maskedSoftmax(scores, n, mask, maskOffset, attention, aOff);
    }
    // pooled p_h = Σ_q π_q Σ_j A[q, j] V_j, then logits += p_h · Wc_h
    const pooled = new Float64Array(v);
    for (let q = 0; q < Q; q++) {
      if (pi[q] === 0) continue;
      for (let j = 0; j < n; j++) {
        const a = pi[q]! * attention[aOff + q * n + j]!;
        if (a === 0) continue;
        for (let c = 0; c < v; c++) pooled[c] += a * V[j * v + c]!;
      }
    }
    for (let c = 0; c < v; c++) {
      const pc = pooled[c]!;
      const wo = (h * v + c) * C;
      for (let o = 0; o < C; o++) logits[o] += pc * p.wc[wo + o]!;
    }
  }
  const probs = new Float64Array(C);
  softmaxInto(logits, 0, C, probs, 0);
  if (target < 0 || (!wantGradX && !wantGradA)) return { probs, attention, gradX: null, gradA: null };

  // Backward: ∂probs[t]/∂logits = p_t (e_t − p).
  const pt = probs[target]!;
  const gl = new Float64Array(C);
  for (let o = 0; o < C; o++) gl[o] = pt * ((o === target ? 1 : 0) - probs[o]!);
  const gradX = wantGradX ? new Float64Array(n * d) : null;
  const gradA = wantGradA ? new Float64Array(H * Q * n) : null;
  const gA = new Float64Array(Q * n);
  for (let h = 0; h < H; h++) {
    const V = values[h]!;
    const aOff = h * Q * n;
    const gp = new Float64Array(v);
    for (let c = 0; c < v; c++) {
      let s = 0;
      const wo = (h * v + c) * C;
      for (let o = 0; o < C; o++) s += p.wc[wo + o]! * gl[o]!;
      gp[c] = s;
    }
    // gA[q, j] = π_q gp · V_j
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < v; c++) s += gp[c]! * V[j * v + c]!;
      for (let q = 0; q < Q; q++) gA[q * n + j] = pi[q]! * s;
    }
    if (gradA !== null) gradA.set(gA, aOff);
    if (gradX === null) continue;
    // Through the values: gV_j = (Σ_q π_q A[q, j]) gp.
    const gV = new Float64Array(n * v);
    for (let j = 0; j < n; j++) {
      let w = 0;
      for (let q = 0; q < Q; q++) w += pi[q]! * attention[aOff + q * n + j]!;
      if (w === 0) continue;
      for (let c = 0; c < v; c++) gV[j * v + c] = w * gp[c]!;
    }
    if (p.wv === null) {
      for (let t = 0; t < n * d; t++) gradX[t] += gV[t]!;
    } else {
      matmulBackInto(gV, n, v, p.wv, h * d * v, d, gradX);
    }
    if (input.overrides[h] !== undefined) continue; // injected weights do not depend on x
    // Softmax backward per query row: gS = A ⊙ (gA − Σ_j A gA).
    const gS = new Float64Array(Q * n);
    for (let q = 0; q < Q; q++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += attention[aOff + q * n + j]! * gA[q * n + j]!;
      for (let j = 0; j < n; j++) gS[q * n + j] = attention[aOff + q * n + j]! * (gA[q * n + j]! - dot);
    }
    if (p.kind === 'dot') {
      const qm = qs[h]!;
      const km = ks[h]!;
      const gQ = new Float64Array(n * k);
      const gK = new Float64Array(n * k);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const g = gS[i * n + j]! * invSqrtK;
          if (g === 0) continue;
          for (let c = 0; c < k; c++) {
            gQ[i * k + c] += g * km[j * k + c]!;
            gK[j * k + c] += g * qm[i * k + c]!;
          }
        }
      }
      matmulBackInto(gQ, n, k, p.wq!, h * d * k, d, gradX);
      matmulBackInto(gK, n, k, p.wk!, h * d * k, d, gradX);
    } else {
      const um = us[h]!;
      const gPre = new Float64Array(n * k);
      for (let j = 0; j < n; j++) {
        const g = gS[j]!;
        if (g === 0) continue;
        for (let c = 0; c < k; c++) {
          const u = um[j * k + c]!;
          gPre[j * k + c] = g * p.va![h * k + c]! * (1 - u * u);
        }
      }
      matmulBackInto(gPre, n, k, p.wa!, h * d * k, d, gradX);
    }
  }
  return { probs, attention, gradX, gradA };
}
