/** Shared helpers of the attribution tests: an adapter wrapper that counts and logs calls. */
import type { ModelAdapter } from '../../src/types/adapter.js';

export interface CallLog {
  embed: number;
  forward: number;
  gradient: number;
  /** Batch size of every forward/gradient call, in order. */
  batches: { kind: 'forward' | 'gradient'; batch: number }[];
}

/** `adapter` with its calls counted (the same info; optionally without `gradient`). */
export function spy(adapter: ModelAdapter, { dropGradient = false } = {}): { adapter: ModelAdapter; log: CallLog } {
  const log: CallLog = { embed: 0, forward: 0, gradient: 0, batches: [] };
  const wrapped: ModelAdapter = {
    info: adapter.info,
    embed: (tokens) => {
      log.embed++;
      return adapter.embed(tokens);
    },
    forward: (e, o) => {
      log.forward++;
      log.batches.push({ kind: 'forward', batch: e.shape[0]! });
      return adapter.forward(e, o);
    },
    ...(dropGradient || adapter.gradient === undefined
      ? {}
      : {
          gradient: (e, t, o) => {
            log.gradient++;
            log.batches.push({ kind: 'gradient', batch: e.shape[0]! });
            return adapter.gradient!(e, t, o);
          },
        }),
  };
  return { adapter: wrapped, log };
}
