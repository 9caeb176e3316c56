/**
 * Converts a value to another type. Spark: sql/catalyst/.../expressions/Cast.scala (non-ANSI:
 * a string that does not parse becomes null rather than failing the query).
 */
import { ArrayType } from '../types/ArrayType.js';
import {
  BooleanType,
  type DataType,
  DoubleType,
  IntegerType,
  LongType,
  NullType,
  StringType,
  TimestampType,
} from '../types/DataType.js';
import { formatValue } from '../types/formatValue.js';
import { parseDataType } from '../types/parseDataType.js';
import { StructType } from '../types/StructType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { describeReference, registerReferenceFactory } from './codegen/referenceFactories.js';
import { stringToTimestamp } from './datetimeUtils.js';
import { Expression, type InternalRow, type RenderMode, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';

type Converter = (v: any) => unknown;

const INTEGRAL = /^\s*[+-]?\d+(\.\d*)?\s*$/;

function stringToIntegral(s: string): number | null {
  if (!INTEGRAL.test(s)) return null;
  return Math.trunc(Number(s));
}

function stringToDouble(s: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  if (/^[+-]?(Infinity|inf)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  const n = Number(t.replace(/[dDfF]$/, ''));
  return Number.isNaN(n) ? null : n;
}

const TRUE_STRINGS = new Set(['t', 'true', 'y', 'yes', '1']);
const FALSE_STRINGS = new Set(['f', 'false', 'n', 'no', '0']);

function saturateInt(n: number): number {
  if (Number.isNaN(n)) return 0;
  return Math.max(-2147483648, Math.min(2147483647, Math.trunc(n)));
}

/** The conversion from `from` to `to`, or undefined when Spark cannot cast between them. */
export function castConverter(from: DataType, to: DataType): Converter | undefined {
  if (from.sameType(to) || from === NullType) return (v) => v;
  if (to === StringType) {
    if (from instanceof ArrayType || from instanceof StructType || from === TimestampType || from === DoubleType) {
      return (v) => formatValue(v, from);
    }
    return (v) => String(v);
  }
  if (to === IntegerType) {
    if (from === StringType) return (v: string) => { const n = stringToIntegral(v); return n === null ? null : n | 0; };
    if (from === LongType) return (v: number) => v | 0;
    if (from === DoubleType) return saturateInt;
    if (from === BooleanType) return (v: boolean) => (v ? 1 : 0);
    if (from === TimestampType) return (v: number) => Math.floor(v / 1000) | 0;
  }
  if (to === LongType) {
    if (from === StringType) return stringToIntegral;
    if (from === IntegerType) return (v) => v;
    if (from === DoubleType) return (v: number) => (Number.isNaN(v) ? 0 : Math.trunc(v));
    if (from === BooleanType) return (v: boolean) => (v ? 1 : 0);
    if (from === TimestampType) return (v: number) => Math.floor(v / 1000);
  }
  if (to === DoubleType) {
    if (from === StringType) return stringToDouble;
    if (from === IntegerType || from === LongType) return (v) => v;
    if (from === BooleanType) return (v: boolean) => (v ? 1 : 0);
    if (from === TimestampType) return (v: number) => v / 1000;
  }
  if (to === BooleanType) {
    if (from === StringType) {
      return (v: string) => {
        const t = v.trim().toLowerCase();
        return TRUE_STRINGS.has(t) ? true : FALSE_STRINGS.has(t) ? false : null;
      };
    }
    if (from === IntegerType || from === LongType || from === DoubleType) return (v: number) => v !== 0;
  }
  if (to === TimestampType) {
    if (from === StringType) return stringToTimestamp;
    if (from === IntegerType || from === LongType || from === DoubleType) return (v: number) => Math.trunc(v * 1000);
  }
  return undefined;
}

/** Rebuilds a converter on an executor from the types' simple strings (`struct<a:int>`). */
registerReferenceFactory('structured.cast', (from: string, to: string) => castConverter(parseDataType(from), parseDataType(to)));

/** `CAST(child AS type)`. */
export class Cast extends Expression {
  #converter: Converter | undefined;

  constructor(
    readonly child: Expression,
    readonly dataType: DataType,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.child];
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.child ? this : new Cast(c[0]!, this.dataType);
  }

  override get nullable(): boolean {
    return true;
  }

  override get foldable(): boolean {
    return this.child.foldable;
  }

  override checkInputDataTypes(): TypeCheckResult {
    if (castConverter(this.child.dataType, this.dataType)) return TYPE_CHECK_OK;
    return {
      ok: false,
      subClass: 'CAST_WITHOUT_SUGGESTION',
      message: `cannot cast "${this.child.dataType.sqlName}" to "${this.dataType.sqlName}".`,
    };
  }

  #convert(): Converter {
    this.#converter ??= castConverter(this.child.dataType, this.dataType)!;
    return this.#converter;
  }

  eval(row: InternalRow): unknown {
    const v = this.child.eval(row);
    return v === null ? null : this.#convert()(v);
  }

  genCode(ctx: CodegenContext): ExprCode {
    const from = this.child.dataType;
    const to = this.dataType;
    const child = this.child.genCode(ctx);
    if (from.sameType(to) || ((from === IntegerType || from === LongType) && (to === LongType || to === DoubleType))) {
      return child;
    }
    const fn = ctx.addReference(describeReference(this.#convert(), 'structured.cast', from.simpleString, to.simpleString));
    return ctx.nullSafe([child], ([v]) => `${fn}(${v})`);
  }

  protected render(child: (e: Expression) => string, mode: RenderMode): string {
    return mode === 'plan'
      ? `cast(${child(this.child)} as ${this.dataType.simpleString})`
      : `CAST(${child(this.child)} AS ${this.dataType.sqlName})`;
  }
}
