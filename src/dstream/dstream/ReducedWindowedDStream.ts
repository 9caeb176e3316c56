/**
 * reduceByKeyAndWindow with an inverse function: each window's value per key is the previous
 * window's, minus the batches that left, plus the batches that entered.
 * Spark: streaming/.../dstream/ReducedWindowedDStream.scala.
 *
 *   |  previous window   _________|___________________
 *   |___________________|       current window        |  ---> time
 *                       |_____________________________|
 *   |_ old batches _|                   |_ new batches _|
 *
 * As in Spark, a key whose value drops to the "zero" (0 for counts) stays in the window unless
 * filterFunc removes it; and the stream must be checkpointed, since each window depends on the
 * previous one.
 */
import { CoGroupedRDD, StorageLevel, bind } from '../../shared/index.js';
import type { Partitioner, RDD } from '../../shared/index.js';
import { Duration } from '../Duration.js';
import { StreamingErrors } from '../errors.js';
import { Interval } from '../Interval.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

interface MergeEnv {
  readonly numOld: number;
  readonly reduceFunc: (a: unknown, b: unknown) => unknown;
  readonly invReduceFunc: (a: unknown, b: unknown) => unknown;
}

/** Runs in the task (self-contained): [previous window, ...old batches, ...new batches] -> value. */
function mergeValues(groups: unknown[][], env: MergeEnv): unknown {
  const heads = (from: number, until: number) => groups.slice(from, until).filter((g) => g.length > 0).map((g) => g[0]);
  const oldValues = heads(1, 1 + env.numOld);
  const newValues = heads(1 + env.numOld, groups.length);
  if (groups[0].length === 0) {
    if (newValues.length === 0) throw new Error('Neither previous window has value for key, nor new values found. Are you sure your key class hashes consistently?');
    return newValues.reduce(env.reduceFunc);
  }
  let value = groups[0][0];
  if (oldValues.length > 0) value = env.invReduceFunc(value, oldValues.reduce(env.reduceFunc));
  if (newValues.length > 0) value = env.reduceFunc(value, newValues.reduce(env.reduceFunc));
  return value;
}

/** The stream reduceByKeyAndWindow(reduce, invReduce, ...) returns; its parent is the per-batch reduced stream. */
export class ReducedWindowedDStream<K, V> extends DStream<[K, V]> {
  constructor(
    readonly reducedStream: DStream<[K, V]>,
    readonly reduceFunc: (a: V, b: V) => V,
    readonly invReduceFunc: (a: V, b: V) => V,
    readonly filterFunc: ((pair: [K, V]) => boolean) | undefined,
    readonly windowDuration: Duration,
    readonly windowSlideDuration: Duration,
    readonly partitioner: Partitioner,
  ) {
    super(reducedStream.ssc);
    const parentSlide = reducedStream.slideDuration;
    if (!windowDuration.isMultipleOf(parentSlide)) throw StreamingErrors.windowDurationNotMultiple(windowDuration, parentSlide);
    if (!windowSlideDuration.isMultipleOf(parentSlide)) throw StreamingErrors.slideDurationNotMultiple(windowSlideDuration, parentSlide);
    this.storageLevel = StorageLevel.MEMORY_ONLY;
    if (!reducedStream.storageLevel.isValid) reducedStream.storageLevel = StorageLevel.MEMORY_ONLY;
  }

  override get mustCheckpoint(): boolean {
    return true;
  }

  get slideDuration(): Duration {
    return this.windowSlideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return [this.reducedStream as DStream<unknown>];
  }

  override get parentRememberDuration(): Duration | undefined {
    return this.rememberDuration?.plus(this.windowDuration);
  }

  compute(validTime: Time): RDD<[K, V]> | undefined {
    const parentSlide = this.reducedStream.slideDuration;
    const currentWindow = new Interval(validTime.minus(this.windowDuration).plus(parentSlide), validTime);
    const previousWindow = currentWindow.minus(this.windowSlideDuration);
    const oldRDDs = this.reducedStream.slice(previousWindow.beginTime, currentWindow.beginTime.minus(parentSlide));
    const newRDDs = this.reducedStream.slice(previousWindow.endTime.plus(parentSlide), currentWindow.endTime);
    const previousWindowRDD = this.getOrCompute(previousWindow.endTime) ?? this.ssc.sparkContext.emptyRDD<[K, V]>();
    const cogrouped = new CoGroupedRDD<K>([previousWindowRDD, ...oldRDDs, ...newRDDs] as RDD<[K, unknown]>[], this.partitioner);
    const env: MergeEnv = { numOld: oldRDDs.length, reduceFunc: this.reduceFunc as never, invReduceFunc: this.invReduceFunc as never };
    const merged = cogrouped.mapValues(bind(mergeValues, env)) as RDD<[K, V]>;
    return this.filterFunc ? merged.filter(this.filterFunc) : merged;
  }

  describe(): DStreamDescriptor {
    const { reduceFunc, invReduceFunc, filterFunc, partitioner } = this;
    return { kind: 'ReducedWindowedDStream', params: { reduceFunc, invReduceFunc, filterFunc, partitioner, windowMs: this.windowDuration.milliseconds, slideMs: this.windowSlideDuration.milliseconds } };
  }
}

registerDStreamKind('ReducedWindowedDStream', (_ssc, [parent], p) =>
  new ReducedWindowedDStream(parent as DStream<[unknown, unknown]>, p.reduceFunc as never, p.invReduceFunc as never, p.filterFunc as never, new Duration(p.windowMs as number), new Duration(p.slideMs as number), p.partitioner as Partitioner) as DStream<unknown>);
