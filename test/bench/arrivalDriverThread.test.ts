import { describe, expect, it } from 'vitest';
import { ArrivalBoard, DriverState } from '../../bench/harness/ArrivalBoard.js';
import { ArrivalFeed } from '../../bench/harness/ArrivalFeed.js';
import { driveRunner } from '../../bench/harness/driveRunner.js';
import type { EngineRunner, RunOptions, RunResult } from '../../bench/harness/EngineRunner.js';
import { paceArrivals } from '../../bench/harness/paceArrivals.js';
import type { PacingClock } from '../../bench/harness/paceArrivals.js';
import { PerformanceClock } from '../../bench/harness/PerformanceClock.js';
import { WorkerArrivalDriver } from '../../bench/harness/WorkerArrivalDriver.js';
import { filter, filterRowOf } from '../../bench/workloads/filter.js';
import type { FilterEvent } from '../../bench/workloads/filter.js';

const record = (id: number, arrivalTimeMs: number, value = id, stream?: string): FilterEvent =>
  ({ id, value, eventTimeMs: arrivalTimeMs, arrivalTimeMs, ...(stream !== undefined ? { stream } : {}) });

// Groups at 0 (ids 0, 1), 1 (id 2), 3 (ids 3-5) and 5 ms (id 6).
const schedule = [record(0, 0), record(1, 0), record(2, 1), record(3, 3), record(4, 3), record(5, 3), record(6, 5)];
const groupEnds = Int32Array.from([2, 3, 6, 7]);

/** A board stand-in whose published count the test sets. */
function publishedBy(): { publishedCount(): number; set(count: number): void } {
  let count = 0;
  return { publishedCount: () => count, set: (n) => (count = n) };
}

const ids = (events: readonly FilterEvent[]): number[] => events.map((e) => e.id);

describe('ArrivalFeed following a driver thread', () => {
  it('drains exactly the records of the published groups, in order, none twice and none lost', () => {
    const published = publishedBy();
    const feed = new ArrivalFeed<FilterEvent>(schedule);
    feed.followPublished(published, groupEnds);
    const batches: number[][] = [];
    for (const count of [0, 1, 1, 3, 3, 4, 4]) {
      published.set(count);
      batches.push(ids(feed.drain()));
    }
    expect(batches).toEqual([[], [0, 1], [], [2, 3, 4, 5], [], [6], []]);
    expect(feed.deliveredCount).toBe(7);
  });

  it('counts published records as delivered before a batch takes them', () => {
    const published = publishedBy();
    const feed = new ArrivalFeed<FilterEvent>(schedule);
    feed.followPublished(published, groupEnds);
    published.set(3);
    expect(feed.deliveredCount).toBe(6);
    expect(ids(feed.drain())).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('hands a subscriber what was published before it subscribed, then each group as caught up, with its arrival time', () => {
    const published = publishedBy();
    const feed = new ArrivalFeed<FilterEvent>(schedule);
    feed.followPublished(published, groupEnds);
    published.set(2);
    const seen: [number[], number][] = [];
    let ended = 0;
    feed.subscribe({ onArrival: (events, arrivalTimeMs) => seen.push([ids(events), arrivalTimeMs]), onEnd: () => (ended += 1) });
    expect(feed.hasListeners).toBe(true);
    published.set(4);
    expect(feed.catchUp()).toBe(4);
    expect(feed.catchUp()).toBe(4);
    feed.end();
    expect(seen).toEqual([[[0, 1, 2], 1], [[3, 4, 5], 3], [[6], 5]]);
    expect(ended).toBe(1);
  });

  it('hands a subscriber the early groups before any the driver thread publishes while it subscribes', () => {
    // The board is written by another thread: each read may see more groups than the one before.
    const counts = [1, 3];
    const feed = new ArrivalFeed<FilterEvent>(schedule);
    feed.followPublished({ publishedCount: () => (counts.length > 1 ? (counts.shift() as number) : (counts[0] as number)) }, groupEnds);
    const seen: number[][] = [];
    feed.subscribe({ onArrival: (events) => seen.push(ids(events)) });
    feed.catchUp();
    expect(seen).toEqual([[0, 1], [2], [3, 4, 5]]);
  });

  it('drains one stream and leaves the other stream for its own drain', () => {
    const published = publishedBy();
    const twoStreams = [record(0, 0, 0, 'a'), record(1, 0, 1, 'b'), record(2, 1, 2, 'a'), record(3, 2, 3, 'b')];
    const feed = new ArrivalFeed<FilterEvent>(twoStreams);
    feed.followPublished(published, Int32Array.from([2, 3, 4]));
    published.set(2);
    expect(ids(feed.drain('a'))).toEqual([0, 2]);
    published.set(3);
    expect(ids(feed.drain('b'))).toEqual([1, 3]);
    expect(ids(feed.drain('a'))).toEqual([]);
  });

  it('lets a batch take records published before the end after the feed ended', () => {
    const published = publishedBy();
    const feed = new ArrivalFeed<FilterEvent>(schedule);
    feed.followPublished(published, groupEnds);
    published.set(4);
    feed.end();
    expect(ids(feed.drain())).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('refuses deliveries from the event loop once it follows a driver thread', () => {
    const feed = new ArrivalFeed<FilterEvent>(schedule);
    feed.followPublished(publishedBy(), groupEnds);
    expect(() => feed.deliver([record(9, 9)], 9)).toThrow('ArrivalFeed.deliver on a feed that follows a driver thread: 1 records at 9 ms');
    expect(() => feed.followPublished(publishedBy(), groupEnds)).toThrow('ArrivalFeed.followPublished: the feed already has a driver');
  });
});

/** A pacing clock that wakes `lateMs` after each sleep's end; time moves only when the loop sleeps. */
function lateWaking(lateMs: number): PacingClock & { sleeps: number } {
  let nowMs = 0;
  const clock = {
    sleeps: 0,
    nowMs: () => nowMs,
    sleepMs: (durationMs: number) => {
      clock.sleeps += 1;
      nowMs += durationMs + lateMs;
    },
  };
  return clock;
}

describe('paceArrivals writing an ArrivalBoard', () => {
  it('publishes every group with the time it woke for it, then marks the board ended', () => {
    const board = ArrivalBoard.create(4);
    const clock = lateWaking(0.5);
    paceArrivals(board.control, board.deliveredMs, Float64Array.from([0, 1, 3, 5]), clock);
    expect(board.publishedCount()).toBe(4);
    expect(board.state()).toBe(DriverState.ended);
    // Group 0 is due at once; each later one is woken for 0.5 ms late, and a group already due when the previous one went out is not slept for.
    expect(Array.from(board.deliveredMs)).toEqual([0, 1.5, 3.5, 5.5]);
    expect(clock.sleeps).toBe(3);
  });

  it('delivers groups that are already due without sleeping', () => {
    const board = ArrivalBoard.create(3);
    const clock = lateWaking(10);
    paceArrivals(board.control, board.deliveredMs, Float64Array.from([1, 2, 3]), clock);
    expect(Array.from(board.deliveredMs)).toEqual([11, 11, 11]);
    expect(clock.sleeps).toBe(1);
  });

  it('delivers nothing on a board the main thread stopped before it began', () => {
    const board = ArrivalBoard.create(2);
    board.fail('the run stopped the arrival driver');
    paceArrivals(board.control, board.deliveredMs, Float64Array.from([0, 1]), lateWaking(0));
    expect(board.publishedCount()).toBe(0);
    expect(board.state()).toBe(DriverState.failed);
    expect(board.failure).toBe('the run stopped the arrival driver');
  });

  it('refuses arrival times that do not ascend, after publishing the groups before them', () => {
    const board = ArrivalBoard.create(3);
    expect(() => paceArrivals(board.control, board.deliveredMs, Float64Array.from([0, 2, 2]), lateWaking(0))).toThrow(
      'arrival group 2 is scheduled at 2 ms, not after group 1 at 2 ms; the driver needs one group per arrival time, in ascending order',
    );
    expect(board.publishedCount()).toBe(2);
  });

  it('is read by a feed following the board: the two agree on the slots', () => {
    const board = ArrivalBoard.create(4);
    const feed = new ArrivalFeed<FilterEvent>(schedule);
    feed.followPublished(board, groupEnds);
    paceArrivals(board.control, board.deliveredMs, Float64Array.from([0, 1, 3, 5]), lateWaking(0));
    expect(ids(feed.drain())).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

/** Waits on the board until the driver stopped (it always does: it ends or fails). */
async function untilStopped(board: ArrivalBoard): Promise<void> {
  while (board.state() !== DriverState.ended && board.state() !== DriverState.failed) await board.whenPublishedBeyond(board.publishedCount());
}

describe('WorkerArrivalDriver', () => {
  it('delivers every group from its own thread, never before its arrival time, and ends', async () => {
    const arrivalTimesMs = Float64Array.from([0, 1, 2, 3]);
    const driver = await WorkerArrivalDriver.spawn(arrivalTimesMs);
    try {
      expect(driver.board.publishedCount()).toBe(0);
      driver.begin(new PerformanceClock());
      await untilStopped(driver.board);
      expect(driver.board.state()).toBe(DriverState.ended);
      expect(driver.board.publishedCount()).toBe(4);
      for (let group = 0; group < 4; group++) expect(driver.board.deliveredMs[group]).toBeGreaterThanOrEqual(arrivalTimesMs[group] as number);
    } finally {
      await driver.stop();
    }
  });

  it('surfaces the thread\'s error on the board with how far it got', async () => {
    const driver = await WorkerArrivalDriver.spawn(Float64Array.from([0, 0]));
    try {
      driver.begin(new PerformanceClock());
      await untilStopped(driver.board);
      expect(driver.board.state()).toBe(DriverState.failed);
      expect(driver.board.failure).toBe(
        "the real-time arrival driver's worker thread failed after delivering 1 of 2 arrival groups: arrival group 1 is scheduled at 0 ms, not after group 0 at 0 ms; the driver needs one group per arrival time, in ascending order",
      );
    } finally {
      await driver.stop();
    }
  });

  it('stops a thread that was never begun', async () => {
    const driver = await WorkerArrivalDriver.spawn(Float64Array.from([0]));
    await driver.stop();
    expect(driver.board.publishedCount()).toBe(0);
    expect(driver.board.failure).toBe('the run stopped the arrival driver');
  });
});

/** A record-at-a-time test runner: a row per kept filter record (value < 50) as it arrives. */
const pushRunner: EngineRunner = {
  name: 'push',
  description: 'test runner: a row per kept record, on arrival',
  unsupportedReason: () => undefined,
  run(_workload, feed: ArrivalFeed, opts: RunOptions): Promise<RunResult> {
    return new Promise((resolve) => {
      feed.subscribe({
        onArrival: (events) => {
          for (const e of events as FilterEvent[]) if (e.value < 50) opts.onOutput(filterRowOf(e.id, e.value, e.eventTimeMs));
        },
        onEnd: () => resolve({}),
      });
    });
  },
};

/** A micro-batch test runner: every 2 ms it drains what arrived and emits a row per kept record. */
const drainingRunner: EngineRunner = {
  name: 'draining',
  description: 'test runner: a row per kept record, in 2 ms batches',
  unsupportedReason: () => undefined,
  async run(_workload, feed: ArrivalFeed, opts: RunOptions): Promise<RunResult> {
    for (let batchTimeMs = 2; ; batchTimeMs += 2) {
      await opts.clock.waitTillTime(batchTimeMs);
      const isLast = feed.isEnded;
      for (const e of feed.drain() as FilterEvent[]) if (e.value < 50) opts.onOutput(filterRowOf(e.id, e.value, e.eventTimeMs), batchTimeMs);
      if (isLast) return {};
    }
  },
};

describe('driveRunner with the driver thread', () => {
  const events = [record(0, 0, 1), record(1, 0, 2), record(2, 1, 90), record(3, 2, 3), record(4, 4, 4)];
  const params = { ...filter.defaults, events: events.length };
  const real = { mode: 'real' as const, params, seed: 1, batchIntervalMs: 2, watermarkMs: 0 };

  for (const runner of [pushRunner, drainingRunner]) {
    it(`scores a ${runner.name} runner on every record the thread delivered, with the feed's lateness per group`, async () => {
      const progress: number[] = [];
      const { measurement } = await driveRunner(runner, filter, events, filter.oracle(events, params), { ...real, onProgress: (delivered) => progress.push(delivered) });
      expect(measurement.status).toBe('ok');
      expect(measurement.correctness?.rows).toMatchObject({ expected: 4, correct: 4 });
      expect(measurement.latency?.count).toBe(4);
      expect(measurement.latencyFromSchedule?.count).toBe(4);
      expect(measurement.feedLateness?.count).toBe(4);
      expect(progress[progress.length - 1]).toBe(5);
      expect(measurement.notes[measurement.notes.length - 1]).toMatch(/^arrivals delivered by a driver thread of their own, at (nice -10|the normal priority \(the process may not raise it\)); the feed's lateness is that thread's$/);
    });
  }

  it('fails the run with the driver thread\'s error', async () => {
    // Arrival times that go back: the thread refuses the third group.
    const backwards = [record(0, 0, 1), record(1, 2, 2), record(2, 1, 3)];
    const { measurement } = await driveRunner(pushRunner, filter, backwards, filter.oracle(backwards, params), real);
    expect(measurement.status).toBe('failed');
    expect(measurement.error).toBe(
      "the real-time arrival driver's worker thread failed after delivering 2 of 3 arrival groups: arrival group 2 is scheduled at 1 ms, not after group 1 at 2 ms; the driver needs one group per arrival time, in ascending order",
    );
  });

  it('refuses the driver thread with a clock it cannot read', async () => {
    const clock = { getTimeMillis: () => 0, waitTillTime: async (targetMs: number) => targetMs };
    await expect(driveRunner(pushRunner, filter, events, filter.oracle(events, params), { ...real, clock, realTimeDriver: 'worker' })).rejects.toThrow(
      'driveRunner: the worker driver paces on the monotonic wall clock; an injected clock needs realTimeDriver: "event-loop"',
    );
  });
});
