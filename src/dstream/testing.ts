/**
 * Test seams of the DStream engine, in the spirit of Spark's TestSuiteBase: a replayable test
 * input, a driver that runs batches on a ManualClock, and a simulated driver crash.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SparkContext, ManualClock } from '../shared/index.js';
import type { RDD } from '../shared/index.js';
import { Seconds, type Duration } from './Duration.js';
import { namedFunction } from './namedFunction.js';
import { StreamingContext } from './StreamingContext.js';
import { TestInputDStream, type DStream } from './dstream/internal.js';

export { TestInputDStream } from './dstream/internal.js';

/** A fresh temporary directory, for checkpoints and file streams. */
export function tempDir(prefix = 'twinstream-dstream-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Advances the context's ManualClock one batch at a time, `numBatches` times, waiting after each
 * advance until that batch was generated and (if it had jobs) completed.
 * @throws the first error of a batch (the context's awaitTermination error)
 */
export async function advanceBatches(ssc: StreamingContext, numBatches: number): Promise<void> {
  const clock = ssc.clock;
  if (!(clock instanceof ManualClock)) throw new Error('advanceBatches needs a StreamingContext on a ManualClock');
  const batchMs = ssc.graph.batchDuration.milliseconds;
  for (let i = 0; i < numBatches; i++) {
    // The next batch boundary after now (batches sit on the zero-time grid).
    const zeroMs = ssc.graph.zeroTime?.milliseconds ?? 0;
    const nextMs = zeroMs + (Math.floor((clock.getTimeMillis() - zeroMs) / batchMs) + 1) * batchMs;
    clock.setTime(nextMs);
    await ssc.scheduler.awaitBatch(nextMs);
    if (ssc.error) throw ssc.error;
  }
}

/** Options of runBatches, after Spark's TestSuiteBase. */
export interface RunBatchesOptions<U, V, W = never> {
  /** Records per batch; `null` makes no RDD for that batch (Spark's "input stream return None"). */
  readonly input: readonly (readonly U[] | null)[];
  /** A second input for binary operations (join, cogroup, transformWith). */
  readonly input2?: readonly (readonly W[] | null)[];
  readonly operation: (stream: DStream<U>, stream2: DStream<W>) => DStream<V>;
  /** How many batches to run (default: as many as there are input batches). */
  readonly numBatches?: number;
  /** A SparkContext to run on (left running); otherwise one is created on `master` and stopped. */
  readonly sc?: SparkContext;
  /** Default local[2], Spark's TestSuiteBase master. */
  readonly master?: string;
  readonly batchDuration?: Duration;
  /** Slices of every input batch (default 2, as TestSuiteBase's numInputPartitions). */
  readonly numInputPartitions?: number;
  /** A checkpoint directory (default: a new temporary one, as TestSuiteBase sets one); null for none. */
  readonly checkpointDir?: string | null;
  readonly conf?: Record<string, string>;
}

let runs = 0;

/**
 * Runs `operation` over the input on a ManualClock, batch by batch, and returns each batch's
 * output in partition order (Spark's runStreams); `runBatchesWithPartitions` keeps partitions apart.
 */
export async function runBatches<U, V, W = never>(options: RunBatchesOptions<U, V, W>): Promise<V[][]> {
  return (await runBatchesWithPartitions(options)).map((partitions) => partitions.flat());
}

/** Like runBatches, but each batch's output is a list of partitions (Spark's runStreamsWithPartitions). */
export async function runBatchesWithPartitions<U, V, W = never>(options: RunBatchesOptions<U, V, W>): Promise<V[][][]> {
  const clock = new ManualClock(0);
  const sc = options.sc ?? new SparkContext({ master: options.master ?? 'local[2]', clock, conf: options.conf });
  const ssc = new StreamingContext(sc, options.batchDuration ?? Seconds(1), { clock });
  const output: V[][][] = [];
  try {
    const checkpointDir = options.checkpointDir === undefined ? tempDir() : options.checkpointDir;
    if (checkpointDir !== null) ssc.checkpoint(checkpointDir);
    const numPartitions = options.numInputPartitions ?? 2;
    const stream = new TestInputDStream<U>(ssc, options.input, numPartitions);
    const stream2 = options.input2 ? new TestInputDStream<W>(ssc, options.input2, numPartitions) : (undefined as never);
    const collect = namedFunction(`runBatches.output.${runs++}`, async (rdd: RDD<V>) => {
      output.push(await rdd.glom().collect());
    });
    options.operation(stream, stream2).foreachRDD(collect);
    ssc.start();
    await advanceBatches(ssc, options.numBatches ?? options.input.length);
    return output;
  } finally {
    await ssc.stop({ stopSparkContext: options.sc === undefined });
  }
}

/**
 * Kills a running context the way a driver crash would: batches stop at once, running and queued
 * jobs are abandoned, receivers stop without turning their buffers into blocks, and no further
 * checkpoint is written. What survives is what was on disk: checkpoints and write-ahead logs.
 */
export async function simulateDriverCrash(ssc: StreamingContext): Promise<void> {
  await ssc.scheduler.crash();
}
