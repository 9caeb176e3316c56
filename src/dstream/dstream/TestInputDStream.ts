/**
 * A replayable input for tests: batch i (1-based) is input[i - 1] cut into numPartitions slices;
 * `null` makes no RDD for that batch. Spark: streaming/src/test/.../TestSuiteBase.scala (TestInputStream).
 *
 * The input is part of the stream's checkpoint, so like a Kafka topic it can be read again after
 * a recovery: this is the input the recovery tests use.
 */
import type { RDD } from '../../shared/index.js';
import type { StreamingContext } from '../StreamingContext.js';
import type { Time } from '../Time.js';
import type { DStreamDescriptor } from './internal.js';
import { InputDStream } from './InputDStream.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** Spark's TestInputStream. */
export class TestInputDStream<T> extends InputDStream<T> {
  constructor(
    ssc: StreamingContext,
    readonly input: readonly (readonly T[] | null)[],
    readonly numPartitions: number,
  ) {
    super(ssc);
  }

  compute(validTime: Time): RDD<T> | undefined {
    const index = validTime.since(this.zeroTime as Time).div(this.slideDuration) - 1;
    const selected = index < this.input.length ? this.input[index] : [];
    if (selected === null) return undefined;
    this.reportInput(validTime, selected.length);
    return this.ssc.sparkContext.parallelize(selected, this.numPartitions);
  }

  describe(): DStreamDescriptor {
    return { kind: 'TestInputDStream', params: { input: this.input, numPartitions: this.numPartitions } };
  }
}

registerDStreamKind('TestInputDStream', (ssc, _parents, p) => new TestInputDStream(ssc, p.input as unknown[][], p.numPartitions as number));
