import type { FlowGraph } from '../flowGraph.js';
import { buildCsr } from './buildCsr.js';

/**
 * The layered attention graph as CSR (unchecked internal): `caps` is [layers, n, n] (row = upper-layer node,
 * i.e. query); edge e = (i − 1)·n² + k_f·n + k_t goes from node i·n + k_f down to node (i − 1)·n + k_t.
 * Only the first `layers` matrices of `caps` are read.
 */
export function layeredCsr(caps: ArrayLike<number>, layers: number, n: number): FlowGraph & { readonly layers: number; readonly n: number } {
  const m = layers * n * n;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  let e = 0;
  for (let i = 1; i <= layers; i++) {
    for (let kf = 0; kf < n; kf++) {
      for (let kt = 0; kt < n; kt++) {
        from[e] = i * n + kf;
        to[e] = (i - 1) * n + kt;
        e++;
      }
    }
  }
  const cap = caps.length === m ? caps : Array.prototype.slice.call(caps, 0, m) as number[];
  return buildCsr((layers + 1) * n, from, to, cap, { layers, n });
}
