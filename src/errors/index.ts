/**
 * Typed errors thrown by faithcheck. Every error carries the public function that
 * raised it (`fn`) and the offending value (`value`); messages start with the
 * function name. Callers branch on the class (or its stable `name`), never on the message.
 *
 * - {@link InputTypeError} (a `TypeError`): the wrong kind of value (not an array, not a number, unknown option).
 * - {@link InputRangeError} (a `RangeError`): a value of the right kind outside its domain (non-finite,
 *   negative, out of range, not a distribution).
 * - {@link ShapeMismatchError} (an `InputRangeError`): bad lengths or shapes (empty, ragged, mismatched).
 * - {@link AdapterCapabilityError} (a `TypeError`): a model adapter lacks a capability an algorithm needs.
 * - {@link AbortError}: a long-running procedure was cancelled through its `AbortSignal`.
 *
 * @module
 */
import { formatValue } from '../internal/formatValue.js';

function compose(fn: string, message: string, value: unknown, hasValue: boolean): string {
  return hasValue ? `${fn}: ${message} (got ${formatValue(value)})` : `${fn}: ${message}`;
}

/** The wrong kind of value was passed to `fn`. */
export class InputTypeError extends TypeError {
  override readonly name: string = 'InputTypeError';
  /** Public function that rejected the input. */
  readonly fn: string;
  /** The offending value. */
  readonly value: unknown;
  constructor(fn: string, message: string, ...value: [] | [unknown]) {
    super(compose(fn, message, value[0], value.length > 0));
    this.fn = fn;
    this.value = value[0];
  }
}

/** A value of the right kind but outside the domain `fn` accepts. */
export class InputRangeError extends RangeError {
  override readonly name: string = 'InputRangeError';
  /** Public function that rejected the input. */
  readonly fn: string;
  /** The offending value. */
  readonly value: unknown;
  constructor(fn: string, message: string, ...value: [] | [unknown]) {
    super(compose(fn, message, value[0], value.length > 0));
    this.fn = fn;
    this.value = value[0];
  }
}

/** Lengths or shapes that are empty, ragged or do not match. */
export class ShapeMismatchError extends InputRangeError {
  override readonly name: string = 'ShapeMismatchError';
}

/** A {@link ModelAdapter} lacks a capability (method or `info` field) that an algorithm requires. */
export class AdapterCapabilityError extends TypeError {
  override readonly name: string = 'AdapterCapabilityError';
  /** Public function that needed the capability. */
  readonly fn: string;
  /** The missing capability, e.g. `'gradient'`. */
  readonly capability: string;
  constructor(fn: string, capability: string, detail?: string) {
    super(`${fn}: the model adapter does not provide '${capability}'${detail ? `: ${detail}` : ''}`);
    this.fn = fn;
    this.capability = capability;
  }
}

/** A long-running procedure was cancelled through its `AbortSignal`. */
export class AbortError extends Error {
  override readonly name: string = 'AbortError';
  /** Public function that was cancelled. */
  readonly fn: string;
  constructor(fn: string, reason?: unknown) {
    super(`${fn}: aborted${reason === undefined ? '' : ` (${formatValue(reason)})`}`);
    this.fn = fn;
  }
}
