/**
 * A cheap estimate of how many bytes records take when they cross to another executor.
 * Spark: core/.../util/SizeEstimator.scala (which walks JVM objects and samples large arrays).
 *
 * Differs from Spark: the sizes are those of a structured-clone copy (2 bytes per UTF-16 code
 * unit, 8 per number), not of JVM objects. Large buckets are sampled at evenly spaced positions,
 * so the estimate is deterministic: the same bucket always reports the same size.
 */

/** Records looked at per bucket; more only refines an estimate that is already within a few %. */
const SAMPLE_SIZE = 64;
/** Nesting below this depth counts as a fixed size, so a deep or cyclic value cannot stall a task. */
const MAX_DEPTH = 8;

/** The estimated size of one value, in bytes. */
export function estimateSize(value: unknown, depth = 0): number {
  switch (typeof value) {
    case 'number':
      return 8;
    case 'string':
      return 4 + 2 * value.length;
    case 'boolean':
      return 1;
    case 'bigint':
      return 16;
    case 'undefined':
      return 1;
    case 'object': {
      if (value === null) return 1;
      if (depth >= MAX_DEPTH) return 16;
      if (Array.isArray(value)) {
        let size = 8;
        for (const item of value) size += estimateSize(item, depth + 1);
        return size;
      }
      if (ArrayBuffer.isView(value)) return 16 + value.byteLength;
      let size = 8;
      for (const [key, item] of Object.entries(value)) size += 4 + 2 * key.length + estimateSize(item, depth + 1);
      return size;
    }
    default:
      return 8;
  }
}

/** The estimated size of a bucket of records: exact up to 64 records, sampled above. */
export function estimateBucketSize(records: readonly unknown[]): number {
  const n = records.length;
  if (n <= SAMPLE_SIZE) {
    let size = 0;
    for (const record of records) size += estimateSize(record);
    return size;
  }
  let sampled = 0;
  for (let i = 0; i < SAMPLE_SIZE; i++) sampled += estimateSize(records[Math.floor((i * n) / SAMPLE_SIZE)]);
  return Math.round((sampled * n) / SAMPLE_SIZE);
}
