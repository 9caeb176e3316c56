/**
 * What a streaming query reports after each trigger, in Spark's shape and JSON. Spark:
 * sql/core/.../streaming/progress.scala (StreamingQueryProgress, StateOperatorProgress,
 * SourceProgress, SinkProgress) and ProgressReporter.scala (the rates and eventTime map).
 *
 * `json` is compact; `prettyJson` is json4s/Jackson's pretty form (`"key" : value`, two-space
 * indent, arrays inline as `[ {`, empty ones as `[ ]`). Doubles print as Java prints them
 * (`0.0`, `1.0E7`); NaN and infinite rates and empty maps are left out, as Spark leaves them out;
 * map keys are sorted. Processing times come from the query's Clock; `formatProgressTimestamp`
 * only formats a reading.
 */
import { javaDoubleToString } from '../types/formatValue.js';
import type { Offset } from './sources/Offset.js';

/** Metrics of one stateful operator in a trigger. */
export interface StateOperatorProgress {
  readonly operatorName: string;
  readonly numRowsTotal: number;
  readonly numRowsUpdated: number;
  /** Milliseconds the operator's tasks spent reading and writing state for the batch's rows, summed over partitions (on the query's clock). */
  readonly allUpdatesTimeMs: number;
  readonly numRowsRemoved: number;
  /** Milliseconds spent removing state: rows behind the watermark, expired keys, timed-out groups (0 where nothing can expire, as in complete mode). */
  readonly allRemovalsTimeMs: number;
  /** Milliseconds spent committing the batch's state store versions, summed over partitions. */
  readonly commitTimeMs: number;
  readonly memoryUsedBytes: number;
  readonly numRowsDroppedByWatermark: number;
  readonly numShufflePartitions: number;
  readonly numStateStoreInstances: number;
  readonly customMetrics?: Readonly<Record<string, number>>;
}

/** What one source read in a trigger. Offsets are JSON text, as in Spark (null for none). */
export interface SourceProgress {
  readonly description: string;
  readonly startOffset: string | null;
  readonly endOffset: string | null;
  readonly latestOffset: string | null;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  readonly metrics?: Readonly<Record<string, string>>;
}

/** What the sink wrote in a trigger (-1 rows when the sink cannot count them). */
export interface SinkProgress {
  readonly description: string;
  readonly numOutputRows: number;
  readonly metrics?: Readonly<Record<string, string>>;
}

/** The fields of a progress; numInputRows and the rates are sums over sources. */
export interface StreamingQueryProgressFields {
  readonly id: string;
  readonly runId: string;
  /** The query name, or null when none was given. */
  readonly name: string | null;
  /** The trigger's start, as formatProgressTimestamp renders it. */
  readonly timestamp: string;
  readonly batchId: number;
  readonly batchDuration: number;
  /** latestOffset, getBatch, queryPlanning, addBatch, walCommit, commitOffsets, triggerExecution. */
  readonly durationMs: Readonly<Record<string, number>>;
  /** min, max, avg, watermark as formatProgressTimestamp strings; see eventTimeProgress. */
  readonly eventTime: Readonly<Record<string, string>>;
  readonly stateOperators: readonly StateOperatorProgress[];
  readonly sources: readonly SourceProgress[];
  readonly sink: SinkProgress;
  readonly observedMetrics?: Readonly<Record<string, unknown>>;
}

/**
 * The progress of one trigger of a streaming query.
 *
 * @example
 * query.lastProgress.numInputRows;   // rows read from all sources in the last trigger
 * query.lastProgress.prettyJson;     // Spark's pretty JSON
 */
export class StreamingQueryProgress implements StreamingQueryProgressFields {
  readonly id!: string;
  readonly runId!: string;
  readonly name!: string | null;
  readonly timestamp!: string;
  readonly batchId!: number;
  readonly batchDuration!: number;
  readonly durationMs!: Readonly<Record<string, number>>;
  readonly eventTime!: Readonly<Record<string, string>>;
  readonly stateOperators!: readonly StateOperatorProgress[];
  readonly sources!: readonly SourceProgress[];
  readonly sink!: SinkProgress;
  readonly observedMetrics?: Readonly<Record<string, unknown>>;

  constructor(fields: StreamingQueryProgressFields) {
    Object.assign(this, fields);
  }

  /** Rows read from all sources in this trigger. */
  get numInputRows(): number {
    return this.sources.reduce((sum, s) => sum + s.numInputRows, 0);
  }

  /** Arrival rate over all sources. */
  get inputRowsPerSecond(): number {
    return this.sources.reduce((sum, s) => sum + s.inputRowsPerSecond, 0);
  }

  /** Processing rate over all sources. */
  get processedRowsPerSecond(): number {
    return this.sources.reduce((sum, s) => sum + s.processedRowsPerSecond, 0);
  }

  /** Compact JSON, Spark's `progress.json`. */
  get json(): string {
    return render(this.#jsonValue(), undefined);
  }

  /** Indented JSON, Spark's `progress.prettyJson` (also what toString returns). */
  get prettyJson(): string {
    return render(this.#jsonValue(), 0);
  }

  toString(): string {
    return this.prettyJson;
  }

  #jsonValue(): JNode {
    return obj([
      ['id', str(this.id)],
      ['runId', str(this.runId)],
      ['name', this.name === null ? NULL : str(this.name)],
      ['timestamp', str(this.timestamp)],
      ['batchId', int(this.batchId)],
      ['numInputRows', int(this.numInputRows)],
      ['inputRowsPerSecond', double(this.inputRowsPerSecond)],
      ['processedRowsPerSecond', double(this.processedRowsPerSecond)],
      ['durationMs', sortedMap(this.durationMs, int)],
      ['eventTime', sortedMap(this.eventTime, str)],
      ['stateOperators', { t: 'arr', items: this.stateOperators.map(stateOperatorJson) }],
      ['sources', { t: 'arr', items: this.sources.map(sourceJson) }],
      ['sink', obj([['description', str(this.sink.description)], ['numOutputRows', int(this.sink.numOutputRows)], ['metrics', sortedMap(this.sink.metrics, str)]])],
      ['observedMetrics', sortedMap(this.observedMetrics, fromJsonValue)],
    ]);
  }
}

/** Spark's progress timestamp: `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` in UTC (the ISO form of the reading). */
export function formatProgressTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** An offset as SourceProgress holds it: its JSON text, or null for none. */
export function offsetJson(offset: Offset | undefined): string | null {
  return offset === undefined ? null : JSON.stringify(offset);
}

/**
 * The eventTime map of a progress (ProgressReporter): min, max and avg of the batch's event times
 * when it saw any (avg truncated to a whole ms), and the watermark when the query has one.
 */
export function eventTimeProgress(stats: { maxMs: number; minMs: number; avgMs: number; count: number } | undefined, watermarkMs?: number): Record<string, string> {
  const map: Record<string, string> = {};
  if (stats && stats.count > 0) {
    map.max = formatProgressTimestamp(stats.maxMs);
    map.min = formatProgressTimestamp(stats.minMs);
    map.avg = formatProgressTimestamp(Math.trunc(stats.avgMs));
  }
  if (watermarkMs !== undefined) map.watermark = formatProgressTimestamp(watermarkMs);
  return map;
}

/**
 * A source's rates (ProgressReporter): rows over the time since the previous trigger started
 * (Infinity seconds before the first, so 0.0), and rows over the trigger's own duration (at least 1 ms).
 */
export function progressRates(numInputRows: number, triggerStartMs: number, triggerEndMs: number, previousTriggerStartMs: number | undefined): {
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
} {
  const inputTimeSec = previousTriggerStartMs === undefined ? Number.POSITIVE_INFINITY : (triggerStartMs - previousTriggerStartMs) / 1000;
  const processingTimeSec = Math.max(1, triggerEndMs - triggerStartMs) / 1000;
  return { inputRowsPerSecond: numInputRows / inputTimeSec, processedRowsPerSecond: numInputRows / processingTimeSec };
}

// A tiny json4s-like tree: ints and doubles must print differently, and absent values vanish.
type JNode =
  | { readonly t: 'obj'; readonly fields: readonly (readonly [string, JNode | undefined])[] }
  | { readonly t: 'arr'; readonly items: readonly JNode[] }
  | { readonly t: 'raw'; readonly text: string };

const NULL: JNode = { t: 'raw', text: 'null' };
const obj = (fields: readonly (readonly [string, JNode | undefined])[]): JNode => ({ t: 'obj', fields });
const str = (s: string): JNode => ({ t: 'raw', text: JSON.stringify(s) });
const int = (n: number): JNode => ({ t: 'raw', text: String(Math.trunc(n)) });
/** JNothing for NaN and infinities (Spark's safeDoubleToJValue). */
const double = (d: number): JNode | undefined => (Number.isFinite(d) ? { t: 'raw', text: javaDoubleToString(d) } : undefined);

/** JNothing for an empty or missing map; keys sorted (Spark's safeMapToJValue). */
function sortedMap<V>(map: Readonly<Record<string, V>> | undefined, toNode: (v: V) => JNode | undefined): JNode | undefined {
  if (!map) return undefined;
  const keys = Object.keys(map).sort();
  return keys.length === 0 ? undefined : obj(keys.map((k) => [k, toNode(map[k]!)] as const));
}

function fromJsonValue(value: unknown): JNode {
  if (Array.isArray(value)) return { t: 'arr', items: value.map(fromJsonValue) };
  if (value !== null && typeof value === 'object') return obj(Object.entries(value).map(([k, v]) => [k, fromJsonValue(v)] as const));
  if (typeof value === 'number') return Number.isInteger(value) ? int(value) : (double(value) ?? NULL);
  return { t: 'raw', text: JSON.stringify(value) ?? 'null' };
}

/** Spark's tryParse: the offset's JSON as a tree, or the text as a string when it is not JSON. */
function offsetNode(text: string | null): JNode {
  if (text === null) return NULL;
  try {
    return fromJsonValue(JSON.parse(text));
  } catch {
    return str(text);
  }
}

function stateOperatorJson(op: StateOperatorProgress): JNode {
  return obj([
    ['operatorName', str(op.operatorName)],
    ['numRowsTotal', int(op.numRowsTotal)],
    ['numRowsUpdated', int(op.numRowsUpdated)],
    ['allUpdatesTimeMs', int(op.allUpdatesTimeMs)],
    ['numRowsRemoved', int(op.numRowsRemoved)],
    ['allRemovalsTimeMs', int(op.allRemovalsTimeMs)],
    ['commitTimeMs', int(op.commitTimeMs)],
    ['memoryUsedBytes', int(op.memoryUsedBytes)],
    ['numRowsDroppedByWatermark', int(op.numRowsDroppedByWatermark)],
    ['numShufflePartitions', int(op.numShufflePartitions)],
    ['numStateStoreInstances', int(op.numStateStoreInstances)],
    ['customMetrics', sortedMap(op.customMetrics, int)],
  ]);
}

function sourceJson(s: SourceProgress): JNode {
  return obj([
    ['description', str(s.description)],
    ['startOffset', offsetNode(s.startOffset)],
    ['endOffset', offsetNode(s.endOffset)],
    ['latestOffset', offsetNode(s.latestOffset)],
    ['numInputRows', int(s.numInputRows)],
    ['inputRowsPerSecond', double(s.inputRowsPerSecond)],
    ['processedRowsPerSecond', double(s.processedRowsPerSecond)],
    ['metrics', sortedMap(s.metrics, str)],
  ]);
}

/** Compact when `depth` is undefined; otherwise Jackson's DefaultPrettyPrinter at object depth `depth`. */
function render(node: JNode, depth: number | undefined): string {
  if (node.t === 'raw') return node.text;
  if (node.t === 'arr') {
    const items = node.items.map((item) => render(item, depth));
    if (depth === undefined) return `[${items.join(',')}]`;
    return items.length === 0 ? '[ ]' : `[ ${items.join(', ')} ]`;
  }
  const fields = node.fields.filter((f): f is readonly [string, JNode] => f[1] !== undefined);
  if (depth === undefined) return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${render(v, undefined)}`).join(',')}}`;
  if (fields.length === 0) return '{ }';
  const inner = '  '.repeat(depth + 1);
  const body = fields.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${render(v, depth + 1)}`).join(',\n');
  return `{\n${body}\n${'  '.repeat(depth)}}`;
}
