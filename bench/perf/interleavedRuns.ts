/**
 * How the linearity steps spread their runs: each size gets enough runs to measure many events,
 * and the runs of all sizes are interleaved in rounds so that a change in what else the machine
 * runs falls on every size alike. Spark: org.apache.spark.benchmark.Benchmark's several timed
 * iterations per case.
 */

/** Measured runs of a size of `events`: at least minRuns (default 3) and at least minEventsMeasured events (default 10M). */
export function runsPerSize(events: number, options: { readonly minRuns?: number; readonly minEventsMeasured?: number }): number {
  return Math.max(options.minRuns ?? 3, Math.ceil((options.minEventsMeasured ?? 10_000_000) / events));
}

/**
 * The order of the runs, as indices into `runs` (runs per size): each size's runs spread evenly
 * over `rounds` rounds, the sizes in order within a round (runs 10, 3, 3 over 3 rounds: 3 + 1 + 1,
 * 3 + 1 + 1, 4 + 1 + 1).
 */
export function interleavedOrder(runs: readonly number[], rounds: number): number[] {
  const order: number[] = [];
  for (let round = 0; round < rounds; round++) {
    runs.forEach((n, size) => {
      for (let r = Math.floor((round * n) / rounds); r < Math.floor(((round + 1) * n) / rounds); r++) order.push(size);
    });
  }
  return order;
}
