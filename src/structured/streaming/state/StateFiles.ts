/**
 * The text formats of state store files: `<version>.delta` (the changes of one version) and
 * `<version>.snapshot` (every entry at one version). Spark: HDFSBackedStateStoreProvider's
 * writeUpdateToDeltaFile / writeRemoveToDeltaFile / writeSnapshotFile, which end each file with
 * a -1 marker so a truncated file is detected.
 *
 * Differs from Spark: text, not compressed UnsafeRow bytes. A delta file:
 * ```
 * v1
 * ["put",["a",1],{"count":2}]
 * ["remove",["b",1]]
 * {"end":2}
 * ```
 * A snapshot file has `[key,value]` lines and the same end line. The end line counts the records,
 * so a file cut anywhere is refused.
 */
import type { JsonValue } from '../sources/Offset.js';
import { StateStoreErrors } from '../streamingErrors.js';

/** One key of a state map: the decoded key kept beside its canonical JSON (the map key). */
export interface StateMapEntry {
  readonly key: JsonValue;
  readonly value: JsonValue;
}

/** The entries of one version, keyed by the canonical JSON of each key. */
export type StateMap = Map<string, StateMapEntry>;

/** A change recorded in a version: an entry to put, or `undefined` for a removal. */
export type StateChanges = Map<string, StateMapEntry | undefined>;

const VERSION_LINE = 'v1';

/**
 * The text of a delta file holding `changes` (puts and removals, in the order of the version's
 * entries: a key that took a new place at the end comes where it went). A key in `moved` was
 * removed and put again: it gets a removal before its put, so a replay moves it to the end as
 * the version in memory did, where a put alone would leave it in its old place.
 */
export function encodeDelta(changes: StateChanges, moved?: ReadonlySet<string>): string {
  const lines = [VERSION_LINE];
  for (const [keyJson, entry] of changes) {
    if (entry === undefined) lines.push(`["remove",${keyJson}]`);
    else {
      if (moved?.has(keyJson)) lines.push(`["remove",${keyJson}]`);
      lines.push(`["put",${keyJson},${JSON.stringify(entry.value)}]`);
    }
  }
  lines.push(`{"end":${lines.length - 1}}`);
  return lines.join('\n');
}

/** The text of a snapshot file holding every entry of a version, in its order. */
export function encodeSnapshot(entries: Iterable<readonly [string, StateMapEntry]>): string {
  const lines = [VERSION_LINE];
  for (const [keyJson, entry] of entries) lines.push(`[${keyJson},${JSON.stringify(entry.value)}]`);
  lines.push(`{"end":${lines.length - 1}}`);
  return lines.join('\n');
}

/**
 * Applies the changes of a delta file to `map`, in file order.
 * @throws IllegalStateError CANNOT_LOAD_STATE_STORE naming `file` when it is damaged
 */
export function applyDelta(text: string, file: string, map: StateMap, encodeKey: (key: JsonValue) => string): void {
  for (const [record, lineNumber] of readRecords(text, file)) {
    const op = record[0];
    if (op === 'put' && record.length === 3) {
      map.set(encodeKey(record[1]!), { key: record[1]!, value: record[2]! });
    } else if (op === 'remove' && record.length === 2) {
      map.delete(encodeKey(record[1]!));
    } else {
      throw StateStoreErrors.damagedFile(file, `line ${lineNumber} is neither ["put",key,value] nor ["remove",key]`);
    }
  }
}

/**
 * The entries of a snapshot file.
 * @throws IllegalStateError CANNOT_LOAD_STATE_STORE naming `file` when it is damaged
 */
export function decodeSnapshot(text: string, file: string, encodeKey: (key: JsonValue) => string): StateMap {
  const map: StateMap = new Map();
  for (const [record, lineNumber] of readRecords(text, file)) {
    if (record.length !== 2) throw StateStoreErrors.damagedFile(file, `line ${lineNumber} is not a [key,value] pair`);
    map.set(encodeKey(record[0]!), { key: record[0]!, value: record[1]! });
  }
  return map;
}

/** The record lines of a state file with their 1-based line numbers, after checking its frame. */
function readRecords(text: string, file: string): Array<[JsonValue[], number]> {
  const lines = text.split('\n');
  if (text.length === 0) throw StateStoreErrors.damagedFile(file, 'it is empty');
  if (lines[0] !== VERSION_LINE) {
    const found = lines[0]!.length > 20 ? `${lines[0]!.slice(0, 17)}...` : lines[0]!;
    throw StateStoreErrors.damagedFile(file, `its first line should be ${VERSION_LINE}, but it is ${JSON.stringify(found)}`);
  }
  const recordCount = lines.length - 2;
  const endCount = lines.length > 1 ? endMarkerCount(lines[lines.length - 1]!) : undefined;
  if (endCount === undefined) {
    throw StateStoreErrors.damagedFile(file, 'it does not end with its {"end":<count>} line, so it was cut short');
  }
  if (endCount !== recordCount) {
    throw StateStoreErrors.damagedFile(file, `its end line counts ${endCount} records, but it holds ${recordCount}`);
  }
  const records: Array<[JsonValue[], number]> = [];
  for (let i = 1; i < lines.length - 1; i++) {
    const record = parseLine(lines[i]!, i + 1, file);
    if (!Array.isArray(record)) throw StateStoreErrors.damagedFile(file, `line ${i + 1} is not a JSON array`);
    records.push([record, i + 1]);
  }
  return records;
}

function parseLine(line: string, lineNumber: number, file: string): JsonValue {
  try {
    return JSON.parse(line) as JsonValue;
  } catch (error) {
    throw StateStoreErrors.damagedFile(file, `line ${lineNumber} is not JSON (${(error as Error).message})`);
  }
}

/** The count of an end line, or undefined when the line is not one (a cut file ends mid-record). */
function endMarkerCount(line: string): number | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { end } = value as Record<string, unknown>;
  return typeof end === 'number' && Object.keys(value).length === 1 ? end : undefined;
}
