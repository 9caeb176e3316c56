/**
 * A seeded random stop/start stress test of the DStream engine, as Spark's stress tests run one:
 * a few hundred steps of adding records to a replayable source (a durable partitioned log read by
 * the direct stream), running a batch and checking, stopping the context gracefully, killing it
 * (between batches or while a batch runs), and starting it again with getOrCreate, whose create
 * function must run only once. Two pipelines share the input: `map` (the record ids) and
 * `updateStateByKey` (a running count per key). After every batch: no id is missing, ids repeat
 * only as whole batches (a batch re-run after a recovery), and every running total equals the
 * count of that key's records in the batches up to it. The seed is in every failure message.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, namedFunction, PartitionedLog, SeededRandom, Seconds, settle, SparkContext, StreamingContext, type RDD, type Time } from '../../src/index.js';
import { advanceBatches, simulateDriverCrash } from '../../src/testing.js';
import { tempDir } from './support.js';

interface Message {
  readonly id: number;
  readonly key: string;
}

/** What the outputs saw, over every run of the context. */
interface Observed {
  /** Per batch time, each run's ids. */
  readonly ids: Map<number, number[][]>;
  /** Per batch time, each run's running totals. */
  readonly totals: Map<number, Map<string, number>[]>;
  creates: number;
}

const KEYS = ['a', 'b', 'c'];

class Harness {
  readonly log: PartitionedLog;
  readonly observed: Observed = { ids: new Map(), totals: new Map(), creates: 0 };
  readonly appended: Message[] = [];
  ssc: StreamingContext | undefined;
  #sc: SparkContext | undefined;
  #nextId = 0;

  constructor(
    readonly seed: number,
    readonly checkpointDir: string,
    logDir: string,
  ) {
    this.log = PartitionedLog.open(logDir);
    this.log.createTopic('events', 2);
    const { ids, totals } = this.observed;
    namedFunction(`stress.ids.${seed}`, async (rdd: RDD<number>, time: Time) => {
      const batch = await rdd.collect();
      ids.set(time.milliseconds, [...(ids.get(time.milliseconds) ?? []), batch]);
    });
    namedFunction(`stress.totals.${seed}`, async (rdd: RDD<[string, number]>, time: Time) => {
      const state = new Map(await rdd.collect());
      totals.set(time.milliseconds, [...(totals.get(time.milliseconds) ?? []), state]);
    });
  }

  async start(): Promise<void> {
    this.#sc = new SparkContext({ master: 'local[2]', clock: new ManualClock(0) });
    const seed = this.seed;
    this.ssc = StreamingContext.getOrCreate(this.checkpointDir, () => {
      this.observed.creates++;
      const fresh = new StreamingContext(this.#sc!, Seconds(1));
      fresh.checkpoint(this.checkpointDir);
      const input = fresh.directLogStream<Message>(this.log, ['events'], { startingOffsets: 'earliest' });
      input.map((m) => m.id).foreachRDD(namedFunction(`stress.ids.${seed}`));
      input
        .map((m) => [m.key, 1] as [string, number])
        .updateStateByKey((values: number[], state: number | undefined) => values.length + (state ?? 0))
        .checkpoint(Seconds(2))
        .foreachRDD(namedFunction(`stress.totals.${seed}`));
      return fresh;
    }, { sparkContext: this.#sc });
    this.ssc.start();
    // A recovered context re-runs the batches from its last checkpoint at once: let them finish.
    const nowMs = this.ssc.clock.getTimeMillis();
    if (nowMs > 0) await this.ssc.scheduler.awaitBatch(nowMs);
  }

  add(random: SeededRandom): void {
    for (let n = 1 + random.nextInt(3); n > 0; n--) {
      const message = { id: this.#nextId++, key: KEYS[random.nextInt(KEYS.length)]! };
      this.log.append('events', random.nextInt(2), [message]);
      this.appended.push(message);
    }
  }

  async stop(kind: 'graceful' | 'crash' | 'crashMidBatch'): Promise<void> {
    const ssc = this.ssc!;
    if (kind === 'graceful') {
      await ssc.stop({ stopSparkContext: false });
    } else {
      if (kind === 'crashMidBatch') {
        // The next batch starts; the driver dies before it is awaited.
        const clock = ssc.clock as ManualClock;
        clock.setTime((Math.floor(clock.getTimeMillis() / 1000) + 1) * 1000);
        await settle();
      }
      await simulateDriverCrash(ssc);
    }
    await this.#sc!.stop();
    this.ssc = undefined;
  }

  /** The invariants, after a completed batch: every appended id exactly once per distinct batch, totals exact. */
  check(context: string): void {
    const distinctBatches = [...this.observed.ids.entries()].sort(([a], [b]) => a - b);
    for (const [timeMs, runs] of distinctBatches) {
      const sortedRuns = runs.map((ids) => [...ids].sort((a, b) => a - b));
      for (const run of sortedRuns) expect(run, `${context}: batch ${timeMs} repeated with other ids`).toEqual(sortedRuns[0]);
    }
    const once = distinctBatches.flatMap(([, runs]) => runs[0]!).sort((a, b) => a - b);
    expect(once, `${context}: ids missing or repeated across batches`).toEqual(this.appended.map((m) => m.id));
    const keyOf = new Map(this.appended.map((m) => [m.id, m.key]));
    const counts = new Map<string, number>();
    for (const [timeMs, runs] of distinctBatches) {
      for (const id of runs[0]!) counts.set(keyOf.get(id)!, (counts.get(keyOf.get(id)!) ?? 0) + 1);
      for (const totals of this.observed.totals.get(timeMs) ?? []) {
        expect(totals, `${context}: running totals of batch ${timeMs}`).toEqual(counts);
      }
    }
  }
}

async function stressRun(seed: number, steps: number): Promise<{ batches: number; restarts: number; crashes: number; observed: Observed }> {
  const harness = new Harness(seed, tempDir(), tempDir());
  const random = new SeededRandom(seed);
  let batches = 0;
  let restarts = 0;
  let crashes = 0;
  await harness.start();
  try {
    for (let step = 0; step < steps; step++) {
      const context = `seed ${seed}, step ${step}`;
      const r = random.next();
      if (!harness.ssc) {
        await harness.start();
        restarts++;
      } else if (r < 0.45) {
        harness.add(random);
      } else if (r < 0.8 || batches === 0) {
        // Until the first batch wrote a checkpoint a restart would start afresh (createFn again), so the first stop waits for it.
        await advanceBatches(harness.ssc, 1);
        batches++;
        harness.check(context);
      } else if (r < 0.87) {
        await harness.stop('graceful');
      } else if (r < 0.94) {
        await harness.stop('crash');
        crashes++;
      } else {
        await harness.stop('crashMidBatch');
        crashes++;
      }
    }
    if (!harness.ssc) await harness.start();
    await advanceBatches(harness.ssc!, 1);
    harness.check(`seed ${seed}, end`);
  } finally {
    if (harness.ssc) await harness.stop('graceful');
  }
  return { batches, restarts, crashes, observed: harness.observed };
}

describe('DStream: random stop/start over a replayable source, recovered with getOrCreate', () => {
  it.each([[101], [202], [303]])('seed %i: 300 steps, createFn once, no id missing, only whole-batch repeats, running totals exact', { timeout: 120_000 }, async (seed) => {
    const { batches, restarts, crashes, observed } = await stressRun(seed, 300);
    expect(observed.creates, `seed ${seed}`).toBe(1);
    expect(restarts, `seed ${seed}`).toBeGreaterThan(5);
    expect(crashes, `seed ${seed}`).toBeGreaterThan(3);
    expect(batches, `seed ${seed}`).toBeGreaterThan(50);
    // Recoveries did re-run batches (the last checkpointed one each time): the repeats the check allowed happened.
    expect([...observed.ids.values()].filter((runs) => runs.length > 1).length, `seed ${seed}`).toBeGreaterThan(3);
  });
});
