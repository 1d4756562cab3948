import { checkEnum, checkOptions } from '../internal/options.js';
import { normalizeTensor } from '../internal/tensor.js';
import type { TensorLike } from '../types/tensor.js';
import { NPY_ALIGN, formatShape } from './internal/npyHeader.js';
import type { NpyDtype } from './readNpy.js';

/** Options of {@link writeNpy}. */
export interface WriteNpyOptions {
  /** Element type written: `'float64'` (default, `<f8`) or `'float32'` (`<f4`, values rounded to float32). */
  readonly dtype?: NpyDtype;
}

/** Defaults of {@link writeNpy}. */
export const WRITE_NPY_DEFAULTS = Object.freeze({ dtype: 'float64' as NpyDtype });

/**
 * Write an array as a NumPy `.npy` file, byte for byte as `np.save` writes it: version 1.0 header (2.0
 * would be used for a header above 65535 bytes, which no shape of rank ≤ 32 reaches), little-endian,
 * C order, the data aligned to 64 bytes.
 * `np.load` reads the result; so does {@link readNpy}. Pure: returns the bytes (write them with
 * `fs.writeFileSync(path, bytes)`).
 *
 * @param x - the array: nested arrays, `{ data, shape }`, `{ data, dims }` or a flat `ArrayLike<number>`
 *   (shape `[length]`). Values may be any finite or non-finite numbers.
 * @param options - `dtype` (`'float64'`).
 * @returns a fresh `Uint8Array` holding the whole file.
 * @throws InputTypeError for a non-array input, an unknown option or dtype.
 * @throws ShapeMismatchError for ragged nested arrays or a rank above 32.
 * @example
 * const bytes = writeNpy([[1, 2], [3, 4]]);
 * bytes.length; // => 160
 * readNpy(bytes).data; // => Float64Array [1, 2, 3, 4]
 */
export function writeNpy(x: TensorLike, options?: WriteNpyOptions): Uint8Array {
  const fn = 'writeNpy';
  const opts = checkOptions<WriteNpyOptions>(fn, options, ['dtype']);
  const dtype = checkEnum(fn, 'dtype', opts.dtype ?? WRITE_NPY_DEFAULTS.dtype, ['float64', 'float32'] as const);
  const { data, shape } = normalizeTensor(fn, 'x', x, { finite: false, nonEmpty: false });
  const descr = dtype === 'float32' ? '<f4' : '<f8';
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${formatShape(shape)}, }`;
  let major = 1;
  let prefix = 10;
  let total = Math.ceil((prefix + dict.length + 1) / NPY_ALIGN) * NPY_ALIGN;
  if (total - prefix > 0xffff) {
    major = 2;
    prefix = 12;
    total = Math.ceil((prefix + dict.length + 1) / NPY_ALIGN) * NPY_ALIGN;
  }
  const header = `${dict}${' '.repeat(total - prefix - dict.length - 1)}\n`;
  const itemSize = dtype === 'float32' ? 4 : 8;
  const out = new Uint8Array(total + data.length * itemSize);
  const view = new DataView(out.buffer);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  if (itemSize === 4) for (let i = 0; i < data.length; i++) view.setFloat32(total + 4 * i, data[i]!, true);
  else for (let i = 0; i < data.length; i++) view.setFloat64(total + 8 * i, data[i]!, true);
  return out;
}
