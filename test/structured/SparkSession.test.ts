import { describe, expect, it } from 'vitest';
import {
  ArrayType,
  IntegerType,
  LongType,
  ManualClock,
  SparkSession,
  StringType,
  StructField,
  StructType,
  TimestampType,
  AnalysisException,
  parseDataType,
} from '../../src/index.js';
import { captureSink, newSession } from './support.js';

describe('SparkSession', () => {
  it('builds a session that owns a SparkContext with the given master and app name', () => {
    const spark = newSession();
    expect(spark.sparkContext.master).toBe('local[2]');
    expect(spark.sparkContext.appName).toBe('structured-test');
    expect(spark.sparkContext.clock).toBeInstanceOf(ManualClock);
  });

  it('returns the active session from getOrCreate and applies new options to its conf', () => {
    const spark = newSession();
    const again = SparkSession.builder().config('spark.sql.shuffle.partitions', 7).getOrCreate();
    expect(again).toBe(spark);
    expect(spark.conf.get('spark.sql.shuffle.partitions')).toBe('7');
  });

  it('reads SQL defaults, set values and explicit defaults from conf', () => {
    const spark = newSession();
    expect(spark.conf.get('spark.sql.codegen.wholeStage')).toBe('true');
    expect(spark.conf.get('spark.sql.shuffle.partitions')).toBe('4');
    expect(spark.conf.get('my.key')).toBeUndefined();
    expect(spark.conf.get('my.key', 'd')).toBe('d');
    spark.conf.set('my.key', 5);
    expect(spark.conf.get('my.key')).toBe('5');
    spark.conf.unset('my.key');
    expect(spark.conf.get('my.key')).toBeUndefined();
  });

  it('creates a new session after stop', () => {
    const spark = newSession();
    spark.stop();
    expect(spark.isStopped).toBe(true);
    expect(SparkSession.getActiveSession()).toBeUndefined();
    const next = newSession();
    expect(next).not.toBe(spark);
  });

  it('rejects a non-numeric shuffle partition count when a query is planned', () => {
    const spark = newSession({ conf: { 'spark.sql.shuffle.partitions': 'many' } });
    const df = spark.createDataFrame([{ a: 1 }]).groupBy('a').count();
    expect(() => df.explain(false, () => {})).toThrow(
      `[INVALID_CONF_VALUE] The value 'many' of the config "spark.sql.shuffle.partitions" is invalid: expected a positive integer.`,
    );
  });
});

describe('createDataFrame', () => {
  it('infers long for whole numbers, double when a column mixes in fractions, and keeps key order', () => {
    const spark = newSession();
    const df = spark.createDataFrame([
      { name: 'a', n: 1, x: 1, ok: true },
      { name: 'b', n: 2, x: 2.5, ok: null, when: new Date(Date.UTC(2024, 0, 2)) },
    ]);
    expect(df.schema.treeString()).toBe(
      'root\n' +
        ' |-- name: string (nullable = true)\n' +
        ' |-- n: long (nullable = true)\n' +
        ' |-- x: double (nullable = true)\n' +
        ' |-- ok: boolean (nullable = true)\n' +
        ' |-- when: timestamp (nullable = true)\n',
    );
    expect(df.dtypes).toEqual([
      ['name', 'string'],
      ['n', 'bigint'],
      ['x', 'double'],
      ['ok', 'boolean'],
      ['when', 'timestamp'],
    ]);
  });

  it('infers nested structs and arrays, and printSchema writes the tree', () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ w: { start: 1, end: 2 }, tags: ['a', 'b'] }]);
    const out = captureSink();
    const tree = df.printSchema(out.sink);
    expect(tree).toBe(
      'root\n' +
        ' |-- w: struct (nullable = true)\n' +
        ' |    |-- start: long (nullable = true)\n' +
        ' |    |-- end: long (nullable = true)\n' +
        ' |-- tags: array (nullable = true)\n' +
        ' |    |-- element: string (containsNull = true)\n',
    );
    expect(out.text()).toBe(tree);
  });

  it('uses a given schema, built with add() or the constructor, and converts Dates to epoch ms', async () => {
    const spark = newSession();
    const viaAdd = new StructType().add('name', 'string').add('age', 'int', false).add('at', TimestampType);
    const viaCtor = new StructType([
      new StructField('name', StringType),
      new StructField('age', IntegerType, false),
      new StructField('at', TimestampType),
    ]);
    expect(viaAdd.simpleString).toBe(viaCtor.simpleString);
    const df = spark.createDataFrame([{ name: 'a', age: 1, at: new Date(Date.UTC(2024, 0, 1)) }], viaAdd);
    expect(df.schema.treeString()).toBe(
      'root\n |-- name: string (nullable = true)\n |-- age: integer (nullable = false)\n |-- at: timestamp (nullable = true)\n',
    );
    expect(await df.collect()).toEqual([{ name: 'a', age: 1, at: Date.UTC(2024, 0, 1) }]);
  });

  it('accepts positional rows with a DDL schema, and column names for positional rows', async () => {
    const spark = newSession();
    const df = spark.createDataFrame([['a', 1], ['b', 2]], 'name STRING, n BIGINT');
    expect(await df.collect()).toEqual([{ name: 'a', n: 1 }, { name: 'b', n: 2 }]);
    const named = spark.createDataFrame([['x', 3]], ['k', 'v']);
    expect(named.columns).toEqual(['k', 'v']);
    expect(await named.collect()).toEqual([{ k: 'x', v: 3 }]);
  });

  it('fails on a column that is null in every row', () => {
    const spark = newSession();
    expect(() => spark.createDataFrame([{ a: 1, b: null }])).toThrow(AnalysisException);
    expect(() => spark.createDataFrame([{ a: 1, b: null }])).toThrow(
      '[CANNOT_DETERMINE_TYPE] Some of types cannot be determined after inferring: column `b` is null in every row. Pass a schema.',
    );
  });

  it('needs a schema for an empty list of rows', async () => {
    const spark = newSession();
    expect(() => spark.createDataFrame([])).toThrow('[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset.');
    const empty = spark.createDataFrame([], 'a INT');
    expect(await empty.collect()).toEqual([]);
    expect(await empty.count()).toBe(0);
  });

  it('makes a range of longs in column id', async () => {
    const spark = newSession();
    expect(await spark.range(3).collect()).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }]);
    expect(await spark.range(2, 8, 3).collect()).toEqual([{ id: 2 }, { id: 5 }]);
  });
});

describe('types', () => {
  it('parses type names as Spark spells them', () => {
    expect(parseDataType('bigint')).toBe(LongType);
    expect(parseDataType('INT')).toBe(IntegerType);
    expect(parseDataType('array<string>').sameType(new ArrayType(StringType))).toBe(true);
    expect(parseDataType('struct<a:int,b:array<bigint>>').simpleString).toBe('struct<a:int,b:array<bigint>>');
    expect(() => parseDataType('money')).toThrow(
      '[UNSUPPORTED_DATATYPE] Unsupported data type "money". Use one of: string, int, integer, long, bigint, double, boolean, timestamp, array<T>, struct<name:T,...>.',
    );
  });
});

describe('temporary views', () => {
  it('registers a DataFrame under a name that spark.table reads back', async () => {
    const spark = newSession();
    spark.createDataFrame([{ a: 1 }, { a: 2 }]).createOrReplaceTempView('nums');
    expect(await spark.table('NUMS').where('a > 1').collect()).toEqual([{ a: 2 }]);
    expect(spark.catalog.listTempViews()).toEqual(['nums']);
    spark.createDataFrame([{ b: 'x' }]).createOrReplaceTempView('nums');
    expect(spark.table('nums').columns).toEqual(['b']);
  });

  it('refuses to create a view twice, and names the views when one is missing', () => {
    const spark = newSession();
    const df = spark.createDataFrame([{ a: 1 }]);
    df.createTempView('t1');
    expect(() => df.createTempView('t1')).toThrow(
      '[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `t1` because it already exists. Use createOrReplaceTempView, or drop it first.',
    );
    expect(() => spark.table('t2')).toThrow(
      '[TABLE_OR_VIEW_NOT_FOUND] The table or view `t2` cannot be found. Temporary views: `t1`. Register one with df.createOrReplaceTempView(name).',
    );
    expect(spark.catalog.dropTempView('t1')).toBe(true);
    expect(() => spark.table('t1')).toThrow('There are no temporary views.');
  });
});

describe('masters', () => {
  it('runs DataFrame queries on worker-thread executors, but refuses interpreted expressions there, naming the setting and the fix', async () => {
    SparkSession.getActiveSession()?.stop();
    const spark = SparkSession.builder().master('local-workers[1]').getOrCreate();
    try {
      const df = spark.createDataFrame([{ a: 1 }, { a: 2 }]);
      expect(await df.where('a > 1').collect()).toEqual([{ a: 2 }]);
      spark.conf.set('spark.sql.codegen.factoryMode', 'NO_CODEGEN');
      await expect(df.collect()).rejects.toThrow(
        "[UNSUPPORTED_MASTER_FOR_DATAFRAMES] This query cannot run on master 'local-workers[1]': spark.sql.codegen.factoryMode=NO_CODEGEN runs on driver objects, " +
          'which worker threads cannot receive. Use an inline master such as local[2] or local-cluster[2, 1] for it.',
      );
    } finally {
      spark.stop();
    }
  });

  it('runs on several inline executors (local-cluster)', async () => {
    SparkSession.getActiveSession()?.stop();
    const spark = SparkSession.builder().master('local-cluster[2, 1]').config('spark.sql.shuffle.partitions', 3).getOrCreate();
    try {
      const df = spark.createDataFrame(Array.from({ length: 20 }, (_, i) => ({ k: i % 3, v: i })));
      expect(await df.groupBy('k').count().orderBy('k').collect()).toEqual([
        { k: 0, count: 7 },
        { k: 1, count: 7 },
        { k: 2, count: 6 },
      ]);
    } finally {
      spark.stop();
    }
  });
});
