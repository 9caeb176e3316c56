import { describe, expect, it } from 'vitest';
import { ArrivalFeed } from '../../../bench/harness/ArrivalFeed.js';
import { FeedMemoryStream } from '../../../bench/engines/structured/FeedMemoryStream.js';
import { filterStructured } from '../../../bench/engines/structured/filter.js';
import type { FilterEvent } from '../../../bench/workloads/filter.js';

const record = (id: number, arrivalTimeMs: number): FilterEvent => ({ id, value: id, eventTimeMs: arrivalTimeMs, arrivalTimeMs });
// Groups at 0 ms (ids 0, 1), 1 ms (id 2) and 3 ms (ids 3-5).
const schedule = [record(0, 0), record(1, 0), record(2, 1), record(3, 3), record(4, 3), record(5, 3)];
const groupEnds = Int32Array.from([2, 3, 6]);
const { schema, toRow } = filterStructured.inputs[''] as (typeof filterStructured.inputs)[string];

/** A feed following a driver thread whose published count the test sets, and a stream fed by its subscriber, as the Structured runner wires them. */
function wired(withCatchUp: boolean) {
  let published = 0;
  const feed = new ArrivalFeed<FilterEvent>(schedule);
  feed.followPublished({ publishedCount: () => published }, groupEnds);
  const stream = new FeedMemoryStream(schema, 1, undefined, withCatchUp ? () => feed.catchUp() : undefined);
  feed.subscribe({ onArrival: (events) => stream.addRows(events.map(toRow)) });
  return { stream, publish: (groups: number) => (published = groups) };
}

describe('FeedMemoryStream reading the offsets available at the trigger', () => {
  it('takes groups the driver thread published before the main thread was woken to hand them over', () => {
    const { stream, publish } = wired(true);
    expect(stream.latestOffset()).toBeUndefined();
    publish(2);
    expect(stream.latestOffset()).toBe(2);
    expect(stream.getBatch(undefined, 2).flat().map((row) => row['id'])).toEqual([0, 1, 2]);
    publish(3);
    expect(stream.latestOffset(2)).toBe(5);
    expect(stream.getBatch(2, 5).flat().map((row) => row['id'])).toEqual([3, 4, 5]);
  });

  it('without the catch-up sees only what its subscriber was handed (nothing, until the wake-up runs)', () => {
    const { stream, publish } = wired(false);
    publish(3);
    expect(stream.latestOffset()).toBeUndefined();
  });
});
