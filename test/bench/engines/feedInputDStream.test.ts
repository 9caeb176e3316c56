/**
 * The DStream runner's input: a batch at t takes what was delivered and arrived before t, whether
 * or not the driver delivered later records before the batch ran (its timer late in real time).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FeedInputDStream } from '../../../bench/engines/dstream/FeedInputDStream.js';
import { ArrivalFeed } from '../../../bench/harness/ArrivalFeed.js';
import type { FilterEvent } from '../../../bench/workloads/filter.js';
import { Milliseconds, StreamingContext, Time } from '../../../src/dstream/index.js';
import { ManualClock, SparkContext } from '../../../src/shared/index.js';

const record = (id: number, arrivalTimeMs: number): FilterEvent => ({ id, value: id, eventTimeMs: arrivalTimeMs, arrivalTimeMs });
let sc: SparkContext | undefined;

function input(events: FilterEvent[]) {
  const clock = new ManualClock(0);
  sc = new SparkContext({ master: 'local[2]', clock });
  const ssc = new StreamingContext(sc, Milliseconds(100), { clock });
  const feed = new ArrivalFeed(events);
  const taken: [number, number][] = [];
  const stream = new FeedInputDStream<FilterEvent>(ssc, feed, undefined, 2, (batchMs, records) => void taken.push([batchMs, records]));
  const batch = async (ms: number) => (await stream.compute(new Time(ms)).collect()).map((e) => e.id);
  return { feed, stream, taken, batch };
}

afterEach(() => sc?.stop());

describe('FeedInputDStream', () => {
  it('takes everything delivered when it all arrived before the batch', async () => {
    const events = [record(0, 10), record(1, 10), record(2, 60)];
    const { feed, stream, taken, batch } = input(events);
    feed.deliver(events.slice(0, 2), 10);
    feed.deliver(events.slice(2), 60);
    expect(await batch(100)).toEqual([0, 1, 2]);
    expect(await batch(200)).toEqual([]);
    expect(taken).toEqual([[100, 3], [200, 0]]);
    expect(stream.recordsRead).toBe(3);
  });

  it('keeps records delivered early for their own batch, in arrival order', async () => {
    const events = [record(0, 50), record(1, 99), record(2, 100), record(3, 150), record(4, 180), record(5, 250)];
    const { feed, taken, batch } = input(events);
    // The batch at 100 runs late: records arriving at 100 and 150 were delivered before it.
    for (const e of events.slice(0, 4)) feed.deliver([e], e.arrivalTimeMs);
    expect(await batch(100)).toEqual([0, 1]);
    feed.deliver([events[4] as FilterEvent], 180);
    feed.deliver([events[5] as FilterEvent], 250);
    expect(await batch(200)).toEqual([2, 3, 4]);
    expect(await batch(300)).toEqual([5]);
    expect(taken).toEqual([[100, 2], [200, 3], [300, 1]]);
  });

  it('keeps records more than a batch early in order across batches, those drained later after them', async () => {
    const events = [record(0, 50), record(1, 120), record(2, 150), record(3, 230), record(4, 260), record(5, 310)];
    const { feed, taken, batch } = input(events);
    // The batch at 100 runs after everything up to 230 was delivered.
    for (const e of events.slice(0, 4)) feed.deliver([e], e.arrivalTimeMs);
    expect(await batch(100)).toEqual([0]);
    feed.deliver([events[4] as FilterEvent], 260);
    expect(await batch(200)).toEqual([1, 2]);
    feed.deliver([events[5] as FilterEvent], 310);
    expect(await batch(300)).toEqual([3, 4]);
    expect(await batch(400)).toEqual([5]);
    expect(await batch(500)).toEqual([]);
    expect(taken).toEqual([[100, 1], [200, 2], [300, 2], [400, 1], [500, 0]]);
  });
});
