import { describe, expect, it } from 'vitest';
import {
  InputRangeError,
  InputTypeError,
  jensenShannon,
  kendallTau,
  kendallTauTest,
  klDivergence,
  pearson,
  pearsonTest,
  rankData,
  ShapeMismatchError,
  spearman,
  spearmanTest,
  topKKendallDistance,
  topKOverlap,
  totalVariation,
} from '../../src/index.js';

type Call = (a: unknown, b: unknown) => unknown;
type ErrorClass = typeof InputTypeError | typeof InputRangeError | typeof ShapeMismatchError;

/** Every paired function, called with a value in place of its inputs (options valid). */
const pairFunctions: [string, Call][] = [
  ['kendallTau', (a, b) => kendallTau(a as never, b as never)],
  ['kendallTauTest', (a, b) => kendallTauTest(a as never, b as never)],
  ['spearman', (a, b) => spearman(a as never, b as never)],
  ['spearmanTest', (a, b) => spearmanTest(a as never, b as never)],
  ['pearson', (a, b) => pearson(a as never, b as never)],
  ['pearsonTest', (a, b) => pearsonTest(a as never, b as never)],
  ['topKOverlap', (a, b) => topKOverlap(a as never, b as never, 1)],
  ['topKKendallDistance', (a, b) => topKKendallDistance(a as never, b as never)],
];
const distributionFunctions: [string, Call][] = [
  ['jensenShannon', (a, b) => jensenShannon(a as never, b as never)],
  ['klDivergence', (a, b) => klDivergence(a as never, b as never)],
  ['totalVariation', (a, b) => totalVariation(a as never, b as never)],
];

const good = [0.2, 0.3, 0.5];
const badVectors: [string, unknown, ErrorClass][] = [
  ['null', null, InputTypeError],
  ['a number', 3, InputTypeError],
  ['a string', 'abc', InputTypeError],
  ['an array of strings', ['a', 'b', 'c'], InputTypeError],
  ['{ data } without shape', { data: [1, 2, 3] }, InputTypeError],
  ['a BigInt64Array in { data, shape }', { data: new BigInt64Array(3), shape: [3] }, InputTypeError],
  ['an empty array', [], ShapeMismatchError],
  ['a 2-D nested array', [[0.2], [0.3], [0.5]], ShapeMismatchError],
  ['a 2-D { data, shape }', { data: [0.2, 0.3, 0.5, 0], shape: [2, 2] }, ShapeMismatchError],
  ['{ data, dims } with the wrong size', { data: [0.2, 0.3], dims: [3] }, ShapeMismatchError],
  ['a different length', [0.5, 0.5], ShapeMismatchError],
  ['NaN', [0.2, NaN, 0.5], InputRangeError],
  ['Infinity', [0.2, Infinity, 0.5], InputRangeError],
  ['-Infinity', Float64Array.from([0.2, -Infinity, 0.5]), InputRangeError],
];

describe('bad inputs throw the documented error class', () => {
  for (const [fn, call] of [...pairFunctions, ...distributionFunctions]) {
    for (const [what, value, cls] of badVectors) {
      it(`${fn}(x, ${what}) and ${fn}(${what}, x) throw ${cls.name}`, () => {
        expect(() => call(good, value)).toThrow(cls);
        expect(() => call(value, good)).toThrow(cls);
      });
    }
  }
  for (const [what, value, cls] of badVectors.filter(([w]) => w !== 'a different length')) {
    it(`rankData(${what}) throws ${cls.name}`, () => {
      expect(() => rankData(value as never)).toThrow(cls);
    });
  }
});

describe('distribution inputs are validated', () => {
  const cases: [string, unknown, ErrorClass][] = [
    ['a negative entry', [0.6, -0.1, 0.5], InputRangeError],
    ['a sum of 1.1', [0.5, 0.3, 0.3], InputRangeError],
    ['a sum of 0.9', [0.3, 0.3, 0.3], InputRangeError],
  ];
  for (const [fn, call] of distributionFunctions) {
    for (const [what, value, cls] of cases) {
      it(`${fn}: ${what} throws ${cls.name}`, () => {
        expect(() => call(value, good)).toThrow(cls);
        expect(() => call(good, value)).toThrow(cls);
      });
    }
  }
});

describe('bad options throw the documented error class', () => {
  const a = [1, 2, 3, 4];
  const b = [2, 1, 4, 3];
  const p = [0.25, 0.25, 0.25, 0.25];
  const q = [0.1, 0.2, 0.3, 0.4];
  const cases: [string, () => unknown, ErrorClass][] = [
    ['kendallTau variant "a"', () => kendallTau(a, b, { variant: 'a' as never }), InputTypeError],
    ['kendallTau unknown option', () => kendallTau(a, b, { method: 'exact' } as never), InputTypeError],
    ['kendallTau options not an object', () => kendallTau(a, b, 'b' as never), InputTypeError],
    ['kendallTauTest method "permutation"', () => kendallTauTest(a, b, { method: 'permutation' as never }), InputTypeError],
    ['kendallTauTest alternative "two_sided"', () => kendallTauTest(a, b, { alternative: 'two_sided' as never }), InputTypeError],
    ['spearmanTest alternative 1', () => spearmanTest(a, b, { alternative: 1 as never }), InputTypeError],
    ['pearsonTest unknown option', () => pearsonTest(a, b, { method: 'exact' } as never), InputTypeError],
    ['topKOverlap k = 1.5', () => topKOverlap(a, b, 1.5), InputTypeError],
    ['topKOverlap k = 5 > n', () => topKOverlap(a, b, 5), InputRangeError],
    ['topKKendallDistance k = 0', () => topKKendallDistance(a, b, { k: 0 }), InputRangeError],
    ['topKKendallDistance k = "3"', () => topKKendallDistance(a, b, { k: '3' as never }), InputTypeError],
    ['topKKendallDistance p = 1.5', () => topKKendallDistance(a, b, { p: 1.5 }), InputRangeError],
    ['topKKendallDistance p = NaN', () => topKKendallDistance(a, b, { p: NaN }), InputTypeError],
    ['topKKendallDistance variant "kendall"', () => topKKendallDistance(a, b, { variant: 'kendall' as never }), InputTypeError],
    ['jensenShannon epsilon = -1', () => jensenShannon(p, q, { epsilon: -1 }), InputRangeError],
    ['jensenShannon epsilon = Infinity', () => jensenShannon(p, q, { epsilon: Infinity }), InputRangeError],
    ['klDivergence tolerance = "1e-6"', () => klDivergence(p, q, { tolerance: '1e-6' as never }), InputTypeError],
    ['totalVariation epsilon is not an option', () => totalVariation(p, q, { epsilon: 0 } as never), InputTypeError],
    ['totalVariation tolerance = -1', () => totalVariation(p, q, { tolerance: -1 }), InputRangeError],
  ];
  for (const [what, call, cls] of cases) {
    it(`${what} throws ${cls.name}`, () => {
      expect(call).toThrow(cls);
    });
  }
  it('error messages start with the function name and show the offending value', () => {
    expect(() => kendallTau(a, [1, 2])).toThrow(/^kendallTau: .*got/);
    expect(() => jensenShannon([0.5, 0.6], [0.5, 0.5])).toThrow(/^jensenShannon: p must sum to 1.*got 1\.1/);
  });
});

describe('odd inputs (issue 8): typed errors before allocating, never a native error', () => {
  const throwingProxy = new Proxy([1, 2, 3], { get(t, p) { if (p === '0') throw new Error('boom'); return Reflect.get(t, p); } });
  const getter: number[] = [0.5, 0.5, 0.5];
  Object.defineProperty(getter, 1, { get() { throw new Error('getter'); } });
  const lonely: number[] = [];
  lonely[0] = 1;
  lonely.length = 2 ** 32 - 1;
  const odd: [string, unknown][] = [
    ['sparse new Array(2**32 - 1)', new Array(2 ** 32 - 1)],
    ['length 2**32 - 1 with only index 0 set', lonely],
    ['nested sparse', [new Array(2 ** 32 - 1)]],
    ['BigInt64Array', new BigInt64Array(3)],
    ['proxy whose get throws', throwingProxy],
    ['getter that throws', getter],
    ['shape not an array', { data: [1, 2, 3], shape: '3' }],
    ['data getter that throws', { get data() { throw new Error('x'); }, shape: [3] }],
    ['frozen array', Object.freeze([0.2, 0.3, 0.5])],
  ];
  const throwingOptions = new Proxy({}, { ownKeys() { throw new Error('keys'); } });
  const getterOptions = Object.defineProperty({}, 'variant', { enumerable: true, get() { throw new Error('opt'); } });
  for (const [fn, call] of [...pairFunctions, ...distributionFunctions]) {
    it(`${fn}`, () => {
      for (const [what, v] of odd) {
        const t0 = Date.now();
        let err: unknown;
        try {
          call(v, [0.2, 0.3, 0.5]);
        } catch (e) {
          err = e;
        }
        expect(Date.now() - t0, what).toBeLessThan(2000);
        if (err === undefined) continue;
        expect(err instanceof InputTypeError || err instanceof InputRangeError, `${what}: ${String(err)}`).toBe(true);
        expect((err as Error).message.startsWith(`${fn}:`), `${what}: ${String(err)}`).toBe(true);
      }
    });
  }
  it('options whose keys or getters throw', () => {
    expect(() => kendallTau([1, 2, 3], [1, 3, 2], throwingOptions as never)).toThrow(InputTypeError);
    expect(() => kendallTau([1, 2, 3], [1, 3, 2], getterOptions as never)).toThrow(InputTypeError);
    expect(() => rankData(throwingProxy as never)).toThrow(InputTypeError);
  });
});
