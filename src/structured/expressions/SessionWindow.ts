/**
 * `session_window(timeColumn, gapDuration)`: a row's own session, `{start: t, end: t + gap}`,
 * before sessions of the same key are merged. Spark: sql/catalyst/.../expressions/SessionWindow.scala
 * and analysis/ResolveTimeWindows.scala (SessionWindowing).
 *
 * Event time: a session grows while events keep arriving less than `gap` after the previous one;
 * merging overlapping row sessions into one is the aggregation's job (the streaming session
 * operator, or the batch UpdatingSessions step). The gap is fixed, or per row from an expression
 * that yields an interval string ('10 seconds') or milliseconds; a row with a null or non-positive
 * gap has an empty session and is dropped, as Spark drops it.
 */
import { registerBuiltin } from '../../shared/util/builtinFunctions.js';
import { type DataType, LongType, StringType, TimestampType, isNumeric } from '../types/DataType.js';
import { parseIntervalMs } from '../streaming/Trigger.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { Expression, type InternalRow, TYPE_CHECK_OK, type TypeCheckResult } from './Expression.js';
import { Literal } from './Literal.js';
import { durationMs, WINDOW_STRUCT_TYPE, type WindowValue } from './TimeWindow.js';

/** The gap of one row in ms, or null when the value is not a positive interval. */
export function gapMsOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value > 0 ? value : null;
  try {
    const ms = parseIntervalMs(String(value));
    return ms > 0 ? ms : null;
  } catch {
    return null;
  }
}

/** The per-row session of a timestamp column. */
export class SessionWindow extends Expression {
  constructor(
    readonly timeColumn: Expression,
    /** A literal gap (ms, as a LongType literal) or a per-row expression. */
    readonly gapDuration: Expression,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.timeColumn, this.gapDuration];
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.timeColumn && c[1] === this.gapDuration ? this : new SessionWindow(c[0]!, c[1]!);
  }

  get dataType(): DataType {
    return WINDOW_STRUCT_TYPE;
  }

  override get nullable(): boolean {
    return true;
  }

  /** The fixed gap, when the gap is a literal. */
  get fixedGapMs(): number | undefined {
    return this.gapDuration instanceof Literal ? (gapMsOf(this.gapDuration.value) ?? undefined) : undefined;
  }

  override checkInputDataTypes(): TypeCheckResult {
    const t = this.timeColumn.dataType;
    if (t !== TimestampType) {
      return {
        ok: false,
        subClass: 'UNEXPECTED_INPUT_TYPE',
        message: `The first parameter requires the "TIMESTAMP" type, however "${this.timeColumn.sql()}" has the type "${t.sqlName}".`,
      };
    }
    const g = this.gapDuration.dataType;
    if (g !== StringType && !isNumeric(g)) {
      return {
        ok: false,
        subClass: 'UNEXPECTED_INPUT_TYPE',
        message: `The gap duration must be an interval string such as '10 seconds' (or milliseconds), however "${this.gapDuration.sql()}" has the type "${g.sqlName}".`,
      };
    }
    if (this.gapDuration instanceof Literal && gapMsOf(this.gapDuration.value) === null) {
      return { ok: false, subClass: 'INVALID_WINDOW_PARAMETER', message: `The session window gap duration (${String(this.gapDuration.value)}) must be a positive interval.` };
    }
    return TYPE_CHECK_OK;
  }

  eval(row: InternalRow): unknown {
    return sessionOf(this.timeColumn.eval(row), this.gapDuration.eval(row));
  }

  genCode(ctx: CodegenContext): ExprCode {
    const fn = ctx.addReference(sessionOf);
    const ts = this.timeColumn.genCode(ctx);
    const gap = this.gapDuration.genCode(ctx);
    const result = ctx.freshName('session');
    return { code: `${ts.code}${gap.code}const ${result} = ${fn}(${ts.value}, ${gap.value});\n`, value: result };
  }

  protected render(child: (e: Expression) => string): string {
    return `session_window(${child(this.timeColumn)}, ${child(this.gapDuration)})`;
  }
}

/** `{start: t, end: t + gap}`; null for a null time; an empty session (end = start) for a bad gap. */
function sessionOf(ts: unknown, gap: unknown): WindowValue | null {
  if (ts === null) return null;
  const gapMs = gapMsOf(gap);
  const start = ts as number;
  return { start, end: gapMs === null ? start : start + gapMs };
}

/**
 * The SessionWindow of `session_window(col, gapDuration)`: a fixed gap from an interval string, or
 * a per-row gap from an expression.
 * @throws IllegalArgumentError INVALID_WINDOW_DURATION for a fixed gap that is not an interval
 */
export function sessionWindow(timeColumn: Expression, gapDuration: string | Expression): SessionWindow {
  const gap = typeof gapDuration === 'string' ? new Literal(durationMs('gap duration', gapDuration), LongType) : gapDuration;
  return new SessionWindow(timeColumn, gap);
}

// Generated code references these; worker executors find them by name (ShippableCode.ts).
registerBuiltin('structured.sessionOf', sessionOf);
