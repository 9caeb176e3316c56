/**
 * Spark's `show()` table: `+---+` borders, right-aligned cells (left-aligned when truncate is
 * 0), cells cut to `truncate` characters with `...`, and an `only showing top N rows` footer.
 * Spark: sql/core/.../Dataset.scala (showString, getRows).
 */
import type { InternalRow } from '../expressions/Expression.js';
import type { AttributeReference } from '../expressions/NamedExpression.js';
import { formatValue } from '../types/formatValue.js';

/** Newlines and tabs are shown escaped so a cell stays on one line (Spark's escapeMetaCharacters). */
function escapeMeta(s: string): string {
  return s.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\f/g, '\\f').split('\b').join('\\b');
}

function truncateCell(s: string, truncate: number): string {
  if (truncate <= 0 || s.length <= truncate) return s;
  return truncate < 4 ? s.slice(0, truncate) : `${s.slice(0, truncate - 3)}...`;
}

/**
 * The table for `rows` (up to numRows + 1 of them: one more tells whether to print the footer).
 * `truncate` is the cell width limit; 0 means no limit and left alignment.
 */
export function formatShowString(output: readonly AttributeReference[], rows: readonly InternalRow[], numRows: number, truncate: number): string {
  const hasMoreData = rows.length > numRows;
  const header = output.map((a) => truncateCell(a.name, truncate));
  const cells = rows.slice(0, numRows).map((row) =>
    output.map((a, i) => truncateCell(escapeMeta(formatValue(row[i] ?? null, a.dataType)), truncate)),
  );
  const all = [header, ...cells];
  const widths = output.map((_, i) => Math.max(3, ...all.map((r) => r[i]!.length)));
  const pad = (s: string, i: number) => (truncate > 0 ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (r: string[]) => `|${r.map(pad).join('|')}|\n`;
  const sep = `+${widths.map((w) => '-'.repeat(w)).join('+')}+\n`;
  let out = sep + line(header) + sep + cells.map(line).join('') + sep;
  if (hasMoreData) out += `only showing top ${numRows} ${numRows === 1 ? 'row' : 'rows'}\n`;
  return out;
}
