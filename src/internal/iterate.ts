import { AdapterCapabilityError, InputTypeError } from '../errors/index.js';

/**
 * Iterate a caller's iterable, reporting a native `TypeError` raised by its iterator protocol (e.g.
 * a `Proxy` of a typed array, whose iterator rejects the proxy as receiver) as
 * {@link InputTypeError} naming `fn`. Other exceptions (the caller's own) propagate unchanged.
 */
export function* iterateInput<T>(fn: string, name: string, iterable: Iterable<T>): Generator<T, void, undefined> {
  const wrap = (e: unknown): never => {
    if (e instanceof TypeError && !(e instanceof InputTypeError) && !(e instanceof AdapterCapabilityError)) {
      throw new InputTypeError(fn, `${name} cannot be iterated (${e.message})`, iterable);
    }
    throw e;
  };
  let iterator: Iterator<T>;
  try {
    iterator = iterable[Symbol.iterator]();
  } catch (e) {
    return wrap(e);
  }
  for (;;) {
    let step: IteratorResult<T>;
    try {
      step = iterator.next();
    } catch (e) {
      return wrap(e);
    }
    if (step.done === true) return;
    yield step.value;
  }
}
