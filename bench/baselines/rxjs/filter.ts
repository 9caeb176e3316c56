/**
 * The filter workload as an RxJS pipeline: `filter` then `map` to the output row, no state.
 */
import { filter, map } from 'rxjs';
import { filterRowOf } from '../../workloads/filter.js';
import type { FilterEvent, FilterParams } from '../../workloads/filter.js';
import { rxjsPipeline } from './rxjsPipeline.js';

/** The RxJS pipeline of the filter workload. */
export const filterRxjs = rxjsPipeline<FilterEvent, FilterParams>((input$, _tools, context) =>
  input$.pipe(
    filter((event) => event.value < context.params.keepBelow),
    map((event) => filterRowOf(event.id, event.value, event.eventTimeMs)),
  ),
);
