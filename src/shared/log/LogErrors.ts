/**
 * The partitioned log's error messages, written once. The data-loss error mirrors the one Spark's
 * Kafka source raises when retention removed offsets a query still needed (failOnDataLoss).
 */
import { IllegalArgumentError, IllegalStateError } from '../errors.js';

function listOrNone(names: readonly string[]): string {
  return names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : '(none)';
}

/** Error factories for PartitionedLog. */
export const LogErrors = {
  unknownTopic(topic: string, existing: readonly string[]): IllegalArgumentError {
    return new IllegalArgumentError('LOG_UNKNOWN_TOPIC', `Unknown topic "${topic}" in the partitioned log; `
      + `existing topics: ${listOrNone(existing)}. Create it first with createTopic("${topic}", numPartitions).`);
  },

  topicExists(topic: string, numPartitions: number): IllegalArgumentError {
    return new IllegalArgumentError('LOG_TOPIC_EXISTS', `Topic "${topic}" already exists with ${numPartitions} `
      + 'partition(s). Use it as it is, or choose another name.');
  },

  invalidTopicName(topic: string): IllegalArgumentError {
    return new IllegalArgumentError('LOG_INVALID_TOPIC_NAME', `Invalid topic name "${topic}": a topic name is `
      + '1 to 249 characters from letters, digits, ".", "_" and "-", and not "." or "..", because it names a '
      + 'directory of the durable log (Kafka has the same rule).');
  },

  invalidPartitionCount(topic: string, numPartitions: number): IllegalArgumentError {
    return new IllegalArgumentError('LOG_INVALID_PARTITION_COUNT', `Cannot create topic "${topic}" with `
      + `${numPartitions} partitions: the count must be a positive integer.`);
  },

  partitionOutOfRange(topic: string, partition: number, numPartitions: number): IllegalArgumentError {
    return new IllegalArgumentError('LOG_PARTITION_OUT_OF_RANGE', `Partition ${partition} does not exist in topic `
      + `"${topic}", which has ${numPartitions} partition(s): use 0 to ${numPartitions - 1}.`);
  },

  offsetBeyondEnd(topic: string, partition: number, offset: number, latestOffset: number): IllegalArgumentError {
    return new IllegalArgumentError('LOG_OFFSET_BEYOND_END', `Offset ${offset} is beyond the end of topic `
      + `"${topic}" partition ${partition}, whose latest offset is ${latestOffset}. Offsets up to the latest `
      + 'offset (latestOffsets) are valid; later records have not been appended yet.');
  },

  invalidOffset(topic: string, partition: number, offset: number): IllegalArgumentError {
    return new IllegalArgumentError('LOG_INVALID_OFFSET', `Invalid offset ${offset} for topic "${topic}" partition `
      + `${partition}: offsets are non-negative integers.`);
  },

  dataLoss(topic: string, partition: number, fromOffset: number, earliestOffset: number): IllegalStateError {
    return new IllegalStateError('LOG_DATA_LOSS', `Cannot read topic "${topic}" partition ${partition} from offset `
      + `${fromOffset}: the earliest available offset is ${earliestOffset}, because retention (truncateBefore) `
      + `removed the records before it, so offsets ${fromOffset} to ${earliestOffset - 1} are lost. Read from `
      + `offset ${earliestOffset} or later; a streaming source with failOnDataLoss=false skips to it.`);
  },

  recordNotJson(topic: string, partition: number, index: number, reason: string): IllegalArgumentError {
    return new IllegalArgumentError('LOG_RECORD_NOT_JSON', `Cannot append record ${index} of the batch to topic `
      + `"${topic}" partition ${partition}: a durable log stores records as JSON, and this one is not JSON `
      + `(${reason}). Append plain objects, arrays, strings, numbers, booleans or null.`);
  },

  corruptLine(file: string, lineNumber: number, reason: string): IllegalStateError {
    return new IllegalStateError('LOG_CORRUPT_FILE', `Corrupt record in partitioned log file ${file} at line `
      + `${lineNumber}: ${reason}. Every line must be one JSON record. Restore the file from a copy, or, if the `
      + 'line is a write torn by a crash, remove it and the lines after it.');
  },

  closed(): IllegalStateError {
    return new IllegalStateError('LOG_CLOSED', 'The partitioned log is closed. Open it again with '
      + 'PartitionedLog.open(dir) to keep using it.');
  },
};
