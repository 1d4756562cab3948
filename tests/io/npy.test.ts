/**
 * readNpy / writeNpy against files written by numpy (tests/fixtures/python/npy/runner.py): every good
 * file reads to numpy's own values; every bad one is refused with the right NpyFormatError problem;
 * writeNpy writes byte for byte what np.save writes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputTypeError, NpyFormatError, readNpy, ShapeMismatchError, writeNpy, type NpyFormatProblem } from '../../src/index.js';

const DIR = new URL('../fixtures/python/npy/', import.meta.url);
const fixture = JSON.parse(readFileSync(new URL('npy.json', DIR), 'utf8')) as {
  cases: ({ file: string; ok: true; dtype: 'float32' | 'float64'; shape: number[]; data: number[] } | { file: string; ok: false; reason: NpyFormatProblem })[];
};
const bytesOf = (file: string): Buffer => readFileSync(new URL(`files/${file}`, DIR));
const good = fixture.cases.filter((c) => c.ok);
const bad = fixture.cases.filter((c) => !c.ok);

describe('readNpy(bytes) on files written by numpy', () => {
  it('the fixture covers both dtypes, both byte orders, versions 1–3 and every problem', () => {
    expect(good.length).toBeGreaterThanOrEqual(10);
    expect(new Set(bad.map((c) => c.reason))).toEqual(new Set(['magic', 'version', 'header', 'dtype', 'fortranOrder', 'truncated']));
  });

  it.each(good)('$file: dtype, shape and values exactly as numpy', (c) => {
    const a = readNpy(bytesOf(c.file));
    expect(a.dtype).toBe(c.dtype);
    expect(a.shape).toEqual(c.shape);
    expect(a.data).toBeInstanceOf(Float64Array);
    expect(Array.from(a.data)).toEqual(c.data);
  });

  it.each(bad)('$file: NpyFormatError with problem $reason', (c) => {
    let error: unknown;
    try {
      readNpy(bytesOf(c.file));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NpyFormatError);
    expect(error).toBeInstanceOf(InputTypeError);
    expect((error as NpyFormatError).problem).toBe(c.reason);
    expect((error as Error).message).toMatch(/^readNpy: /);
  });

  it('accepts ArrayBuffer, Uint8Array at an offset, and Buffer alike; the result never aliases the input', () => {
    const buf = bytesOf('f8-le-2x3.npy');
    const shifted = new Uint8Array(buf.length + 3);
    shifted.set(buf, 3);
    const views = [buf, new Uint8Array(buf).buffer, shifted.subarray(3)];
    const results = views.map((v) => readNpy(v));
    for (const r of results) expect(r.data).toEqual(results[0]!.data);
    results[0]!.data[0] = 99;
    expect(readNpy(buf).data[0]).not.toBe(99);
  });

  it('ignores bytes after the data, as np.load does', () => {
    const buf = bytesOf('f8-le-2x3.npy');
    const longer = new Uint8Array(buf.length + 5);
    longer.set(buf);
    expect(readNpy(longer).data).toEqual(readNpy(buf).data);
  });

  it('rejects non-buffers with InputTypeError', () => {
    expect(() => readNpy('abc' as never)).toThrow(InputTypeError);
    expect(() => readNpy([1, 2] as never)).toThrow(InputTypeError);
  });
});

describe('writeNpy(x, options) writes what np.save writes', () => {
  it.each([
    ['f8-le-2x3.npy', 'float64'],
    ['f4-le-2x3.npy', 'float32'],
    ['f8-scalar.npy', 'float64'],
    ['f8-empty.npy', 'float64'],
    ['attention-4d-f8.npy', 'float64'],
    ['attention-hf-5d-f4.npy', 'float32'],
  ] as const)('%s: byte for byte', (file, dtype) => {
    const expected = bytesOf(file);
    const a = readNpy(expected);
    const written = writeNpy({ data: a.data, shape: a.shape }, { dtype });
    expect(Buffer.from(written).equals(expected)).toBe(true);
  });

  it('round-trips nested arrays, 1-D arrays and non-finite values', () => {
    expect(readNpy(writeNpy([[1, 2, 3]])).shape).toEqual([1, 3]);
    expect(readNpy(writeNpy(new Float32Array([0.5, 0.25]))).data).toEqual(new Float64Array([0.5, 0.25]));
    expect(Array.from(readNpy(writeNpy([NaN, Infinity, -0])).data)).toEqual([NaN, Infinity, -0]);
  });

  it('rounds to float32 with dtype float32', () => {
    const a = readNpy(writeNpy([0.1], { dtype: 'float32' }));
    expect(a.dtype).toBe('float32');
    expect(a.data[0]).toBe(Math.fround(0.1));
  });

  it('rank above 32 is refused (the shared tensor reader caps rank), so a version 1.0 header always suffices', () => {
    const shape = Array.from({ length: 33 }, () => 1);
    expect(() => writeNpy({ data: [7], shape })).toThrow(ShapeMismatchError);
    const bytes = writeNpy({ data: [7], shape: shape.slice(0, 32) });
    expect(bytes[6]).toBe(1);
    expect(readNpy(bytes).shape).toHaveLength(32);
  });

  it('rejects bad input and options', () => {
    expect(() => writeNpy('x' as never)).toThrow(InputTypeError);
    expect(() => writeNpy([1], { dtype: 'int8' as never })).toThrow(InputTypeError);
    expect(() => writeNpy([1], { order: 'F' } as never)).toThrow(InputTypeError);
  });
});
