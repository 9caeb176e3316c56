/**
 * The built-in functions of the DataFrame API. Spark: sql/api/.../functions.scala.
 *
 * Functions take Columns or column names (`sum('age')` is `sum(col('age'))`), except `lit`,
 * whose argument is always a value.
 */
import { Column, type ColumnOrName, type ColumnOrValue, toColumn, toExpr } from './Column.js';
import { Average } from './expressions/aggregate/Average.js';
import { CollectList } from './expressions/aggregate/CollectList.js';
import { Count } from './expressions/aggregate/Count.js';
import { First, Last } from './expressions/aggregate/FirstLast.js';
import { HyperLogLogPlusPlus } from './expressions/aggregate/HyperLogLogPlusPlus.js';
import { Max, Min } from './expressions/aggregate/MinMax.js';
import { Sum } from './expressions/aggregate/Sum.js';
import { CreateNamedStruct } from './expressions/complexTypes.js';
import { CaseWhen } from './expressions/conditionalExpressions.js';
import { CurrentTimestamp, ToTimestamp } from './expressions/datetimeExpressions.js';
import { Explode } from './expressions/generators.js';
import { Literal } from './expressions/Literal.js';
import { Coalesce } from './expressions/nullExpressions.js';
import { Not } from './expressions/predicates.js';
import { sessionWindow } from './expressions/SessionWindow.js';
import { TimeAdd } from './expressions/TimeAdd.js';
import { durationMs, timeWindow } from './expressions/TimeWindow.js';
import { Concat, Length, Lower, StringSplit, Upper } from './expressions/stringExpressions.js';
import { UnresolvedAttribute, UnresolvedStar } from './expressions/unresolved.js';
import { IntegerType, StringType } from './types/DataType.js';
import { parseExpression } from './parser/SqlParser.js';

const c = (v: ColumnOrName) => toColumn(v).expr;

/** The column named `name`; `a.b` reaches into struct `a`; `*` is every column. */
export function col(name: string): Column {
  return name === '*' ? new Column(new UnresolvedStar()) : new Column(UnresolvedAttribute.quoted(name));
}

/** Alias of `col`. */
export function column(name: string): Column {
  return col(name);
}

/** A literal column: `lit(1)` is an int, `lit(1.5)` a double, `lit('a')` a string, `lit(null)` null. */
export function lit(value: ColumnOrValue): Column {
  return value instanceof Column ? value : new Column(Literal.create(value));
}

/**
 * A column from a SQL expression string: `expr('a + 1 AS b')`, `expr('count(*)')`.
 * @throws AnalysisException PARSE_SYNTAX_ERROR when the text does not parse.
 */
export function expr(sql: string): Column {
  return new Column(parseExpression(sql));
}

/** Starts a CASE WHEN chain: `when(cond, v).when(cond2, v2).otherwise(v3)`. */
export function when(condition: Column, value: ColumnOrValue): Column {
  return new Column(new CaseWhen([[condition.expr, toExpr(value)]]));
}

/** `NOT col`. */
export function not(e: Column): Column {
  return new Column(new Not(e.expr));
}

/** count(col) counts non-null values; `count('*')` counts rows (named `count(1)`). */
export function count(e: ColumnOrName): Column {
  if (e === '*' || (e instanceof Column && e.expr instanceof UnresolvedStar)) return new Column(new Count(Literal.create(1)));
  return new Column(new Count(c(e)));
}

/** Sum of non-null values: long for integral input, double for double; null for no values. */
export function sum(e: ColumnOrName): Column {
  return new Column(new Sum(c(e)));
}

/** Mean of non-null values, as a double. */
export function avg(e: ColumnOrName): Column {
  return new Column(new Average(c(e)));
}

/** Alias of `avg`. */
export function mean(e: ColumnOrName): Column {
  return avg(e);
}

/** The smallest non-null value (any orderable type). */
export function min(e: ColumnOrName): Column {
  return new Column(new Min(c(e)));
}

/** The largest non-null value (any orderable type). */
export function max(e: ColumnOrName): Column {
  return new Column(new Max(c(e)));
}

/** The first value of the group (nulls included unless `ignoreNulls`). Order-dependent, as in Spark. */
export function first(e: ColumnOrName, ignoreNulls = false): Column {
  return new Column(new First(c(e), ignoreNulls));
}

/** The last value of the group (nulls included unless `ignoreNulls`). */
export function last(e: ColumnOrName, ignoreNulls = false): Column {
  return new Column(new Last(c(e), ignoreNulls));
}

/** The group's non-null values as an array. */
export function collect_list(e: ColumnOrName): Column {
  return new Column(new CollectList(c(e)));
}

/** The approximate number of distinct non-null values (HyperLogLog++, default relative error 5%). */
export function approx_count_distinct(e: ColumnOrName, rsd = 0.05): Column {
  return new Column(new HyperLogLogPlusPlus(c(e), rsd));
}

/** The string in lower case. */
export function lower(e: ColumnOrName): Column {
  return new Column(new Lower(c(e)));
}

/** The string in upper case. */
export function upper(e: ColumnOrName): Column {
  return new Column(new Upper(c(e)));
}

/** The character length of a string. */
export function length(e: ColumnOrName): Column {
  return new Column(new Length(c(e)));
}

/** Concatenates strings; null if any input is null. */
export function concat(...cols: ColumnOrName[]): Column {
  return new Column(new Concat(cols.map(c)));
}

/** Splits `str` around matches of the regular expression `pattern`; `limit` > 0 caps the parts. */
export function split(str: ColumnOrName, pattern: string, limit = -1): Column {
  return new Column(new StringSplit(c(str), new Literal(pattern, StringType), new Literal(limit, IntegerType)));
}

/** One row per array element, in a column named `col` (rename with `.alias`). */
export function explode(e: ColumnOrName): Column {
  return new Column(new Explode(c(e)));
}

/** Parses a string as a timestamp (UTC); with `format`, by a pattern such as `yyyy-MM-dd HH:mm:ss`. */
export function to_timestamp(e: ColumnOrName, format?: string): Column {
  return new Column(new ToTimestamp(c(e), format));
}

/** The query's start time, read from the session's Clock (`spark.sparkContext.clock`). */
export function current_timestamp(): Column {
  return new Column(new CurrentTimestamp());
}

/** The first non-null argument. */
export function coalesce(...cols: ColumnOrName[]): Column {
  return new Column(new Coalesce(cols.map(c)));
}

/** A struct column from columns, with fields named after them. */
export function struct(...cols: ColumnOrName[]): Column {
  const exprs = cols.map(c);
  const names = exprs.map((e, i) => ('name' in e && typeof e.name === 'string' ? e.name.split('.').at(-1)! : `col${i + 1}`));
  return new Column(new CreateNamedStruct(names, exprs));
}

/** Ascending sort order on a column. */
export function asc(name: ColumnOrName): Column {
  return toColumn(name).asc();
}

/** Descending sort order on a column. */
export function desc(name: ColumnOrName): Column {
  return toColumn(name).desc();
}

/**
 * The event-time window(s) of each row, as a `window` struct `{start, end}` ([start, end), epoch ms):
 * tumbling when only `windowDuration` is given, sliding with `slideDuration`, shifted by `startTime`.
 * Event time: windows come from the row's timestamp column, never from the clock.
 * @example df.groupBy(window('eventTime', '10 seconds', '5 seconds'), 'key').count()
 * @throws IllegalArgumentError INVALID_WINDOW_DURATION for a duration that is not an interval
 */
export function window(timeColumn: ColumnOrName, windowDuration: string, slideDuration?: string, startTime?: string): Column {
  return new Column(timeWindow(c(timeColumn), windowDuration, slideDuration, startTime));
}

/**
 * Session windows on a timestamp column: a session closes once no event of its key arrives for
 * `gapDuration` (an interval string, or a Column giving each row's gap).
 * @example df.groupBy(session_window('eventTime', '5 seconds'), 'userId').count()
 * @throws IllegalArgumentError INVALID_WINDOW_DURATION for a fixed gap that is not an interval
 */
export function session_window(timeColumn: ColumnOrName, gapDuration: string | Column): Column {
  return new Column(sessionWindow(c(timeColumn), gapDuration instanceof Column ? gapDuration.expr : gapDuration));
}

const UNIT_MS: Record<string, number> = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };

/**
 * `ts + quantity unit`, a timestamp shifted by a fixed interval: the building block of time-range
 * join conditions (`col('clickTime').leq(timestamp_add('hour', 1, 'impressionTime'))`). Units:
 * millisecond, second, minute, hour, day, week (case-insensitive, singular or plural).
 * Differs from Spark: the quantity is a number, not a column, and months are not accepted.
 * @throws IllegalArgumentError INVALID_WINDOW_DURATION for another unit
 */
export function timestamp_add(unit: string, quantity: number, ts: ColumnOrName): Column {
  const perUnit = UNIT_MS[unit.toLowerCase().replace(/s$/, '')];
  const ms = perUnit === undefined ? durationMs('interval', `${quantity} ${unit}`) : quantity * perUnit;
  return new Column(new TimeAdd(c(ts), ms));
}

/** `ts + interval`, the interval as a string: `time_add('impressionTime', '1 hour')`; negative intervals subtract. */
export function time_add(ts: ColumnOrName, interval: string): Column {
  return new Column(new TimeAdd(c(ts), durationMs('interval', interval)));
}
