/**
 * Events with two times: when they happened (event time, part of the data) and when they reach
 * the engine (arrival, processing time). The examples feed both engines batch by batch from
 * the arrival time.
 */

/** Anything that reaches the engine at a known processing time. */
export interface Arrival {
  /** When the event reaches the engine, in ms of processing time since the start. */
  readonly arrivalMs: number;
}

/**
 * The events of each batch: batch i (ending at (i + 1) * batchMs) holds the events that arrive
 * in (i * batchMs, (i + 1) * batchMs], as a DStream batch does; `untilMs` sets how many batches
 * there are, so quiet batches at the end are kept.
 */
export function arrivalsPerBatch<E extends Arrival>(events: readonly E[], batchMs: number, untilMs: number): E[][] {
  const batches: E[][] = Array.from({ length: Math.ceil(untilMs / batchMs) }, () => []);
  for (const event of events) {
    const index = Math.ceil(event.arrivalMs / batchMs) - 1;
    if (index < 0 || index >= batches.length) throw new Error(`event arriving at ${event.arrivalMs} ms is outside (0, ${untilMs}] ms`);
    batches[index]!.push(event);
  }
  return batches;
}
