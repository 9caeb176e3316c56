import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../bench/harness/LatencyHistogram.js';
import { OutputCollector } from '../../bench/harness/OutputCollector.js';
import { TimeSeries } from '../../bench/harness/TimeSeries.js';
import { compareRows } from '../../bench/oracle/ResultRow.js';
import { filter, filterRowOf } from '../../bench/workloads/filter.js';
import type { FilterEvent } from '../../bench/workloads/filter.js';

const record = (id: number, arrivalTimeMs: number, value: number): FilterEvent => ({ id, value, eventTimeMs: arrivalTimeMs, arrivalTimeMs });
// Rows expected for ids 0, 1 and 2 (value < 50); id 3 is filtered out.
const events = [record(0, 0, 1), record(1, 2, 2), record(2, 4, 3), record(3, 4, 90)];
const params = { ...filter.defaults, events: events.length };

describe('OutputCollector final rows', () => {
  it('answers with the rows equal to the exact answer, the wrong ones as emitted and the ones the answer lacks', () => {
    let nowMs = 10;
    const collector = new OutputCollector(filter.oracle(events, params), () => nowMs, new TimeSeries(10));
    collector.emit(filterRowOf(0, 1, 0));
    collector.emit(filterRowOf(1, 7, 2));
    collector.emit(filterRowOf(9, 5, 4));
    nowMs = 20;
    // Right, then wrong, then right again: right since the last time it became right.
    collector.emit(filterRowOf(2, 3, 4));
    collector.emit(filterRowOf(2, 8, 4));
    nowMs = 30;
    collector.emit(filterRowOf(2, 3, 4));
    const histogram = new LatencyHistogram();
    collector.recordLatencies(histogram);
    expect(collector.finalRows().sort(compareRows)).toEqual([
      filterRowOf(0, 1, 0),
      filterRowOf(1, 7, 2),
      filterRowOf(2, 3, 4),
      filterRowOf(9, 5, 4),
    ]);
    // Row 0 right at 10 (arrived at 0), row 2 right since 30 (arrived at 4); row 1 never right.
    expect(histogram.summary()).toMatchObject({ count: 2, minMs: 10, maxMs: 26 });
    expect(collector.emissions).toBe(6);
  });

  it('forgets a wrong row once the right one follows it', () => {
    const collector = new OutputCollector(filter.oracle(events, params), () => 0, new TimeSeries(10));
    collector.emit(filterRowOf(1, 7, 2));
    collector.emit(filterRowOf(1, 2, 2));
    expect(collector.finalRows()).toEqual([filterRowOf(1, 2, 2)]);
  });
});
