/**
 * What a fault workload child process says to the crash-loop driver: one JSON object per stdout
 * line. The child reads its arguments as JSON from argv[2], reports `ready` once its engine is
 * running, `batch` after every completed batch, and `done` when all input is processed.
 */

/** The child's arguments (the first command-line argument, as JSON). */
export function childArgs<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('a fault workload child needs its arguments as JSON in argv[2]');
  return JSON.parse(raw) as T;
}

/** A line a child prints. `sinceStartMs` is measured from the child's process start. */
export type ChildEvent =
  | { readonly event: 'ready'; readonly sinceStartMs: number }
  | { readonly event: 'batch'; readonly sinceStartMs: number; readonly batch: number; readonly numInputRows: number; readonly sinceEngineStartMs: number }
  | { readonly event: 'done'; readonly sinceStartMs: number };

/** Milliseconds since this process started (bench code may read wall time). */
export function sinceProcessStartMs(): number {
  return performance.now();
}

/** Prints one event line for the parent. */
export function emit(event: ChildEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}
