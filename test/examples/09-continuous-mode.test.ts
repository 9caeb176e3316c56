import { describe, expect, it } from 'vitest';
import { outputOf, readmeOutput } from './support.js';

const FOLDER = '09-continuous-mode';

describe('example 9, continuous mode', () => {
  it('DStream: an alert waits for the end of the batch it arrived in', async () => {
    const lines = await outputOf(FOLDER, 'dstream');
    expect(lines).toEqual([
      'alert s2 31.5 °C: arrived at 420 ms, written at 1000 ms (waited 580 ms for its batch)',
      'alert s3 35.2 °C: arrived at 1300 ms, written at 2000 ms (waited 700 ms for its batch)',
      'alert s1 30.6 °C: arrived at 2050 ms, written at 3000 ms (waited 950 ms for its batch)',
    ]);
    expect(lines).toEqual(readmeOutput(FOLDER, 'dstream'));
  });

  it('Structured: the same filter waits for the trigger in micro-batches, is written on arrival in continuous mode, and an aggregation is refused there', async () => {
    const lines = await outputOf(FOLDER, 'structured');
    expect(lines).toEqual([
      'micro-batches: Trigger.ProcessingTime(1 second)',
      'alert s2 31.5 °C: arrived at 420 ms, written at 1000 ms (batch 0, waited 580 ms for the trigger)',
      'alert s3 35.2 °C: arrived at 1300 ms, written at 2000 ms (batch 1, waited 700 ms for the trigger)',
      'alert s1 30.6 °C: arrived at 2050 ms, written at 3000 ms (batch 2, waited 950 ms for the trigger)',
      'continuous: Trigger.Continuous(1 second)',
      'alert s2 31.5 °C: arrived at 420 ms, written at 420 ms (epoch 0, no wait)',
      'alert s3 35.2 °C: arrived at 1300 ms, written at 1300 ms (epoch 1, no wait)',
      'alert s1 30.6 °C: arrived at 2050 ms, written at 2050 ms (epoch 2, no wait)',
      'continuous, counting alerts per sensor:',
      'AnalysisException: Continuous processing does not support Aggregate operations. Continuous mode runs stateless queries only '
        + '(select, filter, map-like functions); use a micro-batch trigger (Trigger.ProcessingTime) for this query.',
    ]);
    expect(lines).toEqual(readmeOutput(FOLDER, 'structured'));
  });
});
