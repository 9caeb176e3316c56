/**
 * Issue 9, bad input on the DStream engine: a line the user's parse function cannot parse fails
 * its task; the task is retried up to spark.task.maxFailures (4) times, then the job aborts with
 * a message naming the record, even though the parse function never mentions it. The batch's
 * output operation writes nothing, and awaitTermination rejects with that error. Checked on
 * inline executors and on worker threads, for a queueStream and a receiver input.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, Receiver, Seconds, SparkContext, SparkException, StreamingContext, settle, type DStream } from '../../src/index.js';
import { advanceBatches } from '../../src/testing.js';
import { EventRecorder } from '../support/recordEvents.js';
import { MASTERS } from '../support/sparkContexts.js';
import { caught, tempDir } from './support.js';

/** "key,value" with a JSON value, as a user writes it: nothing in it names the line on failure. */
function parseLine(line: string): [string, number] {
  const comma = line.indexOf(',');
  return [line.slice(0, comma), JSON.parse(line.slice(comma + 1)) as number];
}

/** A receiver the test pushes lines into. */
class LineReceiver extends Receiver<string> {
  onStart(): void {}
  onStop(): void {}
  push(lines: readonly string[]): void {
    for (const line of lines) void this.store(line);
  }
}

/** Three batches of lines; the second holds one malformed line ("b,x"). */
const BATCHES = [['a,1', 'b,2', 'a,3', 'c,4'], ['a,1', 'b,2', 'b,x', 'c,4'], ['c,5']];

let contexts: StreamingContext[] = [];
afterEach(async () => {
  for (const ssc of contexts) await ssc.stop();
  contexts = [];
});

function newContext(master: string): StreamingContext {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(new SparkContext({ master, clock }), Seconds(1), { clock });
  contexts.push(ssc);
  return ssc;
}

/** The lines a batch directory of saveAsTextFiles holds, sorted; undefined when it has no committed output. */
function written(dir: string, batchMs: number): string[] | undefined {
  const batchDir = join(dir, `counts-${batchMs}`);
  if (!existsSync(join(batchDir, '_SUCCESS'))) {
    expect(existsSync(batchDir) ? readdirSync(batchDir).filter((f) => f.startsWith('part-')) : []).toEqual([]);
    return undefined;
  }
  return readdirSync(batchDir).filter((f) => f.startsWith('part-')).flatMap((f) => readFileSync(join(batchDir, f), 'utf8').split('\n').filter(Boolean)).sort();
}

type Input = { readonly name: string; readonly partitionOfBadLine: number; create(ssc: StreamingContext): { stream: DStream<string>; feed(batch: number): Promise<void> } };

const INPUTS: Input[] = [
  {
    name: 'queueStream',
    // parallelize(lines, 2): "b,x" is the third of four lines, in partition 1.
    partitionOfBadLine: 1,
    create(ssc) {
      const queue = BATCHES.map((lines) => ssc.sparkContext.parallelize(lines, 2));
      return { stream: ssc.queueStream(queue), feed: async () => undefined };
    },
  },
  {
    name: 'receiverStream',
    // Everything a batch stores arrives at once: one block, one partition.
    partitionOfBadLine: 0,
    create(ssc) {
      const receiver = new LineReceiver();
      return {
        stream: ssc.receiverStream(receiver),
        async feed(batch) {
          receiver.push(BATCHES[batch] ?? []);
          await settle();
        },
      };
    },
  },
];

describe.each(MASTERS)('DStream parse errors on %s', (master) => {
  it.each(INPUTS)('$name: a malformed line fails its task 4 times, then the batch aborts naming the line; nothing is written for it', async (input) => {
    const ssc = newContext(master);
    const dir = tempDir();
    const { stream, feed } = input.create(ssc);
    stream.map(parseLine).reduceByKey((a, b) => a + b, 2).saveAsTextFiles(join(dir, 'counts'));
    const events = new EventRecorder(ssc.sparkContext);
    ssc.start();
    const terminated = ssc.awaitTermination().then(() => 'stopped', (e: unknown) => e);

    await feed(0);
    await advanceBatches(ssc, 1);
    expect(written(dir, 1000)).toEqual(['a,4', 'b,2', 'c,4']);

    await feed(1);
    const error = await caught(() => advanceBatches(ssc, 1));
    const failures = events.of('taskEnd').filter((e) => e.reason.kind === 'exception');
    expect(failures.map((e) => [e.taskInfo.index, e.taskInfo.attemptNumber])).toEqual([0, 1, 2, 3].map((attempt) => [input.partitionOfBadLine, attempt]));
    const last = failures[3]!;
    const stage = `${last.stageId}.${last.stageAttemptNumber}`;
    const taskFailure =
      `Job aborted due to stage failure: Task ${input.partitionOfBadLine} in stage ${stage} failed 4 times, most recent failure: `
      + `Lost task ${input.partitionOfBadLine}.3 in stage ${stage} (TID ${last.taskInfo.taskId}) (executor ${last.taskInfo.executorId}): `
      + `SyntaxError: Unexpected token 'x', "x" is not valid JSON (while processing record: "b,x")`;
    expect(error).toBeInstanceOf(SparkException);
    expect(error.errorClass).toBe('STREAMING_JOB_FAILED');
    expect(error.message).toBe(`Error running job for batch 2000 ms, output operation 0 (saveAsTextFiles): ${taskFailure}`);
    const jobAborted = error.cause as SparkException;
    expect(jobAborted.errorClass).toBe('JOB_ABORTED');
    expect(jobAborted.message).toBe(taskFailure);
    // The task's error keeps the class the parse function threw.
    expect(jobAborted.cause).toBeInstanceOf(SyntaxError);
    expect(last.reason).toEqual({ kind: 'exception', description: `SyntaxError: Unexpected token 'x', "x" is not valid JSON (while processing record: "b,x")` });

    expect(await terminated).toBe(error);
    expect(written(dir, 2000)).toBeUndefined();
    // As in Spark, a failed batch does not stop the later ones.
    await feed(2);
    await advanceBatches(ssc, 1).catch(() => undefined);
    expect(written(dir, 3000)).toEqual(['c,5']);
  });
});
