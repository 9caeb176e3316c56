/**
 * A stateless filter with Structured Streaming, run twice: in micro-batches, where a reading
 * waits for the next trigger, and in continuous mode, where each reading goes through the filter
 * to the sink as soon as it arrives; the 1-second interval then only sets how often the progress
 * is checkpointed (an epoch). Continuous mode runs stateless queries only.
 *
 * Run: npm run example -- continuous-mode
 */
import { col, ManualClock, MemoryStream, settle, SparkContext, SparkSession, StructType, Trigger } from 'twinstream';
import type { Clock, DataFrame, ForeachWriter, Row, StreamingQuery } from 'twinstream';
import { arrivalsPerBatch } from '../shared/arrivals.js';
import type { Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { Stopwatch } from '../shared/Stopwatch.js';
import { TriggerDriver } from '../shared/TriggerDriver.js';
import { ALERT_ABOVE_CELSIUS, INTERVAL_MS, READINGS, UNTIL_MS, type Reading } from './events.js';

/** `wallClock` (optional) also measures how long the engine itself takes, in real time. */
export async function run(print: Print, { wallClock }: { wallClock?: Clock } = {}): Promise<void> {
  print('micro-batches: Trigger.ProcessingTime(1 second)');
  await runQuery(print, new Stopwatch(wallClock), 'micro-batch');
  print('continuous: Trigger.Continuous(1 second)');
  await runQuery(print, new Stopwatch(wallClock), 'continuous');
  print('continuous, counting alerts per sensor:');
  await refuseAggregation(print);
}

/** Continuous mode keeps no state, so it refuses an aggregation when the query starts. */
async function refuseAggregation(print: Print): Promise<void> {
  const sc = new SparkContext({ master: 'local[2]', appName: 'continuous-mode', clock: new ManualClock() });
  const spark = SparkSession.builder().sparkContext(sc).getOrCreate();
  const readings = new MemoryStream(new StructType().add('sensor', 'string').add('celsius', 'double'));
  const alertsPerSensor = readings.toDF(spark).where(col('celsius').gt(ALERT_ABOVE_CELSIUS)).groupBy('sensor').count();
  try {
    await alertsPerSensor.writeStream.outputMode('update').format('memory').queryName('alertsPerSensor').trigger(Trigger.Continuous(INTERVAL_MS)).start().stop();
  } catch (error) {
    print(`${(error as Error).name}: ${(error as Error).message}`);
  } finally {
    await sc.stop();
  }
}

async function runQuery(print: Print, stopwatch: Stopwatch, mode: 'micro-batch' | 'continuous'): Promise<void> {
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'continuous-mode', clock });
  const spark = SparkSession.builder().sparkContext(sc).getOrCreate();
  const readings = new MemoryStream(new StructType().add('sensor', 'string').add('celsius', 'double').add('arrivalMs', 'long'));

  // The same stateless query for both triggers.
  const alerts: DataFrame = readings.toDF(spark).where(col('celsius').gt(ALERT_ABOVE_CELSIUS));

  // A foreach writer sees each row when the engine hands it over, so it can note the time. Its
  // epoch is the batch id in micro-batches, and the checkpoint interval's count in continuous mode.
  let epoch = -1;
  const writer: ForeachWriter = {
    open: (_partitionId, epochId) => ((epoch = epochId), true),
    process: (alert: Row) => {
      const arrivalMs = alert['arrivalMs'] as number;
      const writtenMs = clock.getTimeMillis();
      const wait = writtenMs === arrivalMs ? 'no wait' : `waited ${writtenMs - arrivalMs} ms for the trigger`;
      const where = mode === 'continuous' ? `epoch ${epoch}` : `batch ${epoch}`;
      print(`alert ${alert['sensor']} ${alert['celsius']} °C: arrived at ${arrivalMs} ms, written at ${writtenMs} ms (${where}, ${wait}${stopwatch.elapsed(`${alert['sensor']}${arrivalMs}`)})`);
    },
    close: () => undefined,
  };
  const trigger = mode === 'continuous' ? Trigger.Continuous(INTERVAL_MS) : Trigger.ProcessingTime(INTERVAL_MS);
  const driver = TriggerDriver.attach(spark, clock);
  const query = alerts.writeStream.foreach(writer).trigger(trigger).start();

  const handOver = (r: Reading) => {
    stopwatch.start(`${r.sensor}${r.arrivalMs}`);
    readings.addData({ sensor: r.sensor, celsius: r.celsius, arrivalMs: r.arrivalMs });
  };
  try {
    if (mode === 'micro-batch') {
      // The engine looks at its input only at trigger times: a reading that arrived during a
      // second is read by the trigger at the end of it.
      await driver.settle();
      for (const arrivals of arrivalsPerBatch(READINGS, INTERVAL_MS, UNTIL_MS)) {
        arrivals.forEach(handOver);
        await driver.advance(INTERVAL_MS);
      }
    } else {
      // The engine reads each reading as it arrives: move the clock to the arrival, hand the
      // reading over, and let the engine finish what it does with it.
      for (const r of READINGS) {
        clock.setTime(r.arrivalMs);
        await untilIdle(query);
        handOver(r);
        await untilIdle(query);
      }
      clock.setTime(UNTIL_MS);
      await untilIdle(query);
    }
  } finally {
    await query.stop();
    await sc.stop();
  }
}

/** Waits until the continuous query has read everything its source has and waits for the clock. */
async function untilIdle(query: StreamingQuery): Promise<void> {
  do await settle();
  while (query.isActive && !query.execution.isWaitingForTrigger);
  const error = query.exception();
  if (error) throw error;
}

runWhenMain(import.meta.url, run);
