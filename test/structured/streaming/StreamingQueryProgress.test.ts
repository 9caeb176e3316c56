/**
 * The progress object and its JSON, compared with the exact text Spark prints (Spark's
 * StreamingQueryStatusAndProgressSuite shapes).
 */
import { describe, expect, it } from 'vitest';
import {
  eventTimeProgress,
  formatProgressTimestamp,
  offsetJson,
  progressRates,
  StreamingQueryProgress,
} from '../../../src/structured/streaming/StreamingQueryProgress.js';

function progress(overrides: Partial<ConstructorParameters<typeof StreamingQueryProgress>[0]> = {}): StreamingQueryProgress {
  return new StreamingQueryProgress({
    id: '8c57e1ec-94b5-4c99-b100-f694162df0b9',
    runId: 'ae505c5a-a64e-4896-8c28-c7cbaf926f16',
    name: 'myName',
    timestamp: formatProgressTimestamp(1_482_000_000_000),
    batchId: 2,
    batchDuration: 7,
    durationMs: { triggerExecution: 7, addBatch: 5, latestOffset: 1 },
    eventTime: eventTimeProgress({ maxMs: 3000, minMs: 1000, avgMs: 2000.6, count: 3 }, 500),
    stateOperators: [{
      operatorName: 'stateStoreSave',
      numRowsTotal: 0,
      numRowsUpdated: 1,
      allUpdatesTimeMs: 1,
      numRowsRemoved: 2,
      allRemovalsTimeMs: 0,
      commitTimeMs: 3,
      memoryUsedBytes: 3,
      numRowsDroppedByWatermark: 0,
      numShufflePartitions: 2,
      numStateStoreInstances: 2,
      customMetrics: { loadedMapCacheHitCount: 1, loadedMapCacheMissCount: 0 },
    }],
    sources: [{
      description: 'source',
      startOffset: offsetJson(123),
      endOffset: offsetJson({ topic: { 0: 456 } }),
      latestOffset: offsetJson(789),
      numInputRows: 678,
      inputRowsPerSecond: 10.0,
      processedRowsPerSecond: Number.POSITIVE_INFINITY,
    }],
    sink: { description: 'sink', numOutputRows: -1 },
    ...overrides,
  });
}

describe('StreamingQueryProgress', () => {
  it('prints Spark\'s pretty JSON: sorted maps, inline arrays, doubles as Java prints them, non-finite rates left out', () => {
    expect(progress().prettyJson).toBe(`{
  "id" : "8c57e1ec-94b5-4c99-b100-f694162df0b9",
  "runId" : "ae505c5a-a64e-4896-8c28-c7cbaf926f16",
  "name" : "myName",
  "timestamp" : "2016-12-17T18:40:00.000Z",
  "batchId" : 2,
  "numInputRows" : 678,
  "inputRowsPerSecond" : 10.0,
  "durationMs" : {
    "addBatch" : 5,
    "latestOffset" : 1,
    "triggerExecution" : 7
  },
  "eventTime" : {
    "avg" : "1970-01-01T00:00:02.000Z",
    "max" : "1970-01-01T00:00:03.000Z",
    "min" : "1970-01-01T00:00:01.000Z",
    "watermark" : "1970-01-01T00:00:00.500Z"
  },
  "stateOperators" : [ {
    "operatorName" : "stateStoreSave",
    "numRowsTotal" : 0,
    "numRowsUpdated" : 1,
    "allUpdatesTimeMs" : 1,
    "numRowsRemoved" : 2,
    "allRemovalsTimeMs" : 0,
    "commitTimeMs" : 3,
    "memoryUsedBytes" : 3,
    "numRowsDroppedByWatermark" : 0,
    "numShufflePartitions" : 2,
    "numStateStoreInstances" : 2,
    "customMetrics" : {
      "loadedMapCacheHitCount" : 1,
      "loadedMapCacheMissCount" : 0
    }
  } ],
  "sources" : [ {
    "description" : "source",
    "startOffset" : 123,
    "endOffset" : {
      "topic" : {
        "0" : 456
      }
    },
    "latestOffset" : 789,
    "numInputRows" : 678,
    "inputRowsPerSecond" : 10.0
  } ],
  "sink" : {
    "description" : "sink",
    "numOutputRows" : -1
  }
}`);
  });

  it('prints compact JSON', () => {
    const p = progress({ name: null, eventTime: {}, stateOperators: [], durationMs: {} });
    expect(p.json).toBe(
      '{"id":"8c57e1ec-94b5-4c99-b100-f694162df0b9","runId":"ae505c5a-a64e-4896-8c28-c7cbaf926f16","name":null,'
        + '"timestamp":"2016-12-17T18:40:00.000Z","batchId":2,"numInputRows":678,"inputRowsPerSecond":10.0,'
        + '"stateOperators":[],"sources":[{"description":"source","startOffset":123,"endOffset":{"topic":{"0":456}},'
        + '"latestOffset":789,"numInputRows":678,"inputRowsPerSecond":10.0}],"sink":{"description":"sink","numOutputRows":-1}}',
    );
    expect(p.toString()).toBe(p.prettyJson);
    expect(p.prettyJson).toContain('"stateOperators" : [ ],');
  });

  it('sums rows and rates over sources, and keeps offsets that are not JSON as strings', () => {
    const p = progress({
      sources: [
        { description: 'a', startOffset: null, endOffset: 'not json', latestOffset: null, numInputRows: 3, inputRowsPerSecond: 1.5, processedRowsPerSecond: 1e7 },
        { description: 'b', startOffset: null, endOffset: '5', latestOffset: null, numInputRows: 4, inputRowsPerSecond: 0.25, processedRowsPerSecond: 2e7 },
      ],
    });
    expect(p.numInputRows).toBe(7);
    expect(p.inputRowsPerSecond).toBe(1.75);
    expect(p.processedRowsPerSecond).toBe(3e7);
    expect(p.json).toContain('"inputRowsPerSecond":1.75,"processedRowsPerSecond":3.0E7,');
    expect(p.json).toContain('{"description":"a","startOffset":null,"endOffset":"not json","latestOffset":null,"numInputRows":3,'
      + '"inputRowsPerSecond":1.5,"processedRowsPerSecond":1.0E7}');
  });

  it('computes rates as ProgressReporter does', () => {
    expect(progressRates(10, 1000, 1500, undefined)).toEqual({ inputRowsPerSecond: 0, processedRowsPerSecond: 20 });
    expect(progressRates(10, 3000, 3000, 1000)).toEqual({ inputRowsPerSecond: 5, processedRowsPerSecond: 10_000 });
    expect(eventTimeProgress(undefined, undefined)).toEqual({});
    expect(eventTimeProgress({ maxMs: 0, minMs: 0, avgMs: 0, count: 0 }, 0)).toEqual({ watermark: '1970-01-01T00:00:00.000Z' });
  });
});
