import type { FlowGraph } from '../flowGraph.js';
import { iterationBoundError } from './checkGraph.js';

/**
 * Relative tolerance of the "residual capacity > 0" test: an arc whose residual capacity is at most
 * `RESIDUAL_EPS · maxCapacity` counts as saturated. 2⁻⁴⁶ ≈ 1.4e-14, a few hundred ulps of the largest
 * capacity: far above the rounding noise that `c − f` accumulates, far below any real capacity.
 */
export const RESIDUAL_EPS = 2 ** -46;

/**
 * Dinic's algorithm on a CSR {@link FlowGraph}, with buffers kept across solves (unchecked internal).
 *
 * - **Levels** are BFS distances *to the sink* in the residual graph (a backward BFS over the reverse
 *   residual arcs), so the blocking-flow search from the source only enters nodes that can still reach the
 *   sink; the BFS stops as soon as it labels the source (nodes farther away can never be on a shortest path).
 * - **Blocking flow**: iterative depth-first search with current-arc pointers (no recursion), augmenting along
 *   each source–sink path found and retreating to the first saturated arc.
 * - **Early exit**: the flow can never exceed `min(residual out-capacity of the source, in-capacity of the
 *   sink)`; once it reaches that bound (up to rounding) no final BFS is needed.
 * - **Reset** between solves touches only the arcs that carried flow.
 *
 * Complexity O(V²·E) in the worst case (Dinic); on the layered attention graphs one or two phases suffice.
 */
export class DinicSolver {
  readonly graph: FlowGraph;
  /** Residual capacity of each arc. */
  readonly res: Float64Array;
  private readonly level: Int32Array;
  private readonly iter: Int32Array;
  private readonly queue: Int32Array;
  private readonly path: Int32Array;
  private readonly dirty: Uint8Array;
  private readonly touched: Int32Array;
  private nTouched = 0;
  readonly eps: number;
  private readonly fn: string;

  /** `graph` must be a private validated snapshot (checkGraph); `fn` names the public function in errors. */
  constructor(graph: FlowGraph, fn = 'maxFlow') {
    this.graph = graph;
    this.fn = fn;
    const arcs = graph.targets.length;
    const n = graph.numNodes;
    this.res = graph.capacities.slice();
    this.level = new Int32Array(n).fill(-1);
    this.iter = new Int32Array(n);
    this.queue = new Int32Array(n);
    this.path = new Int32Array(n);
    this.dirty = new Uint8Array(arcs);
    this.touched = new Int32Array(arcs);
    let maxCap = 0;
    const caps = graph.capacities;
    for (let a = 0; a < arcs; a++) if (caps[a]! > maxCap) maxCap = caps[a]!;
    this.eps = maxCap * RESIDUAL_EPS;
  }

  /** Restore the residual capacities of every arc that carried flow in the last solve. */
  reset(): void {
    const { res, dirty, touched } = this;
    const caps = this.graph.capacities;
    const rev = this.graph.reverse;
    for (let i = 0; i < this.nTouched; i++) {
      const a = touched[i]!;
      const b = rev[a]!;
      res[a] = caps[a]!;
      res[b] = caps[b]!;
      dirty[a] = 0;
      dirty[b] = 0;
    }
    this.nTouched = 0;
  }

  /** Maximum flow value from `s` to `t` (s ≠ t, both valid). */
  solve(s: number, t: number): number {
    this.reset();
    const { res, level, iter, queue, path, dirty, touched, eps } = this;
    const { offsets, targets, reverse } = this.graph;
    // Trivial upper bound: min(out-capacity of s, in-capacity of t).
    let outCap = 0;
    for (let a = offsets[s]!, end = offsets[s + 1]!; a < end; a++) outCap += res[a]!;
    let inCap = 0;
    for (let a = offsets[t]!, end = offsets[t + 1]!; a < end; a++) inCap += res[reverse[a]!]!;
    const bound = outCap < inCap ? outCap : inCap;
    if (!(bound > eps)) return 0;
    const stop = bound - bound * 4 * Number.EPSILON * 64;
    let flow = 0;
    let nTouched = this.nTouched;
    // Termination backstops (never reached: see docs/flow.md, "Termination"): at most V phases, since the
    // source's distance to the sink grows every phase; per phase every step advances a current-arc pointer,
    // kills a node, or extends a path of at most V arcs.
    const numNodes = this.graph.numNodes;
    const arcsTotal = this.graph.targets.length;
    const stepBound = (arcsTotal + numNodes + 1) * (numNodes + 1);
    let phases = 0;
    for (;;) {
      if (++phases > numNodes + 1) throw iterationBoundError(this.fn, numNodes + 1);
      let steps = 0;
      // Backward BFS from t over arcs w→v with residual > eps (arc a of v, its pair reverse[a] is w→v).
      let head = 0;
      let tail = 0;
      queue[tail++] = t;
      level[t] = 0;
      let found = false;
      bfs: while (head < tail) {
        const v = queue[head++]!;
        const lw = level[v]! + 1;
        for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
          const w = targets[a]!;
          if (level[w]! < 0 && res[reverse[a]!]! > eps) {
            level[w] = lw;
            queue[tail++] = w;
            if (w === s) {
              found = true;
              break bfs;
            }
          }
        }
      }
      if (!found) {
        for (let i = 0; i < tail; i++) level[queue[i]!] = -1;
        break;
      }
      for (let i = 0; i < tail; i++) {
        const v = queue[i]!;
        iter[v] = offsets[v]!;
      }
      // Blocking flow: iterative DFS with current arcs.
      let depth = 0;
      let u = s;
      for (;;) {
        if (++steps > stepBound) throw iterationBoundError(this.fn, stepBound);
        if (u === t) {
          let d = Infinity;
          for (let i = 0; i < depth; i++) {
            const r = res[path[i]!]!;
            if (r < d) d = r;
          }
          let cut = -1;
          for (let i = 0; i < depth; i++) {
            const a = path[i]!;
            const b = reverse[a]!;
            const r = res[a]! - d;
            res[a] = r;
            res[b] = res[b]! + d;
            if (dirty[a] === 0) {
              dirty[a] = 1;
              touched[nTouched++] = a;
            }
            if (cut < 0 && r <= eps) cut = i;
          }
          flow += d;
          if (flow >= stop) {
            this.nTouched = nTouched;
            for (let i = 0; i < tail; i++) level[queue[i]!] = -1;
            return flow > bound ? bound : flow;
          }
          depth = cut < 0 ? 0 : cut;
          u = depth === 0 ? s : targets[path[depth - 1]!]!;
          continue;
        }
        const want = level[u]! - 1;
        let a = iter[u]!;
        const end = offsets[u + 1]!;
        for (; a < end; a++) {
          if (res[a]! > eps && level[targets[a]!] === want) break;
        }
        iter[u] = a;
        if (a < end) {
          path[depth++] = a;
          u = targets[a]!;
        } else {
          level[u] = -2; // dead end for the rest of this phase
          if (depth === 0) break;
          const back = path[--depth]!;
          u = depth === 0 ? s : targets[path[depth - 1]!]!;
          iter[u] = back + 1;
        }
      }
      for (let i = 0; i < tail; i++) level[queue[i]!] = -1;
    }
    this.nTouched = nTouched;
    return flow;
  }
}
