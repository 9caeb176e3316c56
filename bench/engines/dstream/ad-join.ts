/**
 * The ad join as a Spark Streaming program: each batch's clicks joined with the impressions that
 * arrived in the last `joinWindowMs` of processing time (impressions.window(W, batch)), then the
 * time bound checked on the records' own timestamps. A click whose impression arrived in a later
 * batch, or more than the join window earlier, finds nothing. Spark: DStream.join over a windowed
 * stream (PairDStreamFunctions.join, WindowedDStream).
 */
import { bind } from '../../../src/shared/index.js';
import { Milliseconds } from '../../../src/dstream/index.js';
import type { ResultRow } from '../../oracle/ResultRow.js';
import type { AdJoinParams, Click, Impression } from '../../workloads/ad-join.js';
import { ceilToMultiple } from './DStreamPipeline.js';
import type { DStreamPipeline } from './DStreamPipeline.js';

function joinedRow([impressionId, [click, impression]]: [string, [Click, Impression]], env: { boundMs: number }): ResultRow[] {
  const isWithinBound = click.eventTimeMs >= impression.eventTimeMs && click.eventTimeMs <= impression.eventTimeMs + env.boundMs;
  return isWithinBound ? [{ windowStartMs: impression.eventTimeMs, windowEndMs: click.eventTimeMs, key: impressionId, values: { count: 1 } }] : [];
}

/** Options of the DStream ad join. */
export interface AdJoinDStreamOptions {
  /**
   * How much processing time of impressions each batch's clicks are joined with; by default the
   * bound rounded up to batches plus one batch. The batch interval alone is the plain per-batch join.
   */
  readonly joinWindowMs?: (params: AdJoinParams, batchIntervalMs: number) => number;
  /** How the variant is described in reports. */
  readonly summary?: string;
}

/** The ad join on DStreams, with a chosen join window. */
export function adJoinDStreamWith(options: AdJoinDStreamOptions = {}): DStreamPipeline<AdJoinParams> {
  const joinWindowMs = options.joinWindowMs ?? ((params, batchIntervalMs) => ceilToMultiple(params.boundMs, batchIntervalMs) + batchIntervalMs);
  return {
    summary: options.summary ?? 'clicks.join(impressions.window(bound + batch, batch)).filter(time bound): each click joined once, in the batch it arrived',
    check(params, batchIntervalMs) {
      const windowMs = joinWindowMs(params, batchIntervalMs);
      if (windowMs % batchIntervalMs === 0) return undefined;
      return `the join window (${windowMs} ms) must be a multiple of the batch interval (${batchIntervalMs} ms), as Spark requires of window()`;
    },
    build({ params, input, batchIntervalMs }) {
      const impressions = input<Impression>('impressions')
        .map((impression) => [impression.impressionId, impression] as [string, Impression])
        .window(Milliseconds(joinWindowMs(params, batchIntervalMs)), Milliseconds(batchIntervalMs));
      const clicks = input<Click>('clicks').map((click) => [click.impressionId, click] as [string, Click]);
      return { rows: clicks.join(impressions).flatMap(bind(joinedRow, { boundMs: params.boundMs })) };
    },
    finalBatchTimeMs: (lastDataBatchMs) => lastDataBatchMs,
    heldMs: (params, batchIntervalMs) => joinWindowMs(params, batchIntervalMs),
  };
}

/** The ad-join workload on DStreams, with the default join window. */
export const adJoinDStream = adJoinDStreamWith();
