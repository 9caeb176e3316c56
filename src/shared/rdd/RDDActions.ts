/**
 * Actions: run a job and bring a result to the driver. Spark: core/.../rdd/RDD.scala (actions).
 *
 * The per-partition function of each action is self-contained (values arrive through bind), so
 * every action also runs on worker executors.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyMap } from '../util/KeyMap.js';
import { bind } from '../util/closure.js';
import { registerBuiltin } from '../util/builtinFunctions.js';
import type { RDD } from './internal.js';
import type { TaskContext } from '../scheduler/TaskContext.js';
import { CoreErrors } from '../CoreErrors.js';

async function reduceOrFail<T>(rdd: RDD<T>, f: (a: T, b: T) => T): Promise<T> {
  const reducePartition = (items: Iterable<T>, _context: unknown, env: { f: (a: T, b: T) => T }) => {
    let has = false;
    let acc: T | undefined;
    for (const item of items) {
      acc = has ? env.f(acc as T, item) : item;
      has = true;
    }
    return has ? { value: acc as T } : undefined;
  };
  const partials = (await rdd.sc.runJob(rdd, bind(reducePartition, { f }))).filter((p) => p !== undefined);
  if (partials.length === 0) throw CoreErrors.emptyCollection('reduce');
  return partials.map((p) => p.value).reduce((a, b) => f(a, b));
}

/** The bodies of RDD's actions; each one is a job (or a few, for take). */
export const rddActions = {
  /**
   * One copy of the records, made on the driver: a task hands back its partition array as it is
   * (an iterator is read into one), and the parts are copied into one preallocated array. The
   * copy in every task plus `flat()` cost ~5 ms per 16k-row batch, the engine's largest share of
   * a stateless DStream batch (bench/perf/maxRateLatency.ts). The result is always a new array,
   * so a caller that changes it never reaches a cached block or a parallelized slice.
   */
  async collect<T>(rdd: RDD<T>): Promise<T[]> {
    return concatPartitions(await rdd.sc.runJob(rdd, collectPartition as (items: Iterable<T>) => T[]));
  },

  async count<T>(rdd: RDD<T>): Promise<number> {
    const counts = await rdd.sc.runJob(rdd, (items) => {
      let n = 0;
      for (const _ of items) n++;
      return n;
    });
    return counts.reduce((a, b) => a + b, 0);
  },

  async first<T>(rdd: RDD<T>): Promise<T> {
    const head = await rddActions.take(rdd, 1);
    if (head.length === 0) throw CoreErrors.emptyCollection('first');
    return head[0];
  },

  /**
   * Scans partitions in growing rounds, as Spark's take does: one partition first; after a round
   * with nothing found, 4x the partitions scanned so far (spark.rdd.limit.scaleUpFactor); else an
   * estimate of the partitions still needed, plus 50%, capped at that same 4x.
   */
  async take<T>(rdd: RDD<T>, n: number): Promise<T[]> {
    const out: T[] = [];
    const total = rdd.getNumPartitions();
    let scanned = 0;
    while (out.length < n && scanned < total) {
      const left = n - out.length;
      let toTry = 1;
      if (scanned > 0) toTry = out.length === 0 ? scanned * 4 : Math.min(Math.ceil((1.5 * left * scanned) / out.length), scanned * 4);
      const partitions = Array.from({ length: Math.min(toTry, total - scanned) }, (_, i) => scanned + i);
      const takeUpTo = (items: Iterable<T>, _context: unknown, env: { left: number }) => {
        const got: T[] = [];
        for (const item of items) {
          if (got.length >= env.left) break;
          got.push(item);
        }
        return got;
      };
      for (const part of await rdd.sc.runJob(rdd, bind(takeUpTo, { left }), partitions)) out.push(...part);
      scanned += partitions.length;
    }
    return out.slice(0, n);
  },

  reduce<T>(rdd: RDD<T>, f: (a: T, b: T) => T): Promise<T> {
    return reduceOrFail(rdd, f);
  },

  fold<T>(rdd: RDD<T>, zeroValue: T, f: (a: T, b: T) => T): Promise<T> {
    return rddActions.aggregate(rdd, zeroValue, f, f);
  },

  /** Each partition starts from its own copy of zeroValue, and so does the driver's merge. */
  async aggregate<T, U>(rdd: RDD<T>, zeroValue: U, seqOp: (acc: U, item: T) => U, combOp: (a: U, b: U) => U): Promise<U> {
    const aggregatePartition = (items: Iterable<T>, _context: unknown, env: { zeroValue: U; seqOp: (acc: U, item: T) => U }) => {
      let acc = structuredClone(env.zeroValue);
      for (const item of items) acc = env.seqOp(acc, item);
      return acc;
    };
    const partials = await rdd.sc.runJob(rdd, bind(aggregatePartition, { zeroValue, seqOp }));
    return partials.reduce(combOp, structuredClone(zeroValue));
  },

  async foreach<T>(rdd: RDD<T>, f: (item: T) => void): Promise<void> {
    const each = (items: Iterable<T>, _context: unknown, env: { f: (item: T) => void }) => {
      for (const item of items) env.f(item);
    };
    await rdd.sc.runJob(rdd, bind(each, { f }));
  },

  async foreachPartition<T>(rdd: RDD<T>, f: (items: Iterable<T>) => void): Promise<void> {
    await rdd.sc.runJob(rdd, bind((items: Iterable<T>, _context: unknown, env: { f: (items: Iterable<T>) => void }) => env.f(items), { f }));
  },

  /** Counted on the executors, one partial map per partition: only distinct values reach the driver. */
  async countByValue<T>(rdd: RDD<T>): Promise<Map<T, number>> {
    const counts = new KeyMap<T, number>();
    for (const partial of await rdd.sc.runJob(rdd, countPartition as (items: Iterable<T>) => [T, number][])) {
      for (const [item, n] of partial) counts.set(item, (counts.get(item) ?? 0) + n);
    }
    return new Map(counts);
  },

  async countByKey<K, V>(rdd: RDD<[K, V]>): Promise<Map<K, number>> {
    return rddActions.countByValue(rdd.map(([k]) => k));
  },

  async lookup<K, V>(rdd: RDD<[K, V]>, key: K): Promise<V[]> {
    const partitions = rdd.partitioner ? [rdd.partitioner.getPartition(key)] : undefined;
    const valuesFor = registeredValuesFor as (items: Iterable<[K, V]>, context: TaskContext, env: { key: K }) => V[];
    return concatPartitions(await rdd.sc.runJob(rdd, bind(valuesFor, { key }), partitions));
  },

  async collectAsMap<K, V>(rdd: RDD<[K, V]>): Promise<Map<K, V>> {
    const out = new KeyMap<K, V>();
    for (const [k, v] of await rddActions.collect(rdd)) out.set(k, v);
    return new Map(out);
  },

  /**
   * One part file per partition, the way Hadoop's TextOutputFormat names them, and a _SUCCESS
   * marker. Tasks write under `_temporary` and the files move into place only when the whole job
   * succeeded (Hadoop's FileOutputCommitter), so a job that aborts leaves no part file behind.
   */
  async saveAsTextFile<T>(rdd: RDD<T>, path: string): Promise<void> {
    if (existsSync(path)) throw CoreErrors.outputPathExists(path);
    const temporary = join(path, '_temporary');
    mkdirSync(temporary, { recursive: true });
    try {
      await rdd.sc.runJob(rdd, bind(writeTextPartition, { path: temporary }));
      for (const file of readdirSync(temporary)) renameSync(join(temporary, file), join(path, file));
      writeFileSync(join(path, '_SUCCESS'), '');
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
  },
};

/** Each executor writes the partition it computed (into the job's _temporary directory; a retried task overwrites its file). */
const writeTextPartition = registerBuiltin(
  'rdd.writeTextPartition',
  (items: Iterable<unknown>, context: TaskContext, env: { path: string }) => {
    const lines = Array.from(items, (item) => String(item) + '\n');
    writeFileSync(join(env.path, `part-${String(context.partitionId).padStart(5, '0')}`), lines.join(''));
    context.metrics.recordsWritten += lines.length;
  },
);

/** One partition's value counts, on the executor that computed it (KeyMap: tuples count by value). */
const collectPartition = registerBuiltin('rdd.collectPartition', (items: Iterable<unknown>): unknown[] => (Array.isArray(items) ? items : Array.from(items)));

/** The partitions' records in partition order, in a new array. */
function concatPartitions<T>(parts: readonly (readonly T[])[]): T[] {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Array<T>(total);
  let at = 0;
  for (const part of parts) for (let i = 0; i < part.length; i++) out[at++] = part[i] as T;
  return out;
}

const countPartition = registerBuiltin('rdd.countPartition', (items: Iterable<unknown>): [unknown, number][] => {
  const counts = new KeyMap<unknown, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts];
});

/** The values of one key in a partition; keys compare by value (KeyMap's encoding), so tuples match. */
const registeredValuesFor = registerBuiltin('rdd.valuesFor', (items: Iterable<[unknown, unknown]>, _context: unknown, env: { key: unknown }) => {
  const wanted = new KeyMap<unknown, true>().set(env.key, true);
  const out: unknown[] = [];
  for (const [k, v] of items) if (wanted.has(k)) out.push(v);
  return out;
});
