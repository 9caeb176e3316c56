/**
 * The Structured Streaming adapter against the exact answer. Event time: windows come from the
 * data, and a record is dropped when its window had closed (window end <= watermark) by the
 * micro-batch that reads it; the watermark of a batch is the largest event time of the earlier
 * batches minus the delay. The tests compute those batch watermarks independently.
 */
import { describe, expect, it } from 'vitest';
import { probedStructuredRunner, StructuredRunner, structuredRunner } from '../../../bench/engines/structuredRunner.js';
import { probeStructuredEngine } from '../../../bench/engines/structured/probeStructuredEngine.js';
import { adJoin } from '../../../bench/workloads/ad-join.js';
import { lateSensors } from '../../../bench/workloads/late-sensors.js';
import type { SensorReading } from '../../../bench/workloads/late-sensors.js';
import { sessions } from '../../../bench/workloads/sessions.js';
import { wordcount } from '../../../bench/workloads/wordcount.js';
import { yahoo } from '../../../bench/workloads/yahoo.js';
import { batchTimeOf, batchWatermarks, eventWindowStart, runVirtual, sortedRows } from './support.js';

describe('Structured runner', () => {
  it('wordcount: equals the exact answer', async () => {
    const params = { ...wordcount.defaults, events: 1500, lateness: 'exponential:200ms', watermarkMs: 2000 };
    const { measurement, finalRows, events } = await runVirtual(structuredRunner, wordcount, params);
    expect(measurement.status).toBe('ok');
    expect(sortedRows(finalRows)).toEqual(sortedRows(wordcount.oracle(events, params).rows));
  });

  it('late-sensors: exact for every reading within the watermark; every reading beyond it is dropped and counted', async () => {
    const params = { ...lateSensors.defaults, events: 12_000 };
    // One input partition: each (batch, window, sensor) group of late readings reaches the stateful
    // operator as one partial aggregate, the unit numRowsDroppedByWatermark counts in.
    const { measurement, finalRows, events } = await runVirtual(new StructuredRunner({ inputPartitions: 1 }), lateSensors, params);
    const readings = events as SensorReading[];
    const watermarks = batchWatermarks(readings, 1000, params.watermarkMs);
    const isBeyond = (r: SensorReading, i: number) => eventWindowStart(r.eventTimeMs, params.windowMs) + params.windowMs <= (watermarks[i] as number);
    const kept = readings.filter((r, i) => !isBeyond(r, i));
    const beyond = readings.filter((r, i) => isBeyond(r, i));
    expect(beyond.length).toBe(231);
    // Within the watermark: every row equals the exact answer over the readings kept.
    const keptScore = lateSensors.compare(lateSensors.oracle(kept, params), finalRows, params);
    expect(keptScore.rows).toMatchObject({ correct: keptScore.rows.expected, extra: 0, missing: 0 });
    // Against the exact answer over all readings: exactly the readings beyond the watermark are missing.
    expect(measurement.correctness?.counts).toEqual({ expected: 12_000, reported: 12_000 - beyond.length, misassigned: 0, dropped: beyond.length, duplicated: 0 });
    const groups = new Set(readings.map((r, i) => (isBeyond(r, i) ? `${batchTimeOf(r.arrivalTimeMs, 1000)}|${eventWindowStart(r.eventTimeMs, params.windowMs)}|${r.sensorId}` : '')).filter((g) => g !== ''));
    expect(measurement.engineDroppedRecords).toBe(groups.size);
  });

  it('yahoo: the stream-static join and windowed count equal the exact answer', async () => {
    const params = { ...yahoo.defaults, events: 4000, ratePerSec: 400 };
    const { measurement } = await runVirtual(structuredRunner, yahoo, params);
    expect(measurement.correctness?.windows.shareExactlyRight).toBe(1);
    expect(measurement.correctness?.rows.extra).toBe(0);
  });

  it('ad-join: the stream-stream join with a time bound finds every pair, or is reported unsupported naming what the engine lacks', async () => {
    const params = { ...adJoin.defaults, events: 3000 };
    const runner = await probedStructuredRunner();
    const missing = (await probeStructuredEngine()).streamStreamJoin;
    const { measurement, events } = await runVirtual(runner, adJoin, params);
    if (missing !== undefined) {
      expect(measurement).toMatchObject({ status: 'unsupported', error: `ad-join needs a stream-stream join, and ${missing}` });
      return;
    }
    const oracle = adJoin.oracle(events, params);
    expect(measurement.correctness?.rows).toMatchObject({ expected: oracle.rows.length, correct: oracle.rows.length, extra: 0 });
  });

  it('sessions: session windows equal the exact answer, or are reported unsupported naming what the engine lacks', async () => {
    const params = { ...sessions.defaults, events: 1500, users: 40, lateness: 'none' };
    const runner = await probedStructuredRunner();
    const missing = (await probeStructuredEngine()).sessionWindowMerge;
    const { measurement } = await runVirtual(runner, sessions, params);
    if (missing !== undefined) {
      expect(measurement).toMatchObject({ status: 'unsupported', error: `sessions needs session_window, and ${missing}` });
      return;
    }
    expect(measurement.correctness?.rows.correct).toBe(measurement.correctness?.rows.expected);
    expect(measurement.correctness?.rows.extra).toBe(0);
  });
});
