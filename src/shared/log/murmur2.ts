/**
 * Kafka's key hash, so a keyed record lands in the partition a Kafka producer would choose.
 * Kafka: clients/.../common/utils/Utils.java (murmur2, toPositive) as used by its default
 * partitioner: partition = toPositive(murmur2(utf8(key))) % numPartitions.
 */

const M = 0x5bd1e995;
const SEED = 0x9747b28c;
const encoder = new TextEncoder();

/** The 32-bit signed murmur2 hash of a key's UTF-8 bytes, as Kafka computes it. */
export function murmur2(key: string): number {
  const data = encoder.encode(key);
  const length = data.length;
  let h = SEED ^ length;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The tail bytes fall through, as in Kafka's switch: 3 bytes mix in all three.
  const tail = length % 4;
  if (tail === 3) h ^= data[whole + 2] << 16;
  if (tail >= 2) h ^= data[whole + 1] << 8;
  if (tail >= 1) h = Math.imul(h ^ data[whole], M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's partition for a key: the non-negative murmur2 hash modulo the partition count. */
export function partitionForKey(key: string, numPartitions: number): number {
  return (murmur2(key) & 0x7fffffff) % numPartitions;
}
