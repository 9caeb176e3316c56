/**
 * Turns the parameters of a DStream graph into JSON and back: functions as source text (or by
 * registered name), partitioners, small RDDs, durations, offset ranges. No Spark counterpart:
 * Spark uses Java serialisation for the same job (Checkpoint.serialize).
 *
 * A function must be self-contained (values through bind(fn, env)) or a namedFunction, exactly
 * what a worker executor needs too; anything else makes the graph not checkpointable.
 */
import { Broadcast, IllegalArgumentError, OffsetRange, HashPartitioner, RangePartitioner, bind, reviveFunction, serializeFunction, unbind, type SerializedFunction } from '../shared/index.js';
import { ReliableCheckpointRDD, ParallelCollectionRDD, type ParallelCollectionPartition, RDD } from '../shared/rdd/internal.js';
import { Partitioner, type PartitionerDescriptor } from '../shared/partitioner/Partitioner.js';
import type { SparkContext } from '../shared/index.js';
import { Duration } from './Duration.js';
import { lookupNamedFunction, nameOfFunction } from './namedFunction.js';
import { Time } from './Time.js';

type Encoded =
  | { __named: string }
  | { __bound: { target: unknown; env: unknown } }
  | { __source: SerializedFunction }
  | { __partitioner: PartitionerDescriptor }
  | { __rdd: 'parallel'; slices: unknown[] }
  | { __rdd: 'checkpoint'; path: string; numPartitions: number }
  | { __duration: number }
  | { __time: number }
  | { __offsetRange: [string, number, number, number] }
  | { __broadcast: unknown }
  | { __undefined: true };

function notCheckpointable(what: string, where: string): IllegalArgumentError {
  return new IllegalArgumentError('VALUE_NOT_CHECKPOINTABLE', `${what} in ${where} cannot be saved in a checkpoint. ` +
    'Use plain data, Durations, partitioners, functions, or RDDs made by sc.parallelize.');
}

/** A JSON-ready copy of `value`; `where` names the DStream for error messages. */
export function encodeValue(value: unknown, where: string): unknown {
  if (value === undefined) return { __undefined: true } satisfies Encoded;
  if (typeof value === 'function') {
    const name = nameOfFunction(value as never);
    if (name !== undefined) return { __named: name } satisfies Encoded;
    const bound = unbind(value as never);
    if (bound) return { __bound: { target: encodeValue(bound.target, where), env: encodeValue(bound.env, where) } } satisfies Encoded;
    return { __source: serializeFunction(value as never, where) } satisfies Encoded;
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => encodeValue(v, where));
  if (value instanceof Partitioner) return { __partitioner: value.describe() } satisfies Encoded;
  if (value instanceof Duration) return { __duration: value.milliseconds } satisfies Encoded;
  if (value instanceof Time) return { __time: value.milliseconds } satisfies Encoded;
  if (value instanceof OffsetRange) return { __offsetRange: [value.topic, value.partition, value.fromOffset, value.untilOffset] } satisfies Encoded;
  if (value instanceof Broadcast) return { __broadcast: encodeValue(value.value, where) } satisfies Encoded;
  if (value instanceof ReliableCheckpointRDD) return { __rdd: 'checkpoint', path: value.path, numPartitions: value.numPartitions } satisfies Encoded;
  if (value instanceof ParallelCollectionRDD) {
    const slices = value.partitions.map((p) => encodeValue((p as ParallelCollectionPartition<unknown>).values, where));
    return { __rdd: 'parallel', slices } satisfies Encoded;
  }
  if (value instanceof RDD) throw notCheckpointable(`${value.constructor.name} ${value.id}`, where);
  if (Object.getPrototypeOf(value) !== Object.prototype) throw notCheckpointable(`A ${value.constructor.name}`, where);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = encodeValue(v, where);
  return out;
}

/** The inverse of encodeValue; RDDs and broadcasts are created on `sc`. */
export function decodeValue(value: unknown, sc: SparkContext): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => decodeValue(v, sc));
  const e = value as Partial<Record<string, unknown>>;
  if ('__undefined' in e) return undefined;
  if ('__named' in e) return lookupNamedFunction(e.__named as string);
  if ('__bound' in e) {
    const { target, env } = e.__bound as { target: unknown; env: unknown };
    return bind(decodeValue(target, sc) as (...args: unknown[]) => unknown, decodeValue(env, sc));
  }
  if ('__source' in e) return reviveFunction(e.__source as SerializedFunction);
  if ('__partitioner' in e) {
    const d = e.__partitioner as PartitionerDescriptor;
    return d.kind === 'hash' ? new HashPartitioner(d.numPartitions) : new RangePartitioner(d.numPartitions, d.ascending, d.bounds as never);
  }
  if ('__duration' in e) return new Duration(e.__duration as number);
  if ('__time' in e) return new Time(e.__time as number);
  if ('__offsetRange' in e) {
    const [topic, partition, from, until] = e.__offsetRange as [string, number, number, number];
    return new OffsetRange(topic, partition, from, until);
  }
  if ('__broadcast' in e) return sc.broadcast(decodeValue(e.__broadcast, sc));
  if (e.__rdd === 'parallel') return new ParallelCollectionRDD(sc, (e.slices as unknown[]).map((s) => decodeValue(s, sc) as unknown[]));
  if (e.__rdd === 'checkpoint') return new ReliableCheckpointRDD(sc, e.path as string, e.numPartitions as number);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = decodeValue(v, sc);
  return out;
}
