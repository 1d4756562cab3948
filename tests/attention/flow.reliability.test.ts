/**
 * Issue 8, flow items: no crash, no hang, typed errors, immutable graphs. Each test failed before the fix.
 */
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  attentionFlow,
  attentionFlowParallel,
  attentionRollout,
  createFlowGraph,
  createMaxFlowSolver,
  createRng,
  edmondsKarp,
  InputRangeError,
  InputTypeError,
  layeredAttentionGraph,
  lpMaxFlow,
  maxFlow,
  ShapeMismatchError,
} from '../../src/index.js';
import { softmaxStack } from '../helpers/attention.js';

describe('attentionFlowParallel: control flow', () => {
  const att = softmaxStack(4, 2, 16, 5);

  it('an onProgress that throws rejects the promise (2 workers), and the workers stop', async () => {
    const boom = new Error('progress boom');
    let calls = 0;
    const p = attentionFlowParallel(att, { workers: 2, onProgress: () => { calls++; throw boom; } });
    await expect(p).rejects.toBe(boom);
    const seen = calls;
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(seen); // no further progress after the rejection: the workers are gone
    // workers: 1 rejects as well
    await expect(attentionFlowParallel(att, { workers: 1, onProgress: () => { throw boom; } })).rejects.toBe(boom);
  }, 60_000);

  it('an abort() in the same tick as the call is honoured (any worker count)', async () => {
    for (const workers of [1, 2]) {
      const c = new AbortController();
      const p = attentionFlowParallel(att, { workers, signal: c.signal });
      c.abort('now');
      await expect(p).rejects.toBeInstanceOf(AbortError);
    }
  }, 60_000);

  it('a signal from another realm or a polyfill (aborted + add/removeEventListener) is accepted and honoured', async () => {
    for (const workers of [1, 2]) {
      const sig = Object.assign(new EventTarget(), { aborted: false, reason: undefined as unknown });
      const p = attentionFlowParallel(att, { workers, signal: sig as unknown as AbortSignal });
      sig.aborted = true;
      sig.reason = 'polyfill';
      sig.dispatchEvent(new Event('abort'));
      await expect(p).rejects.toBeInstanceOf(AbortError);
    }
  }, 60_000);

  it('a signal that is not an AbortSignal is an InputTypeError up front (any worker count)', async () => {
    for (const workers of [1, 2]) {
      for (const signal of [{ aborted: false }, { aborted: false, addEventListener: 1 }, 'abort', 5, null]) {
        await expect(attentionFlowParallel(att, { workers, signal: signal as never })).rejects.toBeInstanceOf(InputTypeError);
      }
    }
  }, 60_000);
});

describe('built flow graphs are immutable for the solvers', () => {
  it('graph wrappers are frozen', () => {
    const g = createFlowGraph(3, [[0, 1, 2], [1, 2, 3]]);
    expect(Object.isFrozen(g)).toBe(true);
    expect(Object.isFrozen(layeredAttentionGraph([[[0.5, 0.5], [0.5, 0.5]]]))).toBe(true);
  });

  it('a solver keeps its values when the graph arrays are written afterwards', () => {
    const g = createFlowGraph(4, [[0, 1, 3], [1, 3, 2], [0, 2, 1], [2, 3, 5]]);
    const solver = createMaxFlowSolver(g);
    g.capacities.fill(0);
    g.reverse.fill(0);
    expect(solver.maxFlow(0, 3)).toBe(3);
    expect(solver.edgeFlows()).toEqual(new Float64Array([2, 2, 1, 1]));
  });

  it('writing bad values into a built graph gives a typed error, never a wrong flow or an endless maxFlow', () => {
    const make = () => createFlowGraph(4, [[0, 1, 3], [1, 3, 2], [0, 2, 1], [2, 3, 5]]);
    const writes: [string, (g: ReturnType<typeof make>) => void, typeof InputRangeError][] = [
      ['NaN capacity', (g) => { g.capacities[g.edgeArcs[0]!] = NaN; }, InputRangeError],
      ['negative capacity', (g) => { g.capacities[g.edgeArcs[1]!] = -1; }, InputRangeError],
      ['infinite capacity', (g) => { g.capacities[g.edgeArcs[1]!] = Infinity; }, InputRangeError],
      ['capacity on a reverse arc', (g) => { g.capacities[g.reverse[g.edgeArcs[1]!]!] = 5; }, InputRangeError],
      ['broken reverse', (g) => { g.reverse[0] = 0; }, ShapeMismatchError],
      ['target out of range', (g) => { g.targets[0] = 99; }, InputRangeError],
      ['offsets not monotone', (g) => { g.offsets[2] = 0; }, ShapeMismatchError],
      ['self-pointing target', (g) => { g.targets[0] = 0; }, ShapeMismatchError],
    ];
    for (const [what, write, cls] of writes) {
      for (const solve of [maxFlow, edmondsKarp, lpMaxFlow, (g: never, s: number, t: number) => createMaxFlowSolver(g).maxFlow(s, t)]) {
        const g = make();
        write(g);
        let err: unknown;
        try {
          solve(g as never, 0, 3);
        } catch (e) {
          err = e;
        }
        if (what === 'capacity on a reverse arc') {
          // a capacity on a reverse arc is a valid (antiparallel) capacity: a correct result, not an error
          expect(err).toBeUndefined();
          continue;
        }
        expect(err, what).toBeInstanceOf(cls);
      }
    }
  });

  it('a layered graph whose capacities were changed is re-read: maxFlow uses the new values', () => {
    const g = layeredAttentionGraph([[[0.8, 0.2], [0.3, 0.7]]]);
    expect(maxFlow(g, 2, 1)).toBe(0.2);
    g.capacities[g.edgeArcs[1]!] = 0.25;
    expect(maxFlow(g, 2, 1)).toBe(0.25);
  });

  it('every solver terminates on capacities spanning 600 orders of magnitude', () => {
    const rng = createRng(3);
    const edges: [number, number, number][] = [];
    for (let e = 0; e < 300; e++) {
      const u = rng.nextInt(30);
      const v = rng.nextInt(30);
      edges.push([u, v, 10 ** (rng.nextInt(600) - 300)]);
    }
    const g = createFlowGraph(30, edges);
    for (let t = 1; t < 30; t++) {
      const a = maxFlow(g, 0, t);
      const b = edmondsKarp(g, 0, t);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(a, b, Number.MIN_VALUE));
    }
  });
});

describe('odd inputs give typed errors before allocating', () => {
  const throwingProxy = new Proxy([1, 2, 3], { get(t, p) { if (p === '0') throw new Error('boom'); return Reflect.get(t, p); } });
  const getter: number[] = [0.5, 0.5];
  Object.defineProperty(getter, 1, { get() { throw new Error('getter'); } });
  const lonely: number[] = [];
  lonely[0] = 1;
  lonely.length = 2 ** 32 - 1;
  const odd: [string, unknown][] = [
    ['sparse new Array(2**32 - 1)', new Array(2 ** 32 - 1)],
    ['length 2**32 - 1 with only index 0 set', lonely],
    ['nested sparse', [new Array(2 ** 32 - 1)]],
    ['ragged stack whose product overflows', [[[new Array(2 ** 31)]]]],
    ['BigInt64Array', new BigInt64Array(4)],
    ['{ data: BigInt64Array, shape }', { data: new BigInt64Array(4), shape: [2, 2] }],
    ['proxy whose get throws', throwingProxy],
    ['getter that throws', getter],
    ['shape not an array', { data: [1, 2, 3, 4], shape: '22' }],
    ['data getter that throws', { get data() { throw new Error('x'); }, shape: [1] }],
    ['DataView', new DataView(new ArrayBuffer(8))],
    ['symbol', Symbol('s')],
  ];
  const calls: [string, (x: unknown) => unknown][] = [
    ['attentionFlow', (x) => attentionFlow(x as never)],
    ['attentionFlow', (x) => attentionFlow([[[0.5, 0.5], [0.5, 0.5]]], { outputs: x as never })],
    ['layeredAttentionGraph', (x) => layeredAttentionGraph(x as never)],
    ['createFlowGraph', (x) => createFlowGraph(3, x as never)],
    ['createFlowGraph', (x) => createFlowGraph(3, { from: x, to: x, capacity: x } as never)],
    ['createFlowGraph', (x) => createFlowGraph(x as never, [])],
    ['maxFlow', (x) => maxFlow(x as never, 0, 1)],
    ['createMaxFlowSolver', (x) => createMaxFlowSolver(x as never)],
    ['edmondsKarp', (x) => edmondsKarp(x as never, 0, 1)],
    ['lpMaxFlow', (x) => lpMaxFlow(x as never, 0, 1)],
  ];
  for (const [fn, call] of calls) {
    it(`${fn}: every odd value is an InputTypeError or InputRangeError naming ${fn}`, () => {
      for (const [what, v] of odd) {
        const t0 = Date.now();
        let err: unknown;
        try {
          call(v);
        } catch (e) {
          err = e;
        }
        expect(Date.now() - t0, what).toBeLessThan(2000);
        if (err === undefined) continue; // a correct result is fine too
        expect(err instanceof InputTypeError || err instanceof InputRangeError, `${what}: ${String(err)}`).toBe(true);
        expect((err as Error).message.startsWith(`${fn}:`), `${what}: ${String(err)}`).toBe(true);
      }
    });
  }

  it('an absurdly long outputs list is an InputRangeError before the result is allocated', () => {
    const A = [[[0.5, 0.5], [0.5, 0.5]]];
    expect(() => attentionFlow(A, { outputs: new Array(2 ** 32 - 1) })).toThrow(InputRangeError);
    expect(() => attentionRollout(A, { outputs: new Array(2 ** 32 - 1) })).toThrow(InputRangeError);
  });

  it('a proxy of a typed array inside a FlowGraph is an InputTypeError', () => {
    const g = createFlowGraph(2, [[0, 1, 1]]);
    const proxied = { ...g, capacities: new Proxy(g.capacities, {}) };
    expect(() => maxFlow(proxied, 0, 1)).toThrow(InputTypeError);
  });
});
