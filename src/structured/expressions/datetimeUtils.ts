/**
 * Parsing timestamps from strings, in UTC. Spark: sql/catalyst/.../util/DateTimeUtils.scala
 * (stringToTimestamp) and TimestampFormatter for explicit patterns.
 *
 * Differs from Spark: the session time zone is always UTC.
 */

const DEFAULT_FORMAT =
  /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?\s*$/;

/** `2024-01-02`, `2024-01-02 03:04:05[.fff]`, ISO `2024-01-02T03:04:05Z` to epoch ms; null when it does not parse. */
export function stringToTimestamp(s: string): number | null {
  const m = DEFAULT_FORMAT.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), ms);
  if (!validDate(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0))) return null;
  return utc - zoneOffsetMs(zone);
}

function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'UTC') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

const PATTERN_TOKENS: Record<string, string> = {
  yyyy: '(\\d{4})',
  MM: '(\\d{2})',
  dd: '(\\d{2})',
  HH: '(\\d{2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  SSS: '(\\d{3})',
};

interface CompiledPattern {
  readonly regex: RegExp;
  readonly fields: readonly string[];
}

const compiledPatterns = new Map<string, CompiledPattern>();

/** Compiles a Java-style pattern (yyyy, MM, dd, HH, mm, ss, SSS, 'quoted' text) once. */
function compilePattern(pattern: string): CompiledPattern {
  const cached = compiledPatterns.get(pattern);
  if (cached) return cached;
  let source = '^';
  const fields: string[] = [];
  let i = 0;
  while (i < pattern.length) {
    if (pattern[i] === "'") {
      const end = pattern.indexOf("'", i + 1);
      const literal = pattern.slice(i + 1, end < 0 ? pattern.length : end);
      source += literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    const token = Object.keys(PATTERN_TOKENS).find((t) => pattern.startsWith(t, i));
    if (token) {
      source += PATTERN_TOKENS[token];
      fields.push(token);
      i += token.length;
    } else {
      source += pattern[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  const compiled = { regex: new RegExp(source + '$'), fields };
  compiledPatterns.set(pattern, compiled);
  return compiled;
}

/** Parses `s` with a pattern such as `yyyy-MM-dd HH:mm:ss` (UTC); null when it does not match. */
export function parseTimestampWithPattern(s: string, pattern: string): number | null {
  const { regex, fields } = compilePattern(pattern);
  const m = regex.exec(s);
  if (!m) return null;
  const parts: Record<string, number> = { yyyy: 1970, MM: 1, dd: 1, HH: 0, mm: 0, ss: 0, SSS: 0 };
  fields.forEach((f, i) => {
    parts[f] = Number(m[i + 1]);
  });
  const { yyyy, MM, dd, HH, mm, ss, SSS } = parts as Record<string, number>;
  if (!validDate(yyyy!, MM!, dd!, HH!, mm!, ss!)) return null;
  return Date.UTC(yyyy!, MM! - 1, dd!, HH!, mm!, ss!, SSS!);
}
