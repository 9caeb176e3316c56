/**
 * The DStream adapter against the exact answer. DStreams know only arrival time: a batch holds
 * what arrived in it and window(W, W) holds whole batches, so each record is counted in the
 * window it ARRIVED in. The tests compute that window independently from the generated records.
 */
import { describe, expect, it } from 'vitest';
import { DStreamRunner, dstreamRunner } from '../../../bench/engines/dstreamRunner.js';
import type { DStreamBatchRecord } from '../../../bench/engines/dstreamRunner.js';
import { filter } from '../../../bench/workloads/filter.js';
import { adJoin, isWithinBound, splitAdJoinStreams } from '../../../bench/workloads/ad-join.js';
import type { AdJoinEvent } from '../../../bench/workloads/ad-join.js';
import { adJoinDStreamWith } from '../../../bench/engines/dstream/ad-join.js';
import { lateSensors } from '../../../bench/workloads/late-sensors.js';
import type { SensorReading } from '../../../bench/workloads/late-sensors.js';
import { sessions } from '../../../bench/workloads/sessions.js';
import { wordcount } from '../../../bench/workloads/wordcount.js';
import { yahoo } from '../../../bench/workloads/yahoo.js';
import { arrivalWindowStart, batchTimeOf, eventWindowStart, runVirtual, sortedRows } from './support.js';

describe('DStream runner', () => {
  it('wordcount: equals the exact answer when records arrive in order (windows of arrival are the event-time windows)', async () => {
    const params = { ...wordcount.defaults, events: 2000, lateness: 'none', windowMs: 2000 };
    const { measurement, finalRows } = await runVirtual(dstreamRunner, wordcount, params);
    expect(measurement.status).toBe('ok');
    const oracle = wordcount.oracle(wordcount.generate(params, 42), params);
    expect(sortedRows(finalRows)).toEqual(sortedRows(oracle.rows));
    // Each window's rows come out at the window's last batch: latency is at most one window.
    expect(measurement.latency?.maxMs).toBeLessThanOrEqual(2000);
  });

  it('late-sensors: every reading that arrived after its window ended is misassigned to the window of its arrival', async () => {
    // Two windows of data, readings on time except 5% held back past watermark + 2 windows: the late
    // ones land in windows that have no on-time data, so no row both loses and gains readings and
    // the count of misassigned inputs is exactly the number of readings that changed window.
    const params = { ...lateSensors.defaults, events: 1000, ratePerSec: 100, windowMs: 5000, lateness: 'none,late=5%' };
    const { measurement, events } = await runVirtual(dstreamRunner, lateSensors, params);
    const arrivedLater = (events as SensorReading[]).filter((e) => arrivalWindowStart(e.arrivalTimeMs, 5000, 1000) > eventWindowStart(e.eventTimeMs, 5000)).length;
    expect(arrivedLater).toBe(53);
    expect(measurement.correctness?.counts).toEqual({ expected: 1000, reported: 1000, misassigned: arrivedLater, dropped: 0, duplicated: 0 });
    expect(measurement.correctness?.late.dropped).toBe(measurement.correctness?.late.inputs);
  });

  it('late-sensors: with out-of-order arrivals every row equals the aggregate by window of arrival', async () => {
    const params = { ...lateSensors.defaults, events: 4000 };
    const { finalRows, events } = await runVirtual(dstreamRunner, lateSensors, params);
    const byArrival = new Map<string, { startMs: number; key: string; sum: number; max: number; count: number }>();
    for (const reading of events as SensorReading[]) {
      const startMs = arrivalWindowStart(reading.arrivalTimeMs, params.windowMs, 1000);
      const id = `${startMs}|${reading.sensorId}`;
      const cell = byArrival.get(id) ?? { startMs, key: reading.sensorId, sum: 0, max: -Infinity, count: 0 };
      cell.sum += reading.temperature;
      cell.max = Math.max(cell.max, reading.temperature);
      cell.count += 1;
      byArrival.set(id, cell);
    }
    const rows = sortedRows(finalRows);
    expect(rows.map((r) => [r.windowStartMs, r.key, r.values['count'], r.values['max']])).toEqual(
      sortedRows([...byArrival.values()].map((c) => ({ windowStartMs: c.startMs, windowEndMs: c.startMs + params.windowMs, key: c.key, values: { count: c.count, max: c.max } })))
        .map((r) => [r.windowStartMs, r.key, r.values['count'], r.values['max']]),
    );
    for (const row of rows) {
      const cell = byArrival.get(`${row.windowStartMs}|${row.key}`)!;
      expect(row.values['avg']).toBeCloseTo(cell.sum / cell.count, 9);
    }
  });

  it('yahoo: the broadcast campaign lookup gives the exact counts on in-order input', async () => {
    const params = { ...yahoo.defaults, events: 4000, ratePerSec: 400 };
    const { measurement } = await runVirtual(dstreamRunner, yahoo, params);
    expect(measurement.correctness?.windows.shareExactlyRight).toBe(1);
    expect(measurement.correctness?.rows.extra).toBe(0);
  });

  it('sessions: mapWithState closes sessions by the gap and by idle timeout, exactly on in-order input', async () => {
    const params = { ...sessions.defaults, events: 1500, users: 40, lateness: 'none' };
    const { measurement } = await runVirtual(dstreamRunner, sessions, params);
    expect(measurement.status).toBe('ok');
    expect(measurement.correctness?.rows).toMatchObject({ missing: 0, extra: 0 });
    expect(measurement.correctness?.rows.correct).toBe(measurement.correctness?.rows.expected);
  });

  it('ad-join: finds a pair only when the impression arrived in the click\'s batch or in the join window before it', async () => {
    const params = { ...adJoin.defaults, events: 3000, lateness: 'uniform:2s' };
    const { measurement, events } = await runVirtual(dstreamRunner, adJoin, params);
    // The default join window: the bound rounded up to whole batches, plus the click's own batch.
    const joinWindowMs = Math.ceil(params.boundMs / 1000) * 1000 + 1000;
    const { impressions, clicks } = splitAdJoinStreams(events as AdJoinEvent[]);
    const impressionById = new Map(impressions.map((i) => [i.impressionId, i]));
    let pairs = 0;
    let missed = 0;
    for (const click of clicks) {
      const impression = impressionById.get(click.impressionId);
      if (!impression || !isWithinBound(impression.eventTimeMs, click.eventTimeMs, params.boundMs)) continue;
      pairs += 1;
      const clickBatchMs = batchTimeOf(click.arrivalTimeMs, 1000);
      const impressionBatchMs = batchTimeOf(impression.arrivalTimeMs, 1000);
      if (!(impressionBatchMs <= clickBatchMs && impressionBatchMs > clickBatchMs - joinWindowMs)) missed += 1;
    }
    expect(missed).toBeGreaterThan(0);
    expect(measurement.correctness?.counts).toEqual({ expected: pairs, reported: pairs - missed, misassigned: 0, dropped: missed, duplicated: 0 });
  });

  it('ad-join: the plain per-batch join (join window = one batch) misses every click arriving in a later batch than its impression', async () => {
    const params = { ...adJoin.defaults, events: 3000, lateness: 'none' };
    const perBatch = new DStreamRunner({ pipelines: { 'ad-join': adJoinDStreamWith({ joinWindowMs: (_p, batchIntervalMs) => batchIntervalMs }) } });
    const { measurement, events } = await runVirtual(perBatch, adJoin, params);
    const { impressions, clicks } = splitAdJoinStreams(events as AdJoinEvent[]);
    const impressionById = new Map(impressions.map((i) => [i.impressionId, i]));
    let sameBatch = 0;
    for (const click of clicks) {
      const impression = impressionById.get(click.impressionId);
      if (!impression || !isWithinBound(impression.eventTimeMs, click.eventTimeMs, params.boundMs)) continue;
      if (batchTimeOf(click.arrivalTimeMs, 1000) === batchTimeOf(impression.arrivalTimeMs, 1000)) sameBatch += 1;
    }
    expect(measurement.correctness?.counts.reported).toBe(sameBatch);
  });

  it('filter: tells onBatch each batch\'s records and its submission, start and end on the run\'s clock', async () => {
    // 250 records at 1000/s, 100 ms batches: the batch at t holds the records that arrived in [t - 100, t).
    const params = { ...filter.defaults, events: 250, ratePerSec: 1000 };
    const batches: DStreamBatchRecord[] = [];
    const { measurement } = await runVirtual(new DStreamRunner({ onBatch: (b) => void batches.push(b) }), filter, params, 8, 100);
    expect(measurement.correctness?.rows.correct).toBe(measurement.correctness?.rows.expected);
    expect(batches.map((b) => [b.batchTimeMs, b.records])).toEqual([[100, 100], [200, 100], [300, 50]]);
    // On the ManualClock a batch's jobs are queued, started and done at its own time.
    for (const b of batches) expect([b.submissionTimeMs, b.processingStartTimeMs, b.processingEndTimeMs]).toEqual([b.batchTimeMs, b.batchTimeMs, b.batchTimeMs]);
  });

  it('refuses a window that is not a multiple of the batch interval, with Spark\'s reason', async () => {
    const params = { ...wordcount.defaults, events: 100, windowMs: 1500 };
    const { measurement } = await runVirtual(dstreamRunner, wordcount, params);
    expect(measurement.status).toBe('failed');
    expect(measurement.error).toBe(
      'DStream pipeline of wordcount cannot run: the DStream pipeline approximates the 1500 ms event-time window with window(1500 ms, 1500 ms) over ' +
        'arrival time, and Spark requires a window to be a multiple of the batch interval (1000 ms); choose a --batch-interval that divides 1500 ms',
    );
  });
});
