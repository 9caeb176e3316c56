/**
 * Receives the values of an rxjs Observable. No Spark counterpart (Spark's closest is a custom
 * Receiver around a callback API); the Observable is the JavaScript shape of a push source.
 *
 * Values are stored in emission order; with a rate limit they queue behind it (an Observable
 * cannot be paused). Completion stops the receiver; an error is reported and stops it.
 */
import type { Observable, Subscription } from 'rxjs';
import { Receiver } from './Receiver.js';

/** observableStream's receiver; not checkpointable (an Observable cannot be rebuilt after a restart). */
export class ObservableReceiver<T> extends Receiver<T> {
  #subscription: Subscription | undefined;

  constructor(readonly observable: Observable<T>) {
    super();
  }

  onStart(): void {
    this.#subscription = this.observable.subscribe({
      next: (value) => void this.store(value),
      error: (error: unknown) => this.stop('Observable failed', error),
      complete: () => undefined,
    });
  }

  onStop(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
  }
}
