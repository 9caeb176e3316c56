/**
 * Offsets of the partitioned-log source: parsing Spark's Kafka offset JSON, resolving
 * startingOffsets, and maxOffsetsPerTrigger's proportional split. Spark:
 * connector/kafka-0-10-sql/.../KafkaMicroBatchStream.scala (rateLimit), KafkaSourceOffset.scala,
 * KafkaOffsetRangeLimit.scala and JsonUtils.scala.
 */
import type { PartitionedLog } from '../../../shared/log/PartitionedLog.js';
import { isJsonObject } from '../checkpointing/versionedText.js';
import { SourceErrors } from '../streamingErrors.js';
import type { Offset } from './Offset.js';

/** Next offset to read per partition number (object keys are partition numbers, ascending). */
export type PartitionOffsets = Record<string, number>;

/** Spark's per-partition markers in startingOffsets JSON. */
const EARLIEST = -2;
const LATEST = -1;

/**
 * The partition offsets of `topic` in an offset `{"topic":{"0":23}}`.
 * @throws IllegalArgumentError INVALID_OFFSET when the offset has another shape or topic
 */
export function partitionOffsetsOf(offset: Offset, topic: string, source: string): PartitionOffsets {
  const perTopic = isJsonObject(offset) ? offset[topic] : undefined;
  if (!isJsonObject(perTopic) || Object.entries(perTopic).some(([p, o]) => !/^\d+$/.test(p) || !Number.isSafeInteger(o))) {
    throw SourceErrors.invalidOffset(source, offset, `{"${topic}":{"<partition>":<offset>,...}}`);
  }
  return { ...(perTopic as PartitionOffsets) };
}

/**
 * The offsets the first batch starts from.
 * @throws IllegalArgumentError INVALID_STARTING_OFFSETS for a value that is not earliest, latest or
 *   JSON naming every partition of the topic
 */
export function resolveStartingOffsets(startingOffsets: string, topic: string, log: PartitionedLog): PartitionOffsets {
  const earliest = log.earliestOffsets(topic);
  const latest = log.latestOffsets(topic);
  const all = (offsets: number[]): PartitionOffsets => Object.fromEntries(offsets.map((o, p) => [String(p), o]));
  const choice = startingOffsets.trim().toLowerCase();
  if (choice === 'earliest') return all(earliest);
  if (choice === 'latest') return all(latest);
  let parsed: unknown;
  try {
    parsed = JSON.parse(startingOffsets);
  } catch {
    throw SourceErrors.startingOffsetsInvalid(startingOffsets, topic);
  }
  const perTopic = isJsonObject(parsed) ? parsed[topic] : undefined;
  if (!isJsonObject(perTopic) || Object.values(perTopic).some((o) => !Number.isSafeInteger(o))) {
    throw SourceErrors.startingOffsetsInvalid(startingOffsets, topic);
  }
  const specified = Object.keys(perTopic).map(Number).sort((a, b) => a - b);
  const assigned = latest.map((_, p) => p);
  if (specified.length !== assigned.length || specified.some((p, i) => p !== assigned[i])) {
    throw SourceErrors.startingOffsetsPartitions(topic, specified, assigned);
  }
  return Object.fromEntries(assigned.map((p) => {
    const o = perTopic[String(p)] as number;
    return [String(p), o === EARLIEST ? earliest[p]! : o === LATEST ? latest[p]! : o];
  }));
}

/**
 * Spark's rateLimit: each partition with a backlog gets `limit * backlog / totalBacklog` offsets,
 * rounded down, but at least 1 (a share below 1 is rounded up so no partition starves), never past
 * its end. A partition missing from `from` (new) starts at `earliestOf(p)`.
 *
 * @example
 * rateLimit(10, { 0: 0, 1: 0 }, { 0: 30, 1: 10 }, () => 0);   // { 0: 7, 1: 2 } (7.5 and 2.5 rounded down)
 */
export function rateLimit(limit: number, from: PartitionOffsets, until: PartitionOffsets, earliestOf: (partition: number) => number): PartitionOffsets {
  const begins: PartitionOffsets = {};
  const sizes: PartitionOffsets = {};
  for (const [p, end] of Object.entries(until)) {
    const begin = from[p] ?? earliestOf(Number(p));
    begins[p] = begin;
    if (end - begin > 0) sizes[p] = end - begin;
  }
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  if (total < 1) return { ...until };
  const limited: PartitionOffsets = {};
  for (const [p, end] of Object.entries(until)) {
    const size = sizes[p];
    if (size === undefined) {
      limited[p] = end;
      continue;
    }
    const prorate = limit * (size / total);
    limited[p] = Math.min(end, begins[p]! + (prorate < 1 ? Math.ceil(prorate) : Math.floor(prorate)));
  }
  return limited;
}
