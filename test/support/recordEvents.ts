/**
 * Records the listener bus events of a SparkContext, with helpers to count stages and tasks as
 * Spark's tests do with a SparkListener.
 */
import type { SparkContext, SparkListenerEvent } from '../../src/index.js';

type EventOf<T extends SparkListenerEvent['type']> = Extract<SparkListenerEvent, { type: T }>;

/** Every event posted from now on, until `stop()`. */
export class EventRecorder {
  readonly events: SparkListenerEvent[] = [];
  readonly #subscription;

  constructor(sc: SparkContext) {
    this.#subscription = sc.listenerBus.events$.subscribe((e) => this.events.push(e));
  }

  of<T extends SparkListenerEvent['type']>(type: T): EventOf<T>[] {
    return this.events.filter((e): e is EventOf<T> => e.type === type);
  }

  /** Successful tasks per stage id, as `{ stageId: count }`. */
  successfulTasksPerStage(): Record<number, number> {
    const out: Record<number, number> = {};
    for (const e of this.of('taskEnd')) if (e.reason.kind === 'success') out[e.stageId] = (out[e.stageId] ?? 0) + 1;
    return out;
  }

  /** Every `rddId:partition` computed from lineage by a successful task, sorted. */
  computedPartitions(): string[] {
    return this.of('taskEnd')
      .filter((e) => e.reason.kind === 'success')
      .flatMap((e) => e.metrics.computedPartitions)
      .sort();
  }

  clear(): void {
    this.events.length = 0;
  }

  stop(): void {
    this.#subscription.unsubscribe();
  }
}
