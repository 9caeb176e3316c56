/**
 * V8's collections during a stretch of a bench script, as perf_hooks reports them, named by kind:
 * for attributing a slow batch or a late feed to a pause. No Spark counterpart (Spark's executor
 * logs GC time per task).
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import type { PerformanceEntry } from 'node:perf_hooks';

/** One collection, its start on performance.now()'s clock. */
export interface GcPause {
  readonly startMs: number;
  readonly durationMs: number;
  readonly kind: 'scavenge' | 'mark-compact' | 'incremental' | 'weak callbacks' | 'other';
}

const KINDS: Record<number, GcPause['kind']> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/**
 * Starts noting collections; `stop()` takes the entries not yet delivered (the observer's
 * callback runs later than the collection) and returns every pause seen.
 */
export function observeGcPauses(): { stop(): GcPause[] } {
  const pauses: GcPause[] = [];
  const note = (entries: readonly PerformanceEntry[]): void => {
    for (const e of entries) {
      const detail = (e as unknown as { detail?: { kind?: number } }).detail;
      pauses.push({ startMs: e.startTime, durationMs: e.duration, kind: KINDS[detail?.kind ?? -1] ?? 'other' });
    }
  };
  const observer = new PerformanceObserver((list) => note(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      note(observer.takeRecords());
      observer.disconnect();
      return pauses;
    },
  };
}

/** The collections that overlapped one stretch of a run (those inside its latency figures). */
export interface GcPauseSummary {
  /** The stretch's length, ms. */
  readonly windowMs: number;
  readonly count: number;
  readonly totalMs: number;
  readonly longestMs: number;
  /** Pauses over 2 ms (the continuous bound): the ones a record can wait out in a latency figure. */
  readonly over2MsCount: number;
  /** Kinds seen, in order of first appearance. */
  readonly kinds: readonly GcPause['kind'][];
}

/**
 * The pauses that overlap [startMs, endMs) on performance.now()'s clock, summed: a pause that began
 * before the stretch and ran into it still held the records inside it.
 *
 * @example
 * summarizeGcPauses([{ startMs: 5, durationMs: 10, kind: 'scavenge' }], 10, 110);
 * // { windowMs: 100, count: 1, totalMs: 10, longestMs: 10, over2MsCount: 1, kinds: ['scavenge'] }
 */
export function summarizeGcPauses(pauses: readonly GcPause[], startMs: number, endMs: number): GcPauseSummary {
  const during = pauses.filter((p) => p.startMs + p.durationMs > startMs && p.startMs < endMs);
  return {
    windowMs: endMs - startMs,
    count: during.length,
    totalMs: during.reduce((total, p) => total + p.durationMs, 0),
    longestMs: Math.max(0, ...during.map((p) => p.durationMs)),
    over2MsCount: during.filter((p) => p.durationMs > 2).length,
    kinds: [...new Set(during.map((p) => p.kind))],
  };
}
