/**
 * Fixture loading for the agreement tests (oracle JSON written by
 * tests/fixtures/python/agreement/runner.py) and the input generator that runner.py uses for large
 * continuous cases, reproduced bit for bit.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/python/agreement/', import.meta.url));

/** Decode runner.py's JSON encoding: null → NaN, 'Infinity' / '-Infinity' → ±Infinity. */
export function num(v: unknown): number {
  if (v === null) return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v !== 'number') throw new Error(`not a fixture number: ${String(v)}`);
  return v;
}

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')) as T;
}

/** xorshift32 (Marsaglia 2003, shifts 13/17/5), as runner.py's XorShift32. */
class XorShift32 {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  nextU32(): number {
    let s = this.s;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.s = s >>> 0;
    return this.s;
  }
  uniform(): number {
    return this.nextU32() / 4294967296;
  }
  irwinHall(): number {
    return this.uniform() + this.uniform() + this.uniform() + this.uniform() - 2;
  }
}

export interface GeneratorSpec {
  generator: string;
  seed: number;
  n: number;
  ca: number;
  cb: number;
  scale: number;
}

/** runner.py's `generate(spec)`: a = scale·x, b = ca·x + cb·e with x, e Irwin–Hall draws. */
export function generate(spec: GeneratorSpec): [Float64Array, Float64Array] {
  if (spec.generator !== 'xorshift32-irwinhall-v1') throw new Error(`unknown generator ${spec.generator}`);
  const g = new XorShift32(spec.seed);
  const a = new Float64Array(spec.n);
  const b = new Float64Array(spec.n);
  for (let i = 0; i < spec.n; i++) {
    const x = g.irwinHall();
    const e = g.irwinHall();
    a[i] = spec.scale * x;
    b[i] = spec.ca * x + spec.cb * e;
  }
  return [a, b];
}

export type Alt = 'two-sided' | 'less' | 'greater';
export type PValues = Partial<Record<Alt, number | string | null>>;

export interface CorrelationCase {
  name: string;
  kind: string;
  n: number;
  a?: (number | string | null)[];
  b?: (number | string | null)[];
  generated?: GeneratorSpec;
  kendall: {
    b: { statistic: number | null };
    c: { statistic: number | null };
    pValue: Partial<Record<'auto' | 'asymptotic' | 'exact', PValues>>;
  };
  spearman: { statistic: number | null; pValue: PValues };
  pearson: { statistic: number | null; pValue: PValues };
  rankdataA?: number[];
}

export interface CorrelationFixture {
  meta: Record<string, unknown>;
  cases: CorrelationCase[];
}

/** The inputs of a correlation case (stored or generated). */
export function inputs(c: CorrelationCase): [Float64Array, Float64Array] {
  if (c.generated) return generate(c.generated);
  return [Float64Array.from(c.a!, num), Float64Array.from(c.b!, num)];
}

let correlationCache: CorrelationFixture | undefined;
export function correlationFixture(): CorrelationFixture {
  correlationCache ??= loadFixture<CorrelationFixture>('correlation.json');
  return correlationCache;
}
