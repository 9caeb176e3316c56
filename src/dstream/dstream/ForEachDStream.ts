/**
 * An output operation: for every batch, a job that runs a function on the batch's RDD.
 * Spark: streaming/.../dstream/ForEachDStream.scala, and DStream.print / saveAsTextFiles.
 *
 * The operation is kept as data (print, saveAsTextFiles, or a user function) so that a
 * checkpoint can save it and a restarted driver rebuild it.
 */
import type { RDD } from '../../shared/index.js';
import type { Duration } from '../Duration.js';
import { Job } from '../scheduler/Job.js';
import type { Time } from '../Time.js';
import { DStream, type DStreamDescriptor } from './internal.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** What an output stream does with each batch. */
export type OutputOperation<T> =
  | { readonly kind: 'foreachRDD'; readonly fn: (rdd: RDD<T>, time: Time) => void | Promise<void> }
  | { readonly kind: 'print'; readonly num: number }
  | { readonly kind: 'saveAsTextFiles'; readonly prefix: string; readonly suffix: string };

/**
 * Renders a record the way Scala's toString shows Spark's records in print(): tuples as `(a,1)`,
 * `undefined` (Scala's None) as `None`, objects as JSON.
 */
export function formatRecord(value: unknown): string {
  if (Array.isArray(value)) return `(${value.map(formatRecord).join(',')})`;
  if (value === undefined) return 'None';
  if (value === null) return 'null';
  if (typeof value === 'object') return value instanceof Map ? `Map(${[...value].map(([k, v]) => `${formatRecord(k)} -> ${formatRecord(v)}`).join(', ')})` : JSON.stringify(value);
  return String(value);
}

/** Spark's rddToFileName: `prefix-<ms>` or `prefix-<ms>.suffix`. */
export function rddToFileName(prefix: string, suffix: string, time: Time): string {
  return `${prefix}-${time.milliseconds}${suffix ? `.${suffix}` : ''}`;
}

/** The stream an output operation registers with the graph. */
export class ForEachDStream<T> extends DStream<never> {
  constructor(
    readonly parent: DStream<T>,
    readonly operation: OutputOperation<T>,
  ) {
    super(parent.ssc);
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  compute(): undefined {
    return undefined;
  }

  /** Adds this output to the graph, so its batches run. */
  register(): this {
    this.ssc.graph.addOutputStream(this as DStream<unknown>);
    return this;
  }

  /** The job of batch `time`, or none when the parent has no RDD for it. */
  generateJob(time: Time, outputOpId: number): Job | undefined {
    const rdd = this.parent.getOrCompute(time);
    if (!rdd) return undefined;
    return new Job(time, outputOpId, this.operation.kind, () => this.#run(rdd, time));
  }

  async #run(rdd: RDD<T>, time: Time): Promise<void> {
    const op = this.operation;
    switch (op.kind) {
      case 'foreachRDD':
        return op.fn(rdd, time);
      case 'saveAsTextFiles':
        return rdd.saveAsTextFile(rddToFileName(op.prefix, op.suffix, time));
      case 'print': {
        const firstNum = await rdd.take(op.num + 1);
        const lines = ['-------------------------------------------', `Time: ${time}`, '-------------------------------------------'];
        for (const record of firstNum.slice(0, op.num)) lines.push(formatRecord(record));
        if (firstNum.length > op.num) lines.push('...');
        lines.push('');
        this.ssc.printSink(lines.join('\n') + '\n');
      }
    }
  }

  describe(): DStreamDescriptor {
    return { kind: 'ForEachDStream', params: { operation: this.operation } };
  }
}

registerDStreamKind('ForEachDStream', (_ssc, [parent], p) => new ForEachDStream(parent, p.operation as OutputOperation<unknown>).register() as DStream<unknown>);
