/**
 * attentionFlow and the max-flow solvers against the independent networkx reference
 * (tests/fixtures/python/flow/runner.py: Abnar's get_flow_relevance + get_adjmat + compute_flows, networkx
 * `maximum_flow_value` with edmonds_karp and with the default preflow_push). Tolerance 1e-9 (relative, with an
 * absolute floor of 1e-9 for values below 1).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  attentionFlow,
  attentionFlowParallel,
  createMaxFlowSolver,
  edmondsKarp,
  layeredAttentionGraph,
  lpMaxFlow,
  type AttentionFlowOptions,
} from '../../src/index.js';
import { expectClose } from '../helpers/close.js';

interface Readout {
  layer: number;
  edmondsKarp: number[][];
  preflowPush: number[][];
  normalized: Array<Array<number | null>>;
  zeroRows: number;
}
interface Case {
  name: string;
  attention: number[][][] | number[][][][];
  shape: number[];
  headFusion: 'mean' | 'max' | 'min';
  residual: boolean;
  prepared: number[][][];
  readouts: Readout[];
  pairsBelowTrivialBound: number;
}
interface Fixture {
  networkx: string;
  numpy: string;
  cases: Case[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/python/flow/flow.json', import.meta.url), 'utf8')) as Fixture;
const TOL = 1e-9;
const flat = (rows: Array<Array<number | null>>): number[] => rows.flat().map((v) => (v === null ? NaN : v));

describe(`attentionFlow(a) equals networkx max-flow (networkx ${fixture.networkx}, numpy ${fixture.numpy})`, () => {
  it('the fixture exercises max-flows below the trivial bound min(out-capacity, in-capacity)', () => {
    const below = fixture.cases.reduce((s, c) => s + c.pairsBelowTrivialBound, 0);
    expect(below).toBeGreaterThan(500);
    expect(fixture.cases.some((c) => c.readouts.some((r) => r.zeroRows > 0))).toBe(true);
  });

  for (const c of fixture.cases) {
    const base: AttentionFlowOptions = { headFusion: c.headFusion, residual: c.residual };
    describe(c.name, () => {
      for (const r of c.readouts) {
        it(`layer ${r.layer}: raw flows equal networkx edmonds_karp and preflow_push`, () => {
          const got = attentionFlow(c.attention, { ...base, layer: r.layer, normalize: false });
          const n = got.shape[1]!;
          expect(got.shape).toEqual([n, n]);
          expectClose(got.data, flat(r.edmondsKarp), TOL, { label: `${c.name} L${r.layer} ek` });
          expectClose(got.data, flat(r.preflowPush), TOL, { label: `${c.name} L${r.layer} pp` });
        });
        it(`layer ${r.layer}: normalised rows equal the reference (0/0 rows → NaN)`, () => {
          const got = attentionFlow(c.attention, { ...base, layer: r.layer });
          expectClose(got.data, flat(r.normalized), TOL, { label: `${c.name} L${r.layer} norm` });
        });
      }
      it('maxFlow on layeredAttentionGraph(prepared Â) equals networkx for every pair', () => {
        const g = layeredAttentionGraph(c.prepared);
        const solver = createMaxFlowSolver(g);
        const n = g.n;
        for (const r of c.readouts) {
          const got: number[] = [];
          for (let o = 0; o < n; o++) for (let t = 0; t < n; t++) got.push(solver.maxFlow(r.layer * n + o, t));
          expectClose(got, flat(r.edmondsKarp), TOL, { label: `${c.name} L${r.layer} csr` });
        }
      });
    });
  }
});

describe('the reference solvers agree with networkx on the fixtures', () => {
  const small = fixture.cases.filter((c) => c.prepared.length * c.prepared[0]!.length ** 2 <= 300);
  it('attentionFlow(solver: edmondsKarp) and edmondsKarp on the CSR graph', () => {
    for (const c of fixture.cases.filter((x) => x.prepared.length <= 8)) {
      const r = c.readouts[c.readouts.length - 1]!;
      const got = attentionFlow(c.attention, { headFusion: c.headFusion, residual: c.residual, layer: r.layer, normalize: false, solver: 'edmondsKarp' });
      expectClose(got.data, flat(r.edmondsKarp), TOL, { label: `${c.name} ek` });
      const g = layeredAttentionGraph(c.prepared);
      expectClose(edmondsKarp(g, r.layer * g.n + 1, 0), r.edmondsKarp[1]![0]!, TOL);
    }
  });
  it('attentionFlow(solver: lp) and lpMaxFlow (javascript-lp-solver) on small graphs', () => {
    expect(small.length).toBeGreaterThanOrEqual(3);
    for (const c of small) {
      const r = c.readouts[c.readouts.length - 1]!;
      const got = attentionFlow(c.attention, { headFusion: c.headFusion, residual: c.residual, layer: r.layer, normalize: false, solver: 'lp' });
      expectClose(got.data, flat(r.edmondsKarp), TOL, { label: `${c.name} lp` });
      const g = layeredAttentionGraph(c.prepared);
      expectClose(lpMaxFlow(g, r.layer * g.n, g.n - 1), r.edmondsKarp[0]![g.n - 1]!, TOL);
    }
  });
});

describe('attentionFlowParallel equals networkx', () => {
  it('2 workers, deep-mean layer 12', async () => {
    const c = fixture.cases.find((x) => x.name === 'deep-mean')!;
    const r = c.readouts.find((x) => x.layer === 12)!;
    const got = await attentionFlowParallel(c.attention, { workers: 2, normalize: false });
    expectClose(got.data, flat(r.edmondsKarp), TOL);
  }, 60_000);
});
