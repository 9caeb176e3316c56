/**
 * A stateless filter with DStreams: alerts for readings above 30 °C. A reading waits for the end
 * of the batch it arrived in, so the latency is up to one batch interval; DStreams have no
 * continuous mode.
 *
 * Run: npm run example -- continuous-mode
 */
import { ManualClock, Milliseconds, PartitionedLog, SparkContext, StreamingContext } from 'twinstream';
import type { Clock } from 'twinstream';
import { advanceBatches } from 'twinstream/testing';
import { arrivalsPerBatch } from '../shared/arrivals.js';
import type { Print } from '../shared/print.js';
import { runWhenMain } from '../shared/runWhenMain.js';
import { ScratchSpace } from '../shared/ScratchSpace.js';
import { Stopwatch } from '../shared/Stopwatch.js';
import { ALERT_ABOVE_CELSIUS, INTERVAL_MS, READINGS, UNTIL_MS, type Reading } from './events.js';

/** `wallClock` (optional) also measures how long the engine itself takes, in real time. */
export async function run(print: Print, { wallClock }: { wallClock?: Clock } = {}): Promise<void> {
  const scratch = new ScratchSpace();
  const stopwatch = new Stopwatch(wallClock);
  const clock = new ManualClock();
  const sc = new SparkContext({ master: 'local[2]', appName: 'continuous-mode', clock });
  const ssc = new StreamingContext(sc, Milliseconds(INTERVAL_MS));
  const log = PartitionedLog.open(scratch.dir('log'));
  log.createTopic('readings', 1);
  const readings = ssc.directLogStream<Reading>(log, ['readings'], { startingOffsets: 'earliest' });

  readings
    .filter((r) => r.celsius > ALERT_ABOVE_CELSIUS)
    .foreachRDD(async (alerts, batchTime) => {
      for (const alert of await alerts.collect()) {
        const waitedMs = batchTime.milliseconds - alert.arrivalMs;
        print(`alert ${alert.sensor} ${alert.celsius} °C: arrived at ${alert.arrivalMs} ms, written at ${batchTime} (waited ${waitedMs} ms for its batch${stopwatch.elapsed(alert.sensor + alert.arrivalMs)})`);
      }
    });

  ssc.start();
  try {
    for (const arrivals of arrivalsPerBatch(READINGS, INTERVAL_MS, UNTIL_MS)) {
      for (const r of arrivals) stopwatch.start(r.sensor + r.arrivalMs);
      log.append('readings', 0, arrivals);
      await advanceBatches(ssc, 1);
    }
  } finally {
    await ssc.stop();
    scratch.remove();
  }
}

runWhenMain(import.meta.url, run);
