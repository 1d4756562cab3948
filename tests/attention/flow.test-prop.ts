/**
 * Axioms of max-flow and attention flow (fast-check): bounds by source out-capacity and sink in-capacity,
 * flow ≤ every cut (and = the certified min cut), monotone in capacities, layer-1 flow = layer-1 rollout,
 * and the fast solvers agree with Edmonds–Karp and the LP on random graphs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attentionFlow,
  createFlowGraph,
  createMaxFlowSolver,
  edmondsKarp,
  layeredAttentionGraph,
  lpMaxFlow,
  maxFlow,
  type FlowEdge,
} from '../../src/index.js';
import { stackArb as sharedStackArb, type Stack } from '../helpers/arbitraries.js';
import { expectClose } from '../helpers/close.js';

const stackArb = (maxL = 5, maxH = 3, maxN = 6): fc.Arbitrary<Stack> => sharedStackArb(maxL, maxH, maxN);

/** Â as Abnar builds it, computed here independently: head mean, + I, row-normalised. [L, n, n] nested. */
function prepared({ L, H, n, data }: Stack, residual = true): number[][][] {
  const out: number[][][] = [];
  for (let l = 0; l < L; l++) {
    const m: number[][] = [];
    for (let q = 0; q < n; q++) {
      const row: number[] = [];
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let h = 0; h < H; h++) s += data[((l * H + h) * n + q) * n + k]!;
        row.push(s / H + (residual && q === k ? 1 : 0));
      }
      const sum = row.reduce((a, b) => a + b, 0);
      m.push(row.map((v) => (sum > 0 ? v / sum : 0)));
    }
    out.push(m);
  }
  return out;
}

const shaped = (s: Stack) => ({ data: s.data, shape: [s.L, s.H, s.n, s.n] });
const TOL = 1e-12;

describe('attentionFlow axioms', () => {
  it('0 ≤ F[o, t] ≤ min(out-capacity of (l, o), in-capacity of (0, t)) for every read-out layer', () => {
    fc.assert(
      fc.property(stackArb(), fc.boolean(), (s, residual) => {
        const A = prepared(s, residual);
        for (let layer = 1; layer <= s.L; layer++) {
          const F = attentionFlow(shaped(s), { layer, residual, normalize: false });
          for (let o = 0; o < s.n; o++) {
            const out = A[layer - 1]![o]!.reduce((a, b) => a + b, 0);
            for (let t = 0; t < s.n; t++) {
              const inCap = A[0]!.reduce((a, row) => a + row[t]!, 0);
              const f = F.data[o * s.n + t]!;
              expect(f).toBeGreaterThanOrEqual(0);
              expect(f).toBeLessThanOrEqual(Math.min(out, inCap) * (1 + 1e-12) + 1e-15);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('F[o, t] ≤ the capacity of random cuts, and = the capacity of the certified minimum cut', () => {
    fc.assert(
      fc.property(stackArb(5, 2, 5), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (s, coin) => {
        const A = prepared(s);
        const g = layeredAttentionGraph(A);
        const solver = createMaxFlowSolver(g);
        const { n, L } = s;
        const F = attentionFlow(shaped(s), { normalize: false });
        const cutCapacity = (side: ArrayLike<number>): number => {
          let c = 0;
          for (let i = 1; i <= L; i++)
            for (let kf = 0; kf < n; kf++)
              for (let kt = 0; kt < n; kt++) if (side[i * n + kf] === 1 && side[(i - 1) * n + kt] !== 1) c += A[i - 1]![kf]![kt]!;
          return c;
        };
        for (let o = 0; o < n; o++) {
          for (let t = 0; t < n; t++) {
            const f = F.data[o * n + t]!;
            // random S ∋ source, ∌ sink
            const side = new Uint8Array((L + 1) * n);
            for (let v = 0; v < side.length; v++) side[v] = coin[(v * 7 + o * 3 + t) % coin.length] ? 1 : 0;
            side[L * n + o] = 1;
            side[t] = 0;
            expect(f).toBeLessThanOrEqual(cutCapacity(side) + 1e-12);
            // the cut around one layer j: S = source + layers j … L−1 + inputs ≠ t
            for (let j = 1; j < L; j++) {
              const layerCut = new Uint8Array((L + 1) * n);
              layerCut[L * n + o] = 1;
              for (let i = j; i < L; i++) layerCut.fill(1, i * n, (i + 1) * n);
              layerCut.fill(1, 0, n);
              layerCut[t] = 0;
              expect(f).toBeLessThanOrEqual(cutCapacity(layerCut) + 1e-12);
            }
            // certificate: the solver's min cut has capacity = the flow (= attentionFlow's value)
            const v = solver.maxFlow(L * n + o, t);
            expectClose(v, f, TOL);
            const cut = solver.minCut();
            expect(cut[L * n + o]).toBe(1);
            expect(cut[t]).toBe(0);
            expectClose(cutCapacity(cut), v, 1e-12);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('layer-1 flow equals layer-1 rollout Â₁ (computed here from the definition)', () => {
    fc.assert(
      fc.property(stackArb(), fc.boolean(), (s, residual) => {
        const A1 = prepared(s, residual)[0]!;
        expectClose(attentionFlow(shaped(s), { layer: 1, residual, normalize: false }).data, A1.flat(), 1e-14);
      }),
      { numRuns: 60 },
    );
  });

  it('layer-2 flow equals Σ_k min(Â₂[o, k], Â₁[k, t])', () => {
    fc.assert(
      fc.property(stackArb(3, 2, 6).filter((s) => s.L >= 2), (s) => {
        const A = prepared(s);
        const F = attentionFlow(shaped(s), { layer: 2, normalize: false });
        for (let o = 0; o < s.n; o++)
          for (let t = 0; t < s.n; t++) {
            let want = 0;
            for (let k = 0; k < s.n; k++) want += Math.min(A[1]![o]![k]!, A[0]![k]![t]!);
            expectClose(F.data[o * s.n + t]!, want, TOL);
          }
      }),
      { numRuns: 60 },
    );
  });

  it('auto solver = Edmonds–Karp on layeredAttentionGraph(Â) = LP, every read-out layer', () => {
    fc.assert(
      fc.property(stackArb(4, 2, 4), fc.boolean(), (s, residual) => {
        const A = prepared(s, residual);
        const g = layeredAttentionGraph(A);
        for (let layer = 1; layer <= s.L; layer++) {
          const F = attentionFlow(shaped(s), { layer, residual, normalize: false });
          for (let o = 0; o < s.n; o++)
            for (let t = 0; t < s.n; t++) {
              const f = F.data[o * s.n + t]!;
              expectClose(f, edmondsKarp(g, layer * s.n + o, t), TOL);
              if ((o + t) % 3 === 0) expectClose(f, lpMaxFlow(g, layer * s.n + o, t), 1e-10);
            }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('normalised rows sum to 1 and are the raw rows divided by their sums', () => {
    fc.assert(
      fc.property(stackArb(), (s) => {
        const raw = attentionFlow(shaped(s), { normalize: false });
        const norm = attentionFlow(shaped(s));
        for (let o = 0; o < s.n; o++) {
          const row = raw.data.slice(o * s.n, (o + 1) * s.n);
          const sum = row.reduce((a, b) => a + b, 0);
          expectClose(norm.data.slice(o * s.n, (o + 1) * s.n), Array.from(row, (v) => v / sum), 1e-15);
        }
      }),
      { numRuns: 40 },
    );
  });
});

/**
 * A random directed graph with a few nodes and capacities (zeros, integers, floats ≥ 1e-3: the solvers treat
 * capacities below 2⁻⁴⁶ × the largest capacity as 0, documented, so subnormal capacities are not generated).
 */
const graphArb = fc
  .integer({ min: 2, max: 9 })
  .chain((V) =>
    fc.record({
      V: fc.constant(V),
      edges: fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: V - 1 }),
          fc.integer({ min: 0, max: V - 1 }),
          fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 }), fc.double({ min: 1e-3, max: 5, noNaN: true })),
        ),
        { maxLength: 30 },
      ),
      s: fc.integer({ min: 0, max: V - 1 }),
      t: fc.integer({ min: 0, max: V - 1 }),
    }),
  )
  .filter(({ s, t }) => s !== t);

describe('maxFlow on general graphs', () => {
  it('maxFlow = createMaxFlowSolver = Edmonds–Karp = LP, and the min cut certifies the value', () => {
    fc.assert(
      fc.property(graphArb, ({ V, edges, s, t }) => {
        const g = createFlowGraph(V, edges as FlowEdge[]);
        const v = maxFlow(g, s, t);
        expectClose(v, edmondsKarp(g, s, t), TOL);
        expectClose(v, lpMaxFlow(g, s, t), 1e-10);
        const solver = createMaxFlowSolver(g);
        expect(solver.maxFlow(s, t)).toBe(v);
        const side = solver.minCut();
        let cut = 0;
        for (const [u, w, c] of edges) if (side[u] === 1 && side[w] === 0) cut += c;
        expectClose(cut, v, 1e-12);
        // the flow returned by edgeFlows is feasible and conserves flow
        const f = solver.edgeFlows();
        const net = new Float64Array(V);
        edges.forEach(([u, w, c], e) => {
          expect(f[e]).toBeLessThanOrEqual(c * (1 + 1e-12));
          net[u] -= f[e]!;
          net[w] += f[e]!;
        });
        for (let x = 0; x < V; x++) if (x !== s && x !== t) expect(Math.abs(net[x]!)).toBeLessThan(1e-9);
        expectClose(net[t]!, v, 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('max flow is monotone in the capacities', () => {
    fc.assert(
      fc.property(graphArb, fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 3, noNaN: true })), { minLength: 30, maxLength: 30 }), ({ V, edges, s, t }, extra) => {
        const g = createFlowGraph(V, edges as FlowEdge[]);
        const bigger = createFlowGraph(V, edges.map(([u, w, c], e) => [u, w, c + extra[e]!] as const));
        expect(maxFlow(bigger, s, t)).toBeGreaterThanOrEqual(maxFlow(g, s, t) * (1 - 1e-12));
      }),
      { numRuns: 200 },
    );
  });

  it('attention flow is monotone in the capacities of the layered graph', () => {
    fc.assert(
      fc.property(stackArb(4, 1, 5), fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 0.5, noNaN: true })), fc.nat(), (s, bump, seed) => {
        const A = prepared(s);
        const B = A.map((m, l) => m.map((row, q) => row.map((v, k) => v + ((l * 31 + q * 7 + k + seed) % 3 === 0 ? bump : 0))));
        const ga = createMaxFlowSolver(layeredAttentionGraph(A));
        const gb = createMaxFlowSolver(layeredAttentionGraph(B));
        for (let o = 0; o < s.n; o++)
          for (let t = 0; t < s.n; t++) expect(gb.maxFlow(s.L * s.n + o, t)).toBeGreaterThanOrEqual(ga.maxFlow(s.L * s.n + o, t) * (1 - 1e-12));
      }),
      { numRuns: 60 },
    );
  });
});
