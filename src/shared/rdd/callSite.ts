/**
 * The public operation an RDD was created by ("map", "reduceByKey"), shown in toDebugString.
 * Spark: core/.../util/CallSite.scala and RDDOperationScope.withScope.
 *
 * Differs from Spark: Spark names the user's source line ("map at WordCount.scala:12"); a
 * JavaScript stack trace is too costly to take per RDD, so only the operation is named. Nested
 * operations keep the outermost name, so the RDDs a join builds internally all say "join", as in
 * Spark.
 */

let current: string | undefined;

/** Runs `body` with `operation` as the creation site of every RDD it creates (outermost wins). */
export function withCallSite<R>(operation: string, body: () => R): R {
  if (current !== undefined) return body();
  current = operation;
  try {
    return body();
  } finally {
    current = undefined;
  }
}

/** The operation currently creating RDDs, if any. */
export function currentCallSite(): string | undefined {
  return current;
}
