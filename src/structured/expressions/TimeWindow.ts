/**
 * `window(timeColumn, windowDuration, slideDuration, startTime)`: the event-time windows a row
 * belongs to, as `{start, end}` structs with [start, end) intervals. Spark:
 * sql/catalyst/.../expressions/TimeWindow.scala and analysis/ResolveTimeWindows.scala
 * (TimeWindowing, which expands a row into its windows).
 *
 * Event time: windows come from the row's timestamp, never from the clock. A row belongs to
 * ceil(windowDuration / slideDuration) candidate windows; when the window is not a multiple of
 * the slide, candidates that do not contain the row are dropped, as Spark's filter does.
 *
 * It is a generator (one input row, one output row per window), so the DataFrame API plans it as
 * Generate, the way Spark's TimeWindowing plans it as Expand (or Project for tumbling windows).
 * Differs from Spark: durations are held in milliseconds, not microseconds.
 */
import { ArrayType } from '../types/ArrayType.js';
import { type DataType, TimestampType } from '../types/DataType.js';
import { StructField, StructType } from '../types/StructType.js';
import type { CodegenContext, ExprCode } from './codegen/CodegenContext.js';
import { fromFactory, registerReferenceFactory } from './codegen/referenceFactories.js';
import type { Expression, InternalRow, TypeCheckResult } from './Expression.js';
import { TYPE_CHECK_OK } from './Expression.js';
import { Generator } from './generators.js';
import { parseIntervalMs } from '../streaming/Trigger.js';
import { WindowErrors } from '../streaming/logical/statefulErrors.js';

/** A window value: epoch milliseconds, start inclusive, end exclusive. */
export interface WindowValue {
  start: number;
  end: number;
}

/** The type of a `window` (and `session_window`) column: `struct<start: timestamp, end: timestamp>`. */
export const WINDOW_STRUCT_TYPE = new StructType([
  new StructField('start', TimestampType, true),
  new StructField('end', TimestampType, true),
]);

/**
 * The windows containing `eventTimeMs`, latest start first (Spark's Expand order).
 *
 * Worked number: 10-second windows sliding every 5 seconds, event at 12 s: the last start is
 * 12 - (12 mod 5) = 10, so the windows are [10, 20) and [5, 15).
 */
export function windowsFor(eventTimeMs: number, windowMs: number, slideMs: number, startMs: number): WindowValue[] {
  const remainder = (eventTimeMs - startMs) % slideMs;
  const lastStart = eventTimeMs - (remainder < 0 ? remainder + slideMs : remainder);
  const count = Math.ceil(windowMs / slideMs);
  const exact = windowMs % slideMs === 0;
  const out: WindowValue[] = [];
  for (let i = 0; i < count; i++) {
    const start = lastStart - i * slideMs;
    const end = start + windowMs;
    if (exact || (eventTimeMs >= start && eventTimeMs < end)) out.push({ start, end });
  }
  return out;
}

/** The windows of one window spec, as generated code calls it (rebuilt by name on executors). */
registerReferenceFactory('structured.windowsFor', (windowMs: number, slideMs: number, startMs: number) => (eventTimeMs: number) => windowsFor(eventTimeMs, windowMs, slideMs, startMs));

/** The window generator over one timestamp column. */
export class TimeWindow extends Generator {
  constructor(
    readonly timeColumn: Expression,
    readonly windowDurationMs: number,
    readonly slideDurationMs: number,
    readonly startTimeMs: number,
  ) {
    super();
  }

  get children(): readonly Expression[] {
    return [this.timeColumn];
  }

  withNewChildren(c: readonly Expression[]): Expression {
    return c[0] === this.timeColumn ? this : new TimeWindow(c[0]!, this.windowDurationMs, this.slideDurationMs, this.startTimeMs);
  }

  /** One column, `window`, as Spark names the expanded column. */
  get elementSchema(): StructType {
    return new StructType([new StructField('window', WINDOW_STRUCT_TYPE, true)]);
  }

  get dataType(): DataType {
    return new ArrayType(WINDOW_STRUCT_TYPE, false);
  }

  override get nullable(): boolean {
    return false;
  }

  /** Spark's TimeWindow.checkInputDataTypes: a timestamp column and consistent durations. */
  override checkInputDataTypes(): TypeCheckResult {
    const t = this.timeColumn.dataType;
    if (t !== TimestampType) {
      return {
        ok: false,
        subClass: 'UNEXPECTED_INPUT_TYPE',
        message: `The first parameter requires the "TIMESTAMP" type, however "${this.timeColumn.sql()}" has the type "${t.sqlName}". `
          + `Cast it first: col('${this.timeColumn.sql()}').cast('timestamp').`,
      };
    }
    const { windowDurationMs: w, slideDurationMs: s, startTimeMs: st } = this;
    if (w <= 0) return mismatch(`The window duration (${w} ms) must be greater than 0.`);
    if (s <= 0) return mismatch(`The slide duration (${s} ms) must be greater than 0.`);
    if (s > w) return mismatch(`The slide duration (${s} ms) must be less than or equal to the windowDuration (${w} ms).`);
    if (Math.abs(st) >= s) return mismatch(`The absolute value of start time (${st} ms) must be less than the slideDuration (${s} ms).`);
    return TYPE_CHECK_OK;
  }

  /** The windows of the row's timestamp; none for a null timestamp (Spark filters those rows out). */
  eval(row: InternalRow): unknown {
    const ts = this.timeColumn.eval(row);
    return ts === null ? [] : windowsFor(ts as number, this.windowDurationMs, this.slideDurationMs, this.startTimeMs);
  }

  genCode(ctx: CodegenContext): ExprCode {
    const { windowDurationMs: w, slideDurationMs: s, startTimeMs: st } = this;
    const fn = ctx.addReference(fromFactory('structured.windowsFor', w, s, st));
    const child = this.timeColumn.genCode(ctx);
    const result = ctx.freshName('windows');
    return { code: `${child.code}const ${result} = ${child.value} === null ? [] : ${fn}(${child.value});\n`, value: result };
  }

  /**
   * Code that computes a row's windows inline, with windowsFor's arithmetic and order, and runs
   * `body` once per window (never for a row without a timestamp). `body` receives the window as
   * an object literal registered in `ctx.knownStructs` with its start as identity: a grouping on
   * it keys by the number and builds the struct only where the whole value is used, instead of a
   * window array and a struct per row and window (windowsFor). A tumbling window needs no loop.
   *
   * Worked number: 10-second windows sliding every 5 seconds, event at 12 s: the last start is
   * 10 s; the loop gives starts 10 s and 5 s, as windowsFor does.
   */
  genInlineCode(ctx: CodegenContext, body: (window: string) => string): string {
    const { windowDurationMs: w, slideDurationMs: s, startTimeMs: st } = this;
    const child = this.timeColumn.genCode(ctx);
    const [remainder, lastStart, k, start] = ['remainder', 'lastStart', 'k', 'windowStart'].map((p) => ctx.freshName(p)) as [string, string, string, string];
    const end = `(${start} + ${w})`;
    const struct = `({ start: ${start}, end: ${end} })`;
    ctx.knownStructs.set(struct, { fields: { start, end }, identity: [start] });
    const count = Math.ceil(w / s);
    // Like windowsFor, keep only windows that contain the row when the slide does not divide the window.
    const contains = w % s === 0 ? '' : `if (!(${child.value} >= ${start} && ${child.value} < ${end})) continue;\n`;
    const first = `${child.code}if (${child.value} !== null) {\n`
      + `const ${remainder} = (${child.value} - ${st}) % ${s};\n`
      + `const ${lastStart} = ${child.value} - (${remainder} < 0 ? ${remainder} + ${s} : ${remainder});\n`;
    if (count === 1) return `${first}const ${start} = ${lastStart};\n${contains}${body(struct)}}\n`;
    return `${first}for (let ${k} = 0; ${k} < ${count}; ${k}++) {\nconst ${start} = ${lastStart} - ${k} * ${s};\n${contains}${body(struct)}}\n}\n`;
  }

  protected render(child: (e: Expression) => string): string {
    return `window(${child(this.timeColumn)}, ${this.windowDurationMs}, ${this.slideDurationMs}, ${this.startTimeMs})`;
  }
}

function mismatch(message: string): TypeCheckResult {
  return { ok: false, subClass: 'INVALID_WINDOW_PARAMETER', message };
}

/**
 * The TimeWindow of `window(col, windowDuration, slideDuration = windowDuration, startTime = '0 seconds')`.
 * @throws IllegalArgumentError INVALID_WINDOW_DURATION for a duration that is not an interval
 */
export function timeWindow(timeColumn: Expression, windowDuration: string, slideDuration?: string, startTime?: string): TimeWindow {
  const windowMs = durationMs('window duration', windowDuration);
  const slideMs = slideDuration === undefined ? windowMs : durationMs('slide duration', slideDuration);
  const startMs = startTime === undefined ? 0 : durationMs('start time', startTime);
  return new TimeWindow(timeColumn, windowMs, slideMs, startMs);
}

/** An interval string in ms, with the window's own error. */
export function durationMs(what: string, value: string): number {
  try {
    return parseIntervalMs(value);
  } catch (error) {
    throw WindowErrors.invalidDuration(what, value, (error as Error).message);
  }
}
