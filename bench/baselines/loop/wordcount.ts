/**
 * Word count per tumbling event-time window as a hand-written loop: words are dictionary-encoded
 * to numeric ids once, counts live in arrays indexed by id, one array per open window.
 */
import { windowStartOf } from '../../oracle/watermarks.js';
import type { WordcountEvent, WordcountParams } from '../../workloads/wordcount.js';
import type { BaselineContext, BaselinePipeline } from '../Baseline.js';
import { TumblingWindows } from './TumblingWindows.js';

interface WindowCounts {
  readonly counts: number[];
  cells: number;
}

/** The loop pipeline of the wordcount workload. */
export function wordcountLoop(context: BaselineContext<WordcountParams>): BaselinePipeline<WordcountEvent> {
  const { windowMs } = context.params;
  const windows = new TumblingWindows<WindowCounts>(windowMs, context.watermarkMs, () => ({ counts: [], cells: 0 }));
  const wordIds = new Map<string, number>();
  const words: string[] = [];
  return {
    onEvents(events) {
      for (const event of events) {
        const startMs = windowStartOf(event.eventTimeMs, windowMs);
        const window = windows.stateAt(startMs);
        if (!window) {
          context.onDropped();
          continue;
        }
        for (const word of event.line.split(' ')) {
          let id = wordIds.get(word);
          if (id === undefined) {
            id = words.length;
            wordIds.set(word, id);
            words.push(word);
          }
          const count = (window.counts[id] ?? 0) + 1;
          window.counts[id] = count;
          if (count === 1) window.cells += 1;
          context.emit({ windowStartMs: startMs, windowEndMs: startMs + windowMs, key: word, values: { count } });
        }
        windows.advance(event.eventTimeMs);
      }
    },
    onEnd() {},
    stateSize: () => windows.cells(),
  };
}
