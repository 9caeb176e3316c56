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
