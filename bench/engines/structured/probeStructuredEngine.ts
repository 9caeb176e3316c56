/**
 * Asks the Structured engine, by running two tiny queries, whether it has the features the ad join
 * and the sessions workload need: a stream-stream join that buffers each side for the other, and
 * session windows that merge events closer than the gap. The bench then reports a workload that
 * needs a missing feature as unsupported, naming the feature, instead of scoring a wrong answer.
 * No Spark counterpart (Spark has both since 2.3 and 3.2).
 */
import { SparkContext, ManualClock } from '../../../src/shared/index.js';
import { col, count, MemoryStream, RuntimeConfig, session_window, SparkSession, StructType } from '../../../src/structured/index.js';
import type { Row } from '../../../src/structured/index.js';

/** A feature a query may need; each maps to what is missing, or undefined when the engine has it. */
export interface StructuredCapabilities {
  /** Stream-stream join: a row of one side meets a row of the other side read in a later batch. */
  readonly streamStreamJoin: string | undefined;
  /** session_window: events closer than the gap fall in one session. */
  readonly sessionWindowMerge: string | undefined;
}

/** The name of a feature a pipeline can require. */
export type StructuredFeature = keyof StructuredCapabilities;

function newSession(): SparkSession {
  const sc = new SparkContext({ master: 'local[1]', appName: 'bench-structured-probe', clock: new ManualClock(0) });
  return new SparkSession(sc, new RuntimeConfig({ 'spark.sql.shuffle.partitions': '1' }));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
}

async function probeStreamStreamJoin(): Promise<string | undefined> {
  const spark = newSession();
  try {
    const left = new MemoryStream(new StructType().add('id', 'string').add('leftTime', 'timestamp'));
    const right = new MemoryStream(new StructType().add('rightId', 'string').add('rightTime', 'timestamp'));
    const joined = left.toDF(spark).withWatermark('leftTime', '10 seconds').join(right.toDF(spark).withWatermark('rightTime', '10 seconds'), col('id').equalTo(col('rightId')));
    const rows: Row[] = [];
    const query = joined.writeStream.outputMode('append').foreachBatch(async (batch) => void rows.push(...(await batch.collect()))).start();
    left.addData({ id: 'a', leftTime: 1000 });
    await query.processAllAvailable();
    right.addData({ rightId: 'a', rightTime: 2000 });
    await query.processAllAvailable();
    await query.stop();
    if (rows.length === 1) return undefined;
    return `the Structured engine's stream-stream join found ${rows.length} pairs where 1 was expected: a row of one stream does not meet a row of the other read in a later batch (no StreamingSymmetricHashJoinExec state buffering each side)`;
  } catch (error) {
    return `the Structured engine cannot run a stream-stream join: ${describe(error)}`;
  } finally {
    await spark.sparkContext.stop();
  }
}

async function probeSessionWindow(): Promise<string | undefined> {
  const spark = newSession();
  try {
    const clicks = spark.createDataFrame([{ userId: 'u', t: 1000 }, { userId: 'u', t: 2000 }], new StructType().add('userId', 'string').add('t', 'timestamp'));
    const sessions = await clicks.groupBy(session_window('t', '5 seconds'), col('userId')).agg(count('*').alias('n')).collect();
    if (sessions.length === 1 && Number(sessions[0]?.['n']) === 2) return undefined;
    return `the Structured engine's session_window does not merge events closer than the gap: two clicks 1 s apart with a 5 s gap gave ${sessions.length} sessions instead of 1`;
  } catch (error) {
    return `the Structured engine cannot run session_window: ${describe(error)}`;
  } finally {
    await spark.sparkContext.stop();
  }
}

let probed: Promise<StructuredCapabilities> | undefined;

/** Probes the engine once per process; later calls share the answer. */
export function probeStructuredEngine(): Promise<StructuredCapabilities> {
  probed ??= (async () => ({ streamStreamJoin: await probeStreamStreamJoin(), sessionWindowMerge: await probeSessionWindow() }))();
  return probed;
}
