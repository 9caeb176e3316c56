/**
 * The lineage as text, Spark-style: `(2) ShuffledRDD[3] at ...` with one more level of
 * indentation and a `+-` at every shuffle, where the DAG scheduler cuts a stage.
 * Spark: RDD.toDebugString.
 */
import { ShuffleDependency, type RDD } from './internal.js';

/** The debug string of an RDD's lineage. */
export function debugString(rdd: RDD<unknown>): string {
  const lines: string[] = [];
  const visit = (current: RDD<unknown>, prefix: string, isRoot: boolean, stageDepth: number) => {
    const persisted = current.storageLevel.isValid ? ` [${current.storageLevel}]` : '';
    const checkpointed = current.isCheckpointed ? ` (checkpointed to ${current.getCheckpointFile()})` : '';
    const label = `(${current.getNumPartitions()}) ${current.toString()}${persisted}${checkpointed}`;
    lines.push(isRoot ? label : `${prefix}${label}`);
    const deps = current.dependencies;
    for (const dep of deps) {
      if (dep instanceof ShuffleDependency) {
        visit(dep.rdd, `${' '.repeat(2 * stageDepth)} +-`, false, stageDepth + 1);
      } else {
        visit(dep.rdd, `${' '.repeat(2 * stageDepth)} |  `, false, stageDepth);
      }
    }
  };
  visit(rdd, '', true, 0);
  return lines.join('\n');
}
