/**
 * attentionRollout / attentionRolloutLayers / read-outs against the independent numpy reference
 * (tests/fixtures/python/rollout/runner.py: Abnar's compute_joint_attention, Gildenblat's rollout with the
 * keepdim fix, Chefer's start layer). Tolerance: 1e-9 relative (float64 chains of ≤ 12 products).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  attentionRollout,
  attentionRolloutLayers,
  maxOverRows,
  rawAttentionReadout,
  rowReadout,
  type AttentionRolloutOptions,
  type RawAttentionReadoutOptions,
} from '../../src/index.js';
import type { NestedNumbers } from '../../src/types/index.js';
import { expectClose } from '../helpers/close.js';

interface Flat {
  data: number[];
  shape: number[];
}
interface Fixture {
  numpy: string;
  seeds: number[];
  inputs: Record<string, Flat | NestedNumbers[]>;
  cases: Array<{
    name: string;
    input: string;
    options: AttentionRolloutOptions;
    expected: { final: Flat; layers?: Flat };
    readouts: { maxOverRows: number[]; row0: number[] };
  }>;
  raw: Array<{ input: string; layer: number; options: RawAttentionReadoutOptions; expected: number[] }>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/python/rollout/rollout.json', import.meta.url), 'utf8'),
) as Fixture;

const TOL = 1e-9;
const FLOOR = 1e-300; // relative everywhere; an expected 0 must be 0

describe('rollout numpy fixtures', () => {
  it('fixture records its generator versions and seeds', () => {
    expect(fixture.numpy).toMatch(/^\d+\.\d+/);
    expect(fixture.seeds.length).toBeGreaterThan(10);
    expect(fixture.cases.length).toBeGreaterThan(50);
  });

  describe.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const input = fixture.inputs[c.input]!;
    it('attentionRollout(attention, options) equals the numpy reference', () => {
      const r = attentionRollout(input, c.options);
      expect(r.shape).toEqual(c.expected.final.shape);
      expectClose(r.data, c.expected.final.data, TOL, { floor: FLOOR, label: 'final' });
      expectClose(maxOverRows(r), c.readouts.maxOverRows, TOL, { floor: FLOOR, label: 'maxOverRows' });
      expectClose(rowReadout(r, 0), c.readouts.row0, TOL, { floor: FLOOR, label: 'row0' });
    });
    if (c.expected.layers !== undefined) {
      const layers = c.expected.layers;
      it('attentionRolloutLayers(attention, options) equals every numpy R_l', () => {
        const r = attentionRolloutLayers(input, c.options);
        expect(r.shape).toEqual(layers.shape);
        expectClose(r.data, layers.data, TOL, { floor: FLOOR, label: 'layers' });
      });
    }
  });

  it.each(fixture.raw.map((c, k) => [k, c] as const))('rawAttentionReadout case %i equals the anchor scripts', (_k, c) => {
    const got = rawAttentionReadout(fixture.inputs[c.input]!, c.layer, c.options);
    expectClose(got, c.expected, TOL, { floor: FLOOR });
  });
});
