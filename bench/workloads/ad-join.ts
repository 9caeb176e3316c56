/**
 * Ad impressions joined with their clicks, where a click counts only within a time bound after
 * its impression. Spark: the stream-stream join example of the Structured Streaming guide
 * (`clickTime >= impressionTime AND clickTime <= impressionTime + interval`) and StreamingJoinSuite.
 */
import { parseLateness, scheduleArrivals } from '../harness/lateness.js';
import { BenchRandom } from '../harness/random.js';
import { compareWithOracle } from '../oracle/compareWithOracle.js';
import { OracleTable } from '../oracle/OracleTable.js';
import { watermarksAtArrival, windowStartOf } from '../oracle/watermarks.js';
import { eventTimeAt } from './Workload.js';
import type { BaseParams, BenchEvent, Workload } from './Workload.js';

/** Parameters of the ad-join workload. */
export interface AdJoinParams extends BaseParams {
  /** A click joins its impression when impressionTime <= clickTime <= impressionTime + boundMs. */
  readonly boundMs: number;
  /** Share of impressions that get a click. */
  readonly clickShare: number;
  /** Share of clicks placed after the bound, which must not join. */
  readonly outOfBoundShare: number;
  readonly ads: number;
  /** Width of the impression-time buckets the report scores as windows. */
  readonly reportWindowMs: number;
}

/** An ad shown to a user. */
export interface Impression extends BenchEvent {
  readonly stream: 'impressions';
  readonly impressionId: string;
  readonly adId: string;
}

/** A click on an impression. */
export interface Click extends BenchEvent {
  readonly stream: 'clicks';
  readonly clickId: string;
  readonly impressionId: string;
}

/** A record of either stream. */
export type AdJoinEvent = Impression | Click;

/** Splits the merged arrival schedule into its two streams, each still in arrival order. */
export function splitAdJoinStreams(events: readonly AdJoinEvent[]): { impressions: Impression[]; clicks: Click[] } {
  const impressions: Impression[] = [];
  const clicks: Click[] = [];
  for (const event of events) {
    if (event.stream === 'impressions') impressions.push(event);
    else clicks.push(event);
  }
  return { impressions, clicks };
}

/** True when a click at `clickTimeMs` joins an impression at `impressionTimeMs`. */
export function isWithinBound(impressionTimeMs: number, clickTimeMs: number, boundMs: number): boolean {
  return clickTimeMs >= impressionTimeMs && clickTimeMs <= impressionTimeMs + boundMs;
}

/** One row per joined pair: interval [impression time, click time], key impression id, `{ count: 1 }`. */
export const adJoin: Workload<AdJoinParams, AdJoinEvent> = {
  name: 'ad-join',
  description: 'impressions joined with clicks that follow within a time bound (stream-stream join)',
  semantics:
    'A click joins the impression with its impressionId when impressionTime <= clickTime <= impressionTime + boundMs. ' +
    'A row is ([impression time, click time], impressionId, count 1); clicks outside the bound join nothing. ' +
    'The report scores rows in buckets of reportWindowMs by impression time.',
  defaultSeed: 42,
  defaults: {
    events: 20_000,
    ratePerSec: 1000,
    lateness: 'uniform:500ms',
    watermarkMs: 2000,
    boundMs: 10_000,
    clickShare: 0.3,
    outOfBoundShare: 0.1,
    ads: 50,
    reportWindowMs: 10_000,
  },
  paramDocs: {
    events: 'impressions and clicks together',
    ratePerSec: 'impressions per second of event time',
    lateness: 'arrival delay spec (see --lateness)',
    watermarkMs: 'watermark delay behind the largest event time seen',
    boundMs: 'a click joins when it follows its impression by at most this',
    clickShare: 'share of impressions clicked',
    outOfBoundShare: 'share of clicks placed after the bound (they must not join)',
    ads: 'distinct ad ids',
    reportWindowMs: 'impression-time bucket width for per-window scores',
  },
  streams: ['impressions', 'clicks'],

  generate(params, seed) {
    const random = new BenchRandom(seed);
    const events: AdJoinEvent[] = [];
    // Clicks come after their impressions, so generating impressions until there are enough
    // records and then keeping the earliest `events` by event time never keeps an orphan click.
    for (let index = 0; events.length < params.events * 1.5 + 10; index++) {
      const eventTimeMs = eventTimeAt(index, params.ratePerSec);
      const impressionId = `imp-${index}`;
      events.push({ stream: 'impressions', eventTimeMs, arrivalTimeMs: eventTimeMs, impressionId, adId: `ad-${random.int(params.ads)}` });
      if (!random.chance(params.clickShare)) continue;
      const delayMs = random.chance(params.outOfBoundShare)
        ? params.boundMs + 1 + random.int(params.boundMs)
        : random.int(params.boundMs + 1);
      events.push({ stream: 'clicks', eventTimeMs: eventTimeMs + delayMs, arrivalTimeMs: 0, clickId: `click-${index}`, impressionId });
    }
    events.sort((a, b) => a.eventTimeMs - b.eventTimeMs);
    events.length = params.events;
    return scheduleArrivals(events, parseLateness(params.lateness), random, { watermarkMs: params.watermarkMs, windowMs: params.boundMs });
  },

  oracle(events, params) {
    const watermarks = watermarksAtArrival(events, params.watermarkMs);
    const impressions = new Map<string, { event: Impression; isLate: boolean }>();
    const clicks: { event: Click; isLate: boolean }[] = [];
    events.forEach((event, index) => {
      const isLate = event.eventTimeMs < (watermarks[index] as number);
      if (event.stream === 'impressions') impressions.set(event.impressionId, { event, isLate });
      else clicks.push({ event, isLate });
    });
    const table = new OracleTable(() => ({ count: 0 }), (counter) => ({ count: counter.count }));
    for (const click of clicks) {
      const impression = impressions.get(click.event.impressionId);
      if (!impression || !isWithinBound(impression.event.eventTimeMs, click.event.eventTimeMs, params.boundMs)) continue;
      // The pair is late if either side was; its last input is whichever side arrived second.
      const isLate = impression.isLate || click.isLate;
      const second = impression.event.arrivalTimeMs > click.event.arrivalTimeMs ? impression.event : click.event;
      table.add(impression.event.eventTimeMs, click.event.eventTimeMs, impression.event.impressionId, second, isLate).count += 1;
    }
    return table.answer();
  },

  compare(oracle, emitted, params) {
    return compareWithOracle(oracle, emitted, (row) => {
      const startMs = windowStartOf(row.windowStartMs, params.reportWindowMs);
      return { startMs, endMs: startMs + params.reportWindowMs };
    });
  },
};
