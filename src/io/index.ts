/**
 * `faithcheck/io` — reading and writing arrays saved by other tools, framework-free and pure (bytes and
 * strings in, `{ data, shape }` out):
 *
 * - {@link readNpy} / {@link writeNpy}: NumPy `.npy` files (float32/float64, C order, header versions 1–3);
 *   {@link NpyFormatError} says why a file is refused;
 * - {@link parseTensorJson}: JSON dumps (nested arrays or `{ data, shape }`), e.g. attention saved from Python.
 *
 * See docs/cli.md for the Python side of an attention dump.
 *
 * @packageDocumentation
 */
export { readNpy } from './readNpy.js';
export type { NpyArray, NpyDtype } from './readNpy.js';
export { writeNpy, WRITE_NPY_DEFAULTS } from './writeNpy.js';
export type { WriteNpyOptions } from './writeNpy.js';
export { parseTensorJson } from './parseTensorJson.js';
export { NpyFormatError } from './NpyFormatError.js';
export type { NpyFormatProblem } from './NpyFormatError.js';
