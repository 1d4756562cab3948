import { InputTypeError } from '../errors/index.js';
import { NpyFormatError } from './NpyFormatError.js';
import { NPY_MAGIC, parseHeaderDict } from './internal/npyHeader.js';

/** Element type of a `.npy` file that {@link readNpy} reads (and {@link writeNpy} writes). */
export type NpyDtype = 'float32' | 'float64';

/** Result of {@link readNpy}: the array as float64, its shape and the dtype it was stored in. */
export interface NpyArray {
  /** Row-major (C order) values, converted to float64 (float32 values convert exactly). */
  readonly data: Float64Array;
  /** The shape from the header; `[]` for a 0-d array (one value). */
  readonly shape: number[];
  /** The stored element type. */
  readonly dtype: NpyDtype;
}

const DTYPES: Readonly<Record<string, { dtype: NpyDtype; size: number; little: boolean }>> = {
  '<f4': { dtype: 'float32', size: 4, little: true },
  '>f4': { dtype: 'float32', size: 4, little: false },
  '<f8': { dtype: 'float64', size: 8, little: true },
  '>f8': { dtype: 'float64', size: 8, little: false },
};

function toBytes(fn: string, bytes: unknown): Uint8Array {
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw new InputTypeError(fn, 'bytes must be an ArrayBuffer or a byte view (Uint8Array, Buffer)', bytes);
}

/**
 * Read a NumPy `.npy` file (the format `np.save` writes, NEP 1): header versions 1.0, 2.0 and 3.0,
 * dtype float32 or float64 in either byte order (`<f4`, `>f4`, `<f8`, `>f8`), C order. Pure: give it
 * the file's bytes (`fs.readFileSync(path)` in Node, `await file.arrayBuffer()` in a browser).
 *
 * From Python, `np.save('attention.npy', torch.stack(out.attentions)[:, 0].numpy())` saves a
 * Hugging Face model's `output_attentions` of one example as `[layers, heads, n, n]`, ready for
 * `attentionRollout` and `attentionFlow`. Bytes after the data are ignored (as `np.load` does).
 *
 * @param bytes - the file contents: `ArrayBuffer`, `Uint8Array`, Node `Buffer` or any byte view.
 * @returns `{ data, shape, dtype }` with a fresh `Float64Array` (never a view of `bytes`).
 * @throws InputTypeError if `bytes` is not a buffer.
 * @throws NpyFormatError (an InputTypeError) with `problem` `'magic'`, `'version'`, `'header'`,
 *   `'dtype'` (not float32/float64), `'fortranOrder'` or `'truncated'` (see {@link NpyFormatError}).
 * @see https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 * @example
 * const bytes = writeNpy({ data: [1, 2, 3, 4, 5, 6], shape: [2, 3] }, { dtype: 'float32' });
 * const a = readNpy(bytes);
 * a.shape; // => [2, 3]
 * a.dtype; // => 'float32'
 * a.data; // => Float64Array [1, 2, 3, 4, 5, 6]
 */
export function readNpy(bytes: ArrayBuffer | ArrayBufferView): NpyArray {
  const fn = 'readNpy';
  const u8 = toBytes(fn, bytes);
  if (u8.length < NPY_MAGIC.length || NPY_MAGIC.some((b, i) => u8[i] !== b)) {
    throw new NpyFormatError(fn, 'magic', 'not a .npy file (it does not start with \\x93NUMPY)');
  }
  if (u8.length < 10) throw new NpyFormatError(fn, 'truncated', `truncated header (${u8.length} bytes)`);
  const major = u8[6]!;
  const minor = u8[7]!;
  if (!((major === 1 || major === 2 || major === 3) && minor === 0)) {
    throw new NpyFormatError(fn, 'version', `unsupported .npy format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`, `${major}.${minor}`);
  }
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (u8.length < 8 + lengthBytes) throw new NpyFormatError(fn, 'truncated', `truncated header (${u8.length} bytes)`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthBytes;
  const dataOffset = start + headerLength;
  if (u8.length < dataOffset) {
    throw new NpyFormatError(fn, 'truncated', `truncated header (${u8.length} bytes, the header ends at byte ${dataOffset})`);
  }
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(u8.subarray(start, dataOffset));
  const header = parseHeaderDict(headerText);
  if (header === undefined) {
    throw new NpyFormatError(fn, 'header', "the header is not numpy's {'descr', 'fortran_order', 'shape'} dict", headerText.trim());
  }
  const type = DTYPES[header.descr];
  if (type === undefined) {
    throw new NpyFormatError(fn, 'dtype', "dtype must be float32 or float64 ('<f4', '>f4', '<f8', '>f8'); convert with arr.astype(np.float32)", header.descr);
  }
  if (header.fortranOrder) {
    throw new NpyFormatError(fn, 'fortranOrder', 'the array is in Fortran order; save a C-ordered array (np.ascontiguousarray)');
  }
  const size = header.shape.reduce((a, b) => a * b, 1);
  const needed = size * type.size;
  if (u8.length - dataOffset < needed) {
    throw new NpyFormatError(
      fn,
      'truncated',
      `truncated data: shape [${header.shape.join(', ')}] of ${type.dtype} needs ${needed} bytes, the file has ${u8.length - dataOffset}`,
    );
  }
  const data = new Float64Array(size);
  if (type.size === 4) for (let i = 0; i < size; i++) data[i] = view.getFloat32(dataOffset + 4 * i, type.little);
  else for (let i = 0; i < size; i++) data[i] = view.getFloat64(dataOffset + 8 * i, type.little);
  return { data, shape: header.shape, dtype: type.dtype };
}
