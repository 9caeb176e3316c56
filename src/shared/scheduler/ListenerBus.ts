/**
 * Scheduler events, delivered to listeners in order. Spark: core/.../scheduler/LiveListenerBus.scala
 * and SparkListener.scala.
 *
 * An rxjs Subject inside, typed events outside: listeners subscribe to `events$` (all events) or
 * register a SparkListener object.
 */
import { Subject, type Observable, type Subscription } from 'rxjs';
import type { TaskMetrics } from './TaskMetrics.js';

/** Why a task attempt ended. */
export type TaskEndReason =
  | { readonly kind: 'success' }
  | { readonly kind: 'exception'; readonly description: string }
  | { readonly kind: 'fetchFailed'; readonly shuffleId: number; readonly description: string }
  | { readonly kind: 'executorLost'; readonly executorId: string }
  | { readonly kind: 'killed' };

/** One task attempt's identity, as SparkListener's TaskInfo. */
export interface TaskInfo {
  readonly taskId: number;
  readonly index: number;
  readonly attemptNumber: number;
  readonly executorId: string;
  readonly launchTimeMs: number;
}

/** Every event the core posts. */
export type SparkListenerEvent =
  | { readonly type: 'jobStart'; readonly jobId: number; readonly stageIds: number[]; readonly timeMs: number }
  | { readonly type: 'jobEnd'; readonly jobId: number; readonly succeeded: boolean; readonly timeMs: number; readonly error?: Error }
  | { readonly type: 'stageSubmitted'; readonly stageId: number; readonly attemptNumber: number; readonly name: string; readonly numTasks: number; readonly partitions: number[] }
  | { readonly type: 'stageCompleted'; readonly stageId: number; readonly attemptNumber: number; readonly failureReason?: string }
  | { readonly type: 'taskStart'; readonly stageId: number; readonly stageAttemptNumber: number; readonly taskInfo: TaskInfo }
  | {
      readonly type: 'taskEnd';
      readonly stageId: number;
      readonly stageAttemptNumber: number;
      readonly taskType: 'ShuffleMapTask' | 'ResultTask';
      readonly taskInfo: TaskInfo;
      readonly reason: TaskEndReason;
      readonly metrics: TaskMetrics;
      /** Processing time (the context's Clock) when the driver learned of the end. */
      readonly finishTimeMs: number;
      /** finishTimeMs - launchTimeMs: Spark's task duration, as the UI shows it. */
      readonly durationMs: number;
    }
  | { readonly type: 'executorAdded'; readonly executorId: string }
  | { readonly type: 'executorRemoved'; readonly executorId: string; readonly reason: string };

/** A listener with one optional method per event type, as Spark's SparkListener. */
export type SparkListener = {
  [E in SparkListenerEvent as `on${Capitalize<E['type']>}`]?: (event: E) => void;
};

/** A listener method that threw, with the event it was handling. */
export interface ListenerError {
  readonly listener: SparkListener;
  readonly event: SparkListenerEvent;
  readonly error: unknown;
}

/** Posts scheduler events to every subscriber synchronously, in the order they happen. */
export class ListenerBus {
  readonly #subject = new Subject<SparkListenerEvent>();
  readonly #errors = new Subject<ListenerError>();

  /**
   * Errors thrown by SparkListener methods. Spark's bus logs "Listener X threw an exception" and
   * goes on; here the bus goes on too, and the error is posted here instead of escaping into the
   * scheduler (or, through rxjs, into an uncaught exception that would end the process).
   */
  get listenerErrors$(): Observable<ListenerError> {
    return this.#errors.asObservable();
  }

  /** Every event, as an Observable. */
  get events$(): Observable<SparkListenerEvent> {
    return this.#subject.asObservable();
  }

  /** Delivers `event` to every subscriber before returning. */
  post(event: SparkListenerEvent): void {
    this.#subject.next(event);
  }

  /** Calls the listener's method for each event type it implements; a throwing method goes to listenerErrors$. */
  addListener(listener: SparkListener): Subscription {
    return this.#subject.subscribe((event) => {
      const method = `on${event.type[0].toUpperCase()}${event.type.slice(1)}` as keyof SparkListener;
      try {
        (listener[method] as ((e: SparkListenerEvent) => void) | undefined)?.call(listener, event);
      } catch (error) {
        this.#errors.next({ listener, event, error });
      }
    });
  }

  /** Completes events$ and listenerErrors$: nothing is posted after the context stops. */
  stop(): void {
    this.#subject.complete();
    this.#errors.complete();
  }
}
