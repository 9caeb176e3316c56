/**
 * Internal rows as the objects users see (`df.rdd`), converted where the task runs. Spark:
 * Dataset.rdd, which deserializes InternalRows to Rows inside the tasks.
 *
 * A builtin bound to the column names, not a closure over the plan's attributes, so the map
 * ships to worker executors by name with its names as data.
 */
import { bind, type RDD } from '../../shared/index.js';
import { registerBuiltin } from '../../shared/util/builtinFunctions.js';
import type { InternalRow } from '../expressions/Expression.js';

/** `row` as an object keyed by the column names, in order; a missing value is null. */
export function namedRow(row: InternalRow, env: { readonly names: readonly string[] }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const { names } = env;
  for (let i = 0; i < names.length; i++) out[names[i]!] = row[i] ?? null;
  return out;
}
registerBuiltin('structured.namedRow', namedRow);

/** The rows of `rdd` as objects keyed by `names`. */
export function namedRows(rdd: RDD<InternalRow>, names: readonly string[]): RDD<Record<string, unknown>> {
  return rdd.map(bind(namedRow, { names }));
}
