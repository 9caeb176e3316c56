/**
 * The task functions of an unfused HashAggregateExec (spark.sql.codegen.wholeStage=false), as
 * builtins with a data env so they run on worker executors too. Spark:
 * execution/aggregate/HashAggregateExec.scala (doExecute's mapPartitions) and
 * TungstenAggregationIterator.
 */
import type { TaskContext } from '../../../shared/index.js';
import { registerBuiltin } from '../../../shared/util/builtinFunctions.js';
import type { AggregateFunction } from '../../expressions/aggregate/AggregateFunction.js';
import type { InternalRow } from '../../expressions/Expression.js';
import { GroupingTable } from '../../execution/GroupingTable.js';
import { instantiate, type ShippableCode } from './ShippableCode.js';

/** What the unfused task functions need, as data (so they run on worker executors too). */
export interface AggregateSpec {
  readonly numKeys: number;
  readonly complexKeys: readonly boolean[];
  /** The aggregate functions (shippableValues). */
  readonly functions: ShippableCode;
}

/** Unfused Partial mode: update one buffer per key and function; a global aggregate emits a row even for no input. */
export const partialAggregate = registerBuiltin('structured.partialAggregate', (rows: Iterable<InternalRow>, _task: TaskContext, env: AggregateSpec & { readonly keys: ShippableCode; readonly values: ShippableCode }): unknown[][] => {
  const nk = env.numKeys;
  const fns = instantiate<AggregateFunction[]>(env.functions, []);
  const keysOf = instantiate<(row: InternalRow) => unknown[]>(env.keys, []);
  const valuesOf = instantiate<(row: InternalRow) => unknown[]>(env.values, []);
  const table = new GroupingTable(env.complexKeys);
  for (const row of rows) {
    const k = keysOf(row);
    const entry = table.getOrCreate(k, () => [...k, ...fns.map((f) => f.initialize())]);
    const values = valuesOf(row);
    for (let i = 0; i < fns.length; i++) entry[nk + i] = fns[i]!.update(entry[nk + i], values[i]);
  }
  if (nk === 0 && table.entries.length === 0) table.getOrCreate([], () => fns.map((f) => f.initialize()));
  return table.entries;
});

/** Unfused Final mode: merge buffers by key, finish, project the results. */
export const finalAggregate = registerBuiltin('structured.finalAggregate', (rows: Iterable<InternalRow>, _task: TaskContext, env: AggregateSpec & { readonly results: ShippableCode }): InternalRow[] => {
  const nk = env.numKeys;
  const fns = instantiate<AggregateFunction[]>(env.functions, []);
  const project = instantiate<(row: InternalRow) => InternalRow>(env.results, []);
  const table = new GroupingTable(env.complexKeys);
  for (const row of rows) {
    const k = row.slice(0, nk);
    const entry = table.getOrCreate(k, () => [...k, ...fns.map((f) => f.initialize())]);
    for (let i = 0; i < fns.length; i++) entry[nk + i] = fns[i]!.merge(entry[nk + i], row[nk + i]);
  }
  if (nk === 0 && table.entries.length === 0) table.getOrCreate([], () => fns.map((f) => f.initialize()));
  return table.entries.map((e) => project([...e.slice(0, nk), ...fns.map((f, i) => f.finish(e[nk + i]))]));
});
