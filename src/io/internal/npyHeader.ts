/**
 * The `.npy` header (NEP 1, numpy.lib.format): the magic string `\x93NUMPY`, a major and minor version
 * byte, the header length (uint16 little-endian for version 1.0, uint32 for 2.0 and 3.0), then the header:
 * a Python dict literal `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }` (latin-1 in 1.0 and
 * 2.0, UTF-8 in 3.0) padded with spaces and ended by `\n` so that the data starts at a multiple of 64.
 */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] as const; // \x93NUMPY
/** numpy's `ARRAY_ALIGN`: the data offset is a multiple of this. */
export const NPY_ALIGN = 64;

export interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: number[];
}

/** The header dict literal, or undefined when it is not the dict numpy writes. */
export function parseHeaderDict(text: string): NpyHeader | undefined {
  const body = /^\s*\{(.*)\}\s*$/s.exec(text)?.[1];
  if (body === undefined) return undefined;
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(body)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(body)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(body)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) return undefined;
  // exactly the three keys numpy writes
  const keys = Array.from(body.matchAll(/'([A-Za-z_]+)'\s*:/g), (m) => m[1]);
  if (keys.length !== 3 || new Set(keys).size !== 3) return undefined;
  const parts = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const shape: number[] = [];
  for (const p of parts) {
    const v = /^\d+L?$/.test(p) ? Number.parseInt(p, 10) : Number.NaN;
    if (!Number.isSafeInteger(v)) return undefined;
    shape.push(v);
  }
  return { descr, fortranOrder: fortran === 'True', shape };
}

/** `(2, 3)`, `(3,)` or `()`, as numpy prints a shape tuple. */
export function formatShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}
