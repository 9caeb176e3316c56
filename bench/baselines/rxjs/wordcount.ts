/**
 * Word count per tumbling event-time window as an RxJS pipeline: drop records of closed windows,
 * split lines into words, then count per (window, word).
 */
import { concatMap } from 'rxjs';
import { windowStartOf } from '../../oracle/watermarks.js';
import { wordsOf } from '../../workloads/wordcount.js';
import type { WordcountEvent, WordcountParams } from '../../workloads/wordcount.js';
import { rxjsPipeline } from './rxjsPipeline.js';
import { dropClosedWindows, windowedCells } from './windowedCells.js';

/** The RxJS pipeline of the wordcount workload. */
export const wordcountRxjs = rxjsPipeline<WordcountEvent, WordcountParams>((input$, tools, context) => {
  const { windowMs } = context.params;
  return input$.pipe(
    dropClosedWindows(tools, (event) => windowStartOf(event.eventTimeMs, windowMs) + windowMs, context.onDropped),
    concatMap((event) => {
      const startMs = windowStartOf(event.eventTimeMs, windowMs);
      return wordsOf(event.line).map((word) => ({ startMs, key: word, value: 1 }));
    }),
    windowedCells(windowMs, tools, () => 0, (count: number) => count + 1, (count) => ({ count })),
  );
});
