/**
 * What the streaming and batch [flat]MapGroupsWithState operators share: shuffling rows by the
 * user's key, grouping a partition's rows per key, and turning the function's output objects into
 * internal rows. Spark: sql/core/.../execution/objects.scala (AppendColumns + GroupedIterator).
 *
 * Keys are JSON values; a partition is found from the key's hash (the shared Java-style hashCode),
 * and groups by its canonical JSON, so `['a', 1]` built twice is one key.
 */
import { HashPartitioner, hashCode, nonNegativeMod, type RDD } from '../../../shared/index.js';
import type { Row } from '../../DataFrame.js';
import { toExternalRow, toInternalRows } from '../../execution/rowConversion.js';
import type { InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { StructField, StructType } from '../../types/StructType.js';
import { GroupStateErrors } from '../logical/statefulErrors.js';
import { canonicalJson, type JsonValue } from '../sources/Offset.js';

/** One key's rows of a partition, as the user function sees them. */
export interface KeyGroup {
  readonly key: JsonValue;
  readonly rows: Row[];
  /** The input rows (internal form), for event-time filtering. */
  readonly internal: InternalRow[];
}

/** Rows paired with their key and shuffled so each key is in one of `numPartitions` partitions. */
export function shuffleByKey(
  rdd: RDD<InternalRow>,
  input: readonly AttributeReference[],
  keyFunc: (row: Row) => JsonValue,
  numPartitions: number,
): RDD<[number, [JsonValue, InternalRow]]> {
  return rdd
    .map((row): [number, [JsonValue, InternalRow]] => {
      const key = keyFunc(toExternalRow(row, input));
      return [nonNegativeMod(hashCode(key), numPartitions), [key, row]];
    })
    .partitionBy(new HashPartitioner(numPartitions));
}

/** A partition's rows grouped by key, in ascending order of the keys' canonical JSON (Spark sorts groups by key). */
export function groupPartition(pairs: Iterable<[number, [JsonValue, InternalRow]]>, input: readonly AttributeReference[]): KeyGroup[] {
  const groups = new Map<string, KeyGroup>();
  for (const [, [key, row]] of pairs) {
    const id = canonicalJson(key);
    let group = groups.get(id);
    if (!group) {
      group = { key, rows: [], internal: [] };
      groups.set(id, group);
    }
    group.rows.push(toExternalRow(row, input));
    group.internal.push(row);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/** A converter from the function's output objects to internal rows of `outputAttrs`. */
export function outputConverter(outputAttrs: readonly AttributeReference[]): (rows: readonly Row[]) => InternalRow[] {
  const schema = new StructType(outputAttrs.map((a) => new StructField(a.name, a.dataType, a.nullable)));
  return (rows) => toInternalRows(rows, schema);
}

/** Calls the user function, wrapping its error with the key (Spark's FlatMapGroupsWithStateUserFuncException). */
export function callUserFunction<T>(key: JsonValue, call: () => Iterable<T>): T[] {
  try {
    return [...call()];
  } catch (error) {
    throw GroupStateErrors.userFunctionFailed(key, error);
  }
}

/** True for a value JSON keeps exactly (what a group state may hold). */
export function isJsonValue(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJsonValue);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v as object).every(isJsonValue);
  return false;
}
