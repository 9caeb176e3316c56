/**
 * Names the record a user function failed on, in the error that fails the task, so a job aborted
 * by one bad record says which record it was. Spark has no single counterpart: its tasks report
 * the exception only, and users find the record in the executor logs; here the record travels in
 * the message (`... (while processing record: "x,1")`), through retries and into the job abort.
 *
 * The error keeps its class (same prototype, same own fields such as `errorClass`), and `cause`
 * holds the original error, so code that switches on the class or inspects the original still works.
 */
import { inspect } from 'node:util';
import { FetchFailedError } from '../shuffle/MapOutputTracker.js';
import { isPlainObject } from '../util/isPlainObject.js';

/** Records are quoted up to this many characters; longer ones are cut and say so. */
export const MAX_RECORD_CHARS = 200;

/** Marks an error that already names its record, so an outer operation does not name another. */
const RECORD_ATTACHED: unique symbol = Symbol.for('twinstream.recordAttached');

/** The record as a user reads it: JSON for strings, numbers, arrays and plain objects, else inspect(). */
export function describeRecord(record: unknown): string {
  let text: string | undefined;
  if (record === null || typeof record === 'string' || typeof record === 'number' || typeof record === 'boolean' || Array.isArray(record) || isPlainObject(record)) {
    try {
      text = JSON.stringify(record);
    } catch {
      // A cycle or a bigint inside: inspect() below renders both.
    }
  }
  text ??= inspect(record, { depth: 2, breakLength: Infinity });
  if (text.length <= MAX_RECORD_CHARS) return text;
  return `${text.slice(0, MAX_RECORD_CHARS)}... (truncated to ${MAX_RECORD_CHARS} of ${text.length} characters)`;
}

/**
 * `thrown` with ` (while processing record: <record>)` appended to its message: an error of the
 * same class whose `cause` is `thrown`. An error that already names a record, and the engine's
 * own fetch failures, are returned as they are.
 */
export function attachRecord(thrown: unknown, record: unknown): unknown {
  if (thrown instanceof FetchFailedError) return thrown;
  const original = thrown instanceof Error ? thrown : new Error(String(thrown));
  if ((original as Error & { [RECORD_ATTACHED]?: true })[RECORD_ATTACHED]) return original;
  const message = `${original.message} (while processing record: ${describeRecord(record)})`;
  // Same prototype and own fields: `instanceof`, `name` and `errorClass`/`retryable` stay as they were.
  const named = Object.create(Object.getPrototypeOf(original) as object) as Error;
  Object.defineProperties(named, Object.getOwnPropertyDescriptors(original));
  Object.defineProperty(named, 'message', { value: message, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(named, 'cause', { value: thrown, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(named, RECORD_ATTACHED, { value: true, enumerable: false });
  const head = `${original.name}: ${original.message}`;
  if (typeof original.stack === 'string' && original.stack.startsWith(head)) {
    Object.defineProperty(named, 'stack', { value: `${original.name}: ${message}${original.stack.slice(head.length)}`, writable: true, configurable: true, enumerable: false });
  }
  return named;
}
