/**
 * The RxJS shape of a keyed tumbling-window aggregation: group by window (the group closes when the
 * watermark passes the window's end), then by key, then `scan` each cell. Spark analogue:
 * `groupBy(window(eventTime, size), key).agg(...)` in update mode.
 */
import { filter, groupBy, map, mergeMap, scan, finalize } from 'rxjs';
import type { Observable, OperatorFunction } from 'rxjs';
import type { ResultRow } from '../../oracle/ResultRow.js';
import type { PipelineTools } from './rxjsPipeline.js';

/** A record placed in its window, with its grouping key. */
export interface WindowedItem<V> {
  readonly startMs: number;
  readonly key: string;
  readonly value: V;
}

/**
 * Aggregates items per (window, key) with `seed`/`add`, emitting the cell's row after every item;
 * `toValues` turns an accumulator into the row's values.
 */
export function windowedCells<V, A>(
  windowMs: number,
  tools: PipelineTools,
  seed: () => A,
  add: (accumulator: A, value: V) => A,
  toValues: (accumulator: A) => Record<string, number>,
): OperatorFunction<WindowedItem<V>, ResultRow> {
  const closes = (startMs: number): Observable<number> => tools.watermark$.pipe(filter((watermarkMs) => startMs + windowMs <= watermarkMs));
  return (items$) =>
    items$.pipe(
      groupBy((item) => item.startMs, { duration: (window) => closes(window.key) }),
      mergeMap((window) =>
        window.pipe(
          groupBy((item) => item.key),
          mergeMap((cell) => {
            tools.state.size += 1;
            return cell.pipe(
              scan((accumulator, item) => add(accumulator, item.value), seed()),
              map((accumulator) => ({ windowStartMs: window.key, windowEndMs: window.key + windowMs, key: cell.key, values: toValues(accumulator) })),
              finalize(() => (tools.state.size -= 1)),
            );
          }),
        ),
      ),
    );
}

/** Lets through records whose window is still open; counts the others as dropped. */
export function dropClosedWindows<T>(tools: PipelineTools, windowEndOf: (item: T) => number, onDropped: () => void): OperatorFunction<T, T> {
  return filter((item) => {
    if (windowEndOf(item) > tools.watermark.currentMs) return true;
    onDropped();
    return false;
  });
}
