import { parseArgs } from 'node:util';
import { usageError } from './CliError.js';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** Parsed flags (by name) and positional arguments, or `null` when `--help` was asked for. */
export interface Parsed {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
}

/**
 * node:util parseArgs in strict mode, plus `-h/--help`. Unknown flags, missing values and stray
 * positionals become usage errors (exit code 2) that name the command.
 */
export function parse(command: string, argv: readonly string[], options: OptionSpec, maxPositionals: number): Parsed | null {
  let result: ReturnType<typeof parseArgs>;
  try {
    result = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message);
    const message = unknown ? `unknown option '${unknown[1]}'` : (error as Error).message.split('\n')[0]!.replace(/\.$/, '');
    throw usageError(`${message} (see faithcheck ${command} --help)`);
  }
  if (result.values['help'] === true) return null;
  if (result.positionals.length > maxPositionals) {
    throw usageError(`unexpected argument '${result.positionals[maxPositionals]}' (see faithcheck ${command} --help)`);
  }
  return { values: result.values as Parsed['values'], positionals: result.positionals };
}

/** A string flag's value, or undefined. */
export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A non-negative integer flag (`--layer 2`), or undefined. */
export function int(p: Parsed, name: string, min = 0): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < min) throw usageError(`--${name} must be an integer ≥ ${min} (got '${v}')`);
  return Number(v);
}

/** A number flag (`--tolerance 1e-3`, `inf` allowed), or undefined. */
export function num(p: Parsed, name: string): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const x = /^inf(inity)?$/i.test(v.trim()) ? Infinity : Number(v);
  if (v.trim() === '' || Number.isNaN(x)) throw usageError(`--${name} must be a number (got '${v}')`);
  return x;
}

/** A comma-separated integer list (`--outputs 0,3,5`), or undefined. */
export function intList(p: Parsed, name: string): number[] | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const parts = v.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((s) => !/^\d+$/.test(s))) {
    throw usageError(`--${name} must be a comma-separated list of non-negative integers (got '${v}')`);
  }
  return parts.map(Number);
}

/** One of a fixed set of strings, or undefined. */
export function choice<T extends string>(p: Parsed, name: string, allowed: readonly T[]): T | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw usageError(`--${name} must be one of ${allowed.join(', ')} (got '${v}')`);
  return v as T;
}
