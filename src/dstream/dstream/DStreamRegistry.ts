/**
 * How a checkpoint rebuilds DStreams: each DStream kind registers a factory from its parents and
 * its parameters. No Spark counterpart: Spark deserialises Java objects; JavaScript objects do not
 * serialise with their classes, so every kind says how it is built again.
 */
import { StreamingErrors } from '../errors.js';
import type { StreamingContext } from '../StreamingContext.js';
import type { DStream } from './DStream.js';

/** Builds a DStream of one kind from its revived parents and its revived parameters. */
export type DStreamFactory = (ssc: StreamingContext, parents: DStream<unknown>[], params: Record<string, unknown>) => DStream<unknown>;

const factories = new Map<string, DStreamFactory>();

/** Registers the factory of a DStream kind; each operator module registers its own when it loads. */
export function registerDStreamKind(kind: string, factory: DStreamFactory): void {
  factories.set(kind, factory);
}

/** The factory of `kind`. @throws IllegalStateError UNKNOWN_DSTREAM_KIND */
export function dstreamFactory(kind: string): DStreamFactory {
  const factory = factories.get(kind);
  if (!factory) throw StreamingErrors.unknownDStreamKind(kind);
  return factory;
}
