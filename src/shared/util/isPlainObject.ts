/**
 * Whether a value is a plain object (`{...}` or `Object.create(null)`): a record of fields, not a
 * class instance, array, Date or Map. No Spark counterpart: the JavaScript side of telling a
 * struct-like value from an object with behaviour.
 */

/** True for object literals and null-prototype objects; false for everything else. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
