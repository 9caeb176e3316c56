/**
 * Sorting by key through a range-partitioned shuffle. Spark: core/.../rdd/OrderedRDDFunctions.scala.
 */
import { bind } from '../util/closure.js';
import { RangePartitioner } from '../partitioner/RangePartitioner.js';
import { ShuffledRDD, type RDD } from './internal.js';

/** The bodies of sortByKey and sortBy. */
export const orderedFunctions = {
  sortByKey<K, V>(rdd: RDD<[K, V]>, ascending: boolean, numPartitions?: number): RDD<[K, V]> {
    const n = numPartitions ?? rdd.getNumPartitions();
    const sampler = async (total: number) => {
      const perPartition = Math.max(1, Math.ceil(total / Math.max(1, rdd.getNumPartitions())));
      const sampleKeys = (items: Iterable<[K, V]>, _context: unknown, env: { perPartition: number }) => {
        const keys = Array.from(items, ([k]) => k);
        const step = Math.max(1, Math.floor(keys.length / env.perPartition));
        return keys.filter((_, i) => i % step === 0);
      };
      const samples = await rdd.sc.runJob(rdd, bind(sampleKeys, { perPartition }));
      return samples.flat();
    };
    return new ShuffledRDD<K, V, V>(rdd, new RangePartitioner(n, ascending, undefined, sampler), { ascending });
  },

  sortBy<T, K>(rdd: RDD<T>, f: (item: T) => K, ascending: boolean, numPartitions?: number): RDD<T> {
    return orderedFunctions.sortByKey(rdd.keyBy(f), ascending, numPartitions).map(([, item]) => item);
  },
};
