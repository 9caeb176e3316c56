/**
 * Word count as a Spark Streaming program: split lines, count words per tumbling window of
 * arrival time. Spark: the NetworkWordCount and WindowedNetworkWordCount examples.
 */
import type { WordcountEvent, WordcountParams } from '../../workloads/wordcount.js';
import { arrivalWindowRows, windowCheck } from './arrivalWindows.js';
import { ceilToMultiple } from './DStreamPipeline.js';
import type { DStreamPipeline } from './DStreamPipeline.js';

/** The wordcount workload on DStreams. */
export const wordcountDStream: DStreamPipeline<WordcountParams> = {
  summary: 'lines.flatMap(split).map((w, 1)).reduceByKeyAndWindow(+, W, W): counts per window of arrival',
  check: (params, batchIntervalMs) => windowCheck(params.windowMs, batchIntervalMs),
  build({ params, input }) {
    const pairs = input<WordcountEvent>()
      .flatMap((event) => event.line.split(' '))
      .map((word) => [word, 1] as [string, number]);
    return { rows: arrivalWindowRows(pairs, (a, b) => a + b, (count) => ({ count }), params.windowMs) };
  },
  finalBatchTimeMs: (lastDataBatchMs, params) => ceilToMultiple(lastDataBatchMs, params.windowMs),
  heldMs: () => 0,
};
