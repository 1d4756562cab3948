/**
 * attentionFlow, layeredAttentionGraph and the max-flow primitives on hand-checkable values: REFERENCE §5 F1
 * (Abnar & Zuidema's construction), textbook graphs, cut certificates.
 */
import { describe, expect, it } from 'vitest';
import {
  ATTENTION_FLOW_DEFAULTS,
  attentionFlow,
  createFlowGraph,
  createMaxFlowSolver,
  edmondsKarp,
  layeredAttentionGraph,
  lpMaxFlow,
  maxFlow,
} from '../../src/index.js';
import { expectClose } from '../helpers/close.js';

const EPS = 2.220446049250313e-16;
// REFERENCE §5 F1: heads already fused (rank 3), L = 2, n = 3.
const F1 = [
  [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]],
  [[0.3, 0.4, 0.3], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6]],
];
// Â after the residual: (A + I) / 2.
const F1_HAT = [
  [[0.8, 0.15, 0.05], [0.1, 0.75, 0.15], [0.05, 0.05, 0.9]],
  [[0.65, 0.2, 0.15], [0.25, 0.625, 0.125], [0.1, 0.1, 0.8]],
];

describe('REFERENCE §5 F1 — Abnar & Zuidema flow', () => {
  it('attentionFlow(F1) raw flow from L2_0 to the inputs is [0.8, 0.4, 0.35]', () => {
    const f = attentionFlow(F1, { outputs: [0], normalize: false });
    expect(f.shape).toEqual([1, 3]);
    expectClose(f.data, [0.8, 0.4, 0.35], 64 * EPS);
  });
  it('raw flow equals Σ_k min(Â₂[o, k], Â₁[k, t]) (hand formula for two layers)', () => {
    const f = attentionFlow(F1, { normalize: false });
    const want: number[] = [];
    for (let o = 0; o < 3; o++) {
      for (let t = 0; t < 3; t++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += Math.min(F1_HAT[1]![o]![k]!, F1_HAT[0]![k]![t]!);
        want.push(s);
      }
    }
    expectClose(f.data, want, 64 * EPS);
  });
  it('row-normalised block and its max over rows', () => {
    const f = attentionFlow(F1);
    const block = [0.516129, 0.258065, 0.225806, 0.258065, 0.532258, 0.209677, 0.172414, 0.172414, 0.655172];
    expectClose(f.data, block, 1e-6);
    const maxOverRows = [0, 1, 2].map((t) => Math.max(f.data[t]!, f.data[3 + t]!, f.data[6 + t]!));
    expectClose(maxOverRows, [0.516129, 0.532258, 0.655172], 1e-6);
  });
  it('maxFlow on layeredAttentionGraph(Â) gives the same raw values', () => {
    const g = layeredAttentionGraph(F1_HAT);
    expect(g.numNodes).toBe(9);
    expect(g.numEdges).toBe(18);
    expectClose([maxFlow(g, 6, 0), maxFlow(g, 6, 1), maxFlow(g, 6, 2)], [0.8, 0.4, 0.35], 64 * EPS);
    expectClose([edmondsKarp(g, 6, 0), lpMaxFlow(g, 6, 1)], [0.8, 0.4], 1e-11);
  });
});

describe('attentionFlow options', () => {
  const att = F1;
  it('defaults are Abnar’s: mean fusion, residual, normalised rows, top layer, all outputs', () => {
    expect(ATTENTION_FLOW_DEFAULTS).toEqual({ headFusion: 'mean', residual: true, rowSumTolerance: 1e-5, normalize: true, solver: 'auto' });
    const a = attentionFlow(att);
    const b = attentionFlow(att, { headFusion: 'mean', residual: true, layer: 2, outputs: [0, 1, 2], normalize: true, solver: 'auto' });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(a.shape).toEqual([3, 3]);
  });
  it('layer 1 flow equals Â₁ (= rollout at layer 1), raw and normalised', () => {
    expectClose(attentionFlow(att, { layer: 1, normalize: false }).data, F1_HAT[0]!.flat(), 4 * EPS);
    expectClose(attentionFlow(att, { layer: 1 }).data, F1_HAT[0]!.flat(), 4 * EPS);
  });
  it('outputs picks rows (duplicates allowed, order kept)', () => {
    const full = attentionFlow(att, { normalize: false });
    const sub = attentionFlow(att, { outputs: [2, 0, 2], normalize: false });
    expect(sub.shape).toEqual([3, 3]);
    expect(Array.from(sub.data)).toEqual([...full.data.slice(6, 9), ...full.data.slice(0, 3), ...full.data.slice(6, 9)]);
    expect(attentionFlow(att, { outputs: [] }).shape).toEqual([0, 3]);
  });
  it('residual: false uses Â = A (rows already sum to 1)', () => {
    const f = attentionFlow(att, { residual: false, normalize: false, outputs: [0] });
    // Σ_k min(A2[0,k], A1[k,t]) with A2[0] = [.3,.4,.3]
    expectClose(f.data, [0.3 + 0.2 + 0.1, 0.3 + 0.4 + 0.1, 0.1 + 0.3 + 0.3], 64 * EPS);
  });
  it('head fusion over a rank-4 stack: mean of two identical heads equals the fused input', () => {
    const stack = F1.map((layer) => [layer, layer]);
    expect(Array.from(attentionFlow(stack).data)).toEqual(Array.from(attentionFlow(F1).data));
    expect(attentionFlow(stack, { headFusion: 'max' }).data).toEqual(attentionFlow(stack, { headFusion: 'min' }).data);
  });
  it('accepts { data, shape } and { data, dims } (onnxruntime / transformers.js) without mutating them', () => {
    const data = new Float32Array(F1.flat(2));
    const copy = Float32Array.from(data);
    const a = attentionFlow({ data, shape: [2, 3, 3] }, { normalize: false });
    const b = attentionFlow({ data, dims: [2, 1, 3, 3] }, { normalize: false });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(data).toEqual(copy);
    expectClose(a.data.slice(0, 3), [0.8, 0.4, 0.35], 1e-7); // float32 input
  });
  it('a source whose row of Â is all zero has zero raw flow and a NaN normalised row', () => {
    // min fusion of two heads with disjoint supports in row 0 of layer 2, no residual
    const h1 = [[[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]];
    const h2 = [[[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 1, 0], [0, 1, 0], [0, 0, 1]]];
    const stack = [0, 1].map((l) => [h1[l]!, h2[l]!]);
    const raw = attentionFlow(stack, { headFusion: 'min', residual: false, normalize: false });
    expect(Array.from(raw.data.slice(0, 3))).toEqual([0, 0, 0]);
    const norm = attentionFlow(stack, { headFusion: 'min', residual: false });
    expect(Array.from(norm.data.slice(0, 3)).every(Number.isNaN)).toBe(true);
    expect(Array.from(norm.data.slice(3))).toEqual([0, 1, 0, 0, 0, 1]);
  });
  it('solvers agree: auto, edmondsKarp, lp', () => {
    const a = attentionFlow(att, { normalize: false });
    expectClose(attentionFlow(att, { normalize: false, solver: 'edmondsKarp' }).data, a.data, 1e-13);
    expectClose(attentionFlow(att, { normalize: false, solver: 'lp' }).data, a.data, 1e-11);
  });
  it('returns a fresh Float64Array each call', () => {
    const a = attentionFlow(att);
    const b = attentionFlow(att);
    expect(a.data).toBeInstanceOf(Float64Array);
    expect(a.data).not.toBe(b.data);
  });
});

describe('createFlowGraph / maxFlow / createMaxFlowSolver / edmondsKarp / lpMaxFlow', () => {
  // CLRS Figure 26.1 (max flow 23), nodes s=0, v1..v4 = 1..4, t=5.
  const clrs = [
    [0, 1, 16], [0, 2, 13], [1, 3, 12], [2, 1, 4], [2, 4, 14], [3, 2, 9], [3, 5, 20], [4, 3, 7], [4, 5, 4],
  ] as const;
  it('CLRS Figure 26.1: every solver gives 23', () => {
    const g = createFlowGraph(6, clrs);
    expect(maxFlow(g, 0, 5)).toBe(23);
    expect(edmondsKarp(g, 0, 5)).toBe(23);
    expectClose(lpMaxFlow(g, 0, 5), 23, 1e-11);
    expect(createMaxFlowSolver(g).maxFlow(0, 5)).toBe(23);
  });
  it('columns input gives the same graph as triples', () => {
    const a = createFlowGraph(6, clrs);
    const b = createFlowGraph(6, {
      from: Int32Array.from(clrs, (e) => e[0]),
      to: clrs.map((e) => e[1]),
      capacity: Float64Array.from(clrs, (e) => e[2]),
    });
    expect(b).toEqual(a);
  });
  it('CSR layout: offsets, reverse pairs, edgeArcs', () => {
    const g = createFlowGraph(3, [[0, 1, 2], [1, 2, 3], [0, 2, 1]]);
    expect(Array.from(g.offsets)).toEqual([0, 2, 4, 6]);
    for (let e = 0; e < 3; e++) {
      const a = g.edgeArcs[e]!;
      const b = g.reverse[a]!;
      expect(g.reverse[b]).toBe(a);
      expect(g.capacities[b]).toBe(0);
    }
    expect(Array.from(g.edgeArcs, (a) => g.capacities[a])).toEqual([2, 3, 1]);
    expect(Array.from(g.edgeArcs, (a) => g.targets[a])).toEqual([1, 2, 2]);
  });
  it('parallel edges add up, self-loops and edges into the source are harmless, unreachable sink gives 0', () => {
    const g = createFlowGraph(4, [[0, 1, 1], [0, 1, 2], [1, 1, 5], [1, 0, 7], [1, 2, 10], [3, 2, 4]]);
    expect(maxFlow(g, 0, 2)).toBe(3);
    expect(edmondsKarp(g, 0, 2)).toBe(3);
    expect(maxFlow(g, 0, 3)).toBe(0);
    expect(maxFlow(g, 2, 0)).toBe(0);
    expect(maxFlow(createFlowGraph(2, []), 0, 1)).toBe(0);
  });
  it('a flow that needs a reverse arc (the classic augmenting-path trap)', () => {
    // s=0, t=3; greedy 0→1→2→3 must be partly undone to reach 2.
    const g = createFlowGraph(4, [[0, 1, 1], [0, 2, 1], [1, 2, 1], [1, 3, 1], [2, 3, 1]]);
    expect(maxFlow(g, 0, 3)).toBe(2);
    expect(edmondsKarp(g, 0, 3)).toBe(2);
  });
  it('solver.edgeFlows is a feasible flow of the returned value and solver.minCut certifies it', () => {
    const g = createFlowGraph(6, clrs);
    const solver = createMaxFlowSolver(g);
    expect(Array.from(solver.edgeFlows())).toEqual(new Array(9).fill(0));
    expect(Array.from(solver.minCut())).toEqual([0, 0, 0, 0, 0, 0]);
    const v = solver.maxFlow(0, 5);
    const flows = solver.edgeFlows();
    const net = new Float64Array(6);
    clrs.forEach(([u, w, c], e) => {
      expect(flows[e]).toBeGreaterThanOrEqual(0);
      expect(flows[e]).toBeLessThanOrEqual(c);
      net[u] -= flows[e]!;
      net[w] += flows[e]!;
    });
    expect(Array.from(net)).toEqual([-23, 0, 0, 0, 0, 23]);
    const side = solver.minCut();
    expect(side[0]).toBe(1);
    expect(side[5]).toBe(0);
    const cut = clrs.reduce((s, [u, w, c]) => s + (side[u] === 1 && side[w] === 0 ? c : 0), 0);
    expect(cut).toBe(v);
  });
  it('the solver is reusable: the same pair twice, then other pairs, gives fresh answers', () => {
    const g = createFlowGraph(6, clrs);
    const solver = createMaxFlowSolver(g);
    expect([solver.maxFlow(0, 5), solver.maxFlow(0, 5), solver.maxFlow(1, 5), solver.maxFlow(0, 3), solver.maxFlow(0, 5)]).toEqual([
      23, 23, maxFlow(g, 1, 5), maxFlow(g, 0, 3), 23,
    ]);
  });
  it('lpMaxFlow refuses graphs above LP_MAX_EDGES', async () => {
    const { LP_MAX_EDGES, InputRangeError } = await import('../../src/index.js');
    const m = LP_MAX_EDGES + 1;
    const g = createFlowGraph(m + 1, { from: new Int32Array(m), to: Int32Array.from({ length: m }, (_, i) => i + 1), capacity: new Float64Array(m).fill(1) });
    expect(() => lpMaxFlow(g, 0, 1)).toThrow(InputRangeError);
  });
  it('a hand-built FlowGraph (not from createFlowGraph) is checked and solved', () => {
    const g = {
      numNodes: 2,
      numEdges: 1,
      offsets: Int32Array.from([0, 1, 2]),
      targets: Int32Array.from([1, 0]),
      capacities: Float64Array.from([2.5, 0]),
      reverse: Int32Array.from([1, 0]),
      edgeArcs: Int32Array.from([0]),
    };
    expect(maxFlow(g, 0, 1)).toBe(2.5);
    expect(edmondsKarp(g, 0, 1)).toBe(2.5);
  });
});
