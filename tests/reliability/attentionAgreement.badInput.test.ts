/**
 * Bad-input failures the generated sweep (tests/reliability/badInput.test.ts) found in src/attention
 * and src/agreement, which another family owns. Each case is an exact repro, excluded from the sweep
 * by tests/reliability/knownFailures.ts. Skipped until the owner's fix is merged: the lead enables
 * this file (describe.skip → describe) and empties KNOWN_FAILURES then.
 */
import { describe, expect, it } from 'vitest';
import { createFlowGraph } from '../../src/attention/index.js';
import { InputRangeError, ShapeMismatchError } from '../../src/errors/index.js';
import { classify } from './sweep.js';

describe('createFlowGraph: edges of absurd declared length get a typed error before any allocation', () => {
  it('createFlowGraph(2, new Array(2 ** 32 − 1)) is a typed error, not a native RangeError (Array buffer allocation failed)', () => {
    let error: unknown;
    try {
      createFlowGraph(2, new Array(2 ** 32 - 1));
    } catch (e) {
      error = e;
    }
    expect(classify(error)).toBeUndefined();
    expect(error).toBeInstanceOf(InputRangeError);
  });

  it('createFlowGraph(2, sparse array of length 2³¹ with one edge) fails fast, without allocating 32 GB first', () => {
    const edges = Object.assign(new Array(2 ** 31), { 0: [0, 1, 1] });
    const started = Date.now();
    let error: unknown;
    try {
      createFlowGraph(2, edges);
    } catch (e) {
      error = e;
    }
    expect(classify(error)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe('maxFlow and friends: a FlowGraph whose capacities are a Proxy of a Float64Array', () => {
  it.each(['maxFlow', 'edmondsKarp', 'lpMaxFlow', 'createMaxFlowSolver'] as const)('%s rejects it with a typed error, not a native TypeError (TypedArray length getter)', async (name) => {
    const attention = await import('../../src/attention/index.js');
    const g = attention.createFlowGraph(2, [[0, 1, 0.25]]);
    const bad = { ...g, capacities: new Proxy(g.capacities, {}) };
    let error: unknown;
    try {
      if (name === 'createMaxFlowSolver') attention.createMaxFlowSolver(bad as never);
      else attention[name](bad as never, 0, 1);
    } catch (e) {
      error = e;
    }
    expect(classify(error)).toBeUndefined();
  });
});
