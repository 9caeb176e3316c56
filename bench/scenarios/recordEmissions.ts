/**
 * Wraps a runner so a scenario can see when each row was emitted (processing time), not only the
 * final table. No Spark counterpart: the memory sink keeps rows, not their times.
 */
import type { EngineRunner } from '../harness/EngineRunner.js';
import type { ResultRow } from '../oracle/ResultRow.js';

/** One emission: the row and the processing time it was reported at. */
export interface Emission {
  readonly row: ResultRow;
  readonly atMs: number;
}

/**
 * A runner that behaves as `runner` and appends every emission to `emissions`; rows `isScored`
 * rejects are recorded but not reported to the harness (an outer join's null rows, which the
 * exact answer does not have).
 */
export function recordEmissions(runner: EngineRunner, emissions: Emission[], isScored: (row: ResultRow) => boolean = () => true): EngineRunner {
  return {
    name: runner.name,
    description: runner.description,
    ...(runner.isSynchronous !== undefined ? { isSynchronous: runner.isSynchronous } : {}),
    unsupportedReason: (workload) => runner.unsupportedReason(workload),
    run: (workload, feed, options) =>
      runner.run(workload, feed, {
        ...options,
        onOutput: (row, emittedAtMs) => {
          emissions.push({ row, atMs: emittedAtMs ?? options.clock.getTimeMillis() });
          if (isScored(row)) options.onOutput(row, emittedAtMs);
        },
      }),
  };
}

/** The first time each window (by start and end) had a row emitted, by window start. */
export function firstEmissionByWindow(emissions: readonly Emission[]): Map<number, { endMs: number; atMs: number }> {
  const first = new Map<number, { endMs: number; atMs: number }>();
  for (const { row, atMs } of emissions) {
    const seen = first.get(row.windowStartMs);
    if (!seen || atMs < seen.atMs) first.set(row.windowStartMs, { endMs: row.windowEndMs, atMs });
  }
  return new Map([...first].sort((a, b) => a[0] - b[0]));
}
