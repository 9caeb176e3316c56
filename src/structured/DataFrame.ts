/**
 * A distributed table with a schema: a logical plan plus the session that runs it.
 * Spark: sql/core/.../Dataset.scala (DataFrame = Dataset[Row]).
 *
 * Transformations are lazy but analyzed eagerly, so a bad column name fails where it is
 * written; actions (collect, count, show) are async and run jobs on the RDD core. Rows come
 * back as plain objects keyed by column name.
 */
import { type RDD, StorageLevel } from '../shared/index.js';
import { Column, type ColumnOrName, toColumn } from './Column.js';
import { QueryErrors } from './errors.js';
import { AttributeReference } from './expressions/NamedExpression.js';
import { UnresolvedStar } from './expressions/unresolved.js';
import { formatShowString } from './execution/showString.js';
import { sortOrdersOf, sortWithMissingColumns, unionByNamePlan, usingJoin } from './DataFrameInternals.js';
import { toExternalRow } from './execution/rowConversion.js';
import { namedRows } from './execution/namedRows.js';
import { count as countFn, lit } from './functions.js';
import { parseExpression } from './parser/SqlParser.js';
import { resolveName } from './plan/analysis/ResolveReferences.js';
import { Deduplicate, Distinct } from './plan/logical/Distinct.js';
import { Filter } from './plan/logical/Filter.js';
import { Join } from './plan/logical/Join.js';
import { parseJoinType } from './plan/logical/JoinType.js';
import { GlobalLimit, LocalLimit } from './plan/logical/Limit.js';
import type { LogicalPlan } from './plan/logical/LogicalPlan.js';
import { Project } from './plan/logical/Project.js';
import { Repartition } from './plan/logical/Repartition.js';
import { Sort } from './plan/logical/Sort.js';
import { Union } from './plan/logical/Union.js';
import { type ExplainMode, QueryExecution } from './QueryExecution.js';
import { DataStreamWriter } from './streaming/DataStreamWriter.js';
import { RelationalGroupedDataset } from './RelationalGroupedDataset.js';
import type { SparkSession } from './SparkSession.js';
import type { StructType } from './types/StructType.js';
import { withWatermarkPlan } from './streaming/logical/EventTimeWatermark.js';
import { resolveTimeWindows } from './streaming/logical/TimeWindowing.js';
import { dedupWithinWatermarkPlan } from './streaming/logical/DeduplicateWithinWatermark.js';
import { KeyValueGroupedDataset } from './streaming/KeyValueGroupedDataset.js';
import type { JsonValue } from './streaming/sources/Offset.js';
import type { LateDataSideOutput } from './streaming/LateDataSideOutput.js';
import { type PrintSink, stdoutSink } from './PrintSink.js';
import { attributesNamed, droppedList, renamedAllList, renamedList, withColumnList } from './columnProjections.js';

/** A row as collect() returns it. */
export type Row = Record<string, unknown>;

/** The DataFrame API. */
export class DataFrame {
  /** The plan after analysis: every column typed and identified. */
  readonly analyzed: LogicalPlan;

  constructor(
    readonly sparkSession: SparkSession,
    /** The plan as built (its top node may be unresolved); `explain(true)` shows it as the parsed plan. */
    readonly logicalPlan: LogicalPlan,
  ) {
    this.analyzed = sparkSession.analyzer.execute(logicalPlan);
  }

  #with(plan: LogicalPlan): DataFrame {
    return new DataFrame(this.sparkSession, plan);
  }

  /** A fresh execution of this query (each action plans again, so current_timestamp() is read anew). */
  get queryExecution(): QueryExecution {
    return new QueryExecution(this.sparkSession, this.logicalPlan, this.analyzed);
  }

  get schema(): StructType {
    return this.analyzed.schema;
  }

  get columns(): string[] {
    return this.analyzed.output.map((a) => a.name);
  }

  /** [name, type] pairs, with Spark's type names (`bigint`, `string`). */
  get dtypes(): [string, string][] {
    return this.analyzed.output.map((a) => [a.name, a.dataType.simpleString]);
  }

  /** True when the plan reads a streaming source. */
  get isStreaming(): boolean {
    return this.analyzed.isStreaming;
  }

  /**
   * The writer that starts a streaming query of this DataFrame (added by the streaming layer).
   * @throws AnalysisException WRITE_STREAM_NOT_ALLOWED on a batch DataFrame
   */
  get writeStream(): DataStreamWriter {
    return new DataStreamWriter(this);
  }

  /** The schema tree (`root\n |-- name: string (nullable = true)\n...`), also written to `print`. */
  printSchema(print: PrintSink = stdoutSink): string {
    const tree = this.schema.treeString();
    print(tree);
    return tree;
  }

  /**
   * The column `name` of this DataFrame, bound to it (so `a.col('id').equalTo(b.col('id'))` is unambiguous after a join).
   * @throws AnalysisException UNRESOLVED_COLUMN when there is no such column.
   */
  col(name: string): Column {
    if (name === '*') return new Column(new UnresolvedStar());
    const e = resolveName(name.split('.'), this.analyzed.output, this.sparkSession.analyzer.resolver);
    if (!e) throw QueryErrors.unresolvedColumn(name, this.columns);
    return new Column(e);
  }

  // ---- transformations -----------------------------------------------------------------------

  select(...cols: ColumnOrName[]): DataFrame {
    return this.#with(new Project(cols.map((c) => toColumn(c).expr), this.analyzed));
  }

  /** select with SQL expression strings: `selectExpr('a + 1 AS b', 'upper(name)')`. */
  selectExpr(...exprs: string[]): DataFrame {
    return this.#with(new Project(exprs.map(parseExpression), this.analyzed));
  }

  /** Keeps rows where `condition` is true; a string is parsed as SQL (`'age > 21'`). */
  where(condition: Column | string): DataFrame {
    const e = typeof condition === 'string' ? parseExpression(condition) : condition.expr;
    return this.#with(new Filter(e, this.analyzed));
  }

  /** Alias of `where`. */
  filter(condition: Column | string): DataFrame {
    return this.where(condition);
  }

  /** Adds a column, or replaces the one with that name in place. */
  withColumn(name: string, col: Column): DataFrame {
    return this.#with(new Project(withColumnList(this.analyzed.output, this.sparkSession.analyzer.resolver, name, col.expr), this.analyzed));
  }

  /** Renames a column; a no-op when there is no such column (as in Spark). */
  withColumnRenamed(existing: string, newName: string): DataFrame {
    const list = renamedList(this.analyzed.output, this.sparkSession.analyzer.resolver, existing, newName);
    return list ? this.#with(new Project(list, this.analyzed)) : this;
  }

  /** Drops columns by name (unknown names are ignored) or by Column. */
  drop(...cols: ColumnOrName[]): DataFrame {
    const ids = new Set(cols.filter((c): c is Column => c instanceof Column).map((c) => (c.expr as AttributeReference).exprId));
    const names = cols.filter((c): c is string => typeof c === 'string');
    const kept = droppedList(this.analyzed.output, this.sparkSession.analyzer.resolver, ids, names);
    return kept ? this.#with(new Project(kept, this.analyzed)) : this;
  }

  /** Renames every column, in order. */
  toDF(...names: string[]): DataFrame {
    return this.#with(new Project(renamedAllList(this.analyzed.output, names), this.analyzed));
  }

  /** Groups by columns; a `window(...)` or `session_window(...)` column groups by event-time window. */
  groupBy(...cols: ColumnOrName[]): RelationalGroupedDataset {
    const windowed = resolveTimeWindows(this.sparkSession, this.analyzed, cols.map((c) => toColumn(c).expr));
    return new RelationalGroupedDataset(windowed.plan === this.analyzed ? this : this.#with(windowed.plan), windowed.grouping);
  }

  /**
   * Declares `eventTime` (a timestamp column) as event time, with rows up to `delayThreshold` late
   * still counted: the watermark is the max event time seen in earlier batches minus the delay.
   * On a batch DataFrame it does nothing (as in Spark). Beyond Spark: `options.lateData` receives
   * every row the stateful operators drop as late (see LateDataSideOutput).
   * @example df.withWatermark('eventTime', '10 seconds').groupBy(window('eventTime', '5 seconds')).count()
   * @throws AnalysisException UNRESOLVED_COLUMN, EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE; IllegalArgumentError INVALID_WATERMARK_DELAY
   */
  withWatermark(eventTime: string, delayThreshold: string, options: { lateData?: LateDataSideOutput } = {}): DataFrame {
    return this.#with(withWatermarkPlan(this.analyzed, this.col(eventTime).expr, eventTime, delayThreshold, options.lateData));
  }

  /** Aggregates over the whole DataFrame: `df.agg(sum('x'))` is `df.groupBy().agg(sum('x'))`. */
  agg(...exprs: Column[]): DataFrame {
    return this.groupBy().agg(...exprs);
  }

  /**
   * Joins with `other`. `on` is a column name or names present on both sides (the output then
   * has each once), or a join condition Column; omitted, every pair matches.
   * `how`: inner (default), left/left_outer, right/right_outer, full/outer, left_semi, left_anti, cross.
   * @throws IllegalArgumentError UNSUPPORTED_JOIN_TYPE; AnalysisException for unknown columns.
   */
  join(other: DataFrame, on?: string | string[] | Column, how = 'inner'): DataFrame {
    const joinType = parseJoinType(how);
    const leftIds = new Set(this.analyzed.output.map((a) => a.exprId));
    const right = other.analyzed.output.some((a) => leftIds.has(a.exprId)) ? this.sparkSession.analyzer.newInstance(other.analyzed) : other.analyzed;
    if (on === undefined || on instanceof Column) return this.#with(new Join(this.analyzed, right, joinType, on?.expr));
    const names = typeof on === 'string' ? [on] : on;
    const { join, projectList } = usingJoin(this.analyzed, right, names, joinType, this.sparkSession.analyzer.resolver);
    const joined = this.#with(join);
    return projectList ? this.#with(new Project(projectList, joined.analyzed)) : joined;
  }

  /** Every pair of rows. */
  crossJoin(other: DataFrame): DataFrame {
    return this.join(other, undefined, 'cross');
  }

  /** UNION ALL by column position; duplicates are kept (use distinct() to drop them). */
  union(other: DataFrame): DataFrame {
    return this.#with(new Union([this.analyzed, other.analyzed]));
  }

  /** Alias of `union`. */
  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }

  /**
   * UNION ALL matching columns by name; with `allowMissingColumns`, a column missing on one side is null there.
   * @throws AnalysisException UNRESOLVED_COLUMN when `other` lacks a column (and missing columns are not allowed).
   */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    return this.#with(unionByNamePlan(this.analyzed, other.analyzed, allowMissingColumns, this.sparkSession.analyzer.resolver));
  }

  distinct(): DataFrame {
    return this.#with(new Distinct(this.analyzed));
  }

  /**
   * One row per distinct value of `cols` (all columns when omitted); the first row seen wins.
   * @throws AnalysisException UNRESOLVED_COLUMN for an unknown column name.
   */
  dropDuplicates(cols?: string[]): DataFrame {
    const keys = cols ? attributesNamed(this.analyzed.output, this.sparkSession.analyzer.resolver, cols) : this.analyzed.output;
    return this.#with(new Deduplicate(keys, this.analyzed));
  }

  /**
   * Streaming only: drops a row when a row with the same `cols` (all columns when omitted) arrived
   * less than the watermark delay before it (the first is kept). Needs withWatermark.
   * @throws AnalysisException UNRESOLVED_COLUMN; STREAMING_UNSUPPORTED_OPERATION on a batch DataFrame
   */
  dropDuplicatesWithinWatermark(cols?: string[]): DataFrame {
    return this.#with(dedupWithinWatermarkPlan(this.analyzed, cols, this.sparkSession.analyzer.resolver));
  }

  /** Groups rows by a key computed from each row (a JSON value), for [flat]MapGroupsWithState. */
  groupByKey<K extends JsonValue>(keyFunc: (row: Row) => K): KeyValueGroupedDataset<K> {
    return new KeyValueGroupedDataset(this, keyFunc);
  }

  /** Sorts by columns (ascending unless a Column says `.desc()`); names may refer to columns a select dropped. */
  orderBy(...cols: ColumnOrName[]): DataFrame {
    const sort = new Sort(sortOrdersOf(cols), true, this.analyzed);
    try {
      return this.#with(sort);
    } catch (err) {
      return this.#with(sortWithMissingColumns(this.sparkSession, sort, err));
    }
  }

  /** Alias of `orderBy`. */
  sort(...cols: ColumnOrName[]): DataFrame {
    return this.orderBy(...cols);
  }

  /** Exactly `numPartitions` partitions through a shuffle: round robin, or by hash of `cols`. */
  repartition(numPartitions: number, ...cols: ColumnOrName[]): DataFrame {
    return this.#with(new Repartition(numPartitions, true, cols.map((c) => toColumn(c).expr), this.analyzed));
  }

  /** At most `numPartitions` partitions, merging neighbours without a shuffle (order is kept). */
  coalesce(numPartitions: number): DataFrame {
    return this.#with(new Repartition(numPartitions, false, [], this.analyzed));
  }

  /** The first `n` rows. */
  limit(n: number): DataFrame {
    return this.#with(new GlobalLimit(n, new LocalLimit(n, this.analyzed)));
  }

  /** Registers this DataFrame as temporary view `name` (replacing one of that name) for `spark.table(name)`. */
  createOrReplaceTempView(name: string): void {
    const plan = this.analyzed;
    this.sparkSession.catalog.createTempView(name, () => plan, true);
  }

  /**
   * Registers this DataFrame as temporary view `name`.
   * @throws AnalysisException TEMP_TABLE_OR_VIEW_ALREADY_EXISTS when the name is taken.
   */
  createTempView(name: string): void {
    const plan = this.analyzed;
    this.sparkSession.catalog.createTempView(name, () => plan, false);
  }

  /**
   * Keeps this DataFrame's rows once computed, so later queries over it read them instead of
   * recomputing (Spark's default level for DataFrames, MEMORY_AND_DISK).
   */
  cache(): this {
    return this.persist(StorageLevel.MEMORY_AND_DISK);
  }

  /** Like `cache`, at a chosen storage level. */
  persist(level: StorageLevel = StorageLevel.MEMORY_AND_DISK): this {
    const session = this.sparkSession;
    session.cacheManager.cacheQuery(this.analyzed, level, (plan) => new QueryExecution(session, plan, plan, true).toRdd());
    return this;
  }

  /** Drops the cached rows; later queries recompute them. */
  unpersist(): this {
    this.sparkSession.cacheManager.uncacheQuery(this.analyzed);
    return this;
  }

  /** True after cache()/persist() until unpersist(). */
  get isCached(): boolean {
    return this.sparkSession.cacheManager.isCached(this.analyzed);
  }

  /** The rows as an RDD of objects keyed by column name (Spark's `df.rdd`). */
  get rdd(): RDD<Row> {
    return namedRows(this.queryExecution.toRdd(), this.columns);
  }

  // ---- actions -------------------------------------------------------------------------------

  /**
   * The error a batch action raises on a streaming DataFrame; the streaming layer may replace it
   * with its own (which can print the plan).
   */
  static batchActionOnStreamError: (df: DataFrame, action: string) => Error = (_df, action) => QueryErrors.batchActionOnStream(action);

  #assertBatch(action: string): void {
    if (this.isStreaming) throw DataFrame.batchActionOnStreamError(this, action);
  }

  /**
   * Every row, as objects keyed by column name.
   * @throws AnalysisException STREAMING_QUERY_WITHOUT_WRITESTREAM on a streaming DataFrame.
   */
  async collect(): Promise<Row[]> {
    this.#assertBatch('collect');
    const output = this.analyzed.output;
    const rows = await this.queryExecution.executeCollect();
    return rows.map((r) => toExternalRow(r, output));
  }

  /** The number of rows (runs `groupBy().count()`, as Spark does). */
  async count(): Promise<number> {
    this.#assertBatch('count');
    const rows = await this.groupBy().agg(countFn(lit(1)).alias('count')).collect();
    return rows[0]!['count'] as number;
  }

  /** The first `n` rows. */
  take(n: number): Promise<Row[]> {
    return this.limit(n).collect();
  }

  /** Alias of `take`. */
  head(n = 1): Promise<Row[]> {
    return this.take(n);
  }

  /** The first row, or undefined when there is none. */
  async first(): Promise<Row | undefined> {
    return (await this.take(1))[0];
  }

  /** The show() table as a string: `truncate` true cuts cells at 20 characters, a number at that many. */
  async showString(numRows = 20, truncate: boolean | number = true): Promise<string> {
    this.#assertBatch('show');
    const width = truncate === true ? 20 : truncate === false ? 0 : truncate;
    const n = Math.max(0, numRows);
    const qe = new DataFrame(this.sparkSession, new GlobalLimit(n + 1, new LocalLimit(n + 1, this.analyzed))).queryExecution;
    const rows = await qe.toRdd().collect();
    return formatShowString(this.analyzed.output, rows, n, width);
  }

  /** Prints the show() table to `print` (stdout by default) and returns it. */
  async show(numRows = 20, truncate: boolean | number = true, print: PrintSink = stdoutSink): Promise<string> {
    const text = await this.showString(numRows, truncate);
    print(text);
    return text;
  }

  /**
   * The plans, as Spark's explain prints them; also written to `print`.
   * `extended` true (or 'extended') shows parsed, analyzed, optimized and physical plans; 'codegen' the generated JS.
   */
  explain(extended: boolean | ExplainMode = false, print: PrintSink = stdoutSink): string {
    const mode: ExplainMode = extended === true ? 'extended' : extended === false ? 'simple' : extended;
    const text = this.queryExecution.explainString(mode);
    print(text);
    return text;
  }
}
