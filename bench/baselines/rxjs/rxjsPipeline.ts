/**
 * Hosts an RxJS pipeline as a baseline: records go into a Subject, the watermark is published on a
 * second Subject whenever it moves, and the end of the input publishes an infinite watermark, which
 * closes every window group. Spark analogue: none; this is the "just use RxJS" point of comparison.
 */
import { Subject } from 'rxjs';
import type { Observable } from 'rxjs';
import type { ResultRow } from '../../oracle/ResultRow.js';
import type { BenchEvent } from '../../workloads/Workload.js';
import type { BaselineContext, BaselinePipeline } from '../Baseline.js';
import { EventTimeWatermark } from '../EventTimeWatermark.js';

/** What a pipeline builder gets besides its input. */
export interface PipelineTools {
  /** Each new watermark value, published after the record that moved it has been processed. */
  readonly watermark$: Observable<number>;
  /** The current watermark, for late-record filters. */
  readonly watermark: EventTimeWatermark;
  /** Entries held in state; builders add and remove as groups open and close. */
  readonly state: { size: number };
}

/** Turns records into output rows; called once per run. */
export type PipelineBuilder<E, P> = (input$: Observable<E>, tools: PipelineTools, context: BaselineContext<P>) => Observable<ResultRow>;

/** Wraps `build` as a baseline pipeline that emits every row the observable produces. */
export function rxjsPipeline<E extends BenchEvent, P>(build: PipelineBuilder<E, P>): (context: BaselineContext<P>) => BaselinePipeline<E> {
  return (context) => {
    const input$ = new Subject<E>();
    const watermark$ = new Subject<number>();
    const watermark = new EventTimeWatermark(context.watermarkMs);
    const state = { size: 0 };
    let failure: unknown;
    build(input$, { watermark$, watermark, state }, context).subscribe({
      next: (row) => context.emit(row),
      error: (error: unknown) => (failure = error),
    });
    const rethrow = (): void => {
      if (failure !== undefined) throw failure;
    };
    return {
      onEvents(events) {
        for (const event of events) {
          input$.next(event);
          if (watermark.observe(event.eventTimeMs)) watermark$.next(watermark.currentMs);
        }
        rethrow();
      },
      onEnd() {
        watermark.close();
        watermark$.next(watermark.currentMs);
        watermark$.complete();
        input$.complete();
        rethrow();
      },
      stateSize: () => state.size,
    };
  };
}
