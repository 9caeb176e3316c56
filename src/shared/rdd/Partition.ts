/**
 * One slice of an RDD's data, identified by its index. Spark: core/.../Partition.scala.
 */
export interface Partition {
  readonly index: number;
}
