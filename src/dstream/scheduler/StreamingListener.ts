/**
 * Streaming events, delivered to listeners in order. Spark: streaming/.../scheduler/
 * StreamingListener.scala and StreamingListenerBus.scala.
 *
 * An rxjs Subject inside, typed events outside, like the core's ListenerBus: subscribe to
 * `events$`, or register an object with one optional method per event.
 */
import { Subject, type Observable, type Subscription } from 'rxjs';
import type { Time } from '../Time.js';
import type { BatchInfo, OutputOperationInfo } from './BatchInfo.js';

/** A receiver as the tracker sees it. */
export interface ReceiverInfo {
  readonly streamId: number;
  readonly name: string;
  readonly active: boolean;
  readonly lastErrorMessage?: string;
}

/** Every event the streaming scheduler posts. */
export type StreamingListenerEvent =
  | { readonly type: 'streamingStarted'; readonly timeMs: number }
  | { readonly type: 'receiverStarted'; readonly receiverInfo: ReceiverInfo }
  | { readonly type: 'receiverError'; readonly receiverInfo: ReceiverInfo }
  | { readonly type: 'receiverStopped'; readonly receiverInfo: ReceiverInfo }
  | { readonly type: 'receiverRateUpdated'; readonly streamId: number; readonly rateLimit: number; readonly batchTime: Time }
  | { readonly type: 'batchSubmitted'; readonly batchInfo: BatchInfo }
  | { readonly type: 'batchStarted'; readonly batchInfo: BatchInfo }
  | { readonly type: 'batchCompleted'; readonly batchInfo: BatchInfo }
  | { readonly type: 'outputOperationStarted'; readonly outputOperationInfo: OutputOperationInfo }
  | { readonly type: 'outputOperationCompleted'; readonly outputOperationInfo: OutputOperationInfo };

/**
 * A listener with one optional method per event type, as Spark's StreamingListener
 * (`onBatchCompleted`, `onReceiverStarted`, ...).
 *
 * @example
 * ssc.addStreamingListener({ onBatchCompleted: (e) => delays.push(e.batchInfo.totalDelayMs) });
 */
export type StreamingListener = {
  [E in StreamingListenerEvent as `on${Capitalize<E['type']>}`]?: (event: E) => void;
};

/** Posts streaming events to every subscriber synchronously, in the order they happen. */
export class StreamingListenerBus {
  readonly #subject = new Subject<StreamingListenerEvent>();
  readonly #subscriptions = new Map<StreamingListener, Subscription>();

  /** Every event, as an Observable. */
  get events$(): Observable<StreamingListenerEvent> {
    return this.#subject.asObservable();
  }

  post(event: StreamingListenerEvent): void {
    this.#subject.next(event);
  }

  addListener(listener: StreamingListener): void {
    const subscription = this.#subject.subscribe((event) => {
      const method = `on${event.type[0].toUpperCase()}${event.type.slice(1)}` as keyof StreamingListener;
      (listener[method] as ((e: StreamingListenerEvent) => void) | undefined)?.call(listener, event);
    });
    this.#subscriptions.set(listener, subscription);
  }

  removeListener(listener: StreamingListener): void {
    this.#subscriptions.get(listener)?.unsubscribe();
    this.#subscriptions.delete(listener);
  }
}
