/**
 * The machinery of the generated bad-input sweep (issue 8): a catalog of the kinds of value a caller
 * can pass, an outcome classifier, and a sweeper that replaces one argument at a time in a valid
 * base call. Shared by tests/reliability/*.test.ts and the tfjs project's sweep.
 *
 * An outcome is acceptable when it is
 * - a result (the function accepted the value: we only check that it settles in bounded time), or
 * - one of faithcheck's documented typed errors (InputTypeError, InputRangeError,
 *   ShapeMismatchError, AdapterCapabilityError, AbortError) whose message starts with its `fn`, or
 * - the caller's own exception ({@link CallerError}, thrown by a getter or proxy trap of the value
 *   passed), propagated unchanged.
 * Anything else — a native TypeError/RangeError/SyntaxError, a plain Error, a call that does not
 * settle within the time limit — is a failure, reported with a repro.
 */
import fc from 'fast-check';
import { AbortError, AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';

/** The exception a caller's own getter or proxy trap throws (allowed to propagate). */
export class CallerError extends Error {
  override readonly name = 'CallerError';
}

const TYPED_ERRORS = [InputTypeError, InputRangeError, ShapeMismatchError, AdapterCapabilityError, AbortError] as const;

/** `[label, make]`: every kind of value a caller can pass. `make` builds a fresh value per use. */
export const BAD_VALUES: readonly (readonly [string, () => unknown])[] = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['true', () => true],
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['-0', () => -0],
  ['-1', () => -1],
  ['1.5', () => 1.5],
  ['1e308', () => 1e308],
  ['2**53', () => 2 ** 53],
  ['2**32 - 1', () => 2 ** 32 - 1],
  ["''", () => ''],
  ["'abc'", () => 'abc'],
  ["'1'", () => '1'],
  ['a symbol', () => Symbol('bad')],
  ['1n', () => 1n],
  ['a function', () => () => 1],
  ['{}', () => ({})],
  ['Object.create(null)', () => Object.create(null) as object],
  ['new Date()', () => new Date(0)],
  ['new Map()', () => new Map()],
  ['a Promise', () => Promise.resolve(1)],
  ['an ArrayBuffer', () => new ArrayBuffer(8)],
  ['a DataView', () => new DataView(new ArrayBuffer(8))],
  ['[]', () => []],
  ['[[]]', () => [[]]],
  ['[1]', () => [1]],
  ['[0.5, 0.5]', () => [0.5, 0.5]],
  ['a frozen [0.5, 0.5]', () => Object.freeze([0.5, 0.5])],
  ['a frozen nested 2×2', () => Object.freeze([Object.freeze([0.5, 0.5]), Object.freeze([0.5, 0.5])])],
  ['[NaN, 1]', () => [NaN, 1]],
  ['[Infinity, 1]', () => [Infinity, 1]],
  ['[1e308, 1e308]', () => [1e308, 1e308]],
  ['[-1, 2]', () => [-1, 2]],
  ["['a', 'b']", () => ['a', 'b']],
  ['[null, 1]', () => [null, 1]],
  ['[1n, 2n]', () => [1n, 2n]],
  ['a sparse new Array(5)', () => new Array(5)],
  ['a sparse new Array(2 ** 32 − 1)', () => new Array(2 ** 32 - 1)],
  ['a sparse array with one value', () => Object.assign(new Array(2 ** 31), { 0: 1 })],
  ['a ragged [[1, 2], [3]]', () => [[1, 2], [3]]],
  ['a ragged stack with an overflowing product', () => [Object.assign(new Array(2 ** 30), { 0: [1] }), [[1]]]],
  ['a 2×2 nested array', () => [
    [0.5, 0.5],
    [0.5, 0.5],
  ]],
  ['a 1×2×2 nested array', () => [[
    [0.5, 0.5],
    [0.5, 0.5],
  ]]],
  ['a self-referencing array', () => {
    const a: unknown[] = [];
    a.push(a);
    return a;
  }],
  ['a 5000-deep array', () => {
    let d: unknown = 1;
    for (let i = 0; i < 5000; i++) d = [d];
    return d;
  }],
  ['an Int8Array', () => Int8Array.of(1, -2)],
  ['a Uint8Array', () => Uint8Array.of(1, 2)],
  ['a Uint8ClampedArray', () => Uint8ClampedArray.of(1, 2)],
  ['an Int16Array', () => Int16Array.of(1, 2)],
  ['a Uint16Array', () => Uint16Array.of(1, 2)],
  ['an Int32Array', () => Int32Array.of(1, 2)],
  ['a Uint32Array', () => Uint32Array.of(1, 2)],
  ['a Float32Array', () => Float32Array.of(0.5, 0.5)],
  ['a Float64Array', () => Float64Array.of(0.5, 0.5)],
  ['a Float64Array with NaN', () => Float64Array.of(NaN, 0.5)],
  ['an empty Float64Array', () => new Float64Array(0)],
  ['a BigInt64Array', () => BigInt64Array.of(1n, 2n)],
  ['a BigUint64Array', () => BigUint64Array.of(1n, 2n)],
  ['a typed array without its constructor', () => Object.defineProperty(Float64Array.of(0.5, 0.5), 'constructor', { value: undefined })],
  ['{ data, shape } 2×2', () => ({ data: [0.5, 0.5, 0.5, 0.5], shape: [2, 2] })],
  ['{ data, shape } with a string shape', () => ({ data: [1, 2], shape: '2' })],
  ['{ data, shape } with an array-like shape', () => ({ data: [1, 2], shape: { length: 1, 0: 2 } })],
  ['{ data, shape } with a bigint shape', () => ({ data: [1, 2], shape: [2n] })],
  ['{ data, shape } with a negative dim', () => ({ data: [1, 2], shape: [-2] })],
  ['{ data, shape } with a NaN dim', () => ({ data: [1, 2], shape: [NaN] })],
  ['{ data, shape } with a huge shape', () => ({ data: [1, 2], shape: [2 ** 40, 2 ** 40] })],
  ['{ data, shape } with a sparse shape', () => ({ data: [1, 2], shape: new Array(3) })],
  ['{ data: BigInt64Array, shape }', () => ({ data: BigInt64Array.of(1n, 2n), shape: [2] })],
  ['{ data: a string, shape }', () => ({ data: 'ab', shape: [2] })],
  ['{ data, dims }', () => ({ data: Float64Array.of(0.5, 0.5), dims: [2] })],
  ['{ length: 2 } (array-like object)', () => ({ length: 2, 0: 0.5, 1: 0.5 })],
  ['{ length: 2 ** 32 − 1 }', () => ({ length: 2 ** 32 - 1 })],
  ['a getter that throws (data)', () => Object.defineProperty({ shape: [2] }, 'data', { get: () => { throw new CallerError('data'); }, enumerable: true })],
  ['a getter that throws (length)', () => Object.defineProperty({}, 'length', { get: () => { throw new CallerError('length'); }, enumerable: true })],
  ['an object with throwing getters everywhere', () => new Proxy({}, { get: () => { throw new CallerError('get'); }, has: () => true })],
  ['a proxy of [0.5, 0.5]', () => new Proxy([0.5, 0.5], {})],
  ['a proxy of a Float64Array', () => new Proxy(Float64Array.of(0.5, 0.5), {})],
  ['a proxy array whose elements throw', () => new Proxy([0.5, 0.5], { get: (t, k) => (k === 'length' ? 2 : typeof k === 'string' && /^\d+$/.test(k) ? (() => { throw new CallerError(k); })() : Reflect.get(t, k)) })],
  ['an AbortSignal (aborted)', () => AbortSignal.abort('stop')],
  ['an unknown option', () => ({ unknownOption: 1 })],
  ['options of the wrong types', () => ({ k: 'x', seed: 'x', tolerance: 'x', variant: 1, signal: 1, onProgress: 1, workers: 'x' })],
  ['options with NaN and huge numbers', () => ({ k: NaN, seed: 2 ** 60, tolerance: Infinity, workers: 1e9, size: 1e12, length: 2 ** 40, maxLength: 2 ** 40 })],
];

/** A fast-check arbitrary of odd values: `fc.anything` with typed arrays, bigints, sparse arrays, null prototypes, boxed values. */
export const anythingArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withNullPrototype: true,
    withObjectString: true,
    withSet: true,
    withSparseArray: true,
    withTypedArray: true,
    maxDepth: 3,
    maxKeys: 4,
  }),
  fc.constantFrom(...BAD_VALUES.map(([, make]) => make)).map((make) => make()),
  fc.record({ data: fc.anything({ withTypedArray: true, withBigInt: true, maxDepth: 2 }), shape: fc.anything({ withBigInt: true, maxDepth: 2 }) }),
);

/** One call of a swept function: a function of the (possibly replaced) arguments. */
export interface SweepTarget {
  /** Label, e.g. `kendallTau` or `Tokenizer#encode`. */
  readonly name: string;
  /** Performs the call with `args`. */
  readonly call: (args: unknown[]) => unknown;
  /** Valid base arguments (fresh per call). */
  readonly base: () => unknown[];
  /** Do not sweep the keys of options arguments (valid option values would do expensive real work). */
  readonly noOptionSweep?: boolean;
  /** Accept documented file-system failures (`Error` with `code`, message starting with this name). */
  readonly fileErrorsOf?: string;
  /**
   * Values not to try at a position (valid values whose call does expensive real work, e.g. loading
   * a corpus or starting worker threads): true to skip.
   */
  readonly skip?: (position: number, value: unknown) => boolean;
}

export interface Failure {
  readonly target: string;
  /** Argument index, or `index.key` for an option of an options argument. */
  readonly position: number | string;
  readonly value: string;
  readonly outcome: string;
}

function errorName(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name} (${e.name}): ${e.message.slice(0, 160)}`;
  return `a thrown non-error ${typeof e}`;
}

/**
 * Why an outcome is not acceptable, or undefined when it is. With `fileErrorsOf`, a file-system
 * failure of that function is acceptable too: a plain `Error` whose message starts with the function
 * name and that carries the `node:fs` `code` (as saveModel/loadModel document).
 */
export function classify(e: unknown, fileErrorsOf?: string): string | undefined {
  if (e instanceof CallerError) return undefined;
  if (
    fileErrorsOf !== undefined &&
    e instanceof Error &&
    e.constructor === Error &&
    e.message.startsWith(`${fileErrorsOf}:`) &&
    typeof (e as { code?: unknown }).code === 'string'
  ) {
    return undefined;
  }
  for (const cls of TYPED_ERRORS) {
    if (e instanceof cls) {
      const fnName = (e as { fn?: unknown }).fn;
      if (typeof fnName !== 'string' || !(e as Error).message.startsWith(`${fnName}:`)) return `a typed error whose message does not start with its fn: ${errorName(e)}`;
      return undefined;
    }
  }
  return `not a documented typed error: ${errorName(e)}`;
}

/** Per-call time limit (ms): a call that takes longer counts as a hang. */
export const CALL_LIMIT_MS = 2_000;

/** Run one call; return the reason it is unacceptable, or undefined. */
export async function outcomeOf(target: SweepTarget, args: unknown[]): Promise<string | undefined> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const r = target.call(args);
    if (r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function') {
      const hang = new Promise<'hang'>((resolve) => {
        timer = setTimeout(() => resolve('hang'), CALL_LIMIT_MS);
      });
      const settled = await Promise.race([(r as Promise<unknown>).then(() => 'ok' as const), hang]);
      if (settled === 'hang') return `did not settle within ${CALL_LIMIT_MS} ms`;
    }
  } catch (e) {
    return classify(e, target.fileErrorsOf);
  } finally {
    clearTimeout(timer);
  }
  const took = performance.now() - started;
  return took > CALL_LIMIT_MS ? `took ${Math.round(took)} ms (synchronous)` : undefined;
}

/** Every catalog value at every argument position of `target`'s base call. */
export async function sweepCatalog(target: SweepTarget, isKnown: (position: number, label: string) => boolean = () => false): Promise<Failure[]> {
  const failures: Failure[] = [];
  const positions = target.base().length;
  for (let position = 0; position < positions; position++) {
    for (const [label, make] of BAD_VALUES) {
      if (isKnown(position, label)) continue; // reproduced in attentionAgreement.badInput.test.ts instead
      const value = make();
      if (target.skip?.(position, value) === true) continue;
      const args = target.base();
      args[position] = value;
      if (process.env['SWEEP_DEBUG'] !== undefined) console.log(`sweep: ${target.name} [${position}] = ${label}`);
      const why = await outcomeOf(target, args);
      if (why !== undefined) failures.push({ target: target.name, position, value: label, outcome: why });
    }
  }
  return failures;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * Wrong option values: for every argument of the base call that is a plain object (an options object,
 * a config), every catalog value in place of each of its keys in turn (`position` is reported as
 * `position.key`).
 */
export async function sweepOptions(target: SweepTarget, isKnown: (position: string, label: string) => boolean = () => false): Promise<Failure[]> {
  const failures: Failure[] = [];
  if (target.noOptionSweep === true) return failures;
  const base = target.base();
  for (let position = 0; position < base.length; position++) {
    const options = base[position];
    if (!isPlainObject(options)) continue;
    for (const key of Object.keys(options)) {
      const where = `${position}.${key}`;
      for (const [label, make] of BAD_VALUES) {
        if (isKnown(where, label)) continue;
        const args = target.base();
        args[position] = { ...(args[position] as object), [key]: make() };
        if (process.env['SWEEP_DEBUG'] !== undefined) console.log(`sweep: ${target.name} [${where}] = ${label}`);
        const why = await outcomeOf(target, args);
        if (why !== undefined) failures.push({ target: target.name, position: where, value: label, outcome: why });
      }
    }
  }
  return failures;
}

/** Random odd values (fast-check) at random positions; returns the first counterexample's description. */
export async function sweepRandom(target: SweepTarget, numRuns: number, seed: number): Promise<Failure[]> {
  const positions = target.base().length;
  if (positions === 0) return [];
  const failures: Failure[] = [];
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: positions - 1 }), anythingArb, async (position, value) => {
      if (target.skip?.(position, value) === true) return;
      const args = target.base();
      args[position] = value;
      const why = await outcomeOf(target, args);
      if (why !== undefined) {
        let shown: string;
        try {
          shown = fc.stringify(value);
        } catch {
          shown = String(typeof value);
        }
        failures.push({ target: target.name, position, value: shown, outcome: why });
      }
    }),
    { numRuns, seed, endOnFailure: true },
  ).catch(() => undefined);
  return failures;
}

/** True for `class` constructors (which must be called with `new`). */
export function isClass(f: unknown): boolean {
  return typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));
}

/** Methods of an instance (own prototype chain up to Object.prototype), by name. */
export function methodsOf(instance: object): string[] {
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(instance) as object | null; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const k of Object.getOwnPropertyNames(p)) {
      if (k !== 'constructor' && typeof Object.getOwnPropertyDescriptor(p, k)?.value === 'function') names.add(k);
    }
  }
  for (const k of Object.keys(instance)) if (typeof (instance as Record<string, unknown>)[k] === 'function') names.add(k);
  return [...names];
}
