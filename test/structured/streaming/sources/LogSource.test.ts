/**
 * The partitioned-log source (Spark's KafkaMicroBatchSourceSuite cases): offsets JSON, starting
 * offsets, maxOffsetsPerTrigger's proportional split, data loss, rows shaped like Kafka's.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IllegalArgumentError, IllegalStateError } from '../../../../src/shared/errors.js';
import { PartitionedLog } from '../../../../src/shared/log/PartitionedLog.js';
import { LogSource } from '../../../../src/structured/streaming/sources/LogSource.js';
import { rateLimit } from '../../../../src/structured/streaming/sources/logSourceOffsets.js';
import { caught, readText, tempDir } from '../support.js';

function logWith(partitions: unknown[][]): PartitionedLog {
  const log = PartitionedLog.open();
  log.createTopic('events', partitions.length);
  partitions.forEach((records, p) => log.append('events', p, records));
  return log;
}

const row = (value: unknown, partition: number, offset: number): Record<string, unknown> =>
  ({ key: null, value, topic: 'events', partition, offset, timestamp: null, timestampType: 0 });

describe('LogSource', () => {
  it('reads from the earliest offsets in Kafka-shaped rows, one array per partition', () => {
    const log = logWith([['a', 'b'], [{ n: 1 }]]);
    const source = new LogSource({ log, subscribe: 'events', startingOffsets: 'earliest' });
    const end = source.latestOffset(undefined);
    expect(end).toEqual({ events: { 0: 2, 1: 1 } });
    expect(JSON.stringify(end)).toBe('{"events":{"0":2,"1":1}}');
    expect(source.getBatch(undefined, end)).toEqual([[row('a', 0, 0), row('b', 0, 1)], [row('{"n":1}', 1, 0)]]);
    log.append('events', 1, ['c']);
    const next = source.latestOffset(end);
    expect(next).toEqual({ events: { 0: 2, 1: 2 } });
    expect(source.getBatch(end, next)).toEqual([[], [row('c', 1, 1)]]);
    expect(source.schema.simpleString).toBe('struct<key:string,value:string,topic:string,partition:int,offset:bigint,timestamp:timestamp,timestampType:int>');
    expect(source.toString()).toBe('LogSource[Subscribe[events]]');
  });

  it('starts at the latest offsets by default and keeps them in the checkpoint for restarts', () => {
    const log = logWith([['old'], []]);
    const metadataPath = path.join(tempDir(), 'sources', '0');
    const source = new LogSource({ log, subscribe: 'events', metadataPath });
    const end = source.latestOffset(undefined);
    expect(end).toEqual({ events: { 0: 1, 1: 0 } });
    expect(readText(path.join(metadataPath, '0'))).toBe('v1\n{"events":{"0":1,"1":0}}');
    log.append('events', 0, ['new']);
    const restarted = new LogSource({ log, subscribe: 'events', metadataPath });
    expect(restarted.getBatch(undefined, restarted.latestOffset(undefined))).toEqual([[row('new', 0, 1)], []]);
  });

  it('accepts JSON starting offsets with -2 for earliest and -1 for latest, for every partition', () => {
    const log = logWith([['a', 'b', 'c'], ['x', 'y']]);
    const source = new LogSource({ log, subscribe: 'events', startingOffsets: '{"events":{"0":1,"1":-1}}' });
    expect(source.getBatch(undefined, source.latestOffset(undefined))).toEqual([[row('b', 0, 1), row('c', 0, 2)], []]);
    const earliest = new LogSource({ log, subscribe: 'events', startingOffsets: '{"events":{"0":-2,"1":-2}}' });
    expect(earliest.latestOffset(undefined)).toEqual({ events: { 0: 3, 1: 2 } });
    const missing = caught(() => new LogSource({ log, subscribe: 'events', startingOffsets: '{"events":{"0":1}}' }).latestOffset(undefined));
    expect(missing).toBeInstanceOf(IllegalArgumentError);
    expect(missing.message).toBe(
      'If startingOffsets contains specific offsets, you must specify all TopicPartitions. Use -1 for latest, -2 for earliest. '
        + 'Specified: [events-0] Assigned: [events-0, events-1]',
    );
    expect(caught(() => new LogSource({ log, subscribe: 'events', startingOffsets: 'newest' }).latestOffset(undefined)).message).toBe(
      'Invalid startingOffsets "newest": use "earliest", "latest", or JSON such as {"events":{"0":23,"1":-2}} (-2 means earliest and -1 latest for that partition).',
    );
  });

  it('splits maxOffsetsPerTrigger over partitions in proportion to their backlog, never starving one', () => {
    expect(rateLimit(10, { 0: 0, 1: 0 }, { 0: 30, 1: 10 }, () => 0)).toEqual({ 0: 7, 1: 2 });
    // Shares below 1 round up: 3 partitions with 1 record each and a limit of 2 still move each by 1.
    expect(rateLimit(2, { 0: 0, 1: 0, 2: 0 }, { 0: 1, 1: 1, 2: 1 }, () => 0)).toEqual({ 0: 1, 1: 1, 2: 1 });
    // No backlog anywhere: the end as it is; a new partition starts at its earliest offset.
    expect(rateLimit(5, { 0: 4 }, { 0: 4, 1: 10 }, () => 6)).toEqual({ 0: 4, 1: 10 });
    const log = logWith([Array.from({ length: 30 }, (_, i) => i), Array.from({ length: 10 }, (_, i) => i)]);
    const source = new LogSource({ log, subscribe: 'events', startingOffsets: 'earliest', maxOffsetsPerTrigger: 10 });
    const first = source.latestOffset(undefined);
    expect(first).toEqual({ events: { 0: 7, 1: 2 } });
    expect(source.latestOffset(first)).toEqual({ events: { 0: 14, 1: 4 } });
    expect(source.metrics()).toEqual({ avgOffsetsBehindLatest: '11.0', maxOffsetsBehindLatest: '16', minOffsetsBehindLatest: '6', numRecordsLost: '0' });
  });

  it('with AvailableNow stops at the offsets present when it was prepared', () => {
    const log = logWith([['a', 'b']]);
    const source = new LogSource({ log, subscribe: 'events', startingOffsets: 'earliest', maxOffsetsPerTrigger: 1 });
    source.prepareForTriggerAvailableNow();
    log.append('events', 0, ['late']);
    const first = source.latestOffset(undefined);
    const second = source.latestOffset(first);
    expect([first, second, source.latestOffset(second)]).toEqual([{ events: { 0: 1 } }, { events: { 0: 2 } }, { events: { 0: 2 } }]);
  });

  it('fails on data lost to retention, naming the topic, partition and offsets', () => {
    const log = logWith([['a', 'b', 'c', 'd']]);
    const source = new LogSource({ log, subscribe: 'events', startingOffsets: 'earliest' });
    const end = source.latestOffset(undefined);
    log.truncateBefore('events', 0, 3);
    const error = caught(() => source.getBatch(undefined, end));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.errorClass).toBe('KAFKA_DATA_LOSS');
    expect(error.message).toBe(
      'Cannot fetch offsets 0 to 2 of topic "events" partition 0: the earliest available offset is 3, because retention '
        + 'removed the records before it. Some data may have been lost because they are not available in Kafka any more; '
        + 'either the data was aged out by Kafka or the topic may have been deleted before all the data in the topic was '
        + 'processed. If you don\'t want your streaming query to fail on such cases, set the source option "failOnDataLoss" to "false".',
    );
  });

  it('with failOnDataLoss=false skips lost records and counts them', () => {
    const log = logWith([['a', 'b', 'c', 'd']]);
    const source = new LogSource({ log, subscribe: 'events', startingOffsets: 'earliest', failOnDataLoss: false });
    const end = source.latestOffset(undefined);
    log.truncateBefore('events', 0, 3);
    expect(source.getBatch(undefined, end)).toEqual([[row('d', 0, 3)]]);
    expect(source.metrics().numRecordsLost).toBe('3');
  });

  it('turns message records into key, value and timestamp, or passes typed values through', () => {
    const log = logWith([[{ key: 'k1', value: 'v1', timestamp: 1000 }, { value: { a: 1 } }]]);
    const messages = new LogSource({ log, subscribe: 'events', startingOffsets: 'earliest', recordIsMessage: true });
    expect(messages.getBatch(undefined, messages.latestOffset(undefined))).toEqual([[
      { key: 'k1', value: 'v1', topic: 'events', partition: 0, offset: 0, timestamp: 1000, timestampType: 0 },
      { key: null, value: '{"a":1}', topic: 'events', partition: 0, offset: 1, timestamp: null, timestampType: 0 },
    ]]);
    const raw = new LogSource({ log, subscribe: 'events', startingOffsets: 'earliest', valueType: 'struct<key:string,value:string,timestamp:bigint>' });
    expect(raw.getBatch(undefined, raw.latestOffset(undefined))[0]![0]!.value).toEqual({ key: 'k1', value: 'v1', timestamp: 1000 });
  });

  it('refuses an unknown topic and a bad limit', () => {
    expect(caught(() => new LogSource({ log: logWith([[]]), subscribe: 'nope' })).errorClass).toBe('LOG_UNKNOWN_TOPIC');
    expect(caught(() => new LogSource({ log: logWith([[]]), subscribe: 'events', maxOffsetsPerTrigger: 0 })).message).toBe(
      'Invalid value 0 for "maxOffsetsPerTrigger" of the log source: it must be a positive integer.',
    );
  });
});
