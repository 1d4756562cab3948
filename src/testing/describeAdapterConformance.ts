import { InputTypeError } from '../errors/index.js';
import { checkInteger } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import {
  type ConformanceContext,
  checkDefinition,
  createConformanceContext,
  resolveConformanceOptions,
  runCheck,
} from './internal/conformance.js';
import type { ConformanceOptions } from './types.js';

/**
 * The test-runner functions {@link describeAdapterConformance} registers tests with. Vitest, Jest,
 * Mocha (BDD) and Jasmine provide them under these names; pass your runner's own (or rely on the
 * globals, where the runner defines them).
 */
export interface ConformanceTestRunner {
  /** Groups the tests: `describe(name, body)`. */
  readonly describe: (name: string, body: () => void) => unknown;
  /** Registers one test: `it(name, body, timeout?)`; `body` returns a promise. */
  readonly it: (name: string, body: () => Promise<void>, timeout?: number) => unknown;
  /**
   * Optional assertion entry point. When given, a failed check is reported through
   * `expect(actual).toBe(expected)` (Jest/Vitest) or `expect(actual).to.equal(expected)` (Chai), so
   * the runner shows its usual diff; without it (or if it does not throw) an `Error` carrying the
   * check's message is thrown.
   */
  readonly expect?: (actual: unknown) => unknown;
  /** Optional: used to call `adapter.dispose()` after the tests, when the adapter has it. */
  readonly afterAll?: (body: () => unknown) => unknown;
}

/** Options of {@link describeAdapterConformance}: the runner functions plus {@link ConformanceOptions}. */
export interface DescribeAdapterConformanceOptions extends ConformanceOptions, Partial<ConformanceTestRunner> {
  /** Per-test timeout in milliseconds passed as `it`'s third argument (omitted when not set). */
  readonly timeout?: number;
}

const RUNNER_KEYS = ['describe', 'it', 'expect', 'afterAll', 'timeout'] as const;

function runnerFunction<K extends keyof ConformanceTestRunner>(
  fn: string,
  options: DescribeAdapterConformanceOptions | undefined,
  key: K,
  required: boolean,
): ConformanceTestRunner[K] | undefined {
  const given = options?.[key];
  const value = given ?? (globalThis as Record<string, unknown>)[key];
  if (value === undefined) {
    if (required) {
      throw new InputTypeError(fn, `no '${key}' function: pass { describe, it, expect } from your test runner`, value);
    }
    return undefined;
  }
  if (typeof value !== 'function') throw new InputTypeError(fn, `options.${key} must be a function`, value);
  return value as ConformanceTestRunner[K];
}

function reportFailure(expect: ConformanceTestRunner['expect'], check: string, message: string): never {
  const actual = `${check}: failed — ${message}`;
  const expected = `${check}: passed`;
  if (expect !== undefined) {
    const assertion = expect(actual) as { toBe?: unknown; to?: { equal?: unknown } } | null | undefined;
    if (assertion !== null && typeof assertion === 'object') {
      if (typeof assertion.toBe === 'function') (assertion.toBe as (v: unknown) => void).call(assertion, expected);
      else if (assertion.to !== undefined && typeof assertion.to.equal === 'function') (assertion.to.equal as (v: unknown) => void).call(assertion.to, expected);
    }
  }
  const err = new Error(actual);
  err.name = 'AdapterConformanceError';
  throw err;
}

/** Skip the running test through the runner's own mechanism, if it has one. */
function skipTest(testContext: unknown, self: unknown, reason: string): void {
  const tc = testContext as { skip?: unknown } | null | undefined;
  if (tc !== null && typeof tc === 'object' && typeof tc.skip === 'function') {
    (tc.skip as (note?: string) => void).call(tc, reason); // vitest (throws to abort), node:test
    return;
  }
  const mocha = self as { skip?: unknown } | null | undefined;
  if (mocha !== null && typeof mocha === 'object' && typeof mocha.skip === 'function') {
    (mocha.skip as () => void).call(mocha); // mocha (throws Pending)
  }
  // Otherwise (jest): the test passes; the capability is simply absent.
}

/**
 * Register the adapter conformance suite as tests of your own test runner: one `describe(name)`
 * block with one test per check (`'<check>: <what it verifies>'`), each running the same check as
 * {@link checkAdapterConformance}.
 *
 * `makeAdapter` is called once, lazily, by the first test that runs; all tests share the adapter
 * (and `afterAll`, when given, disposes it). A failed check fails its test with the check's message;
 * a check whose capability the adapter lacks is skipped through the runner (`ctx.skip(reason)` in
 * Vitest and node:test, `this.skip()` in Mocha) or, where the runner has no dynamic skip (Jest),
 * passes without assertions. Use `options.checks` to register only some checks.
 *
 * Runner functions default to the globals `describe`, `it`, `expect`, `afterAll` when not passed.
 * Nothing is imported from any test framework.
 *
 * @param name - the `describe` block's name.
 * @param makeAdapter - creates the adapter under test (may be async).
 * @param options - the runner's `describe`/`it`/`expect`/`afterAll`, an optional per-test `timeout`,
 *   and any {@link ConformanceOptions}.
 * @throws InputTypeError if `name` is not a string, `makeAdapter` not a function, no `describe`/`it`
 *   is available, or an option is unknown or of the wrong type.
 * @throws InputRangeError if an option is out of range.
 * @example
 * // my-adapter.test.ts
 * import { describe, it, expect } from 'vitest';
 * import { describeAdapterConformance } from 'faithcheck/testing';
 *
 * describeAdapterConformance('my adapter', () => makeMyAdapter(), { describe, it, expect });
 * // => registers 'my adapter > info: info is well-formed and embed/forward exist', …
 */
export function describeAdapterConformance(
  name: string,
  makeAdapter: () => ModelAdapter | Promise<ModelAdapter>,
  options?: DescribeAdapterConformanceOptions,
): void {
  const fn = 'describeAdapterConformance';
  if (typeof name !== 'string') throw new InputTypeError(fn, 'name must be a string', name);
  if (typeof makeAdapter !== 'function') throw new InputTypeError(fn, 'makeAdapter must be a function returning an adapter', makeAdapter);
  const resolved = resolveConformanceOptions(fn, options, RUNNER_KEYS);
  const describe = runnerFunction(fn, options, 'describe', true)!;
  const it = runnerFunction(fn, options, 'it', true)!;
  const expect = runnerFunction(fn, options, 'expect', false);
  const afterAll = runnerFunction(fn, options, 'afterAll', false);
  const timeout = options?.timeout === undefined ? undefined : checkInteger(fn, 'options.timeout', options.timeout, 1);

  let context: Promise<ConformanceContext> | undefined;
  const getContext = (): Promise<ConformanceContext> => {
    context ??= (async () => {
      const adapter = await makeAdapter();
      if (adapter === null || (typeof adapter !== 'object' && typeof adapter !== 'function')) {
        throw new InputTypeError(fn, 'makeAdapter must return an object implementing ModelAdapter', adapter);
      }
      return createConformanceContext(adapter, resolved);
    })();
    return context;
  };

  describe(name, () => {
    for (const checkName of resolved.checks) {
      const def = checkDefinition(checkName);
      // A zero-arity `function`: runners that look at `fn.length` (Jest, Mocha) must not treat it
      // as callback-style; the runner's test context still arrives as arguments[0] (Vitest, node:test).
      const body = function (this: unknown): Promise<void> {
        // eslint-disable-next-line prefer-rest-params
        const testContext: unknown = arguments[0];
        const self = this;
        return (async () => {
          const result = await runCheck(def, await getContext());
          if (result.status === 'skipped') skipTest(testContext, self, result.message);
          else if (result.status === 'failed') reportFailure(expect, def.name, result.message);
        })();
      };
      const title = `${def.name}: ${def.title}`;
      if (timeout === undefined) it(title, body);
      else it(title, body, timeout);
    }
    if (afterAll !== undefined) {
      afterAll(async () => {
        if (context === undefined) return;
        const ctx = await context.catch(() => undefined);
        if (ctx !== undefined && typeof ctx.adapter.dispose === 'function') ctx.adapter.dispose();
      });
    }
  });
}
