/**
 * The hash table of a broadcast hash join's local rows, built once per rows and key, and its
 * one-row-per-key form. Spark: execution/joins/HashedRelation.scala (HashedRelation, and
 * UnsafeHashedRelation's `keyIsUnique`, which lets the probe skip the match iterator).
 *
 * Both forms are marked shipAsBroadcast: like the relation Spark's BroadcastExchangeExec builds
 * once and broadcasts, a worker executor receives a table once and keeps it for every later task
 * and batch (it travelled with every map task before: 40 of a yahoo run's 123 task messages,
 * 5.5 MB, 1.2-2.3 ms of deserialisation per task on the worker).
 */
import { compileProjection } from '../../expressions/codegen/compileExpressions.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import { shipAsBroadcast } from './ShippableCode.js';

/** Hash tables by build rows and bound key expressions. */
const builtTables = new WeakMap<readonly InternalRow[], Map<string, Map<unknown, unknown>>>();

/** The one-row-per-key form of a hash table, or null when some key has several rows. */
const uniqueTables = new WeakMap<Map<unknown, unknown>, Map<unknown, InternalRow> | null>();

/**
 * Nested Maps, one level per key column, down to the rows with that key (null keys never match),
 * for `keys` bound to rows of `width` columns. Built once per rows array and keys: a micro-batch
 * plans a new join each batch over the same static rows (the planner keeps local rows derived by
 * a projection or filter, SparkPlanner's localRows), and rebuilt the table every batch.
 */
export function broadcastHashTable(rows: readonly InternalRow[], keys: readonly Expression[], width: number): Map<unknown, unknown> {
  const cacheKey = keys.map((k) => k.toString()).join(', ');
  let byKey = builtTables.get(rows);
  if (byKey === undefined) builtTables.set(rows, (byKey = new Map()));
  const cached = byKey.get(cacheKey);
  if (cached) return cached;
  const keyOf = compileProjection(keys, true, width);
  const root = new Map<unknown, unknown>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key.some((v) => v === null)) continue;
    let map = root;
    for (let i = 0; i < key.length - 1; i++) {
      let next = map.get(key[i]) as Map<unknown, unknown> | undefined;
      if (next === undefined) map.set(key[i], (next = new Map()));
      map = next;
    }
    const last = key[key.length - 1];
    const bucket = map.get(last) as InternalRow[] | undefined;
    if (bucket) bucket.push(row);
    else map.set(last, [row]);
  }
  byKey.set(cacheKey, root);
  return shipAsBroadcast(root);
}

/**
 * For a one-level table whose every key has one row (a dimension table keyed by its id), the Map
 * from key to that row; else undefined. The generated probe then reads the row directly instead
 * of looping over a bucket per streamed row.
 */
export function uniqueRowsByKey(table: Map<unknown, unknown>): Map<unknown, InternalRow> | undefined {
  let unique = uniqueTables.get(table);
  if (unique === undefined) {
    unique = new Map<unknown, InternalRow>();
    for (const [key, bucket] of table) {
      if (!Array.isArray(bucket) || bucket.length !== 1) {
        unique = null;
        break;
      }
      unique.set(key, bucket[0] as InternalRow);
    }
    if (unique) shipAsBroadcast(unique);
    uniqueTables.set(table, unique);
  }
  return unique ?? undefined;
}

/** The id-carrying form of each unique table (uniqueRowsWithIds). */
const tablesWithIds = new WeakMap<Map<unknown, InternalRow>, Map<unknown, InternalRow>>();

/**
 * A unique table whose rows carry, after their `width` columns, each column's dictionary id: the
 * rank of the value's first appearance among the table's rows in that column (a Map assigns them,
 * so values a Map takes as one key share an id, null included). Built once per table. Why: the
 * yahoo stage groups by the joined campaign id; grouping by its id indexes an array where a
 * string-keyed Map lookup per row cost ~10 ms per 1M events (the hand loop indexes an Int32Array).
 */
export function uniqueRowsWithIds(unique: Map<unknown, InternalRow>, width: number): Map<unknown, InternalRow> {
  let withIds = tablesWithIds.get(unique);
  if (withIds === undefined) {
    const dictionaries = Array.from({ length: width }, () => new Map<unknown, number>());
    withIds = new Map<unknown, InternalRow>();
    for (const [key, row] of unique) {
      const ids = dictionaries.map((dictionary, i) => {
        let id = dictionary.get(row[i]);
        if (id === undefined) dictionary.set(row[i], (id = dictionary.size));
        return id;
      });
      withIds.set(key, [...row, ...ids]);
    }
    shipAsBroadcast(withIds);
    tablesWithIds.set(unique, withIds);
  }
  return withIds;
}
