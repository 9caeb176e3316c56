/**
 * Creates the rate estimator of an input when backpressure is on. Spark:
 * streaming/.../scheduler/rate/RateEstimator.scala (RateEstimator.create).
 */
import { IllegalArgumentError } from '../../../shared/index.js';
import type { StreamingContext } from '../../StreamingContext.js';
import { PIDRateEstimator } from './PIDRateEstimator.js';

/** A PID estimator configured from spark.streaming.backpressure.pid.*, or undefined without backpressure. */
export function rateEstimatorFor(ssc: StreamingContext): PIDRateEstimator | undefined {
  const conf = ssc.conf;
  if (!conf.getBoolean('spark.streaming.backpressure.enabled', false)) return undefined;
  const kind = conf.get('spark.streaming.backpressure.rateEstimator') ?? 'pid';
  if (kind !== 'pid') {
    throw new IllegalArgumentError('UNKNOWN_RATE_ESTIMATOR', `Unknown rate estimator: ${kind}. The only estimator is "pid"; remove spark.streaming.backpressure.rateEstimator or set it to pid.`);
  }
  const num = (key: string, fallback: number) => Number(conf.get(`spark.streaming.backpressure.pid.${key}`) ?? fallback);
  return new PIDRateEstimator(ssc.graph.batchDuration.milliseconds, {
    proportional: num('proportional', 1.0),
    integral: num('integral', 0.2),
    derivative: num('derived', 0.0),
    minRate: num('minRate', 100),
  });
}
