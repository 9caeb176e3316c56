/**
 * The filter workload as a hand-written loop: a comparison and an emit per record, no state. It
 * is the ceiling the harness itself allows (driver, feed and output collector included).
 */
import { filterRowOf } from '../../workloads/filter.js';
import type { FilterEvent, FilterParams } from '../../workloads/filter.js';
import type { BaselineContext, BaselinePipeline } from '../Baseline.js';

/** The loop pipeline of the filter workload. */
export function filterLoop(context: BaselineContext<FilterParams>): BaselinePipeline<FilterEvent> {
  const { keepBelow } = context.params;
  return {
    onEvents(events) {
      for (const event of events) if (event.value < keepBelow) context.emit(filterRowOf(event.id, event.value, event.eventTimeMs));
    },
    onEnd() {},
    stateSize: () => 0,
  };
}
