/**
 * Which analyzed plans are cached, and their persisted RDDs. Spark: execution/CacheManager.scala.
 *
 * A query uses a cache entry when its analyzed plan contains the very plan object that was
 * cached (every DataFrame derived from a cached one does); Spark matches by `sameResult`
 * instead, which also finds an equal plan built separately.
 */
import type { RDD, StorageLevel } from '../../shared/index.js';
import type { InternalRow } from '../expressions/Expression.js';
import { InMemoryRelation } from '../plan/logical/InMemoryRelation.js';
import type { LogicalPlan } from '../plan/logical/LogicalPlan.js';

/** Builds the RDD of a plan's rows (a QueryExecution's toRdd). */
export type PlanExecutor = (plan: LogicalPlan) => RDD<InternalRow>;

interface Entry {
  readonly relation: InMemoryRelation;
  rdd: RDD<InternalRow> | undefined;
}

/** The session's cached plans. */
export class CacheManager {
  readonly #entries = new Map<LogicalPlan, Entry>();

  /** Marks `plan` cached at `level`; its RDD is built and persisted on first use. */
  cacheQuery(plan: LogicalPlan, level: StorageLevel, execute: PlanExecutor): void {
    if (this.#entries.has(plan)) return;
    const entry: Entry = {
      rdd: undefined,
      relation: new InMemoryRelation(plan, level.toString(), () => {
        entry.rdd ??= execute(plan).persist(level);
        return entry.rdd;
      }),
    };
    this.#entries.set(plan, entry);
  }

  /** Forgets `plan` and drops its cached blocks; false when it was not cached. */
  uncacheQuery(plan: LogicalPlan): boolean {
    const entry = this.#entries.get(plan);
    if (!entry) return false;
    entry.rdd?.unpersist();
    this.#entries.delete(plan);
    return true;
  }

  isCached(plan: LogicalPlan): boolean {
    return this.#entries.has(plan);
  }

  /** `plan` with the cached sub-plans below its root replaced (what building a cache entry runs). */
  useCachedDataBelow(plan: LogicalPlan): LogicalPlan {
    return plan.mapChildren((c) => this.useCachedData(c));
  }

  /** `plan` with every cached sub-plan replaced by its InMemoryRelation. */
  useCachedData(plan: LogicalPlan): LogicalPlan {
    if (this.#entries.size === 0) return plan;
    return plan.transformDown((node) => this.#entries.get(node)?.relation);
  }
}
