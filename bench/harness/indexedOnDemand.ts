/**
 * An exact answer whose identity index is built when first read (by the comparison, after the
 * run) instead of with the answer: the index holds a string per row (`start|end|key`), ~45 bytes
 * per input record of a filter run at 240k/s, which a real-time trial would otherwise carry
 * through the whole run in the heap its engine collects in. No Spark counterpart.
 */
import type { OracleAnswer } from '../oracle/OracleTable.js';
import { rowIdentity } from '../oracle/ResultRow.js';
import type { OracleRow } from '../oracle/ResultRow.js';

/**
 * The same rows as `answer`, without its index until something asks for it. Drop the reference to
 * `answer` afterwards, or its own index stays alive with it.
 *
 * @example
 * const oracle = indexedOnDemand(workload.oracle(events, params));
 */
export function indexedOnDemand(answer: OracleAnswer): OracleAnswer {
  const rows = answer.rows;
  let index: Map<string, OracleRow> | undefined;
  return {
    rows,
    get byIdentity(): ReadonlyMap<string, OracleRow> {
      return (index ??= new Map(rows.map((row) => [rowIdentity(row), row])));
    },
  };
}
