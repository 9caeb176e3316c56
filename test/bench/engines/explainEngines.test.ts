/**
 * `explain --workload W` for the engines: the DStream graph with one batch's RDD lineage, and the
 * Structured query's plans after its first micro-batch, both from a few records on a manual clock.
 */
import { describe, expect, it } from 'vitest';
import { explainDStream, explainStructured, formatEngineExplain } from '../../../bench/engines/explainEngines.js';
import { adJoin } from '../../../bench/workloads/ad-join.js';
import { lateSensors } from '../../../bench/workloads/late-sensors.js';

describe('engine explain', () => {
  it('late-sensors: the DStream graph output first, and the lineage of the first window batch', async () => {
    const lines = (await explainDStream(lateSensors)).split('\n');
    expect(lines.slice(1, 7)).toEqual([
      'TransformedDStream@5 (slide 5000 ms)',
      '  +- ShuffledDStream@4 (slide 5000 ms)',
      '    +- WindowedDStream@3 (slide 5000 ms)',
      '      +- ShuffledDStream@2 (slide 1000 ms)',
      '        +- MappedDStream@1 (slide 1000 ms)',
      '          +- FeedInputDStream@0 (slide 1000 ms)',
    ]);
    expect(lines[8]).toBe('RDD lineage of the batch at 5000 ms (rdd.toDebugString()):');
    expect(lines[9]).toBe('(2) MapPartitionsRDD[17] at map []');
    expect(lines.filter((l) => l.includes('ParallelCollectionRDD'))).toHaveLength(5);
  });

  it('late-sensors: the Structured plans, with the stateful aggregation in the incremental physical plan', async () => {
    const text = await explainStructured(lateSensors);
    for (const section of ['== Parsed Logical Plan ==', '== Analyzed Logical Plan ==', '== Optimized Logical Plan ==', '== Physical Plan ==']) expect(text).toContain(section);
    expect(text).toContain('StatefulAggregation(keys=[window#3, sensorId#0], functions=[avg(temperature#1), max(temperature#1), count(1)], outputMode=Update, operatorId=0)');
    expect(text).toContain('EventTimeWatermark eventTime#2, 1000 milliseconds');
  });

  it('ad-join: both sides, the windowed DStream join and the symmetric hash join', async () => {
    const text = await formatEngineExplain(adJoin);
    expect(text).toContain('ad-join in the two models');
    expect(text).toContain('WindowedDStream@2 (slide 1000 ms)');
    expect(text).toContain('StreamingSymmetricHashJoin [impressionId#0], [clickImpressionId#2], Inner, operatorId=0');
  });
});
