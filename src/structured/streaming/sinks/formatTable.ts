/**
 * The default table of the console sink: Spark's show() layout over plain rows. Spark:
 * sql/core/.../Dataset.scala (showString). The session can inject DataFrame's own show formatter
 * instead; this one exists so the sink works on its own.
 */
import { formatValue } from '../../types/formatValue.js';
import type { StructType } from '../../types/StructType.js';
import type { Row } from '../sources/Source.js';

/** Renders up to `numRows` rows as show() does; truncate cuts cells to 20 characters and right-aligns. */
export type TableFormatter = (rows: readonly Row[], schema: StructType, numRows: number, truncate: boolean) => string;

const CELL_WIDTH = 20;

/**
 * `+---+` borders, a header row, one row per record, and `only showing top N rows` when rows were left out.
 * @example
 * formatTable([{ a: 1 }], schema, 20, true);   // '+---+\n|  a|\n+---+\n|  1|\n+---+\n'
 */
export const formatTable: TableFormatter = (rows, schema, numRows, truncate) => {
  const cut = (s: string): string => (!truncate || s.length <= CELL_WIDTH ? s : `${s.slice(0, CELL_WIDTH - 3)}...`);
  const escape = (s: string): string => s.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  const header = schema.fields.map((f) => cut(f.name));
  const cells = rows.slice(0, numRows).map((row) => schema.fields.map((f) => cut(escape(formatValue(row[f.name] ?? null, f.dataType)))));
  const widths = header.map((_, i) => Math.max(3, ...[header, ...cells].map((r) => r[i]!.length)));
  const pad = (s: string, i: number): string => (truncate ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (r: string[]): string => `|${r.map(pad).join('|')}|\n`;
  const sep = `+${widths.map((w) => '-'.repeat(w)).join('+')}+\n`;
  const footer = rows.length > numRows ? `only showing top ${numRows} ${numRows === 1 ? 'row' : 'rows'}\n` : '';
  return sep + line(header) + sep + cells.map(line).join('') + sep + footer;
};
