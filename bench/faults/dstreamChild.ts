/**
 * A DStream workload run as a child process by the crash loop, recovered with
 * StreamingContext.getOrCreate from its checkpoint on every start. Modes:
 * - `receiver`: a LogTailReceiver (acknowledging queue) with or without the receiver write-ahead log;
 * - `direct`: the direct log stream, offsets in the checkpoint;
 * - `state`: the direct log stream into updateStateByKey (a running count per key); each batch
 *   writes one row [keys, sum of counts, keys counted twice].
 * The output is transactional by batch time: batch t writes `<outputDir>/<t>.json` only if no
 * earlier attempt did (first write wins), so a re-run batch never writes twice. The child reports
 * `ready`, each `batch`, and `done` when the input is exhausted and processed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasOffsetRanges, Milliseconds, namedFunction, PartitionedLog, SparkContext, StreamingContext, type RDD, type Time } from '../../src/index.js';
import { childArgs, emit, sinceProcessStartMs } from './childProtocol.js';
import { LogTailReceiver, readAcks } from './LogTailReceiver.js';

/** The arguments of dstreamChild.ts. */
export interface DStreamChildArgs {
  readonly mode: 'receiver' | 'direct' | 'state';
  readonly writeAheadLog: boolean;
  readonly logDir: string;
  readonly topic: string;
  readonly checkpointDir: string;
  readonly outputDir: string;
  readonly ackFile: string;
  readonly batchDurationMs: number;
  /** Receiver: records per block and the pause between blocks. */
  readonly chunk: number;
  readonly intervalMs: number;
  /** Direct: records per second per partition at most (0: unlimited). */
  readonly maxRatePerPartition: number;
  /**
   * Kill this process with SIGKILL when the batch after the first batch with data completes (its
   * checkpoint is then on disk): the recovery measurement's crash.
   */
  readonly killAfterFirstDataBatch?: boolean;
}

interface Message {
  readonly key: string;
  readonly value: string;
}

/** Writes a file only if it does not exist yet, atomically (link fails on an existing name). */
function writeOnce(file: string, text: string): void {
  if (fs.existsSync(file)) return;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  try {
    fs.linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

async function main(): Promise<void> {
  const args = childArgs<DStreamChildArgs>();
  const engineStartMs = sinceProcessStartMs();
  fs.mkdirSync(args.outputDir, { recursive: true });
  const log = PartitionedLog.open(args.logDir);
  const ends = log.latestOffsets(args.topic);
  const consumed = ends.map(() => 0);
  const sc = new SparkContext({
    master: 'local[2]',
    conf: {
      'spark.streaming.receiver.writeAheadLog.enable': String(args.writeAheadLog),
      ...(args.maxRatePerPartition > 0 ? { 'spark.streaming.kafka.maxRatePerPartition': String(args.maxRatePerPartition) } : {}),
    },
  });
  LogTailReceiver.clock = sc.clock;
  // Driver-side functions, registered by name before recovery (the checkpoint stores only the names).
  namedFunction('faults.output', async (rdd: RDD<unknown>, time: Time) => {
    const values = await rdd.collect();
    writeOnce(path.join(args.outputDir, `${time.milliseconds}.json`), JSON.stringify(values));
  });
  namedFunction('faults.offsets', (rdd: RDD<unknown>) => {
    if (!hasOffsetRanges(rdd)) return;
    for (const range of rdd.offsetRanges) consumed[range.partition] = Math.max(consumed[range.partition]!, range.untilOffset);
  });
  const ssc = StreamingContext.getOrCreate(args.checkpointDir, () => {
    const fresh = new StreamingContext(sc, Milliseconds(args.batchDurationMs));
    fresh.checkpoint(args.checkpointDir);
    if (args.mode === 'receiver') {
      const receiver = new LogTailReceiver({ logDir: args.logDir, topic: args.topic, ackFile: args.ackFile, chunk: args.chunk, intervalMs: args.intervalMs });
      fresh.receiverStream(receiver).map((m) => (m as Message).value).foreachRDD(namedFunction('faults.output'));
      return fresh;
    }
    const input = fresh.directLogStream<Message>(log, [args.topic], { startingOffsets: 'earliest' });
    input.foreachRDD(namedFunction('faults.offsets'));
    if (args.mode === 'direct') {
      input.map((m) => m.value).foreachRDD(namedFunction('faults.output'));
    } else {
      input
        .map((m) => [m.key, 1] as [string, number])
        .updateStateByKey((values: number[], state: number | undefined) => values.reduce((a, b) => a + b, 0) + (state ?? 0))
        // Every batch checkpoints the state, so a restart loads all keys from the checkpoint.
        .checkpoint(Milliseconds(args.batchDurationMs))
        // The state in one row: [keys, sum of counts, keys counted twice].
        .map(([, count]) => [1, count, count === 2 ? 1 : 0] as [number, number, number])
        .reduce((a, b) => [a[0] + b[0], a[1] + b[1], a[2] + b[2]])
        .foreachRDD(namedFunction('faults.output'));
    }
    return fresh;
  }, { sparkContext: sc });

  let sawData = false;
  const exhausted = () => (args.mode === 'receiver' ? readAcks(args.ackFile, ends.length) : consumed).every((o, p) => o >= ends[p]!);
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let exhaustedBefore = false;
  ssc.addStreamingListener({
    onBatchCompleted: (e) => {
      const now = sinceProcessStartMs();
      const numInputRows = e.batchInfo.numRecords;
      emit({ event: 'batch', sinceStartMs: now, sinceEngineStartMs: now - engineStartMs, batch: e.batchInfo.batchTime.milliseconds, numInputRows });
      if (args.killAfterFirstDataBatch && sawData) process.kill(process.pid, 'SIGKILL');
      if (numInputRows > 0) sawData = true;
      // Done one whole batch after the source ran dry: the receiver's last block is then processed too.
      if (exhaustedBefore) finish();
      exhaustedBefore = exhausted();
    },
  });
  ssc.start();
  emit({ event: 'ready', sinceStartMs: sinceProcessStartMs() });
  await finished;
  emit({ event: 'done', sinceStartMs: sinceProcessStartMs() });
  await ssc.stop();
}

await main();
