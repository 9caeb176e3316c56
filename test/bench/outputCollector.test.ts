import { describe, expect, it } from 'vitest';
import { DeliveryLog } from '../../bench/harness/DeliveryLog.js';
import { LatencyHistogram } from '../../bench/harness/LatencyHistogram.js';
import { OutputCollector } from '../../bench/harness/OutputCollector.js';
import { TimeSeries } from '../../bench/harness/TimeSeries.js';
import { filter, filterRowOf } from '../../bench/workloads/filter.js';
import type { FilterEvent } from '../../bench/workloads/filter.js';
import { ManualClock, settle } from '../../src/shared/util/Clock.js';

const record = (id: number, arrivalTimeMs: number, value: number): FilterEvent => ({ id, value, eventTimeMs: arrivalTimeMs, arrivalTimeMs });
// d is dropped by the filter (no row expected); e is expected but never emitted.
const events = [record(0, 0, 1), record(1, 5, 2), record(2, 5, 3), record(3, 5, 90), record(4, 5, 4)];
const params = { ...filter.defaults, events: events.length };
const rowOf = (e: FilterEvent, value = e.value) => filterRowOf(e.id, value, e.eventTimeMs);

/** Emits the same sequence into a collector and reports what it made of it. */
async function collect(takeStampedRowsLater: boolean) {
  const clock = new ManualClock(40);
  const series = new TimeSeries(10);
  const deliveries = new DeliveryLog([0, 5]);
  deliveries.delivered(0, 1);
  deliveries.delivered(1, 6);
  const collector = new OutputCollector(filter.oracle(events, params), () => clock.getTimeMillis(), series, deliveries, { takeStampedRowsLater });
  const [a, b, c, d] = events as [FilterEvent, FilterEvent, FilterEvent, FilterEvent];
  // A batch stamped at 20: a's row wrong, b's right; a batch at 30 corrects a; then c's row right
  // at 30, and unstamped (now: 40) wrong again, which must come after the stamped rows.
  collector.emit(rowOf(a, 99), 20);
  collector.emit(rowOf(b), 20);
  // Deferred rows are taken on a later turn of the event loop; those still waiting are taken
  // before an unstamped row, in emission order.
  await settle();
  collector.emit(rowOf(a), 30);
  collector.emit(rowOf(c), 30);
  collector.emit(rowOf(c, 98));
  collector.emit(rowOf(d), 30);
  const histogram = new LatencyHistogram();
  collector.recordLatencies(histogram);
  return { rows: collector.finalRows(), emissions: collector.emissions, latencies: histogram.summary(), series: series.points() };
}

describe('OutputCollector', () => {
  it('takes stamped rows later with the same rows, latencies and series as at once', async () => {
    const inline = await collect(false);
    const later = await collect(true);
    expect(later).toEqual(inline);
    // A row the answer does not have is kept; an expected row never emitted is not invented.
    expect(later.rows.map((r) => [r.key, r.values['value']])).toEqual([['0', 1], ['1', 2], ['2', 98], ['3', 90]]);
    expect(later.emissions).toBe(6);
    // a: right since 30, delivered at 1; b: right since 20, delivered at 6; c ended wrong.
    expect(later.latencies).toMatchObject({ count: 2, minMs: 14, maxMs: 29 });
    expect(later.series.map((p) => [p.processingTimeMs, p.rows])).toEqual([[20, 2], [30, 3], [40, 1]]);
  });

  it('finds each row whether the engine emits in the answer\'s order or not', () => {
    const inOrder = [record(0, 0, 1), record(1, 0, 2), record(2, 5, 3), record(3, 1000, 4), record(4, 1000, 5)];
    const run = (emitted: readonly FilterEvent[]) => {
      const deliveries = new DeliveryLog([0, 5, 1000]);
      deliveries.delivered(0, 0);
      deliveries.delivered(1, 5);
      deliveries.delivered(2, 1000);
      const collector = new OutputCollector(filter.oracle(inOrder, { ...params, events: inOrder.length }), () => 0, new TimeSeries(10), deliveries);
      // Each row emitted 10 ms after its delivery; an extra row (id 7) the answer does not have sits in the middle.
      emitted.forEach((e, i) => {
        collector.emit(rowOf(e), e.arrivalTimeMs + 10);
        if (i === 1) collector.emit(filterRowOf(7, 1, 0), 20);
      });
      const histogram = new LatencyHistogram();
      collector.recordLatencies(histogram);
      return { keys: collector.finalRows().map((r) => r.key).sort(), latencies: histogram.summary() };
    };
    const forward = run(inOrder);
    expect(forward.keys).toEqual(['0', '1', '2', '3', '4', '7']);
    expect(forward.latencies).toMatchObject({ count: 5, minMs: 10, maxMs: 10 });
    expect(run([...inOrder].reverse())).toEqual(forward);
    expect(run([inOrder[2], inOrder[0], inOrder[4], inOrder[1], inOrder[3]] as FilterEvent[])).toEqual(forward);
  });
});
