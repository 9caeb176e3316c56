/**
 * When a streaming query runs its batches. Spark: sql/api/.../streaming/Trigger.java and
 * sql/core/.../execution/streaming/Triggers.scala (ProcessingTimeTrigger, OneTimeTrigger,
 * AvailableNowTrigger, ContinuousTrigger).
 *
 * Processing time: a ProcessingTime trigger fires on the query's Clock, never on the wall clock.
 */
import { TriggerErrors } from './streamingErrors.js';

/** A trigger, as data the engine can switch on. */
export type Trigger =
  /** A batch at every multiple of intervalMs; 0 runs batches back to back (the default). */
  | { readonly kind: 'ProcessingTime'; readonly intervalMs: number }
  /** One batch with everything available, then stop (deprecated in Spark for AvailableNow). */
  | { readonly kind: 'Once' }
  /** Everything available at start, possibly in several batches (respecting maxFilesPerTrigger...), then stop. */
  | { readonly kind: 'AvailableNow' }
  /** Continuous processing, checkpointing every intervalMs. */
  | { readonly kind: 'Continuous'; readonly intervalMs: number };

const MICROS_PER_UNIT: Record<string, number> = {
  week: 7 * 86_400_000_000,
  day: 86_400_000_000,
  hour: 3_600_000_000,
  minute: 60_000_000,
  second: 1_000_000,
  millisecond: 1_000,
  microsecond: 1,
};

/**
 * The length of an interval string in milliseconds: `'10 seconds'`, `'1 minute 30 seconds'`,
 * `'interval 500 milliseconds'`, units singular or plural, case-insensitive. Sub-millisecond
 * remainders are dropped, as Spark's IntervalUtils.getDuration does.
 * @throws IllegalArgumentError INVALID_TRIGGER_INTERVAL for text that is not `<number> <unit>` pairs,
 *   or month and year units (Spark's "Doesn't support month or year interval")
 */
export function parseIntervalMs(interval: string): number {
  const words = interval.trim().toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (words[0] === 'interval') words.shift();
  if (words.length === 0 || words.length % 2 !== 0) throw TriggerErrors.unparsableInterval(interval);
  let micros = 0;
  for (let i = 0; i < words.length; i += 2) {
    const amount = Number(words[i]);
    const unit = words[i + 1]!.replace(/s$/, '');
    if (!/^[-+]?\d+(\.\d+)?$/.test(words[i]!) || !Number.isFinite(amount)) throw TriggerErrors.unparsableInterval(interval);
    if (unit === 'month' || unit === 'year') throw TriggerErrors.monthInterval(interval);
    const perUnit = MICROS_PER_UNIT[unit];
    if (perUnit === undefined) throw TriggerErrors.unparsableInterval(interval);
    micros += Math.round(amount * perUnit);
  }
  return Math.trunc(micros / 1000);
}

function intervalMsOf(interval: number | string): number {
  const intervalMs = typeof interval === 'number' ? interval : parseIntervalMs(interval);
  if (!Number.isFinite(intervalMs) || intervalMs < 0) throw TriggerErrors.negativeInterval(intervalMs);
  return Math.trunc(intervalMs);
}

/**
 * Trigger constructors with Spark's names.
 *
 * @example
 * df.writeStream.trigger(Trigger.ProcessingTime('10 seconds'));   // { kind: 'ProcessingTime', intervalMs: 10000 }
 * Trigger.AvailableNow();                                          // { kind: 'AvailableNow' }
 */
export const Trigger = {
  /**
   * A batch at every multiple of the interval on the query's clock (an overrunning batch is
   * followed at once by the next).
   * @throws IllegalArgumentError INVALID_TRIGGER_INTERVAL for a negative or unparsable interval
   */
  ProcessingTime(interval: number | string): Trigger {
    return { kind: 'ProcessingTime', intervalMs: intervalMsOf(interval) };
  },

  /** One batch, then the query stops. */
  Once(): Trigger {
    return { kind: 'Once' };
  },

  /** All data available when the query starts, in as many batches as source limits need, then stop. */
  AvailableNow(): Trigger {
    return { kind: 'AvailableNow' };
  },

  /** Continuous processing with a checkpoint every interval. @throws IllegalArgumentError as ProcessingTime */
  Continuous(interval: number | string): Trigger {
    return { kind: 'Continuous', intervalMs: intervalMsOf(interval) };
  },

  /** What a query runs with when no trigger is set: ProcessingTime(0). */
  Default(): Trigger {
    return { kind: 'ProcessingTime', intervalMs: 0 };
  },
};

/** Spark's rendering: `ProcessingTimeTrigger(10000)`, `OneTimeTrigger`, `AvailableNowTrigger`, `ContinuousTrigger(1000)`. */
export function describeTrigger(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'ProcessingTime':
      return `ProcessingTimeTrigger(${trigger.intervalMs})`;
    case 'Once':
      return 'OneTimeTrigger';
    case 'AvailableNow':
      return 'AvailableNowTrigger';
    case 'Continuous':
      return `ContinuousTrigger(${trigger.intervalMs})`;
  }
}
