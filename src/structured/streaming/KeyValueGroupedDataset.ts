/**
 * The result of `groupByKey(keyFunc)`: rows grouped by a key the user computes, ready for
 * arbitrary stateful processing with [map|flatMap]GroupsWithState. Spark:
 * sql/core/.../KeyValueGroupedDataset.scala.
 *
 * Keys and states are JSON values, since the state store checkpoints them as JSON. Rows reach the
 * function as objects keyed by column name; it returns objects of `outputSchema`.
 * Differs from Spark: there are no encoders, so the output schema is given explicitly.
 */
import type { DataFrame, Row } from '../DataFrame.js';
import { AttributeReference } from '../expressions/NamedExpression.js';
import { parseSchemaDDL } from '../types/parseDataType.js';
import { StructType } from '../types/StructType.js';
import type { GroupState } from './GroupState.js';
import type { GroupStateTimeout } from './GroupStateTimeout.js';
import { FlatMapGroupsWithState, type FlatMapGroupsWithStateFunction } from './logical/FlatMapGroupsWithState.js';
import type { OutputMode } from './OutputMode.js';
import { installBatchStatefulStrategies } from './operators/batchStatefulStrategies.js';
import type { JsonValue } from './sources/Offset.js';

/** Rows grouped by a computed key. */
export class KeyValueGroupedDataset<K extends JsonValue> {
  constructor(
    readonly df: DataFrame,
    readonly keyFunc: (row: Row) => K,
  ) {}

  /**
   * Calls `func` once per key with data in a batch (and once per timed-out key), and outputs the
   * one row it returns; the key's state lives across batches. Needs Update output mode.
   * Processing time: ProcessingTimeTimeout runs on the query's Clock.
   * @example
   * events.groupByKey((r) => r.user as string).mapGroupsWithState(
   *   (user, rows, state: GroupState<number>) => { const n = (state.getOption() ?? 0) + rows.length; state.update(n); return { user, n }; },
   *   'user string, n long');
   */
  mapGroupsWithState<S>(
    func: (key: K, values: readonly Row[], state: GroupState<S>) => Row,
    outputSchema: StructType | string,
    timeoutConf: GroupStateTimeout = 'NoTimeout',
  ): DataFrame {
    const flat: FlatMapGroupsWithStateFunction<K, S> = (key, values, state) => [func(key, values, state)];
    return this.#build(flat as unknown as FlatMapGroupsWithStateFunction, outputSchema, 'Update', true, timeoutConf);
  }

  /**
   * Like mapGroupsWithState, but `func` returns any number of rows; `outputMode` says whether they
   * are final (Append) or updates (Update), and must match the query's output mode.
   */
  flatMapGroupsWithState<S>(
    outputMode: OutputMode,
    timeoutConf: GroupStateTimeout,
    func: (key: K, values: readonly Row[], state: GroupState<S>) => Iterable<Row>,
    outputSchema: StructType | string,
  ): DataFrame {
    return this.#build(func as unknown as FlatMapGroupsWithStateFunction, outputSchema, outputMode, false, timeoutConf);
  }

  #build(func: FlatMapGroupsWithStateFunction, outputSchema: StructType | string, outputMode: OutputMode, isMap: boolean, timeout: GroupStateTimeout): DataFrame {
    const session = this.df.sparkSession;
    const schema = toStructType(outputSchema);
    const outputAttrs = schema.fields.map((f) => new AttributeReference(f.name, f.dataType, f.nullable, session.exprIds.next()));
    const child = this.df.analyzed;
    installBatchStatefulStrategies(session);
    const node = new FlatMapGroupsWithState(func, this.keyFunc as (row: Row) => JsonValue, child.output, outputAttrs, outputMode, isMap, timeout, child);
    return new (this.df.constructor as new (s: typeof session, p: typeof node) => DataFrame)(session, node);
  }
}

/** `schema` as a StructType (for callers that accept DDL strings). */
export function toStructType(schema: StructType | string): StructType {
  return typeof schema === 'string' ? parseSchemaDDL(schema) : schema;
}
