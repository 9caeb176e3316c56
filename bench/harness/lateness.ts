/**
 * Arrival delays: how long after its event time a record reaches the engine. A lateness spec names
 * a delay distribution and a share of records held back past the watermark. No Spark counterpart:
 * Spark's tests place late rows by hand (EventTimeWatermarkSuite); a benchmark needs them at scale.
 */
import type { BenchRandom } from './random.js';
import { parseDurationMs } from './durations.js';
import { UsageError } from './UsageError.js';

/** The shape of the ordinary delays. */
export type DelayDistribution =
  | { readonly kind: 'none' }
  | { readonly kind: 'uniform'; readonly maxMs: number }
  | { readonly kind: 'exponential'; readonly meanMs: number }
  /** Mostly exponential(meanMs); `share` of records get a heavy-tailed (Pareto) delay of 10x and more. */
  | { readonly kind: 'stragglers'; readonly meanMs: number; readonly share: number };

/** A parsed `--lateness` spec. */
export interface LatenessSpec {
  readonly distribution: DelayDistribution;
  /** Share of records, in [0, 1], delayed far enough to arrive after the watermark passed their window. */
  readonly lateShare: number;
}

/** What a late record must outlast: the watermark delay and the window it falls in. */
export interface LatenessContext {
  readonly watermarkMs: number;
  readonly windowMs: number;
}

const FORMS = 'none, uniform:2s, exponential:500ms, stragglers:200ms or stragglers:200ms:5%, each optionally followed by ,late=2%';

function malformed(text: string, reason: string): UsageError {
  return new UsageError(`Malformed lateness "${text}": ${reason}. Valid forms: ${FORMS}.`);
}

function parseShare(text: string, whole: string): number {
  const match = /^(\d+(?:\.\d+)?)%$/.exec(text);
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent >= 0 && percent <= 100)) throw malformed(whole, `"${text}" is not a percentage between 0% and 100%`);
  return percent / 100;
}

function parseSpecDuration(text: string | undefined, whole: string, what: string): number {
  const durationMs = text === undefined ? undefined : parseDurationMs(text);
  if (durationMs === undefined) throw malformed(whole, `the ${what} "${text ?? ''}" is not a duration such as 500ms or 2s`);
  return durationMs;
}

function parseDistribution(text: string, whole: string): DelayDistribution {
  const [kind, first, second, ...rest] = text.split(':');
  if (rest.length > 0) throw malformed(whole, `too many ":" parts in "${text}"`);
  switch (kind) {
    case 'none':
      if (first !== undefined) throw malformed(whole, '"none" takes no value');
      return { kind: 'none' };
    case 'uniform':
      if (second !== undefined) throw malformed(whole, 'uniform takes one value, its maximum delay');
      return { kind: 'uniform', maxMs: parseSpecDuration(first, whole, 'maximum delay') };
    case 'exponential':
      if (second !== undefined) throw malformed(whole, 'exponential takes one value, its mean delay');
      return { kind: 'exponential', meanMs: parseSpecDuration(first, whole, 'mean delay') };
    case 'stragglers':
      return {
        kind: 'stragglers',
        meanMs: parseSpecDuration(first, whole, 'mean delay'),
        share: second === undefined ? 0.05 : parseShare(second, whole),
      };
    default:
      throw malformed(whole, `unknown distribution "${kind ?? ''}"`);
  }
}

/**
 * Reads a lateness spec such as `exponential:300ms,late=2%`.
 *
 * @throws {UsageError} when the spec is malformed; the message lists the valid forms.
 */
export function parseLateness(text: string): LatenessSpec {
  const [distributionText, ...options] = text.split(',');
  const distribution = parseDistribution(distributionText ?? '', text);
  let lateShare = 0;
  for (const option of options) {
    const match = /^late=(.*)$/.exec(option);
    if (!match) throw malformed(text, `unknown option "${option}"`);
    lateShare = parseShare(match[1] as string, text);
  }
  return { distribution, lateShare };
}

function ordinaryDelayMs(distribution: DelayDistribution, random: BenchRandom): number {
  switch (distribution.kind) {
    case 'none':
      return 0;
    case 'uniform':
      return random.next() * distribution.maxMs;
    case 'exponential':
      return random.exponential(distribution.meanMs);
    case 'stragglers': {
      if (!random.chance(distribution.share)) return random.exponential(distribution.meanMs);
      // Pareto with shape 1.1 has a tail heavy enough that a few records wait minutes; the cap
      // keeps a run's length bounded.
      return Math.min(random.pareto(10 * distribution.meanMs, 1.1), 1000 * distribution.meanMs);
    }
  }
}

/**
 * Draws one record's arrival delay in whole milliseconds. A record picked as late waits
 * watermarkMs + 2 windows + up to one more window on top of its ordinary delay, so the watermark,
 * driven by its on-time neighbours, has passed the end of its window when it arrives.
 */
export function sampleDelayMs(spec: LatenessSpec, random: BenchRandom, context: LatenessContext): number {
  let delayMs = ordinaryDelayMs(spec.distribution, random);
  if (spec.lateShare > 0 && random.chance(spec.lateShare)) {
    delayMs += context.watermarkMs + 2 * context.windowMs + random.next() * context.windowMs;
  }
  return Math.round(delayMs);
}

/**
 * Gives each record an arrival time (event time plus a sampled delay) and returns them in arrival
 * order; records arriving in the same millisecond keep their event-time order.
 */
export function scheduleArrivals<E extends { eventTimeMs: number; arrivalTimeMs: number }>(
  events: E[],
  spec: LatenessSpec,
  random: BenchRandom,
  context: LatenessContext,
): E[] {
  for (const event of events) event.arrivalTimeMs = event.eventTimeMs + sampleDelayMs(spec, random, context);
  return events.sort((a, b) => a.arrivalTimeMs - b.arrivalTimeMs);
}
