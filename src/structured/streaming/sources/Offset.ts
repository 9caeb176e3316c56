/**
 * Source offsets: JSON values a source can be asked to resume from. Spark:
 * sql/core/.../execution/streaming/Offset.scala, LongOffset.scala, SerializedOffset.scala.
 *
 * Spark keeps an offset as its JSON text (`SerializedOffset`) and lets each source parse it; here
 * an offset is the parsed JSON value itself, so the offset log stores `JSON.stringify(offset)` and
 * gives back `JSON.parse(line)`. Two offsets are equal when their canonical JSON is equal.
 */

/** A value JSON can hold exactly. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A position in a source's stream: a LongOffset is a number, a Kafka-style offset is
 * `{"topic":{"0":23}}`, a file source offset is `{"logOffset":3}`.
 */
export type Offset = JsonValue;

/**
 * JSON with object keys sorted at every level, so equal values always encode to the same text.
 * Integer-like keys sort numerically first (as JavaScript orders them), then the others by code unit.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // Plain loops and string appends: every state store key goes through here on every get, put
  // and remove, and the map/filter/join version was ~10% of a windowed count's profile.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (compareKeys(keys[i - 1]!, keys[i]!) > 0) {
      keys.sort(compareKeys);
      break;
    }
  }
  let out = '{';
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/** Whether two offsets denote the same position (canonical JSON equality). */
export function offsetEquals(a: Offset | undefined, b: Offset | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

const INDEX = /^(0|[1-9]\d*)$/;

/** canonicalJson's order of object keys: array indexes first, numerically, then the rest by code unit. */
export function compareKeys(a: string, b: string): number {
  const aIndex = INDEX.test(a);
  const bIndex = INDEX.test(b);
  if (aIndex && bIndex) return Number(a) - Number(b);
  if (aIndex !== bIndex) return aIndex ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
