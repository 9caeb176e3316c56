/**
 * Durations as people type them on the command line (`500ms`, `2s`, `1m`, `1h`). Spark:
 * common/utils/.../JavaUtils.timeStringAs, which reads the same suffixes.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Reads a duration with a unit suffix into milliseconds; `0` alone is allowed. Returns undefined
 * for anything else, so the caller can say which flag was wrong.
 *
 * @example
 * parseDurationMs('1.5s'); // 1500
 * parseDurationMs('5');    // undefined: a unit is required
 */
export function parseDurationMs(text: string): number | undefined {
  if (text === '0') return 0;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) return undefined;
  const valueMs = Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  return Number.isFinite(valueMs) ? Math.round(valueMs) : undefined;
}

/**
 * Writes milliseconds in the largest unit that keeps the number whole, the inverse of
 * {@link parseDurationMs}: `formatDurationMs(1500)` is `1500ms`, `formatDurationMs(60000)` is `1m`.
 */
export function formatDurationMs(durationMs: number): string {
  if (durationMs === 0) return '0';
  for (const unit of ['h', 'm', 's'] as const) {
    const unitMs = UNIT_MS[unit] as number;
    if (durationMs % unitMs === 0) return `${durationMs / unitMs}${unit}`;
  }
  return `${durationMs}ms`;
}
