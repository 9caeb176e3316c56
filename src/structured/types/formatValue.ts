/**
 * Renders values the way Spark shows them: Java's Double.toString for doubles, `yyyy-MM-dd
 * HH:mm:ss[.SSS]` (UTC) for timestamps, `[a, b]` for arrays and `{a, b}` for structs.
 * Spark: sql/core/.../execution/HiveResult.scala and Dataset.showString's cell formatting.
 */
import { ArrayType } from './ArrayType.js';
import { DoubleType, TimestampType, type DataType } from './DataType.js';
import { StructType } from './StructType.js';

/** Java's Double.toString: `1.0`, `0.5`, `1.0E7`, `1.5E-4`, `NaN`, `Infinity`. */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = d.toExponential().split('e') as [string, string];
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `2024-01-02 03:04:05` in UTC; milliseconds are added only when non-zero (`...:05.12`), as Spark trims them. */
export function formatTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  const ms = d.getUTCMilliseconds();
  return ms === 0 ? base : `${base}.${pad(ms, 3).replace(/0+$/, '')}`;
}

/** A value as show() prints it in a cell; `null` prints as `null`. */
export function formatValue(value: unknown, dataType: DataType): string {
  if (value === null || value === undefined) return 'null';
  if (dataType === DoubleType) return javaDoubleToString(value as number);
  if (dataType === TimestampType) return formatTimestamp(value as number);
  if (dataType instanceof ArrayType) {
    return `[${(value as unknown[]).map((v) => formatValue(v, dataType.elementType)).join(', ')}]`;
  }
  if (dataType instanceof StructType) {
    const obj = value as Record<string, unknown>;
    return `{${dataType.fields.map((f) => formatValue(obj[f.name] ?? null, f.dataType)).join(', ')}}`;
  }
  return String(value);
}
