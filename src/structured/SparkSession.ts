/**
 * The entry point of the Structured engine: owns a SparkContext, the SQL configuration, the
 * analyzer, optimizer and planner extensions, and creates DataFrames.
 * Spark: sql/core/.../SparkSession.scala.
 *
 * @example
 * const spark = SparkSession.builder().master('local[2]').appName('demo')
 *   .config('spark.sql.shuffle.partitions', 4).getOrCreate();
 * const df = spark.createDataFrame([{ name: 'Alice', age: 30 }]);
 * await df.show();
 * spark.stop();
 */
import { type Clock, SparkContext } from '../shared/index.js';
import { SessionCatalog } from './catalog/SessionCatalog.js';
import { CacheManager } from './execution/CacheManager.js';
import { DataFrame } from './DataFrame.js';
import { DataFrameReader } from './DataFrameReader.js';
import { DataStreamReader } from './streaming/DataStreamReader.js';
import { type StreamingQueryManager, streamsOf } from './streaming/StreamingQueryManager.js';
import { inferSchemaFromObjects, toInternalRows } from './execution/rowConversion.js';
import type { InternalRow } from './expressions/Expression.js';
import { AttributeReference, ExprIdGenerator } from './expressions/NamedExpression.js';
import { Analyzer } from './plan/analysis/Analyzer.js';
import { FunctionRegistry } from './plan/analysis/FunctionRegistry.js';
import { LocalRelation } from './plan/logical/LocalRelation.js';
import { Optimizer } from './plan/optimizer/Optimizer.js';
import type { Rule } from './plan/optimizer/Rule.js';
import type { Strategy } from './plan/physical/SparkPlanner.js';
import { RuntimeConfig } from './RuntimeConfig.js';
import { LongType } from './types/DataType.js';
import { parseSchemaDDL } from './types/parseDataType.js';
import { StructField, StructType } from './types/StructType.js';

/** Planner and optimizer extension points (Spark's `spark.experimental`). */
export interface ExperimentalMethods {
  /** Tried before the built-in strategies. */
  extraStrategies: Strategy[];
  /** Appended to the operator-optimization batch. */
  extraOptimizations: Rule[];
}

let activeSession: SparkSession | undefined;

/** Builds or returns the active session. */
export class SparkSessionBuilder {
  readonly #options: Record<string, string> = {};
  #clock: Clock | undefined;
  #sparkContext: SparkContext | undefined;

  master(master: string): this {
    return this.config('spark.master', master);
  }

  appName(name: string): this {
    return this.config('spark.app.name', name);
  }

  config(key: string, value: string | number | boolean): this {
    this.#options[key] = String(value);
    return this;
  }

  /** The processing-time clock of the new SparkContext (a ManualClock in tests). Differs from Spark: Spark has no such option. */
  clock(clock: Clock): this {
    this.#clock = clock;
    return this;
  }

  /** Builds the session on an existing SparkContext instead of creating one. */
  sparkContext(sc: SparkContext): this {
    this.#sparkContext = sc;
    return this;
  }

  /** The active session (with this builder's options applied to its SQL conf), or a new one. */
  getOrCreate(): SparkSession {
    if (activeSession && !activeSession.isStopped && !this.#sparkContext) {
      for (const [k, v] of Object.entries(this.#options)) activeSession.conf.set(k, v);
      return activeSession;
    }
    const sc =
      this.#sparkContext ??
      new SparkContext({
        master: this.#options['spark.master'] ?? 'local[*]',
        appName: this.#options['spark.app.name'] ?? 'twinstream',
        ...(this.#clock ? { clock: this.#clock } : {}),
        conf: this.#options,
      });
    activeSession = new SparkSession(sc, new RuntimeConfig(this.#options), this.#sparkContext === undefined);
    return activeSession;
  }
}

/** A Structured engine session. */
export class SparkSession {
  /** Hands out column ids; per session, so plans print the same ids in every run. */
  readonly exprIds = new ExprIdGenerator();
  readonly functionRegistry = FunctionRegistry.builtin();
  readonly experimental: ExperimentalMethods = { extraStrategies: [], extraOptimizations: [] };
  readonly analyzer: Analyzer;
  /** Cached queries (`df.cache()`). */
  readonly cacheManager = new CacheManager();
  /** Temporary views (`createOrReplaceTempView`, `spark.table`). */
  readonly catalog = new SessionCatalog();
  #stopped = false;

  constructor(
    readonly sparkContext: SparkContext,
    readonly conf: RuntimeConfig = new RuntimeConfig(),
    readonly ownsSparkContext = true,
  ) {
    const conf_ = conf;
    this.analyzer = new Analyzer({
      exprIds: this.exprIds,
      registry: this.functionRegistry,
      get caseSensitive() {
        return conf_.getBoolean('spark.sql.caseSensitive');
      },
    });
  }

  /** A new session builder. */
  static builder(): SparkSessionBuilder {
    return new SparkSessionBuilder();
  }

  /** The session getOrCreate last returned, unless stopped. */
  static getActiveSession(): SparkSession | undefined {
    return activeSession && !activeSession.isStopped ? activeSession : undefined;
  }

  /** The optimizer, with any extra rules registered in `experimental`. */
  get optimizer(): Optimizer {
    return new Optimizer(this.experimental.extraOptimizations);
  }

  /**
   * The DataFrame of temporary view `name`.
   * @throws AnalysisException TABLE_OR_VIEW_NOT_FOUND.
   */
  table(name: string): DataFrame {
    return new DataFrame(this, this.catalog.lookup(name));
  }

  /** A reader for batch files. */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /** A reader of streaming sources: `spark.readStream.format('rate').load()` (added by the streaming layer). */
  get readStream(): DataStreamReader {
    return new DataStreamReader(this);
  }

  /** The streaming queries of this session: active ones, awaitAnyTermination, listeners (added by the streaming layer). */
  get streams(): StreamingQueryManager {
    return streamsOf(this);
  }

  get isStopped(): boolean {
    return this.#stopped;
  }

  /**
   * A DataFrame from rows: plain objects keyed by column name (or arrays by position when a
   * schema is given). Without a schema the types are inferred (whole numbers are long).
   * @throws AnalysisException CANNOT_DETERMINE_TYPE when a column is null in every row.
   */
  createDataFrame(rows: readonly object[], schema?: StructType | string | readonly string[]): DataFrame {
    let struct: StructType;
    if (schema instanceof StructType) struct = schema;
    else if (typeof schema === 'string') struct = parseSchemaDDL(schema);
    else if (Array.isArray(schema)) {
      const names = schema as readonly string[];
      const objects = rows.map((r) => (Array.isArray(r) ? Object.fromEntries(names.map((n, i) => [n, (r as unknown[])[i]])) : r));
      const inferred = inferSchemaFromObjects(objects as Record<string, unknown>[]);
      struct = new StructType(names.map((n) => inferred.getField(n) ?? new StructField(n, LongType)));
      return this.#fromSchema(objects, struct);
    } else struct = inferSchemaFromObjects(rows as Record<string, unknown>[]);
    return this.#fromSchema(rows, struct);
  }

  #fromSchema(rows: readonly object[], schema: StructType): DataFrame {
    return this.internalRowsDataFrame(toInternalRows(rows, schema), schema);
  }

  /**
   * A DataFrame over rows already in the engine's internal form (arrays in `schema`'s column
   * order, values as the engine holds them), with fresh column ids; the rows are read, never
   * copied. For the engine's own layers (a foreachBatch batch hands its plan's rows over this way,
   * instead of converting them to objects and back).
   * @internal
   */
  internalRowsDataFrame(rows: readonly InternalRow[], schema: StructType): DataFrame {
    const output = schema.fields.map((f) => new AttributeReference(f.name, f.dataType, f.nullable, this.exprIds.next()));
    return new DataFrame(this, new LocalRelation(output, rows));
  }

  /** A DataFrame with one long column `id` from `start` (inclusive) to `end` (exclusive). */
  range(start: number, end?: number, step = 1): DataFrame {
    const [from, to] = end === undefined ? [0, start] : [start, end];
    const rows: object[] = [];
    for (let v = from; step > 0 ? v < to : v > to; v += step) rows.push({ id: v });
    return this.createDataFrame(rows, new StructType([new StructField('id', LongType, false)]));
  }

  /** Stops the session and, if it created it, the SparkContext. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.ownsSparkContext) this.sparkContext.stop();
    if (activeSession === this) activeSession = undefined;
  }
}
