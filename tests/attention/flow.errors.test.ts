/** Bad inputs to the flow functions: typed errors naming the function (table-driven). */
import { describe, expect, it } from 'vitest';
import {
  attentionFlow,
  attentionFlowParallel,
  createFlowGraph,
  createMaxFlowSolver,
  edmondsKarp,
  InputRangeError,
  InputTypeError,
  layeredAttentionGraph,
  lpMaxFlow,
  maxFlow,
  ShapeMismatchError,
} from '../../src/index.js';

const ok2 = [
  [0.5, 0.5],
  [0.25, 0.75],
];
const good = [ok2, ok2];
const g = createFlowGraph(3, [[0, 1, 1], [1, 2, 1]]);

type ErrorClass = typeof InputTypeError | typeof InputRangeError | typeof ShapeMismatchError;
const bad: Array<[string, () => unknown, ErrorClass, string, RegExp?]> = [
  // attention input (validated by the shared preparation)
  ['null attention', () => attentionFlow(null as never), InputTypeError, 'attentionFlow'],
  ['rank 2', () => attentionFlow(ok2), ShapeMismatchError, 'attentionFlow'],
  ['non-square', () => attentionFlow([[[0.5, 0.5, 0], [0.5, 0.5, 0]]]), ShapeMismatchError, 'attentionFlow', /square/],
  ['ragged', () => attentionFlow([[[0.5, 0.5], [1]]]), ShapeMismatchError, 'attentionFlow', /ragged/],
  ['negative weight', () => attentionFlow([[[1.5, -0.5], [0.5, 0.5]]]), InputRangeError, 'attentionFlow', /non-negative/],
  ['NaN weight', () => attentionFlow({ data: [0.5, 0.5, NaN, 0.5], shape: [1, 2, 2] }), InputRangeError, 'attentionFlow', /finite/],
  ['row not summing to 1', () => attentionFlow([ok2, [[0.5, 0.4], [0.5, 0.5]]]), InputRangeError, 'attentionFlow', /sum to 1/],
  ['bad row in a layer above the read-out layer', () => attentionFlow([ok2, [[0.5, 0.4], [0.5, 0.5]]], { layer: 1 }), InputRangeError, 'attentionFlow', /sum to 1/],
  // options
  ['options not an object', () => attentionFlow(good, 3 as never), InputTypeError, 'attentionFlow'],
  ['unknown option', () => attentionFlow(good, { discard: 0.5 } as never), InputTypeError, 'attentionFlow', /unknown option 'discard'/],
  ['headFusion', () => attentionFlow(good, { headFusion: 'sum' as never }), InputTypeError, 'attentionFlow', /headFusion/],
  ['residual not boolean', () => attentionFlow(good, { residual: 1 as never }), InputTypeError, 'attentionFlow', /residual/],
  ['negative rowSumTolerance', () => attentionFlow(good, { rowSumTolerance: -1 }), InputRangeError, 'attentionFlow'],
  ['layer 0', () => attentionFlow(good, { layer: 0 }), InputRangeError, 'attentionFlow', /layer.*\(got 0\)/],
  ['layer above L', () => attentionFlow(good, { layer: 3 }), InputRangeError, 'attentionFlow', /\(got 3\)/],
  ['layer not an integer', () => attentionFlow(good, { layer: 1.5 }), InputTypeError, 'attentionFlow', /layer/],
  ['outputs not an array', () => attentionFlow(good, { outputs: 0 as never }), InputTypeError, 'attentionFlow', /outputs/],
  ['output position out of range', () => attentionFlow(good, { outputs: [0, 2] }), InputRangeError, 'attentionFlow', /outputs\[1\].*\(got 2\)/],
  ['output position not an integer', () => attentionFlow(good, { outputs: [0.5] }), InputTypeError, 'attentionFlow', /outputs\[0\]/],
  ['normalize not boolean', () => attentionFlow(good, { normalize: 'yes' as never }), InputTypeError, 'attentionFlow', /normalize/],
  ['unknown solver', () => attentionFlow(good, { solver: 'networkx' as never }), InputTypeError, 'attentionFlow', /solver/],
  [
    "solver 'lp' above its size limit",
    () => attentionFlow({ data: new Float64Array(4 * 40 * 40).fill(0.025), shape: [4, 40, 40] }, { solver: 'lp' }),
    InputRangeError,
    'attentionFlow',
    /solver 'lp'/,
  ],
  ['workers on the synchronous function', () => attentionFlow(good, { workers: 2 } as never), InputTypeError, 'attentionFlow', /unknown option 'workers'/],
  // layeredAttentionGraph
  ['capacities rank 4', () => layeredAttentionGraph([good]), ShapeMismatchError, 'layeredAttentionGraph'],
  ['capacities non-square', () => layeredAttentionGraph([[[1, 2, 3]]]), ShapeMismatchError, 'layeredAttentionGraph'],
  ['negative capacity', () => layeredAttentionGraph([[[1, -2], [0, 0]]]), InputRangeError, 'layeredAttentionGraph', /\[0\]\[0\]\[1\]/],
  ['infinite capacity', () => layeredAttentionGraph([[[1, Infinity], [0, 0]]]), InputRangeError, 'layeredAttentionGraph'],
  // createFlowGraph
  ['numNodes not an integer', () => createFlowGraph(2.5, []), InputTypeError, 'createFlowGraph'],
  ['numNodes 0', () => createFlowGraph(0, []), InputRangeError, 'createFlowGraph'],
  ['edges not an array', () => createFlowGraph(2, 5 as never), InputTypeError, 'createFlowGraph'],
  ['edge not a triple', () => createFlowGraph(2, [[0, 1]] as never), ShapeMismatchError, 'createFlowGraph'],
  ['edge endpoint out of range', () => createFlowGraph(2, [[0, 2, 1]]), InputRangeError, 'createFlowGraph', /edges\[0\]\[1\].*\(got 2\)/],
  ['edge endpoint not an integer', () => createFlowGraph(2, [[0, 0.5, 1]]), InputTypeError, 'createFlowGraph'],
  ['negative capacity edge', () => createFlowGraph(2, [[0, 1, -1]]), InputRangeError, 'createFlowGraph', /capacity/],
  ['NaN capacity edge', () => createFlowGraph(2, [[0, 1, NaN]]), InputTypeError, 'createFlowGraph'],
  ['infinite capacity edge', () => createFlowGraph(2, [[0, 1, Infinity]]), InputRangeError, 'createFlowGraph'],
  ['columns of different lengths', () => createFlowGraph(2, { from: [0], to: [1, 1], capacity: [1] }), ShapeMismatchError, 'createFlowGraph'],
  // solvers
  ['maxFlow: graph not a FlowGraph', () => maxFlow({} as never, 0, 1), InputTypeError, 'maxFlow'],
  ['maxFlow: source out of range', () => maxFlow(g, 3, 1), InputRangeError, 'maxFlow', /source.*\(got 3\)/],
  ['maxFlow: sink not an integer', () => maxFlow(g, 0, 1.5), InputTypeError, 'maxFlow', /sink/],
  ['maxFlow: source equals sink', () => maxFlow(g, 1, 1), InputRangeError, 'maxFlow', /different/],
  ['edmondsKarp: negative node', () => edmondsKarp(g, -1, 1), InputRangeError, 'edmondsKarp'],
  ['lpMaxFlow: source equals sink', () => lpMaxFlow(g, 2, 2), InputRangeError, 'lpMaxFlow'],
  ['createMaxFlowSolver: not a graph', () => createMaxFlowSolver(null as never), InputTypeError, 'createMaxFlowSolver'],
  ['MaxFlowSolver.maxFlow: bad sink', () => createMaxFlowSolver(g).maxFlow(0, 9), InputRangeError, 'MaxFlowSolver.maxFlow'],
  [
    'hand-built graph with a broken reverse index',
    () => maxFlow({ ...g, reverse: new Int32Array(g.reverse.length) }, 0, 2),
    ShapeMismatchError,
    'maxFlow',
    /reverse/,
  ],
];

describe('flow functions reject bad input with typed errors', () => {
  for (const [name, call, cls, fn, msg] of bad) {
    it(`${fn}: ${name} → ${cls.name}`, () => {
      let thrown: unknown;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(cls);
      expect((thrown as { fn: string }).fn).toBe(fn);
      expect((thrown as Error).message.startsWith(`${fn}: `)).toBe(true);
      if (msg) expect((thrown as Error).message).toMatch(msg);
    });
  }
  it('attentionFlowParallel rejects (not throws) with the same typed errors', async () => {
    await expect(attentionFlowParallel(good, { layer: 5 })).rejects.toBeInstanceOf(InputRangeError);
    await expect(attentionFlowParallel(good, { workers: 0 })).rejects.toBeInstanceOf(InputRangeError);
    await expect(attentionFlowParallel(good, { workers: 1.5 })).rejects.toBeInstanceOf(InputTypeError);
    await expect(attentionFlowParallel(good, { signal: {} as never })).rejects.toBeInstanceOf(InputTypeError);
    await expect(attentionFlowParallel(good, { onProgress: 3 as never })).rejects.toBeInstanceOf(InputTypeError);
    await expect(attentionFlowParallel([[[0.5, 0.4], [0.5, 0.5]]])).rejects.toBeInstanceOf(InputRangeError);
  });
});
