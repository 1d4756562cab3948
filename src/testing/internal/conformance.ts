/**
 * The adapter conformance checks behind `checkAdapterConformance` and `describeAdapterConformance`.
 * Private: the two public functions are the API. Runner-agnostic: nothing here imports a test
 * framework.
 *
 * Every check receives a shared {@link ConformanceContext} (the adapter, resolved options and lazily
 * embedded samples), passes fresh copies of its inputs to the adapter, and either returns a message
 * describing what it measured or throws (a {@link CheckFailure}, or the adapter's own error, which is
 * reported with the method that threw). The checks live one family per file in `./conformance/`
 * (outputs, consistency rules, attention, gradients); this module assembles them in running order
 * and runs one check with its timeout.
 *
 * @module
 */
import type { ModelAdapter } from '../../types/adapter.js';
import type { ConformanceCheckName, ConformanceCheckResult } from '../types.js';
import { checkAttentionOverrideEffect, checkAttentionOverrideExact, checkAttentionOverrideIdentity, checkAttentionShape } from './conformance/attentionChecks.js';
import { checkBatchConsistency, checkDeterminism, checkInputMask, checkNoInputMutation } from './conformance/consistencyChecks.js';
import { CheckFailure, inFlight, type CheckDefinition, type ConformanceContext } from './conformance/context.js';
import { checkAttentionGradient, checkGradient } from './conformance/gradientChecks.js';
import { checkEmbed, checkForwardOutputs, checkFreshResults, checkInfo } from './conformance/outputChecks.js';

export { CHECK_NAMES, CONFORMANCE_DEFAULTS, resolveConformanceOptions, type ResolvedConformanceOptions } from './conformance/options.js';
export { CheckFailure, createConformanceContext, type ConformanceContext } from './conformance/context.js';

/** Every check with its title and required capabilities, in running order. */
export const CHECKS: readonly CheckDefinition[] = Object.freeze([
  { name: 'info', title: 'info is well-formed and embed/forward exist', requires: [], run: checkInfo },
  { name: 'embed', title: 'embed returns fresh [n, d] float64 embeddings', requires: [], run: checkEmbed },
  { name: 'forwardOutputs', title: 'forward returns finite [B, C] outputs (distributions when probabilities)', requires: [], run: checkForwardOutputs },
  { name: 'freshResults', title: 'every result is a fresh buffer, never reused across calls or aliasing an argument', requires: [], run: checkFreshResults },
  { name: 'determinism', title: 'the same input twice gives identical results', requires: [], run: checkDeterminism },
  { name: 'noInputMutation', title: 'no method mutates its arguments (with and without options, batch 1 and 2)', requires: [], run: checkNoInputMutation },
  { name: 'batchConsistency', title: 'a batch of 2 equals two batch-1 calls', requires: [], run: checkBatchConsistency },
  { name: 'inputMask', title: 'an all-ones mask changes nothing; a partial mask has an effect; masked keys get no attention', requires: [], run: checkInputMask },
  { name: 'attentionShape', title: 'returnAttention gives [B, L, H, Q, n] row-stochastic weights', requires: ['attention'], run: checkAttentionShape },
  { name: 'attentionOverrideIdentity', title: "injecting the model's own attention reproduces its outputs", requires: ['attentionOverride'], run: checkAttentionOverrideIdentity },
  { name: 'attentionOverrideEffect', title: 'injecting uniform attention changes the outputs', requires: ['attentionOverride'], run: checkAttentionOverrideEffect },
  {
    name: 'attentionOverrideExact',
    title: 'injected weights are used exactly as given (not renormalised, not re-masked)',
    requires: ['attentionOverride'],
    run: checkAttentionOverrideExact,
  },
  { name: 'gradient', title: 'gradient matches central finite differences', requires: ['gradient'], run: checkGradient },
  {
    name: 'attentionGradient',
    title: 'attentionGradient matches central finite differences of the raw injected weights',
    requires: ['attentionGradient', 'attentionOverride'],
    run: checkAttentionGradient,
  },
] satisfies CheckDefinition[]);

/** The reason a check is skipped (a missing capability), or undefined. */
function missingCapability(def: CheckDefinition, adapter: ModelAdapter): string | undefined {
  for (const cap of def.requires) {
    if (cap === 'attention' || cap === 'attentionOverride') {
      let attention: unknown;
      try {
        attention = adapter.info.attention;
      } catch {
        attention = undefined;
      }
      if (attention === undefined || attention === null) return 'the adapter has no attention (info.attention is absent)';
      if (cap === 'attentionOverride' && (attention as { overridable?: unknown }).overridable === false) {
        return 'the adapter does not accept attention overrides (info.attention.overridable is false)';
      }
    } else if (typeof (adapter as unknown as Record<string, unknown>)[cap] !== 'function') {
      return `the adapter does not implement ${cap}`;
    }
  }
  return undefined;
}

/** Run `def`, failing it with a clear message when it does not settle within `ms`. */
async function runWithTimeout(def: CheckDefinition, ctx: ConformanceContext, ms: number): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const pending = inFlight.label;
      reject(
        new CheckFailure(
          `did not finish within ${ms} ms (options.checkTimeout)` +
            (pending === undefined ? '' : `: ${pending} never settled`) +
            ' — does an adapter method return a promise that never resolves?',
        ),
      );
    }, ms);
  });
  try {
    return await Promise.race([def.run(ctx), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Run one check against a context; never throws. */
export async function runCheck(def: CheckDefinition, ctx: ConformanceContext): Promise<ConformanceCheckResult> {
  const base = { name: def.name, title: def.title };
  let missing: string | undefined;
  try {
    missing = missingCapability(def, ctx.adapter);
  } catch {
    missing = undefined;
  }
  if (missing !== undefined) return { ...base, status: 'skipped', message: missing };
  try {
    return { ...base, status: 'passed', message: await runWithTimeout(def, ctx, ctx.options.checkTimeout) };
  } catch (e) {
    if (e instanceof CheckFailure) return { ...base, status: 'failed', message: e.message };
    const err = e as { name?: unknown; message?: unknown };
    const desc = e instanceof Error ? `${String(err.name)}: ${String(err.message)}` : String(e);
    return { ...base, status: 'failed', message: `the check could not run: ${desc}` };
  }
}

/** Definition of a check by name. */
export function checkDefinition(name: ConformanceCheckName): CheckDefinition {
  return CHECKS.find((c) => c.name === name)!;
}
