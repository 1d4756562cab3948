import { InputTypeError } from '../errors/index.js';
import type { ModelAdapter } from '../types/adapter.js';
import { checkDefinition, createConformanceContext, resolveConformanceOptions, runCheck } from './internal/conformance.js';
import type { ConformanceCheckResult, ConformanceOptions, ConformanceReport } from './types.js';

/**
 * Run the adapter conformance suite against a {@link ModelAdapter} and report every check.
 * Runner-agnostic (no test framework is imported); {@link describeAdapterConformance} registers
 * the same checks as tests.
 *
 * Checks, in order (see {@link ConformanceCheckName}; `docs/adapter.md` describes each):
 * `info`, `embed`, `forwardOutputs`, `freshResults`, `determinism`, `noInputMutation`,
 * `batchConsistency`, `inputMask`, then — when `info.attention` is present — `attentionShape`, and —
 * when the attention is also overridable (`overridable !== false`) — `attentionOverrideIdentity`,
 * `attentionOverrideEffect`, `attentionOverrideExact`, then `gradient` (when the adapter has
 * `gradient`) and `attentionGradient` (when it has `attentionGradient` and overridable attention). A
 * check is `'skipped'` only when that capability is absent, with the reason; every other outcome is
 * `'passed'` or `'failed'` with a message (an adapter method that throws fails the check and names
 * the method; a check that does not finish within `checkTimeout` fails and names the call that never
 * settled). `passed` is true when no check failed.
 *
 * Each sample sequence is embedded once and run as a batch of 2: its embeddings and an independent
 * second row of the same length (another drawn sequence, or rows drawn from all samples), so that
 * cross-batch mixing and batch-dependent nondeterminism show even in a permutation-invariant model.
 * Fixed-length models (`info.sequenceLength`) are run at their length; models without
 * `info.vocabSize` get real-valued tokens. Gradients are compared with central finite differences
 * `(F(x + h e_i) − F(x − h e_i)) / 2h` on `gradientCoordinates` random coordinates per sample
 * (all of them for tiny models), with `h = finiteDifferenceStep · max(1, |x_i|)`; the attention
 * gradient is compared with central differences of the output in one raw injected weight, the other
 * weights unchanged and **no renormalisation** (the derivative of the output as a function of the
 * injected weights as given). Finite differences are batched into forward calls of up to 64 rows.
 *
 * Cost: a few dozen `forward` calls per sample, plus one batched call per 32 finite-difference
 * coordinates.
 *
 * @param adapter - the adapter under test.
 * @param options - samples, seed and tolerances (see {@link ConformanceOptions}); the defaults suit
 *   float32 backends — pass e.g. `{ tolerance: 1e-12, finiteDifferenceStep: 1e-5, gradientRtol: 1e-7,
 *   gradientAtol: 1e-9 }` for a float64 model.
 * @returns a promise of the {@link ConformanceReport}.
 * @throws InputTypeError (as a rejection) if `adapter` is not an object or an option is unknown or of the
 *   wrong type; InputRangeError if an option is out of range. Problems of the adapter itself are never
 *   thrown: they are failed checks.
 * @see https://github.com/graphology/graphology/blob/master/docs/implementing-graphology.md (the spec-plus-suite pattern)
 * @example
 * const report = await checkAdapterConformance(randomOneLayerAttentionAdapter({ seed: 1 }));
 * report.passed; // => true
 * report.checks.map((c) => `${c.name}: ${c.status}`);
 * // => ['info: passed', 'embed: passed', …, 'attentionGradient: passed']
 */
export async function checkAdapterConformance(adapter: ModelAdapter, options?: ConformanceOptions): Promise<ConformanceReport> {
  const fn = 'checkAdapterConformance';
  if (adapter === null || (typeof adapter !== 'object' && typeof adapter !== 'function')) {
    throw new InputTypeError(fn, 'adapter must be an object implementing ModelAdapter', adapter);
  }
  const resolved = resolveConformanceOptions(fn, options);
  const ctx = createConformanceContext(adapter, resolved);
  const checks: ConformanceCheckResult[] = [];
  for (const name of resolved.checks) checks.push(await runCheck(checkDefinition(name), ctx));
  let adapterName: string | undefined;
  try {
    adapterName = typeof adapter.info?.name === 'string' ? adapter.info.name : undefined;
  } catch {
    adapterName = undefined;
  }
  return {
    passed: checks.every((c) => c.status !== 'failed'),
    ...(adapterName === undefined ? {} : { adapterName }),
    checks,
    seed: resolved.seed,
  };
}
