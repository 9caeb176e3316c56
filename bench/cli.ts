/**
 * The `twinstream` command line. Until the harness is wired in, `compare` runs a small RDD demo.
 */
import { SparkContext } from '../src/index.js';

const sc = new SparkContext({ master: 'local[2]' });
const words = ['spark', 'stream', 'batch', 'spark', 'window', 'stream', 'spark'];
const counts = await sc
  .parallelize(words, 2)
  .map((w) => [w, 1] as [string, number])
  .reduceByKey((a, b) => a + b)
  .sortByKey()
  .collect();
console.log(counts.map(([w, n]) => `${w}\t${n}`).join('\n'));
await sc.stop();
