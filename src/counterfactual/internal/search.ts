/**
 * The adversarial attention search (Jain & Wallace's `AdversaryMulti`): K candidates parameterised by
 * logits over the free keys, Adam (AMSGrad) on
 *
 *   loss_k = −JSD(α̃_k, α) + λ · ReLU(TVD_k − ε) − γ · (1/K) Σ_{k'≠k} JSD(α̃_k, α̃_k')
 *
 * (JSDs averaged over the replaced rows). The JSD and diversity terms have analytic gradients; the
 * hinge term's gradient comes from `attentionGradient` (chain rule through the output distribution
 * and the softmax of the logits) or, without it, from a seeded simultaneous-perturbation (SPSA)
 * estimate on the logits.
 *
 * @module
 */
import type { Rng } from '../../random/createRng.js';
import { checkAbort, type Context, buildOverrides, repeatInput, toDistribution, tvdOf } from './context.js';
import { addJsdGradient, meanJsd } from './jsd.js';

/** Settings of one search. */
export interface SearchSettings {
  readonly K: number;
  readonly steps: number;
  readonly epsilon: number;
  readonly acceptEpsilon: number;
  readonly learningRate: number;
  readonly penalty: number;
  readonly diversity: number;
  readonly initScale: number;
  readonly perturbation: number;
  readonly useGradient: boolean;
}

/** What the search returns before the re-check. */
export interface SearchOutcome {
  /** Per candidate: the best iterate within `acceptEpsilon` seen during the search, else the final one. */
  readonly candidates: Float64Array[];
}

/** Row r's free weights from its logits: `mass_r · softmax(z_r)`, other keys from `original`. */
function attentionOf(ctx: Context, z: Float64Array, mass: Float64Array, out: Float64Array): void {
  const { rows, n, keys } = ctx;
  const m = keys.length;
  out.set(ctx.original);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let i = 0; i < m; i++) max = Math.max(max, z[r * m + i]!);
    let s = 0;
    for (let i = 0; i < m; i++) s += Math.exp(z[r * m + i]! - max);
    for (let i = 0; i < m; i++) out[r * n + keys[i]!] = (mass[r]! * Math.exp(z[r * m + i]! - max)) / s;
  }
}

/** Chain `g = ∂loss/∂α̃` (free keys) through `α̃ = mass · softmax(z)` into `gz` (added). */
function chainSoftmax(ctx: Context, att: Float64Array, mass: Float64Array, g: Float64Array, gz: Float64Array): void {
  const { rows, n, keys } = ctx;
  const m = keys.length;
  for (let r = 0; r < rows; r++) {
    if (mass[r]! <= 0) continue;
    let dot = 0;
    for (let i = 0; i < m; i++) dot += att[r * n + keys[i]!]! * g[r * n + keys[i]!]!;
    dot /= mass[r]!;
    for (let i = 0; i < m; i++) {
      const a = att[r * n + keys[i]!]!;
      gz[r * m + i] = gz[r * m + i]! + a * (g[r * n + keys[i]!]! - dot);
    }
  }
}

/** Classes whose output gradients are needed for ∂TVD, and the coefficients a_c with ∂TVD = Σ a_c ∂out_c. */
function tvdCoefficients(ctx: Context, p: Float64Array): { classes: number[]; coef: number[] } {
  const { C, kind } = ctx;
  const p0 = ctx.probabilities;
  const sign = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);
  if (C === 1) {
    const s = sign(p[1]! - p0[1]!);
    return { classes: [0], coef: [kind === 'logits' ? s * p[1]! * (1 - p[1]!) : s] };
  }
  if (kind === 'probabilities' && C === 2) return { classes: [0], coef: [sign(p[0]! - p0[0]!)] };
  const s = Array.from(p, (v, c) => 0.5 * sign(v - p0[c]!));
  if (kind === 'probabilities') return { classes: Array.from({ length: C }, (_, c) => c), coef: s };
  let sp = 0;
  for (let c = 0; c < C; c++) sp += s[c]! * p[c]!;
  return { classes: Array.from({ length: C }, (_, c) => c), coef: s.map((sc, c) => p[c]! * (sc - sp)) };
}

/** The classes a gradient pass needs (fixed per model). */
function neededClasses(ctx: Context): number[] {
  if (ctx.C === 1 || (ctx.kind === 'probabilities' && ctx.C === 2)) return [0];
  return Array.from({ length: ctx.C }, (_, c) => c);
}

/** Run the search; `report(step)` after each step. */
export async function runSearch(ctx: Context, s: SearchSettings, rng: Rng, report: (step: number) => void): Promise<SearchOutcome> {
  const { rows, n, keys } = ctx;
  const m = keys.length;
  const K = s.K;
  const size = rows * m;
  const mass = new Float64Array(rows);
  for (let r = 0; r < rows; r++) for (const j of keys) mass[r] = mass[r]! + ctx.original[r * n + j]!;
  // J&W initialisation: log(1/m) + 3·N(0, 1)
  const z = Array.from({ length: K }, () => {
    const v = new Float64Array(size);
    for (let i = 0; i < size; i++) v[i] = Math.log(1 / m) + s.initScale * rng.normal();
    return v;
  });
  const mom = Array.from({ length: K }, () => new Float64Array(size));
  const vel = Array.from({ length: K }, () => new Float64Array(size));
  const vmax = Array.from({ length: K }, () => new Float64Array(size));
  const att = Array.from({ length: K }, () => new Float64Array(rows * n));
  const best: (Float64Array | null)[] = new Array(K).fill(null);
  const bestJsd = new Float64Array(K).fill(-1);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const adamEps = 1e-8;
  const classes = neededClasses(ctx);
  const nc = classes.length;
  const C = ctx.C;
  const nH = ctx.heads.length;
  const perLayer = nH * ctx.Q * n;

  const consider = (k: number, a: Float64Array, tvd: number): void => {
    if (tvd > s.acceptEpsilon) return;
    const j = meanJsd(a, ctx.original, rows, n, keys);
    if (j > bestJsd[k]!) {
      bestJsd[k] = j;
      best[k] = Float64Array.from(a);
    }
  };

  for (let step = 0; step < s.steps; step++) {
    checkAbort(ctx.fn, ctx.signal);
    for (let k = 0; k < K; k++) attentionOf(ctx, z[k]!, mass, att[k]!);
    // ∂loss/∂α̃ of the JSD and diversity terms (free keys), per candidate
    const gAtt = att.map(() => new Float64Array(rows * n));
    for (let k = 0; k < K; k++) {
      for (let r = 0; r < rows; r++) {
        addJsdGradient(att[k]!, r * n, ctx.original, r * n, keys, -1 / rows, gAtt[k]!);
        if (s.diversity !== 0 && K > 1) {
          for (let k2 = 0; k2 < K; k2++) {
            if (k2 === k) continue;
            // d/dα̃_k of (1/K) Σ_{k≠k'} JSD(α̃_k, α̃_k'): each unordered pair appears twice
            addJsdGradient(att[k]!, r * n, att[k2]!, r * n, keys, (-2 * s.diversity) / (K * rows), gAtt[k]!);
          }
        }
      }
    }
    const gz = z.map(() => new Float64Array(size));
    if (s.useGradient) {
      const B = K * nc;
      const cands: Float64Array[] = [];
      const targets: number[] = [];
      for (let k = 0; k < K; k++) for (const c of classes) (cands.push(att[k]!), targets.push(c));
      const input = repeatInput(ctx, B);
      const res = await ctx.adapter.attentionGradient!(input.embeddings, targets, {
        attention: buildOverrides(ctx, cands),
        ...(input.mask ? { inputMask: input.mask } : {}),
      });
      for (let k = 0; k < K; k++) {
        const p = toDistribution(res.outputs.data, k * nc * C, C, ctx.kind);
        const tvd = tvdOf(p, ctx.probabilities);
        consider(k, att[k]!, tvd);
        if (tvd <= s.epsilon) continue;
        const { coef } = tvdCoefficients(ctx, p);
        for (let ci = 0; ci < nc; ci++) {
          const b = k * nc + ci;
          const a = coef[ci]! * s.penalty;
          if (a === 0) continue;
          ctx.layers.forEach((_, li) => {
            const g = res.gradients[li]!.data;
            const src = b * perLayer;
            const dst = li * perLayer;
            for (let i = 0; i < perLayer; i++) gAtt[k]![dst + i] = gAtt[k]![dst + i]! + a * g[src + i]!;
          });
        }
      }
      for (let k = 0; k < K; k++) chainSoftmax(ctx, att[k]!, mass, gAtt[k]!, gz[k]!);
    } else {
      // SPSA on the hinge term: evaluate z, z + cΔ, z − cΔ in one batch
      const deltas = z.map(() => {
        const dl = new Float64Array(size);
        for (let i = 0; i < size; i++) dl[i] = rng.nextUint32() & 1 ? 1 : -1;
        return dl;
      });
      const cands: Float64Array[] = [];
      for (let k = 0; k < K; k++) {
        cands.push(att[k]!);
        for (const sgn of [1, -1]) {
          const zz = Float64Array.from(z[k]!, (v, i) => v + sgn * s.perturbation * deltas[k]![i]!);
          const a = new Float64Array(rows * n);
          attentionOf(ctx, zz, mass, a);
          cands.push(a);
        }
      }
      const input = repeatInput(ctx, cands.length);
      const res = await ctx.adapter.forward(input.embeddings, {
        attention: buildOverrides(ctx, cands),
        ...(input.mask ? { inputMask: input.mask } : {}),
      });
      const hinge = (b: number): number => Math.max(0, tvdOf(toDistribution(res.outputs.data, b * C, C, ctx.kind), ctx.probabilities) - s.epsilon);
      for (let k = 0; k < K; k++) {
        const tvd = tvdOf(toDistribution(res.outputs.data, 3 * k * C, C, ctx.kind), ctx.probabilities);
        consider(k, att[k]!, tvd);
        chainSoftmax(ctx, att[k]!, mass, gAtt[k]!, gz[k]!);
        const diff = (s.penalty * (hinge(3 * k + 1) - hinge(3 * k + 2))) / (2 * s.perturbation);
        if (diff !== 0) for (let i = 0; i < size; i++) gz[k]![i] = gz[k]![i]! + diff * deltas[k]![i]!;
      }
    }
    // Adam with AMSGrad (PyTorch's update)
    const t = step + 1;
    const bc1 = 1 - beta1 ** t;
    const bc2 = 1 - beta2 ** t;
    for (let k = 0; k < K; k++) {
      const g = gz[k]!;
      const zk = z[k]!;
      const mk = mom[k]!;
      const vk = vel[k]!;
      const vm = vmax[k]!;
      for (let i = 0; i < size; i++) {
        mk[i] = beta1 * mk[i]! + (1 - beta1) * g[i]!;
        vk[i] = beta2 * vk[i]! + (1 - beta2) * g[i]! * g[i]!;
        vm[i] = Math.max(vm[i]!, vk[i]!);
        zk[i] = zk[i]! - (s.learningRate / bc1) * (mk[i]! / (Math.sqrt(vm[i]!) / Math.sqrt(bc2) + adamEps));
      }
    }
    report(step + 1);
  }
  // the final iterates
  checkAbort(ctx.fn, ctx.signal);
  for (let k = 0; k < K; k++) attentionOf(ctx, z[k]!, mass, att[k]!);
  const input = repeatInput(ctx, K);
  const res = await ctx.adapter.forward(input.embeddings, { attention: buildOverrides(ctx, att), ...(input.mask ? { inputMask: input.mask } : {}) });
  for (let k = 0; k < K; k++) consider(k, att[k]!, tvdOf(toDistribution(res.outputs.data, k * C, C, ctx.kind), ctx.probabilities));
  return { candidates: att.map((a, k) => best[k] ?? Float64Array.from(a)) };
}
