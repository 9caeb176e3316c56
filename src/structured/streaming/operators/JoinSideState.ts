/**
 * One side's buffered rows of a stream-stream join in one partition: the rows of each join key,
 * each with a "matched" flag (state format v2, which outer joins need). Spark:
 * sql/core/.../streaming/state/SymmetricHashJoinStateManager.scala.
 *
 * The store keeps, per join key, the list of `[row, matched]` pairs. A batch works on copies of
 * the lists it touches (found through nested maps, not per-row string keys) and writes them back
 * once, so the versions the store caches are never changed in place.
 *
 * State schema of a side's store (`left`, `right`), checked on restart: the key is the side's join
 * keys (`field0`, `field1`, ... as Spark names them), the value the side's columns and `matched
 * boolean not null` (Spark's keyWithIndexToValue of state format v2; here one list per key).
 */
import { GroupingTable } from '../../execution/GroupingTable.js';
import type { Expression, InternalRow } from '../../expressions/Expression.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { BooleanType } from '../../types/DataType.js';
import { StructField, StructType } from '../../types/StructType.js';
import type { JsonValue } from '../sources/Offset.js';
import { StateSchemaCompatibilityChecker, structOf } from '../state/StateSchemaCompatibilityChecker.js';
import type { StateStore } from '../state/StateStore.js';
import type { OperatorState } from './OperatorState.js';

/** A buffered row and whether it has matched a row of the other side. */
export type BufferedRow = [row: InternalRow, matched: boolean];

interface Entry {
  readonly key: readonly unknown[];
  rows: BufferedRow[];
  dirty: boolean;
}

/** The state of one side in one partition, for one batch. */
export class JoinSideState {
  readonly #table: GroupingTable;
  readonly #entries: Entry[] = [];
  numRowsAdded = 0;
  numRowsRemoved = 0;

  /**
   * On the driver, once per run: records the schema of one side's store, or refuses a restart
   * whose join keys or side columns no longer fit it.
   * @throws IllegalStateError STATE_SCHEMA_NOT_COMPATIBLE naming the store, its schema file and both schemas
   */
  static checkStateSchema(state: OperatorState, storeName: 'left' | 'right', keys: readonly Expression[], output: readonly AttributeReference[]): void {
    StateSchemaCompatibilityChecker.checkOncePerRun(state.ctx, state.operatorId, storeName, {
      keySchema: structOf(keys.map((k, i) => [`field${i}`, k])),
      valueSchema: new StructType([...structOf(output.map((a) => [a.name, a])).fields, new StructField('matched', BooleanType, false)]),
    });
  }

  constructor(
    readonly store: StateStore,
    complexKeys: readonly boolean[],
  ) {
    this.#table = new GroupingTable(complexKeys);
  }

  #entry(key: readonly unknown[]): Entry {
    const slot = this.#table.getOrCreate(key, () => {
      const stored = this.store.get(key as JsonValue) as BufferedRow[] | undefined;
      const entry: Entry = { key, rows: stored ? [...stored] : [], dirty: false };
      this.#entries.push(entry);
      return [entry];
    });
    return slot[0] as Entry;
  }

  /** The buffered rows of `key` (do not change the returned array; use markMatched / append). */
  rows(key: readonly unknown[]): readonly BufferedRow[] {
    return this.#entry(key).rows;
  }

  /** Flags the i-th row of `key` as matched. */
  markMatched(key: readonly unknown[], index: number): void {
    const entry = this.#entry(key);
    const current = entry.rows[index]!;
    if (current[1]) return;
    entry.rows[index] = [current[0], true];
    entry.dirty = true;
  }

  /** Buffers `row` under `key`. */
  append(key: readonly unknown[], row: InternalRow, matched: boolean): void {
    const entry = this.#entry(key);
    entry.rows.push([row, matched]);
    entry.dirty = true;
    this.numRowsAdded++;
  }

  /**
   * Removes the rows of keys for which `keyExpired` holds and the rows for which `rowExpired`
   * holds, over the whole store; returns them.
   */
  removeOld(keyExpired: ((key: readonly unknown[]) => boolean) | undefined, rowExpired: ((row: InternalRow) => boolean) | undefined): BufferedRow[] {
    if (!keyExpired && !rowExpired) return [];
    for (const [key] of [...this.store.iterator()]) this.#entry(key as unknown[]);
    const removed: BufferedRow[] = [];
    for (const entry of this.#entries) {
      const expiredKey = keyExpired?.(entry.key) ?? false;
      const keep: BufferedRow[] = [];
      for (const r of entry.rows) (expiredKey || (rowExpired?.(r[0]) ?? false) ? removed : keep).push(r);
      if (keep.length === entry.rows.length) continue;
      entry.rows = keep;
      entry.dirty = true;
    }
    this.numRowsRemoved += removed.length;
    return removed;
  }

  /** Writes the changed lists back to the store. */
  flush(): void {
    for (const entry of this.#entries) {
      if (!entry.dirty) continue;
      if (entry.rows.length === 0) this.store.remove(entry.key as JsonValue);
      else this.store.put(entry.key as JsonValue, entry.rows as unknown as JsonValue);
    }
  }

  /** Rows buffered after flush (Spark's numKeys of keyWithIndexToValue). */
  totalRows(): number {
    let n = 0;
    for (const [, v] of this.store.iterator()) n += (v as unknown[]).length;
    return n;
  }
}
