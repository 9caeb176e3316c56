import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ArrivalFeed } from '../../bench/harness/ArrivalFeed.js';
import { driveRunner } from '../../bench/harness/driveRunner.js';
import type { EngineRunner, RunOptions, RunResult } from '../../bench/harness/EngineRunner.js';
import { windowStartOf } from '../../bench/oracle/watermarks.js';
import { filter, filterRowOf } from '../../bench/workloads/filter.js';
import type { FilterEvent } from '../../bench/workloads/filter.js';
import type { Clock } from '../../src/shared/util/Clock.js';
import { wordcount } from '../../bench/workloads/wordcount.js';
import type { WordcountEvent } from '../../bench/workloads/wordcount.js';

const params = { ...wordcount.defaults, windowMs: 1000, watermarkMs: 0 };
const options = { mode: 'virtual' as const, params, seed: 1, batchIntervalMs: 1000, watermarkMs: 0, now: () => 0 };

/** A micro-batch counter: every batch interval it drains what arrived and emits updated counts. */
const microBatchRunner: EngineRunner = {
  name: 'micro-batch',
  description: 'test runner: counts words per event-time window once per batch',
  unsupportedReason: () => undefined,
  async run(_workload, feed: ArrivalFeed, opts: RunOptions): Promise<RunResult> {
    const counts = new Map<string, number>();
    let batches = 0;
    for (let batchTimeMs = opts.batchIntervalMs; ; batchTimeMs += opts.batchIntervalMs) {
      await opts.clock.waitTillTime(batchTimeMs);
      const isLastBatch = feed.isEnded;
      batches += 1;
      const changed = new Map<string, { startMs: number; word: string }>();
      for (const event of feed.drain() as WordcountEvent[]) {
        const startMs = windowStartOf(event.eventTimeMs, opts.params.windowMs);
        for (const word of event.line.split(' ')) {
          const id = `${startMs}|${word}`;
          counts.set(id, (counts.get(id) ?? 0) + 1);
          changed.set(id, { startMs, word });
        }
      }
      for (const [id, { startMs, word }] of changed) {
        opts.onOutput({ windowStartMs: startMs, windowEndMs: startMs + opts.params.windowMs, key: word, values: { count: counts.get(id)! } });
      }
      if (isLastBatch) return { engineStats: { batches } };
    }
  },
};

const line = (timeMs: number, text: string): WordcountEvent => ({ eventTimeMs: timeMs, arrivalTimeMs: timeMs, line: text });

describe('driveRunner in virtual time', () => {
  it('fires a batch at t before delivering records that arrive at t, and measures structural latency', async () => {
    const events = [line(100, 'a'), line(999, 'a'), line(1000, 'b'), line(1500, 'b')];
    const oracle = wordcount.oracle(events, params);
    const { measurement, finalRows } = await driveRunner(microBatchRunner, wordcount, events, oracle, options);
    expect(measurement.status).toBe('ok');
    expect(finalRows).toEqual([
      { windowStartMs: 0, windowEndMs: 1000, key: 'a', values: { count: 2 } },
      { windowStartMs: 1000, windowEndMs: 2000, key: 'b', values: { count: 2 } },
    ]);
    // (0, a) is complete at 999 and emitted by the batch at 1000; (1000, b) at 1500, emitted at 2000.
    expect(measurement.latency).toMatchObject({ count: 2, minMs: 1, maxMs: 500 });
    expect(measurement.processingEndMs).toBe(2000);
    expect(measurement.engineStats).toEqual({ batches: 2 });
    expect(measurement.correctness?.windows.shareExactlyRight).toBe(1);
    expect(measurement.throughput.series.filter((p) => p.rows > 0).map((p) => [p.processingTimeMs, p.rows])).toEqual([[1000, 1], [2000, 1]]);
  });

  it('stamps a row with the moment its batch reached the sink when the runner passes one, not when the harness took it', async () => {
    // A sink that received its batch at the batch time, then spent 300 ms before handing the rows on.
    const lateHandOver: EngineRunner = {
      ...microBatchRunner,
      async run(_workload, feed: ArrivalFeed, opts: RunOptions): Promise<RunResult> {
        await opts.clock.waitTillTime(opts.batchIntervalMs);
        const count = (feed.drain() as WordcountEvent[]).length;
        await opts.clock.waitTillTime(opts.batchIntervalMs + 300);
        const row = { windowStartMs: 0, windowEndMs: 1000, key: 'a', values: { count } };
        opts.onOutput(row, opts.batchIntervalMs);
        return { engineStats: {} };
      },
    };
    const events = [line(100, 'a'), line(999, 'a')];
    const { measurement } = await driveRunner(lateHandOver, wordcount, events, wordcount.oracle(events, params), options);
    expect(measurement.status).toBe('ok');
    expect(measurement.latency).toMatchObject({ count: 1, minMs: 1, maxMs: 1 });
    expect(measurement.throughput.series.filter((p) => p.rows > 0).map((p) => p.processingTimeMs)).toEqual([1000]);
  });

  it('fails a runner that never finishes once virtual time passes the drain horizon', async () => {
    const endless: EngineRunner = {
      ...microBatchRunner,
      name: 'endless',
      async run(_workload, _feed, opts) {
        for (let t = 1000; ; t += 1000) await opts.clock.waitTillTime(t);
      },
    };
    const { measurement } = await driveRunner(endless, wordcount, [line(0, 'a')], wordcount.oracle([line(0, 'a')], params), { ...options, drainHorizonMs: 3500 });
    expect(measurement.status).toBe('failed');
    expect(measurement.error).toBe('runner "endless" had not finished when virtual time reached 3500 ms (its next timer is at 4000 ms); it must resolve run() after the feed ends');
  });

  it('reports a runner that throws as failed and one that cannot run the workload as unsupported', async () => {
    const broken: EngineRunner = { ...microBatchRunner, name: 'broken', run: () => Promise.reject(new Error('state store corrupt')) };
    const picky: EngineRunner = { ...microBatchRunner, name: 'picky', unsupportedReason: (w) => `no ${w.name} here` };
    const events = [line(0, 'a')];
    const oracle = wordcount.oracle(events, params);
    expect((await driveRunner(broken, wordcount, events, oracle, options)).measurement).toMatchObject({ status: 'failed', error: 'state store corrupt', correctness: null });
    expect((await driveRunner(picky, wordcount, events, oracle, options)).measurement).toMatchObject({ status: 'unsupported', error: 'no wordcount here' });
  });
});

describe('driveRunner with a runner that starts slowly', () => {
  it('waits until the runner reads the feed before moving the clock', async () => {
    let firstReadAtMs = -1;
    const slowStart: EngineRunner = {
      ...microBatchRunner,
      name: 'slow-start',
      isSynchronous: true,
      async run(_workload, feed, opts) {
        // Real I/O, like spawning workers: it completes over several turns of the event loop.
        for (let i = 0; i < 3; i++) await readFile(new URL(import.meta.url));
        firstReadAtMs = opts.clock.getTimeMillis();
        return new Promise((resolve) => {
          feed.subscribe({
            onArrival: (events) => {
              for (const event of events as WordcountEvent[]) opts.onOutput({ windowStartMs: 0, windowEndMs: 1000, key: event.line, values: { count: 1 } });
            },
            onEnd: () => resolve({}),
          });
        });
      },
    };
    const events = [line(0, 'a'), line(10, 'b')];
    const { measurement } = await driveRunner(slowStart, wordcount, events, wordcount.oracle(events, params), options);
    expect(firstReadAtMs).toBe(0);
    expect(measurement.correctness?.rows.correct).toBe(2);
  });

  it('hands records delivered before a subscription to the first subscriber', () => {
    const feed = new ArrivalFeed([line(0, 'a'), line(5, 'b')]);
    feed.deliver([line(0, 'a')], 0);
    feed.deliver([line(5, 'b')], 5);
    const seen: [string[], number][] = [];
    feed.subscribe({ onArrival: (events, arrivalTimeMs) => seen.push([(events as WordcountEvent[]).map((e) => e.line), arrivalTimeMs]) });
    expect(seen).toEqual([[['a', 'b'], 5]]);
    expect(feed.hasReader).toBe(true);
  });
});

describe('driveRunner in real time', () => {
  it('delivers on the wall clock and still scores against the exact answer', async () => {
    const events = [line(0, 'a'), line(2, 'a b'), line(4, 'b')];
    const { measurement } = await driveRunner(microBatchRunner, wordcount, events, wordcount.oracle(events, params), { ...options, mode: 'real', batchIntervalMs: 5 });
    expect(measurement.status).toBe('ok');
    expect(measurement.correctness?.rows.correct).toBe(2);
    expect(measurement.latency?.count).toBe(2);
  });

  it('measures latency from the moment each arrival group was delivered, not from its schedule', async () => {
    // A wall clock stand-in whose every wait ends 2 ms after its target: the driver delivers each group 2 ms late.
    let nowMs = 0;
    const lateClock: Clock = {
      getTimeMillis: () => nowMs,
      waitTillTime: async (targetMs) => (nowMs = Math.max(nowMs, targetMs + 2)),
    };
    // Emits each kept record's row 10 ms after its scheduled arrival.
    const stamping = rowPerKeptRecord('stamped 10 ms after its arrival', (e) => e.arrivalTimeMs + 10);
    const record = (id: number, arrivalTimeMs: number, value: number): FilterEvent => ({ id, value, eventTimeMs: arrivalTimeMs, arrivalTimeMs });
    const events = [record(0, 0, 1), record(1, 0, 2), record(2, 0, 90), record(3, 5, 3), record(4, 7.5, 4)];
    const filterParams = { ...filter.defaults, events: events.length };
    const { measurement } = await driveRunner(stamping, filter, events, filter.oracle(events, filterParams), {
      mode: 'real', params: filterParams, seed: 1, batchIntervalMs: 100, watermarkMs: 0, clock: lateClock, now: () => 0,
    });
    expect(measurement.correctness?.rows.correct).toBe(4);
    expect(measurement.latency).toMatchObject({ count: 4, minMs: 8, maxMs: 8 });
  });

  it('reports latency from the schedule as latency from delivery plus how late the feed delivered', async () => {
    // A wall clock stand-in that wakes 2, 4, then 6 ms late: the feed falls further behind at each group.
    let nowMs = 0;
    const wakeLateMs = [2, 4, 6];
    let waits = 0;
    const fallingBehind: Clock = {
      getTimeMillis: () => nowMs,
      waitTillTime: async (targetMs) => (nowMs = Math.max(nowMs, targetMs + (wakeLateMs[waits++] ?? 0))),
    };
    // Emits each kept record's row 3 ms after the driver handed it over.
    const prompt = rowPerKeptRecord('stamped 3 ms after its delivery', (_e, opts) => opts.clock.getTimeMillis() + 3);
    const record = (id: number, arrivalTimeMs: number, value: number): FilterEvent => ({ id, value, eventTimeMs: arrivalTimeMs, arrivalTimeMs });
    // Groups at 0 (two kept rows), 5 and 7.5 ms, delivered at 2, 9 and 13.5 ms: 2, 4 and 6 ms late.
    const events = [record(0, 0, 1), record(1, 0, 2), record(2, 0, 90), record(3, 5, 3), record(4, 7.5, 4)];
    const filterParams = { ...filter.defaults, events: events.length };
    const progress: [number, number, number][] = [];
    const { measurement } = await driveRunner(prompt, filter, events, filter.oracle(events, filterParams), {
      mode: 'real', params: filterParams, seed: 1, batchIntervalMs: 100, watermarkMs: 0, clock: fallingBehind, now: () => 0,
      onProgress: (delivered, total, deliveredAtMs) => progress.push([delivered, total, deliveredAtMs]),
    });
    expect(progress).toEqual([[3, 5, 2], [4, 5, 9], [5, 5, 13.5]]);
    expect(measurement.correctness?.rows.correct).toBe(4);
    expect(measurement.latency).toMatchObject({ count: 4, minMs: 3, meanMs: 3, maxMs: 3 });
    expect(measurement.feedLateness).toMatchObject({ count: 3, minMs: 2, meanMs: 4, maxMs: 6 });
    // Rows 3 ms after delivery: 3 + 2, 3 + 2, 3 + 4 and 3 + 6 ms after their scheduled arrival.
    expect(measurement.latencyFromSchedule).toMatchObject({ count: 4, minMs: 5, meanMs: 6.5, maxMs: 9 });
  });

  it('reports no figures from the schedule in virtual time, where delivery is the schedule', async () => {
    const events = [line(0, 'a'), line(2, 'a b')];
    const { measurement } = await driveRunner(microBatchRunner, wordcount, events, wordcount.oracle(events, params), options);
    expect(measurement.latency?.count).toBe(2);
    expect(measurement.latencyFromSchedule).toBeUndefined();
    expect(measurement.feedLateness).toBeUndefined();
  });
});

/** A test runner emitting a row per kept filter record (value < 50), stamped at `stampOf`. */
function rowPerKeptRecord(stamp: string, stampOf: (e: FilterEvent, opts: RunOptions) => number): EngineRunner {
  return {
    name: 'stamping',
    description: `test runner: a row per kept record, ${stamp}`,
    unsupportedReason: () => undefined,
    async run(_workload, feed: ArrivalFeed, opts: RunOptions): Promise<RunResult> {
      feed.subscribe({
        onArrival: (events) => {
          for (const e of events as FilterEvent[]) if (e.value < 50) opts.onOutput(filterRowOf(e.id, e.value, e.eventTimeMs), stampOf(e, opts));
        },
      });
      await feed.whenEnded();
      return { engineStats: {} };
    },
  };
}
