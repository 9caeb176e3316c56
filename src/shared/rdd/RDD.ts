/**
 * A Resilient Distributed Dataset: an immutable, partitioned collection that knows how to compute
 * each partition from its parents (its lineage). Spark: core/.../rdd/RDD.scala.
 *
 * Transformations are lazy and return new RDDs; actions run a job and return a Promise.
 * Differs from Spark: actions are async (a job may run on worker threads).
 */
import type { Partitioner } from '../partitioner/Partitioner.js';
import type { TaskContext } from '../scheduler/TaskContext.js';
import { StorageLevel } from '../storage/StorageLevel.js';
import { rddBlockId } from '../storage/BlockManager.js';
import type { RDDContext } from './RDDContext.js';
import type { RDDDescriptor } from './RDDDescriptor.js';
import type { Partition } from './Partition.js';
import {
  type Dependency,
  MapPartitionsRDD,
  NarrowDependency,
  OneToOneDependency,
  RDDCheckpointData,
  CoalescedRDD,
  ZippedWithIndexRDD,
  rddActions,
  pairFunctions,
  orderedFunctions,
  debugString,
} from './internal.js';
import type { Partitioner as PartitionerType } from '../partitioner/Partitioner.js';
import { CoreErrors } from '../CoreErrors.js';
import { currentCallSite, withCallSite } from './callSite.js';

/** A partition count or a partitioner, where Spark overloads both. */
export type PartitionSpec = number | PartitionerType | undefined;

/**
 * The base of every RDD. Subclasses say how to list partitions, compute one, name their
 * dependencies and describe themselves for a worker thread.
 */
export abstract class RDD<T> {
  readonly id: number;
  name: string | undefined;
  /** The public operation that created this RDD ("map", "join"), printed by toDebugString. */
  readonly creationSite: string | undefined = currentCallSite();
  #storageLevel = StorageLevel.NONE;
  #partitions: Partition[] | undefined;
  #dependencies: Dependency[] | undefined;
  #checkpointDependencies: Dependency[] | undefined;
  /** Set once checkpoint() is called; after the write, lineage is read from the files instead. */
  checkpointData: RDDCheckpointData<T> | undefined;
  /** Set when an action on this RDD ran its preparation job (range bounds, zip offsets). */
  isPrepared = false;

  constructor(
    readonly sc: RDDContext,
    id?: number,
  ) {
    this.id = id ?? sc.newRddId();
  }

  /** The partitions, computed once. */
  protected abstract getPartitions(): Partition[];
  /** Computes one partition from the parents' partitions. */
  abstract compute(split: Partition, context: TaskContext): Iterable<T>;
  protected abstract getDependencies(): Dependency[];
  /** What a worker thread needs to rebuild this RDD, for the given partitions only. */
  abstract describe(splits: number[], describeParent: (rdd: RDD<unknown>, splits: number[]) => RDDDescriptor): RDDDescriptor;

  /** Set when the RDD's keys are placed by a known partitioner (after a shuffle, or preserved). */
  get partitioner(): Partitioner | undefined {
    return undefined;
  }

  get partitions(): Partition[] {
    if (this.checkpointData?.checkpointRDD) return this.checkpointData.checkpointRDD.partitions;
    this.#partitions ??= this.getPartitions();
    return this.#partitions;
  }

  /**
   * How partitions depend on the parents'. Once checkpointed, the lineage is cut: the only parent
   * is the RDD that reads the checkpoint files, as in Spark.
   */
  get dependencies(): Dependency[] {
    const checkpointed = this.checkpointData?.checkpointRDD;
    if (checkpointed) {
      this.#checkpointDependencies ??= [new OneToOneDependency(checkpointed)];
      return this.#checkpointDependencies;
    }
    this.#dependencies ??= this.getDependencies();
    return this.#dependencies;
  }

  getNumPartitions(): number {
    return this.partitions.length;
  }

  get storageLevel(): StorageLevel {
    return this.#storageLevel;
  }

  setName(name: string): this {
    this.name = name;
    return this;
  }

  /** Runs before a job on this lineage: work that needs a job of its own (range bounds). */
  prepare(): Promise<void> {
    return Promise.resolve();
  }

  /** The partition's records: from cache, from a checkpoint, or computed from lineage. */
  iterator(split: Partition, context: TaskContext): Iterable<T> {
    if (!this.#storageLevel.isValid) return this.computeOrReadCheckpoint(split, context);
    const blockId = rddBlockId(this.id, split.index);
    const cached = context.env.blockManager.get(blockId) ?? context.env.fetchRemoteBlock(blockId);
    if (cached) return cached as T[];
    const items = Array.from(this.computeOrReadCheckpoint(split, context));
    context.env.blockManager.put(blockId, items, this.#storageLevel);
    return items;
  }

  computeOrReadCheckpoint(split: Partition, context: TaskContext): Iterable<T> {
    const checkpointed = this.checkpointData?.checkpointRDD;
    if (checkpointed) return checkpointed.iterator(split, context);
    context.metrics.computedPartitions.push(`${this.id}:${split.index}`);
    return this.compute(split, context);
  }

  // ---- storage -------------------------------------------------------------------------------

  /** Keeps computed partitions at `level` so later jobs read them instead of recomputing. */
  persist(level: StorageLevel = StorageLevel.MEMORY_ONLY): this {
    if (this.#storageLevel.isValid && this.#storageLevel !== level) {
      throw CoreErrors.storageLevelChange(this.id, this.#storageLevel.name, level.name);
    }
    this.#storageLevel = level;
    this.sc.registerPersistent(this as RDD<unknown>);
    return this;
  }

  cache(): this {
    return this.persist(StorageLevel.MEMORY_ONLY);
  }

  /** Drops the cached blocks from every executor. */
  unpersist(): this {
    this.sc.unpersistRDD(this.id);
    this.#storageLevel = StorageLevel.NONE;
    return this;
  }

  /** Marks the RDD for checkpointing: the next job writes its partitions and cuts the lineage. */
  checkpoint(): void {
    this.checkpointData ??= new RDDCheckpointData(this);
  }

  get isCheckpointed(): boolean {
    return this.checkpointData?.checkpointRDD !== undefined;
  }

  getCheckpointFile(): string | undefined {
    return this.checkpointData?.checkpointPath;
  }

  // ---- narrow transformations ---------------------------------------------------------------

  map<U>(f: (item: T) => U): RDD<U> {
    return withCallSite('map', () => new MapPartitionsRDD(this, { kind: 'map', fn: f as (x: unknown) => unknown }));
  }

  flatMap<U>(f: (item: T) => Iterable<U>): RDD<U> {
    return withCallSite('flatMap', () => new MapPartitionsRDD(this, { kind: 'flatMap', fn: f as (x: unknown) => Iterable<unknown> }));
  }

  filter(f: (item: T) => boolean): RDD<T> {
    return withCallSite('filter', () => new MapPartitionsRDD(this, { kind: 'filter', fn: f as (x: unknown) => boolean }, true));
  }

  mapPartitions<U>(f: (items: Iterable<T>, context: TaskContext) => Iterable<U>, preservesPartitioning = false): RDD<U> {
    return withCallSite('mapPartitions', () => new MapPartitionsRDD(this, { kind: 'partitions', fn: f as never }, preservesPartitioning));
  }

  mapPartitionsWithIndex<U>(f: (index: number, items: Iterable<T>) => Iterable<U>, preservesPartitioning = false): RDD<U> {
    return withCallSite('mapPartitionsWithIndex', () => new MapPartitionsRDD(this, { kind: 'partitionsWithIndex', fn: f as never }, preservesPartitioning));
  }

  /** Each partition as one array. */
  glom(): RDD<T[]> {
    return withCallSite('glom', () => new MapPartitionsRDD(this, { kind: 'glom' }));
  }

  keyBy<K>(f: (item: T) => K): RDD<[K, T]> {
    return withCallSite('keyBy', () => new MapPartitionsRDD(this, { kind: 'keyBy', fn: f as (x: unknown) => unknown }));
  }

  union(other: RDD<T>): RDD<T> {
    return withCallSite('union', () => this.sc.union([this, other]));
  }

  /** Fewer partitions without a shuffle (each new partition reads a run of parent partitions), or with one. */
  coalesce(numPartitions: number, shuffle = false): RDD<T> {
    if (!Number.isInteger(numPartitions) || numPartitions < 1) throw CoreErrors.nonPositivePartitions('coalesce', numPartitions);
    return withCallSite('coalesce', () => (shuffle ? pairFunctions.redistribute(this, numPartitions) : new CoalescedRDD(this, numPartitions)));
  }

  /** Exactly `numPartitions` partitions, through a shuffle. */
  repartition(numPartitions: number): RDD<T> {
    if (!Number.isInteger(numPartitions) || numPartitions < 1) throw CoreErrors.nonPositivePartitions('repartition', numPartitions);
    return withCallSite('repartition', () => this.coalesce(numPartitions, true));
  }

  distinct(numPartitions?: number): RDD<T> {
    return withCallSite('distinct', () => pairFunctions.distinct(this, numPartitions));
  }

  sortBy<K>(f: (item: T) => K, ascending = true, numPartitions?: number): RDD<T> {
    return withCallSite('sortBy', () => orderedFunctions.sortBy(this, f, ascending, numPartitions));
  }

  /**
   * Pairs each element with its index: partition order, then order within a partition.
   * Like Spark's, it runs a job first to count the partitions before the first one.
   */
  zipWithIndex(): RDD<[T, number]> {
    return withCallSite('zipWithIndex', () => new ZippedWithIndexRDD(this));
  }

  // ---- pair transformations (Spark's PairRDDFunctions), on RDDs of [key, value] ---------------

  mapValues<K, V, U>(this: RDD<[K, V]>, f: (value: V) => U): RDD<[K, U]> {
    return withCallSite('mapValues', () => new MapPartitionsRDD(this, { kind: 'mapValues', fn: f as (x: unknown) => unknown }, true));
  }

  flatMapValues<K, V, U>(this: RDD<[K, V]>, f: (value: V) => Iterable<U>): RDD<[K, U]> {
    return withCallSite('flatMapValues', () => new MapPartitionsRDD(this, { kind: 'flatMapValues', fn: f as (x: unknown) => Iterable<unknown> }, true));
  }

  combineByKey<K, V, C>(
    this: RDD<[K, V]>,
    createCombiner: (value: V) => C,
    mergeValue: (combiner: C, value: V) => C,
    mergeCombiners: (a: C, b: C) => C,
    partitions?: PartitionSpec,
    mapSideCombine = true,
  ): RDD<[K, C]> {
    return withCallSite('combineByKey', () => pairFunctions.combineByKey(this, { createCombiner, mergeValue, mergeCombiners }, partitions, mapSideCombine));
  }

  reduceByKey<K, V>(this: RDD<[K, V]>, f: (a: V, b: V) => V, partitions?: PartitionSpec): RDD<[K, V]> {
    return withCallSite('reduceByKey', () => pairFunctions.combineByKey(this, { createCombiner: (v: V) => v, mergeValue: f, mergeCombiners: f }, partitions, true));
  }

  foldByKey<K, V>(this: RDD<[K, V]>, zeroValue: V, f: (a: V, b: V) => V, partitions?: PartitionSpec): RDD<[K, V]> {
    return withCallSite('foldByKey', () => pairFunctions.aggregateByKey(this, zeroValue, f, f, partitions));
  }

  aggregateByKey<K, V, U>(
    this: RDD<[K, V]>,
    zeroValue: U,
    seqOp: (acc: U, value: V) => U,
    combOp: (a: U, b: U) => U,
    partitions?: PartitionSpec,
  ): RDD<[K, U]> {
    return withCallSite('aggregateByKey', () => pairFunctions.aggregateByKey(this, zeroValue, seqOp, combOp, partitions));
  }

  groupByKey<K, V>(this: RDD<[K, V]>, partitions?: PartitionSpec): RDD<[K, V[]]> {
    return withCallSite('groupByKey', () => pairFunctions.groupByKey(this, partitions));
  }

  partitionBy<K, V>(this: RDD<[K, V]>, partitioner: PartitionerType): RDD<[K, V]> {
    return withCallSite('partitionBy', () => pairFunctions.partitionBy(this, partitioner));
  }

  cogroup<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, [V[], W[]]]> {
    return withCallSite('cogroup', () => pairFunctions.cogroup(this, other, partitions));
  }

  join<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, [V, W]]> {
    return withCallSite('join', () => pairFunctions.join(this, other, 'inner', partitions) as RDD<[K, [V, W]]>);
  }

  /** Every left pair, with `undefined` where the right side has no value (Scala's None). */
  leftOuterJoin<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, [V, W | undefined]]> {
    return withCallSite('leftOuterJoin', () => pairFunctions.join(this, other, 'left', partitions) as RDD<[K, [V, W | undefined]]>);
  }

  rightOuterJoin<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, [V | undefined, W]]> {
    return withCallSite('rightOuterJoin', () => pairFunctions.join(this, other, 'right', partitions) as RDD<[K, [V | undefined, W]]>);
  }

  fullOuterJoin<K, V, W>(
    this: RDD<[K, V]>,
    other: RDD<[K, W]>,
    partitions?: PartitionSpec,
  ): RDD<[K, [V | undefined, W | undefined]]> {
    return withCallSite('fullOuterJoin', () => pairFunctions.join(this, other, 'full', partitions));
  }

  sortByKey<K, V>(this: RDD<[K, V]>, ascending = true, numPartitions?: number): RDD<[K, V]> {
    return withCallSite('sortByKey', () => orderedFunctions.sortByKey(this, ascending, numPartitions));
  }

  /** The key of each pair. */
  keys<K, V>(this: RDD<[K, V]>): RDD<K> {
    return withCallSite('keys', () => this.map(([k]) => k));
  }

  /** The value of each pair. */
  values<K, V>(this: RDD<[K, V]>): RDD<V> {
    return withCallSite('values', () => this.map(([, v]) => v));
  }

  /**
   * Every value for `key`, in partition order. With a partitioner only the partition the key
   * belongs to is read, as in Spark; otherwise every partition is scanned.
   */
  lookup<K, V>(this: RDD<[K, V]>, key: K): Promise<V[]> {
    return withCallSite('lookup', () => rddActions.lookup(this, key));
  }

  countByKey<K, V>(this: RDD<[K, V]>): Promise<Map<K, number>> {
    return withCallSite('countByKey', () => rddActions.countByKey(this));
  }

  collectAsMap<K, V>(this: RDD<[K, V]>): Promise<Map<K, V>> {
    return withCallSite('collectAsMap', () => rddActions.collectAsMap(this));
  }

  // ---- actions -------------------------------------------------------------------------------

  collect(): Promise<T[]> {
    return withCallSite('collect', () => rddActions.collect(this));
  }

  count(): Promise<number> {
    return withCallSite('count', () => rddActions.count(this));
  }

  first(): Promise<T> {
    return withCallSite('first', () => rddActions.first(this));
  }

  take(n: number): Promise<T[]> {
    return withCallSite('take', () => rddActions.take(this, n));
  }

  reduce(f: (a: T, b: T) => T): Promise<T> {
    return withCallSite('reduce', () => rddActions.reduce(this, f));
  }

  fold(zeroValue: T, f: (a: T, b: T) => T): Promise<T> {
    return withCallSite('fold', () => rddActions.fold(this, zeroValue, f));
  }

  aggregate<U>(zeroValue: U, seqOp: (acc: U, item: T) => U, combOp: (a: U, b: U) => U): Promise<U> {
    return withCallSite('aggregate', () => rddActions.aggregate(this, zeroValue, seqOp, combOp));
  }

  /**
   * Runs `f` on every element, on the executor that computes its partition. On `local-workers[N]`
   * that is a worker thread: `f` must be self-contained (values through bind), and its effects
   * must leave the worker (a file, a socket), since driver variables are not visible there.
   * On inline masters `f` runs on the driver thread, as Spark's local mode runs it in the driver JVM.
   */
  foreach(f: (item: T) => void): Promise<void> {
    return withCallSite('foreach', () => rddActions.foreach(this, f));
  }

  /** Runs `f` once per partition on its executor; the same rules as foreach apply on workers. */
  foreachPartition(f: (items: Iterable<T>) => void): Promise<void> {
    return withCallSite('foreachPartition', () => rddActions.foreachPartition(this, f));
  }

  countByValue(): Promise<Map<T, number>> {
    return withCallSite('countByValue', () => rddActions.countByValue(this));
  }

  /** Writes one `part-NNNNN` text file per partition into `path`, as Spark does. */
  saveAsTextFile(path: string): Promise<void> {
    return withCallSite('saveAsTextFile', () => rddActions.saveAsTextFile(this, path));
  }

  /** The lineage, one RDD a line, indented at every shuffle (a stage boundary), Spark-style. */
  toDebugString(): string {
    return debugString(this as RDD<unknown>);
  }

  /** Spark's form: `[name ]ClassName[id][ at operation]`, e.g. `MapPartitionsRDD[3] at map`. */
  toString(): string {
    return `${this.name ? `${this.name} ` : ''}${this.constructor.name}[${this.id}]${this.creationSite ? ` at ${this.creationSite}` : ''}`;
  }

  /** Parents reached through narrow dependencies, for locality and lineage walks. */
  narrowParents(): RDD<unknown>[] {
    return this.dependencies.filter((d) => d instanceof NarrowDependency).map((d) => d.rdd);
  }
}
