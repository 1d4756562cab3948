import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../src/io/index.js';

const shapes = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 5 });

describe('writeNpy / readNpy round trip (property)', () => {
  it('float64: any shape and any doubles (NaN, ±Infinity, −0 included) come back bit for bit', () => {
    fc.assert(
      fc.property(shapes, fc.infiniteStream(fc.double()), (shape, values) => {
        const size = shape.reduce((a, b) => a * b, 1);
        const data = Float64Array.from(values.take(size));
        const back = readNpy(writeNpy({ data, shape }));
        expect(back.shape).toEqual(shape);
        expect(back.dtype).toBe('float64');
        expect(Array.from(back.data)).toEqual(Array.from(data));
      }),
      { numRuns: 200 },
    );
  });

  it('float32: values come back rounded to float32 (Math.fround); the header is 64-byte aligned', () => {
    fc.assert(
      fc.property(shapes, fc.infiniteStream(fc.double({ noNaN: true })), (shape, values) => {
        const size = shape.reduce((a, b) => a * b, 1);
        const data = Float64Array.from(values.take(size));
        const bytes = writeNpy({ data, shape }, { dtype: 'float32' });
        expect((10 + new DataView(bytes.buffer).getUint16(8, true)) % 64).toBe(0);
        expect(bytes.length).toBe(10 + new DataView(bytes.buffer).getUint16(8, true) + 4 * size);
        expect(Array.from(readNpy(bytes).data)).toEqual(Array.from(data, Math.fround));
      }),
      { numRuns: 200 },
    );
  });
});
