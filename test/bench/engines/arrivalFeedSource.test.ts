import { describe, expect, it } from 'vitest';
import { ArrivalFeedSource } from '../../../bench/engines/continuous/ArrivalFeedSource.js';
import { filterStructured } from '../../../bench/engines/structured/filter.js';
import { ArrivalFeed } from '../../../bench/harness/ArrivalFeed.js';
import type { FilterEvent } from '../../../bench/workloads/filter.js';

const record = (id: number, arrivalTimeMs: number): FilterEvent => ({ id, value: id * 10, eventTimeMs: arrivalTimeMs, arrivalTimeMs });
const schedule = [record(0, 0), record(1, 0), record(2, 1), record(3, 3)];
const { schema, toRow } = filterStructured.inputs[''] as (typeof filterStructured.inputs)[string];

describe('ArrivalFeedSource', () => {
  it('offers the delivered records by offset, reads them again after a commit, and wakes its listeners at each delivery', () => {
    const source = new ArrivalFeedSource(schema, schedule, toRow);
    let wakes = 0;
    source.onDataAvailable(() => (wakes += 1));
    expect(source.latestOffset()).toBeUndefined();
    source.delivered(schedule.slice(0, 2));
    expect(source.latestOffset()).toBe(2);
    expect(source.getBatch(undefined, 2)).toEqual([[{ id: 0, value: 0, eventTimeMs: 0 }, { id: 1, value: 10, eventTimeMs: 0 }]]);
    source.commit();
    source.delivered(schedule.slice(2, 3));
    expect(source.latestOffset()).toBe(3);
    expect(source.getBatch(2, 3)).toEqual([[{ id: 2, value: 20, eventTimeMs: 1 }]]);
    // A restart from the first offset reads the same records again (at-least-once).
    expect(source.getBatch(undefined, 3).flat().map((row) => row['id'])).toEqual([0, 1, 2]);
    expect(wakes).toBe(2);
  });

  it('refuses records out of schedule order and offsets not delivered yet', () => {
    const source = new ArrivalFeedSource(schema, schedule, toRow);
    expect(() => source.delivered(schedule.slice(1, 2))).toThrow('ArrivalFeedSource: a delivery of 1 records does not start at schedule position 0; the feed must deliver the schedule in order');
    source.delivered(schedule.slice(0, 1));
    expect(() => source.getBatch(0, 2)).toThrow('ArrivalFeedSource[id,value,eventTimeMs]: cannot read records (0, 2]: 1 were delivered');
  });

  it('takes what the feed received but has not handed over yet when asked for its latest offset', () => {
    let published = 0;
    const feed = new ArrivalFeed<FilterEvent>(schedule);
    feed.followPublished({ publishedCount: () => published }, Int32Array.from([2, 3, 4]));
    const source = new ArrivalFeedSource(schema, schedule, toRow, () => feed.catchUp());
    feed.subscribe({ onArrival: (events) => source.delivered(events) });
    published = 2;
    expect(source.latestOffset()).toBe(3);
  });
});
