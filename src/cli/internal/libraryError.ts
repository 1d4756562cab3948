import { AbortError, InputRangeError, InputTypeError } from '../../errors/index.js';
import { CliError } from './CliError.js';

/**
 * Turn a typed error of a library call on a file's contents into a one-line CliError naming the file:
 * the library function prefix is dropped, and a row-sum failure is called what it is ("not stochastic").
 * Other errors are returned unchanged.
 */
export function fileError(name: string, error: unknown, hint = ''): unknown {
  if (error instanceof AbortError) return new CliError('interrupted', 130);
  if (!(error instanceof InputTypeError || error instanceof InputRangeError)) return error;
  const message = error.message.replace(/^[A-Za-z.]+: /, '');
  if (/must sum to 1/.test(message)) return new CliError(`${name}: not stochastic: ${message}${hint}`);
  if (/must be non-negative|must be finite/.test(message)) return new CliError(`${name}: not an attention stack: ${message}`);
  return new CliError(`${name}: ${message}`);
}
