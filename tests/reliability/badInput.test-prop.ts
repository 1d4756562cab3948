/**
 * The property variant of the bad-input sweep (prop project): many more random odd values from
 * fast-check at random argument positions of every public core function, with a fresh seed per
 * function. Same acceptance rule as tests/reliability/badInput.test.ts: a result or a documented
 * typed error, in bounded time.
 */
import { describe, expect, it } from 'vitest';
import { targets } from './coreTargets.js';
import { sweepRandom } from './sweep.js';

describe('bad-input sweep (property): random odd values anywhere give a result or a typed error', () => {
  targets().forEach((target, i) => {
    it(`${target.name}: 150 random odd values at random argument positions`, async () => {
      expect(await sweepRandom(target, 150, 1000 + i)).toEqual([]);
    }, 60_000);
  });
});
