/**
 * A small durable, partitioned, append-only store that both engines read as a replayable source,
 * the way Spark reads Kafka: offsets per topic-partition, earliest and latest ("end") offsets,
 * retention that moves the earliest offset up. Kafka: core/.../log/UnifiedLog.scala; Spark's
 * readers: connector/kafka-0-10-sql/.../KafkaSource.scala and kafka-0-10/.../KafkaRDD.scala.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogErrors } from './LogErrors.js';
import { OffsetRange } from './OffsetRange.js';
import { SegmentFile } from './SegmentFile.js';
import { partitionForKey } from './murmur2.js';

/** Options for PartitionedLog.open. */
export interface PartitionedLogOptions {
  /** fsync every append and truncation before returning (durable across power loss, slower). */
  readonly fsync?: boolean;
}

/** Where an append put its records: offsets firstOffset to lastOffset, inclusive. */
export interface AppendResult {
  readonly firstOffset: number;
  /** firstOffset - 1 for an empty batch. */
  readonly lastOffset: number;
}

const TOPIC_FILE = 'topic.json';
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

interface PartitionState {
  /** The earliest offset still stored; records[i] has offset baseOffset + i. */
  baseOffset: number;
  records: unknown[];
  segment: SegmentFile | undefined;
  /** Durable partitions load their file on first use, so opening a large log is cheap. */
  isLoaded: boolean;
}

/**
 * Topics of partitions of records, addressed by offset. In memory when opened without a
 * directory; durable with one: one JSON-lines file per topic-partition, and opening the same
 * directory again restores every topic, record and earliest offset.
 *
 * Records are kept by reference; do not mutate a record after appending it. A durable log
 * stores records as JSON, so what a reopened log returns is the JSON round trip of each record.
 *
 * @example
 * const log = PartitionedLog.open();
 * log.createTopic('events', 2);
 * log.append('events', 0, [{ user: 'a' }, { user: 'b' }]);   // { firstOffset: 0, lastOffset: 1 }
 * log.read('events', 0, 0, 2);                              // [{ user: 'a' }, { user: 'b' }]
 */
export class PartitionedLog {
  readonly #topics = new Map<string, PartitionState[]>();
  #isClosed = false;

  private constructor(
    /** The directory of a durable log; undefined in memory. */
    readonly dir: string | undefined,
    private readonly fsync: boolean,
  ) {}

  /**
   * Opens a log: in memory without `dir`, else durable in `dir` (created if missing).
   * @throws IllegalStateError LOG_CORRUPT_FILE when a record file has a line that is not JSON
   *   (raised when that partition is first used)
   */
  static open(dir?: string, options: PartitionedLogOptions = {}): PartitionedLog {
    const log = new PartitionedLog(dir, options.fsync ?? false);
    if (dir !== undefined) log.#discoverTopics(dir);
    return log;
  }

  /**
   * Creates a topic with partitions 0 to numPartitions - 1, each starting at offset 0.
   * @throws IllegalArgumentError LOG_TOPIC_EXISTS, LOG_INVALID_TOPIC_NAME, LOG_INVALID_PARTITION_COUNT
   */
  createTopic(topic: string, numPartitions: number): void {
    this.#checkOpen();
    if (!TOPIC_NAME.test(topic) || topic === '.' || topic === '..') throw LogErrors.invalidTopicName(topic);
    const existing = this.#topics.get(topic);
    if (existing) throw LogErrors.topicExists(topic, existing.length);
    if (!Number.isSafeInteger(numPartitions) || numPartitions < 1) {
      throw LogErrors.invalidPartitionCount(topic, numPartitions);
    }
    const partitions: PartitionState[] = [];
    for (let p = 0; p < numPartitions; p++) {
      const segment = this.dir === undefined ? undefined : SegmentFile.create(this.#partitionDir(topic, p), this.fsync);
      partitions.push({ baseOffset: 0, records: [], segment, isLoaded: true });
    }
    // topic.json is written last: a topic directory without it is an unfinished creation.
    if (this.dir !== undefined) {
      writeFileAtomically(path.join(this.dir, topic, TOPIC_FILE), JSON.stringify({ numPartitions }) + '\n');
    }
    this.#topics.set(topic, partitions);
  }

  /** The topic names, sorted. */
  topics(): string[] {
    this.#checkOpen();
    return [...this.#topics.keys()].sort();
  }

  /** @throws IllegalArgumentError LOG_UNKNOWN_TOPIC listing the existing topics */
  numPartitions(topic: string): number {
    return this.#topic(topic).length;
  }

  /**
   * Appends records to one partition; they get consecutive offsets after the latest one.
   * @throws IllegalArgumentError LOG_UNKNOWN_TOPIC, LOG_PARTITION_OUT_OF_RANGE, or, in a durable log,
   *   LOG_RECORD_NOT_JSON (nothing of the batch is appended then)
   */
  append(topic: string, partition: number, records: readonly unknown[]): AppendResult {
    const state = this.#partition(topic, partition);
    const firstOffset = state.baseOffset + state.records.length;
    if (state.segment) state.segment.append(records.map((record, i) => toJsonLine(topic, partition, i, record)));
    for (const record of records) state.records.push(record);
    return { firstOffset, lastOffset: firstOffset + records.length - 1 };
  }

  /**
   * Appends one record to the partition Kafka's default partitioner picks for `key`:
   * murmur2 of the key's UTF-8 bytes, made non-negative, modulo the partition count.
   */
  appendKeyed(topic: string, key: string | number, record: unknown): { partition: number; offset: number } {
    const partition = partitionForKey(String(key), this.numPartitions(topic));
    return { partition, offset: this.append(topic, partition, [record]).firstOffset };
  }

  /** The next offset to be written in each partition (Kafka's end offsets). */
  latestOffsets(topic: string): number[] {
    return this.#topic(topic).map((_, p) => {
      const state = this.#partition(topic, p);
      return state.baseOffset + state.records.length;
    });
  }

  /** The earliest offset still stored in each partition: 0 until truncateBefore moves it. */
  earliestOffsets(topic: string): number[] {
    return this.#topic(topic).map((_, p) => this.#partition(topic, p).baseOffset);
  }

  /**
   * The records at offsets [fromOffset, untilOffset) of one partition.
   * @throws IllegalStateError LOG_DATA_LOSS when retention removed offsets in the range (Spark's
   *   failOnDataLoss case); IllegalArgumentError LOG_OFFSET_BEYOND_END, LOG_INVALID_OFFSET_RANGE,
   *   LOG_UNKNOWN_TOPIC, LOG_PARTITION_OUT_OF_RANGE
   */
  read(topic: string, partition: number, fromOffset: number, untilOffset: number): unknown[] {
    const range = new OffsetRange(topic, partition, fromOffset, untilOffset);
    const state = this.#partition(topic, partition);
    const latestOffset = state.baseOffset + state.records.length;
    if (untilOffset > latestOffset) throw LogErrors.offsetBeyondEnd(topic, partition, untilOffset, latestOffset);
    if (range.count === 0) return [];
    if (fromOffset < state.baseOffset) throw LogErrors.dataLoss(topic, partition, fromOffset, state.baseOffset);
    return state.records.slice(fromOffset - state.baseOffset, untilOffset - state.baseOffset);
  }

  /** read() for an OffsetRange. */
  readRange(range: OffsetRange): unknown[] {
    return this.read(range.topic, range.partition, range.fromOffset, range.untilOffset);
  }

  /**
   * Retention: removes the records before `offset`, which becomes the partition's earliest
   * offset. Offsets never change; reads below the new earliest offset fail with LOG_DATA_LOSS.
   * Truncating at or below the current earliest offset does nothing.
   * @throws IllegalArgumentError LOG_OFFSET_BEYOND_END when offset is past the latest offset,
   *   LOG_INVALID_OFFSET when it is not a non-negative integer
   */
  truncateBefore(topic: string, partition: number, offset: number): void {
    const state = this.#partition(topic, partition);
    const latestOffset = state.baseOffset + state.records.length;
    if (!Number.isSafeInteger(offset) || offset < 0) throw LogErrors.invalidOffset(topic, partition, offset);
    if (offset > latestOffset) throw LogErrors.offsetBeyondEnd(topic, partition, offset, latestOffset);
    if (offset <= state.baseOffset) return;
    const kept = state.records.slice(offset - state.baseOffset);
    state.segment?.rewrite(offset, kept.map((record, i) => toJsonLine(topic, partition, i, record)));
    state.records = kept;
    state.baseOffset = offset;
  }

  /** Closes the files of a durable log; any later call fails with LOG_CLOSED. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    for (const partitions of this.#topics.values()) {
      for (const state of partitions) state.segment?.close();
    }
  }

  #discoverTopics(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const topicFile = path.join(dir, entry.name, TOPIC_FILE);
      if (!entry.isDirectory() || !fs.existsSync(topicFile)) continue;
      const { numPartitions } = JSON.parse(fs.readFileSync(topicFile, 'utf8')) as { numPartitions: number };
      this.#topics.set(entry.name, Array.from({ length: numPartitions }, () => ({
        baseOffset: 0, records: [], segment: undefined, isLoaded: false,
      })));
    }
  }

  #topic(topic: string): PartitionState[] {
    this.#checkOpen();
    const partitions = this.#topics.get(topic);
    if (!partitions) throw LogErrors.unknownTopic(topic, this.topics());
    return partitions;
  }

  #partition(topic: string, partition: number): PartitionState {
    const partitions = this.#topic(topic);
    const state = Number.isInteger(partition) ? partitions[partition] : undefined;
    if (!state) throw LogErrors.partitionOutOfRange(topic, partition, partitions.length);
    if (!state.isLoaded) {
      const loaded = SegmentFile.load(this.#partitionDir(topic, partition), this.fsync);
      state.baseOffset = loaded.baseOffset;
      state.records = loaded.records;
      state.segment = loaded.segment;
      state.isLoaded = true;
    }
    return state;
  }

  #partitionDir(topic: string, partition: number): string {
    return path.join(this.dir as string, topic, String(partition));
  }

  #checkOpen(): void {
    if (this.#isClosed) throw LogErrors.closed();
  }
}

function toJsonLine(topic: string, partition: number, index: number, record: unknown): string {
  let line: string | undefined;
  try {
    line = JSON.stringify(record);
  } catch (error) {
    throw LogErrors.recordNotJson(topic, partition, index, (error as Error).message);
  }
  if (line === undefined) throw LogErrors.recordNotJson(topic, partition, index, `JSON.stringify gives nothing for ${typeof record}`);
  return line;
}

function writeFileAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}
