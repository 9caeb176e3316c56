/**
 * The real-time driver's loop, run in a worker thread of its own: it sleeps until each arrival
 * group's scheduled time, notes when it woke, and publishes "delivered up to group i" on the
 * ArrivalBoard. It owns no records (the schedule's objects stay on the main thread), so its heap is
 * a few kilobytes and the main heap's collections cannot delay it. Spark analogue: the producers
 * writing to a Kafka topic, which go on appending whatever the streaming query's driver is doing.
 *
 * The function travels to the worker as source text (WorkerArrivalDriver): it must use nothing but
 * its arguments and globals. It writes the board's slots by number; ArrivalBoard names them.
 */

/** How the loop reads time and sleeps; the worker passes the real ones, tests pass fakes. */
export interface PacingClock {
  /** Now, on the run's clock (ms since the run's zero). */
  nowMs(): number;
  /** Blocks the thread for about `durationMs` (Atomics.wait in the worker: no event-loop timer). */
  sleepMs(durationMs: number): void;
}

/**
 * Delivers group after group at `arrivalTimesMs` (ascending): waits for each, writes its delivery
 * time to `deliveredMs`, then publishes it (control[0] = groups published, Atomics.store then
 * notify, so a reader that sees the count also sees the time). Sets control[1] from 0 to 1 while
 * running and to 2 at the end; returns early when the main thread set it to 3 (stopped, failed).
 *
 * @throws {Error} when the arrival times do not ascend (the reader would hand records out of order)
 */
export function paceArrivals(control: Int32Array, deliveredMs: Float64Array, arrivalTimesMs: Float64Array, clock: PacingClock): void {
  // 3 (failed) means the main thread stopped the run, maybe before it began: deliver nothing.
  if (Atomics.compareExchange(control, 1, 0, 1) !== 0) return;
  for (let group = 0; group < arrivalTimesMs.length; group++) {
    if (Atomics.load(control, 1) !== 1) return;
    const arrivalMs = arrivalTimesMs[group] as number;
    if (group > 0 && !(arrivalMs > (arrivalTimesMs[group - 1] as number))) {
      throw new Error(`arrival group ${group} is scheduled at ${arrivalMs} ms, not after group ${group - 1} at ${arrivalTimesMs[group - 1]} ms; the driver needs one group per arrival time, in ascending order`);
    }
    for (let remainingMs = arrivalMs - clock.nowMs(); remainingMs > 0; remainingMs = arrivalMs - clock.nowMs()) clock.sleepMs(remainingMs);
    deliveredMs[group] = clock.nowMs();
    Atomics.store(control, 0, group + 1);
    Atomics.notify(control, 0);
  }
  Atomics.compareExchange(control, 1, 1, 2);
  Atomics.notify(control, 1);
  Atomics.notify(control, 0);
}
