/**
 * The input of the recovery example, identical for both engines: orders, written to a topic of
 * a durable log (twinstream's Kafka) in three 1-second batches before the driver crashes, and
 * one more batch after it restarts.
 */
export const ORDERS_BEFORE_CRASH: readonly (readonly string[])[] = [
  ['o1', 'o2'], // arrive in (0 s, 1 s]
  ['o3'], //       (1 s, 2 s]
  ['o4', 'o5'], // (2 s, 3 s]: the driver crashes right after writing this batch's output
];

export const ORDERS_AFTER_RESTART: readonly (readonly string[])[] = [
  ['o6'], // arrive in the first second after the restart
];
