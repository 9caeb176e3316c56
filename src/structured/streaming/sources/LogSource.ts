/**
 * Reads one topic of the partitioned log the way Spark's Kafka source reads Kafka. Spark:
 * connector/kafka-0-10-sql/.../KafkaMicroBatchStream.scala, KafkaSource.scala,
 * KafkaSourceOffset.scala and JsonUtils.scala.
 *
 * Offsets are Spark's Kafka offsets: `{"topic":{"0":23,"1":5}}`, the next offset to read in each
 * partition. A batch (start, end] reads offsets [start[p], end[p]) of every partition p, one row
 * array per partition. maxOffsetsPerTrigger splits the limit over partitions in proportion to
 * their backlog (never starving a partition to 0). The resolved starting offsets are kept in the
 * checkpoint (`sources/<i>/0`), so a restart with "latest" does not skip data.
 *
 * Differs from Spark: the log stores JSON values, not bytes, and has no record timestamps. By
 * default a record is the `value` (a string, or its JSON text) with a null key and timestamp; with
 * `recordIsMessage` a record `{key?, value, timestamp?}` supplies all three.
 */
import type { PartitionedLog } from '../../../shared/log/PartitionedLog.js';
import { javaDoubleToString } from '../../types/formatValue.js';
import type { DataType } from '../../types/DataType.js';
import { StructType } from '../../types/StructType.js';
import { MetadataLog } from '../checkpointing/MetadataLog.js';
import { isJsonObject, jsonSerializer } from '../checkpointing/versionedText.js';
import { SourceErrors } from '../streamingErrors.js';
import type { Offset } from './Offset.js';
import type { Row, Source } from './Source.js';
import { partitionOffsetsOf, rateLimit, resolveStartingOffsets, type PartitionOffsets } from './logSourceOffsets.js';

/** Options of the log source, Spark's Kafka option names. */
export interface LogSourceOptions {
  readonly log: PartitionedLog;
  /** The topic to read. */
  readonly subscribe: string;
  /** 'earliest', 'latest' (default, as Spark), or JSON `{"topic":{"0":23,"1":-2}}` (-2 earliest, -1 latest). */
  readonly startingOffsets?: string;
  /** At most this many records per batch over all partitions. */
  readonly maxOffsetsPerTrigger?: number;
  /** Fail (default) or skip and count when records a batch needs were removed by retention. */
  readonly failOnDataLoss?: boolean;
  /** Where the resolved starting offsets are kept: `<checkpoint>/sources/<i>`. */
  readonly metadataPath?: string;
  /** Records are `{key?, value, timestamp?}` messages (default false: a record is the value). */
  readonly recordIsMessage?: boolean;
  /** The type of the value column when values pass through unchanged; by default values are strings (JSON text). */
  readonly valueType?: DataType | string;
}

/** The partitioned-log source. */
export class LogSource implements Source {
  readonly schema: StructType;
  readonly #topic: string;
  #initialOffsets: PartitionOffsets | undefined;
  #availableNowTarget: PartitionOffsets | undefined;
  #numRecordsLost = 0;
  #offsetsBehindLatest: number[] = [];

  constructor(private readonly options: LogSourceOptions) {
    this.#topic = options.subscribe;
    const max = options.maxOffsetsPerTrigger;
    if (max !== undefined && !(Number.isSafeInteger(max) && max > 0)) {
      throw SourceErrors.invalidOption('the log source', 'maxOffsetsPerTrigger', max, 'it must be a positive integer');
    }
    options.log.numPartitions(this.#topic); // fails now, naming the existing topics, if the topic is unknown
    this.schema = new StructType()
      .add('key', 'string')
      .add('value', options.valueType ?? 'string')
      .add('topic', 'string')
      .add('partition', 'int')
      .add('offset', 'long')
      .add('timestamp', 'timestamp')
      .add('timestampType', 'int');
  }

  latestOffset(startOffset: Offset | undefined): Offset {
    const latest = this.#availableNowTarget ?? this.#latestOffsets();
    const from = startOffset === undefined ? this.#initial() : partitionOffsetsOf(startOffset, this.#topic, this.toString());
    const earliest = this.options.log.earliestOffsets(this.#topic);
    const limit = this.options.maxOffsetsPerTrigger;
    const end = limit === undefined ? latest : rateLimit(limit, from, latest, (p) => earliest[p] ?? 0);
    const current = this.#latestOffsets();
    this.#offsetsBehindLatest = Object.keys(current).map((p) => current[p]! - (end[p] ?? 0));
    return { [this.#topic]: end };
  }

  getBatch(start: Offset | undefined, end: Offset): Row[][] {
    const from = start === undefined ? this.#initial() : partitionOffsetsOf(start, this.#topic, this.toString());
    const until = partitionOffsetsOf(end, this.#topic, this.toString());
    const earliest = this.options.log.earliestOffsets(this.#topic);
    return Object.keys(until).map((key) => {
      const partition = Number(key);
      const untilOffset = until[key]!;
      let fromOffset = from[key];
      if (fromOffset === undefined) {
        fromOffset = earliest[partition] ?? 0;
        if (fromOffset !== 0) this.#reportDataLoss(`Added partition ${this.#topic}-${partition} starts from ${fromOffset} instead of 0. Some data may have been missed`, fromOffset);
      }
      if (untilOffset < fromOffset) {
        this.#reportDataLoss(`Partition ${this.#topic}-${partition}'s offset was changed from ${fromOffset} to ${untilOffset}, some data may have been missed`, 0);
        return [];
      }
      const available = earliest[partition] ?? 0;
      if (fromOffset < available) {
        const lostUntil = Math.min(available, untilOffset);
        this.#reportDataLoss(
          `Cannot fetch offsets ${fromOffset} to ${lostUntil - 1} of topic "${this.#topic}" partition ${partition}: the earliest `
            + `available offset is ${available}, because retention removed the records before it`,
          lostUntil - fromOffset,
        );
        fromOffset = lostUntil;
      }
      const records = this.options.log.read(this.#topic, partition, fromOffset, untilOffset);
      const first = fromOffset;
      return records.map((record, i) => this.#toRow(record, partition, first + i));
    });
  }

  prepareForTriggerAvailableNow(): void {
    this.#availableNowTarget = this.#latestOffsets();
  }

  commit(): void {}

  stop(): void {}

  /** Spark's Kafka metrics (offsets behind the log's end after the last latestOffset), and records skipped as lost. */
  metrics(): Record<string, string> {
    const behind = this.#offsetsBehindLatest;
    if (behind.length === 0) return { numRecordsLost: String(this.#numRecordsLost) };
    return {
      avgOffsetsBehindLatest: javaDoubleToString(behind.reduce((a, b) => a + b, 0) / behind.length),
      maxOffsetsBehindLatest: String(Math.max(...behind)),
      minOffsetsBehindLatest: String(Math.min(...behind)),
      numRecordsLost: String(this.#numRecordsLost),
    };
  }

  toString(): string {
    return `LogSource[Subscribe[${this.#topic}]]`;
  }

  #latestOffsets(): PartitionOffsets {
    const offsets: PartitionOffsets = {};
    this.options.log.latestOffsets(this.#topic).forEach((o, p) => (offsets[p] = o));
    return offsets;
  }

  #initial(): PartitionOffsets {
    if (this.#initialOffsets) return this.#initialOffsets;
    const log = this.options.metadataPath === undefined
      ? undefined
      : new MetadataLog<Offset>(this.options.metadataPath, jsonSerializer<Offset>(), { logName: 'log source initial offsets' });
    const stored = log?.get(0);
    if (stored !== undefined && isJsonObject(stored)) {
      this.#initialOffsets = partitionOffsetsOf(stored, this.#topic, this.toString());
    } else {
      this.#initialOffsets = resolveStartingOffsets(this.options.startingOffsets ?? 'latest', this.#topic, this.options.log);
      log?.add(0, { [this.#topic]: this.#initialOffsets });
    }
    return this.#initialOffsets;
  }

  #reportDataLoss(message: string, numRecordsLost: number): void {
    if (this.options.failOnDataLoss ?? true) throw SourceErrors.dataLoss(message);
    this.#numRecordsLost += numRecordsLost;
  }

  #toRow(record: unknown, partition: number, offset: number): Row {
    const message = this.options.recordIsMessage && isJsonObject(record) ? record : { value: record };
    const key = message.key ?? null;
    return {
      key: key === null || typeof key === 'string' ? key : JSON.stringify(key),
      value: this.#value(message.value ?? null),
      topic: this.#topic,
      partition,
      offset,
      timestamp: typeof message.timestamp === 'number' ? message.timestamp : null,
      timestampType: 0,
    };
  }

  #value(value: unknown): unknown {
    if (this.options.valueType !== undefined || value === null || typeof value === 'string') return value;
    return JSON.stringify(value);
  }
}
