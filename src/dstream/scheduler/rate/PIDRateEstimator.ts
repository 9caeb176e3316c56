/**
 * Estimates how many records per second an input can take, from how fast the last batches were
 * processed. Spark: streaming/.../scheduler/rate/PIDRateEstimator.scala.
 *
 * A PID controller on the error between the current rate and the observed processing rate:
 *   error           = latestRate - processingRate
 *   historicalError = schedulingDelay * processingRate / batchInterval   (the backlog, in records/s)
 *   newRate         = max(latestRate - kp * error - ki * historicalError - kd * dError/dt, minRate)
 */
import { StreamingErrors } from '../../errors.js';

/** Spark's defaults: proportional 1.0, integral 0.2, derivative 0.0, minRate 100. */
export interface PIDRateEstimatorOptions {
  readonly proportional?: number;
  readonly integral?: number;
  readonly derivative?: number;
  readonly minRate?: number;
}

/** The rate estimator Spark uses by default (spark.streaming.backpressure.rateEstimator=pid). */
export class PIDRateEstimator {
  readonly proportional: number;
  readonly integral: number;
  readonly derivative: number;
  readonly minRate: number;
  #firstRun = true;
  #latestTimeMs = -1;
  #latestRate = -1;
  #latestError = -1;

  constructor(
    readonly batchIntervalMs: number,
    options: PIDRateEstimatorOptions = {},
  ) {
    this.proportional = options.proportional ?? 1.0;
    this.integral = options.integral ?? 0.2;
    this.derivative = options.derivative ?? 0.0;
    this.minRate = options.minRate ?? 100;
    // Spark's require()s: a positive interval and minimum rate, non-negative gains.
    if (batchIntervalMs <= 0) throw StreamingErrors.invalidEstimatorParameter('batchIntervalMs', batchIntervalMs, 'must be > 0');
    if (this.proportional < 0) throw StreamingErrors.invalidEstimatorParameter('spark.streaming.backpressure.pid.proportional', this.proportional, 'must be >= 0');
    if (this.integral < 0) throw StreamingErrors.invalidEstimatorParameter('spark.streaming.backpressure.pid.integral', this.integral, 'must be >= 0');
    if (this.derivative < 0) throw StreamingErrors.invalidEstimatorParameter('spark.streaming.backpressure.pid.derived', this.derivative, 'must be >= 0');
    if (this.minRate <= 0) throw StreamingErrors.invalidEstimatorParameter('spark.streaming.backpressure.pid.minRate', this.minRate, 'must be > 0');
  }

  /**
   * A new rate from a completed batch, or undefined on the first batch (which only sets the
   * baseline), for a batch without records, or for a time not after the last update.
   */
  compute(timeMs: number, numElements: number, processingDelayMs: number, schedulingDelayMs: number): number | undefined {
    if (!(timeMs > this.#latestTimeMs && numElements > 0 && processingDelayMs > 0)) return undefined;
    const delaySinceUpdateSec = (timeMs - this.#latestTimeMs) / 1000;
    const processingRate = (numElements / processingDelayMs) * 1000;
    const error = this.#latestRate - processingRate;
    const historicalError = (schedulingDelayMs * processingRate) / this.batchIntervalMs;
    const dError = (error - this.#latestError) / delaySinceUpdateSec;
    const newRate = Math.max(this.#latestRate - this.proportional * error - this.integral * historicalError - this.derivative * dError, this.minRate);
    this.#latestTimeMs = timeMs;
    if (this.#firstRun) {
      this.#latestRate = processingRate;
      this.#latestError = 0;
      this.#firstRun = false;
      return undefined;
    }
    this.#latestRate = newRate;
    this.#latestError = error;
    return newRate;
  }
}
