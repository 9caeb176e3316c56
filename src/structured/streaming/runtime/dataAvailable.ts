/**
 * The optional "new data arrived" signal of a source, so an idle default trigger (and a continuous
 * reader) wakes at once instead of polling the clock. Spark has no such hook: its idle loop sleeps
 * spark.streaming.pollingDelay; here a source that offers `onDataAvailable(listener)` (returning an
 * unsubscribe function) is listened to, and any other source is polled on the Clock.
 */
import type { Source } from '../sources/Source.js';

/** A source that announces new data. */
export interface DataAvailableSignal {
  onDataAvailable(listener: () => void): () => void;
}

/** Subscribes `listener` to `source`'s signal when it has one; returns the unsubscribe (or undefined). */
export function subscribeDataAvailable(source: Source, listener: () => void): (() => void) | undefined {
  const candidate = source as Partial<DataAvailableSignal>;
  return typeof candidate.onDataAvailable === 'function' ? candidate.onDataAvailable(listener) : undefined;
}
