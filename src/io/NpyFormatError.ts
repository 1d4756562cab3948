import { InputTypeError } from '../errors/index.js';

/** Why {@link readNpy} refused a file (stable values; branch on these, not on the message). */
export type NpyFormatProblem = 'magic' | 'version' | 'header' | 'dtype' | 'fortranOrder' | 'truncated';

/**
 * A byte buffer that {@link readNpy} cannot read as a float32/float64, C-order `.npy` array. An
 * {@link InputTypeError} (so `instanceof InputTypeError` holds) with a stable {@link NpyFormatError.problem}:
 *
 * | problem | meaning |
 * |---|---|
 * | `'magic'` | the bytes do not start with `\x93NUMPY` (not a `.npy` file) |
 * | `'version'` | a header version other than 1.0, 2.0, 3.0 |
 * | `'header'` | the header dict cannot be parsed or lacks `descr` / `fortran_order` / `shape` |
 * | `'dtype'` | a dtype other than float32 / float64 (`<f4`, `>f4`, `<f8`, `>f8`) |
 * | `'fortranOrder'` | `fortran_order: True` (save a C-ordered array: `np.ascontiguousarray`) |
 * | `'truncated'` | fewer bytes than the header or the shape needs |
 */
export class NpyFormatError extends InputTypeError {
  override readonly name: string = 'NpyFormatError';
  /** What is wrong with the file. */
  readonly problem: NpyFormatProblem;
  constructor(fn: string, problem: NpyFormatProblem, message: string, ...value: [] | [unknown]) {
    super(fn, message, ...value);
    this.problem = problem;
  }
}
