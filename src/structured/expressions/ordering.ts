/**
 * Value equality and ordering for SQL values held as JS values. Spark: catalyst's
 * PhysicalDataType orderings and SQLOrderingUtil (NaN equals NaN and sorts above every number).
 */
import { registerBuiltin } from '../../shared/util/builtinFunctions.js';

/** Total order of two non-null values of one type: numbers, strings, booleans, arrays, structs. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    const aNaN = Number.isNaN(a);
    const bNaN = Number.isNaN(b);
    return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compareNullable(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const key of Object.keys(ao)) {
      const c = compareNullable(ao[key] ?? null, bo[key] ?? null);
      if (c !== 0) return c;
    }
    return 0;
  }
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** compareValues with null first (as ASC NULLS FIRST). */
export function compareNullable(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  return compareValues(a, b);
}

/** SQL `=` on two non-null values: deep for arrays and structs, NaN equals NaN. */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return compareValues(a, b) === 0;
  return false;
}

// Generated code references these; worker executors find them by name (ShippableCode.ts).
registerBuiltin('structured.compareValues', compareValues);
registerBuiltin('structured.valueEquals', valueEquals);
