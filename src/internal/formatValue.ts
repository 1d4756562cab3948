/**
 * Short, human-readable rendering of an offending value for error messages.
 * Arrays and typed arrays are abbreviated so a message never dumps a large tensor.
 */
export function formatValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return Object.is(value, -0) ? '-0' : String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean' || typeof value === 'symbol') return String(value);
  if (typeof value === 'function') {
    const name = Object.getOwnPropertyDescriptor(value, 'name')?.value;
    return `function ${typeof name === 'string' && name !== '' ? name : '(anonymous)'}`;
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const arr = value as ArrayLike<unknown>;
    const kind = Array.isArray(value) ? 'Array' : Object.prototype.toString.call(value).slice(8, -1);
    const head: string[] = [];
    const shown = Math.min(arr.length, 6);
    for (let i = 0; i < shown; i++) head.push(Array.isArray(arr[i]) ? '[…]' : formatValue(arr[i]));
    return `${kind}(${arr.length}) [${head.join(', ')}${arr.length > shown ? ', …' : ''}]`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value as object);
    return `{ ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''} }`;
  }
  return String(value);
}
