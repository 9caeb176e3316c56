/**
 * Scenario 5: impressions joined with their clicks (a click counts within 10 s of its impression).
 * DStreams join what is in the batches at hand: a plain per-batch join misses every click that
 * arrives in a later batch than its impression, a windowed join keeps impressions for a window of
 * processing time and misses only clicks that arrive before their impression or after the window.
 * Structured Streaming buffers both sides in state and finds every pair; the time bound lets it
 * drop buffered rows once the watermark passes them, so state stays bounded, and a left outer
 * join emits an impression's null row only then (bound + watermark delay after the impression).
 * Spark: the streaming guide's "Stream-stream Joins", StreamingJoinSuite, DStream.join / window.
 */
import { col, timestamp_add } from '../../src/structured/index.js';
import { adJoinDStreamWith } from '../engines/dstream/ad-join.js';
import { DStreamRunner } from '../engines/dstreamRunner.js';
import { adJoinStructured } from '../engines/structured/ad-join.js';
import type { StructuredPipeline } from '../engines/structured/StructuredPipeline.js';
import { END_MARKER_KEY } from '../engines/structured/StructuredPipeline.js';
import { StructuredRunner } from '../engines/structuredRunner.js';
import { probeStructuredEngine } from '../engines/structured/probeStructuredEngine.js';
import { compareEngines } from '../harness/compareEngines.js';
import type { EngineRunner } from '../harness/EngineRunner.js';
import { adJoin } from '../workloads/ad-join.js';
import type { AdJoinParams } from '../workloads/ad-join.js';
import { figuresOf } from './figuresOf.js';
import { recordEmissions } from './recordEmissions.js';
import type { Emission } from './recordEmissions.js';
import { SCENARIO_CREATED_AT } from './Scenario.js';
import type { Scenario } from './Scenario.js';

/** 30 s of impressions, 30% clicked, clicks up to 3 s late on arrival. */
export const JOIN_PARAMS = { ...adJoin.defaults, events: 2000, ratePerSec: 50, lateness: 'uniform:3s', watermarkMs: 2000, boundMs: 10_000 };

/** The inner join on the id alone: clicks outside the bound join too (extra rows), and nothing ever leaves the state. */
const withoutTimeBound: StructuredPipeline<AdJoinParams> = {
  ...adJoinStructured,
  summary: 'impressions.withWatermark.join(clicks.withWatermark, id = clickImpressionId) without a time condition',
  build({ input, watermark }) {
    return input('impressions').withWatermark('impressionTime', watermark).join(input('clicks').withWatermark('clickTime', watermark), col('impressionId').equalTo(col('clickImpressionId')));
  },
};

/** The left outer join with the bound: impressions without a click come out with nulls. */
const leftOuter: StructuredPipeline<AdJoinParams> = {
  ...adJoinStructured,
  summary: 'impressions.withWatermark.join(clicks.withWatermark, id and time bound, left_outer)',
  build({ input, params, watermark }) {
    const impressions = input('impressions').withWatermark('impressionTime', watermark);
    const clicks = input('clicks').withWatermark('clickTime', watermark);
    const condition = col('impressionId')
      .equalTo(col('clickImpressionId'))
      .and(col('clickTime').geq(col('impressionTime')))
      .and(col('clickTime').leq(timestamp_add('millisecond', params.boundMs, 'impressionTime')));
    return impressions.join(clicks, condition, 'left_outer');
  },
  toResultRow(row) {
    if (row['impressionId'] === END_MARKER_KEY) return undefined;
    const impressionTimeMs = Number(row['impressionTime']);
    if (row['clickTime'] === null || row['clickTime'] === undefined) return { windowStartMs: impressionTimeMs, windowEndMs: impressionTimeMs, key: row['impressionId'] as string, values: { count: 0 } };
    return { windowStartMs: impressionTimeMs, windowEndMs: Number(row['clickTime']), key: row['impressionId'] as string, values: { count: 1 } };
  },
};

/** Scenario 5: windowed DStream joins against stream-stream joins. */
export const join: Scenario = {
  name: 'join',
  title: 'impressions joined with clicks: windowed DStream joins against a stream-stream join with a time bound',
  async run() {
    const missingJoin = (await probeStructuredEngine()).streamStreamJoin;
    const nullRows: Emission[] = [];
    const runners: EngineRunner[] = [
      new DStreamRunner({ pipelines: { 'ad-join': adJoinDStreamWith({ joinWindowMs: (_p, batchMs) => batchMs, summary: 'clicks.join(impressions).filter(time bound): the batch at hand only' }) } }),
      new DStreamRunner({ name: 'dstream-windowed' }),
    ];
    if (missingJoin === undefined) {
      runners.push(
        new StructuredRunner({ name: 'structured-inner' }),
        recordEmissions(new StructuredRunner({ name: 'structured-left-outer', pipelines: { 'ad-join': leftOuter } }), nullRows, (row) => row.values['count'] !== 0),
        new StructuredRunner({ name: 'structured-no-bound', pipelines: { 'ad-join': withoutTimeBound } }),
      );
    }
    const { report } = await compareEngines({ workload: adJoin, params: JOIN_PARAMS, seed: 9, runners, mode: 'virtual', batchIntervalMs: 1000, createdAt: SCENARIO_CREATED_AT });
    const figures = figuresOf(report);
    const finalState = Object.fromEntries(report.engines.map((m) => [m.engine, m.engineStats['finalStateRows'] ?? null]));
    // Null rows emitted after the input ended come from the end-of-input marker, not from the bound.
    const events = adJoin.generate(JOIN_PARAMS, 9);
    const lastArrivalMs = Math.max(...events.map((e) => e.arrivalTimeMs));
    const nulls = nullRows.filter((e) => e.row.values['count'] === 0);
    const nullDelays = nulls.filter((e) => e.atMs <= lastArrivalMs).map((e) => e.atMs - e.row.windowStartMs);
    const names = report.engines.map((m) => m.engine);
    return {
      name: 'join',
      title: this.title,
      summary: [
        'Impressions 50 a second for 40 s; 30% get a click within 10 s (10% of clicks fall outside the bound and must not join); clicks arrive up to 3 s late.',
        'dstream: clicks.join(impressions) per batch; dstream-windowed: clicks.join(impressions.window(11 s, 1 s)).',
        'structured-*: both sides watermarked (2 s); inner join with the time bound, the same as a left outer join, and an inner join on the id alone.',
      ],
      reports: [report],
      tables: [
        {
          title: 'pairs found and state kept',
          columns: names,
          rows: [
            { label: 'pairs expected', cells: names.map((n) => figures[n]?.rowsExpected ?? null) },
            { label: 'pairs found exactly', cells: names.map((n) => figures[n]?.rowsCorrect ?? null) },
            { label: 'pairs missed', cells: names.map((n) => figures[n]?.inputsDropped ?? null) },
            { label: 'rows that should not be there', cells: names.map((n) => (figures[n]?.rowsEmitted ?? 0) - (figures[n]?.rowsCorrect ?? 0)) },
            { label: 'state rows at the end', cells: names.map((n) => finalState[n] ?? null) },
            { label: 'peak state rows', cells: names.map((n) => figures[n]?.peakStateEntries ?? null) },
          ],
        },
        ...(missingJoin === undefined
          ? [{
              title: 'left outer join: null rows for impressions without a click',
              columns: ['null rows', 'of them while input flowed', 'min delay after impression', 'max delay after impression'],
              rows: [{ label: 'structured-left-outer', cells: [nulls.length, nullDelays.length, nullDelays.length ? Math.min(...nullDelays) : null, nullDelays.length ? Math.max(...nullDelays) : null] }],
            }]
          : []),
      ],
      figures: { engines: figures, finalStateRows: finalState, leftOuterNullRows: nulls.length, leftOuterNullRowsWhileInputFlowed: nullDelays.length, nullRowDelayMs: nullDelays.length ? { min: Math.min(...nullDelays), max: Math.max(...nullDelays) } : null },
      notes: [
        'dstream state = records its windows hold; structured state = rows in the join state store (both sides).',
        'a null row can only be emitted once no click can match any more: when the watermark passes impression time + bound (10 s + 2 s watermark + a trigger or two).',
      ],
      missing: missingJoin === undefined ? [] : [`stream-stream join: ${missingJoin}; the structured columns are left out`],
    };
  },
};
