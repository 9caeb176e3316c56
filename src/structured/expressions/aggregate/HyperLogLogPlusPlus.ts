/**
 * approx_count_distinct(expr[, rsd]): a HyperLogLog++ sketch with linear counting for small
 * cardinalities. Spark: aggregate/HyperLogLogPlusPlus.scala (and HyperLogLogPlusPlusHelper).
 *
 * Differs from Spark: a 32-bit Murmur3 hash instead of 64-bit xxHash, and no empirical bias
 * correction table; below the linear-counting threshold (the common case in tests) the estimate
 * is the same formula Spark uses, m * ln(m / zeroRegisters), rounded.
 */
import { type DataType, LongType } from '../../types/DataType.js';
import type { Expression, RenderMode } from '../Expression.js';
import { AggregateFunction } from './AggregateFunction.js';

/** Spark's thresholds for switching from linear counting to the HLL estimate, by precision p - 4. */
const THRESHOLDS = [10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000];

const scratch = new DataView(new ArrayBuffer(8));

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Murmur3-style 32-bit hash of a SQL value (seed 42, as Spark's hash functions). */
export function hashValue(v: unknown): number {
  let h = 42;
  if (typeof v === 'number') {
    scratch.setFloat64(0, v === 0 ? 0 : v);
    h = mix(mix(h, scratch.getInt32(0)), scratch.getInt32(4));
    return fmix(h ^ 8);
  }
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return fmix(h ^ s.length);
}

/** Buffer: the register array (length 2^p). */
export class HyperLogLogPlusPlus extends AggregateFunction {
  readonly p: number;

  constructor(
    child: Expression,
    readonly relativeSD = 0.05,
  ) {
    super(child);
    this.p = Math.max(4, Math.ceil(2 * Math.log2(1.106 / relativeSD)));
  }

  get prettyName(): string {
    return 'approx_count_distinct';
  }
  protected make(child: Expression): AggregateFunction {
    return new HyperLogLogPlusPlus(child, this.relativeSD);
  }
  get dataType(): DataType {
    return LongType;
  }
  override get nullable(): boolean {
    return false;
  }
  initialize(): unknown {
    return new Array<number>(1 << this.p).fill(0);
  }
  update(buffer: unknown, value: unknown): unknown {
    if (value === null) return buffer;
    const registers = buffer as number[];
    const h = hashValue(value);
    const index = h >>> (32 - this.p);
    const rest = (h << this.p) >>> 0;
    const rank = rest === 0 ? 32 - this.p + 1 : Math.clz32(rest) + 1;
    if (rank > registers[index]!) registers[index] = rank;
    return registers;
  }
  merge(a: unknown, b: unknown): unknown {
    const x = a as number[];
    const y = b as number[];
    for (let i = 0; i < x.length; i++) if (y[i]! > x[i]!) x[i] = y[i]!;
    return x;
  }
  finish(buffer: unknown): unknown {
    const registers = buffer as number[];
    const m = registers.length;
    let zeros = 0;
    let sum = 0;
    for (const r of registers) {
      if (r === 0) zeros++;
      sum += 2 ** -r;
    }
    if (zeros > 0) {
      const linear = m * Math.log(m / zeros);
      if (linear <= THRESHOLDS[this.p - 4]!) return Math.round(linear);
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    return Math.round((alpha * m * m) / sum);
  }
  protected override render(child: (e: Expression) => string, _mode: RenderMode): string {
    return `approx_count_distinct(${child(this.child)})`;
  }
}
