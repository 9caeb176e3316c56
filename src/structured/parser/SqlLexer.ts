/**
 * Splits a SQL expression into tokens. Spark: sql/catalyst/.../parser/SqlBaseLexer.g4 (a small subset).
 */
import { QueryErrors } from '../errors.js';

/** Token kinds. */
export type TokenKind = 'ident' | 'quotedIdent' | 'number' | 'string' | 'op' | 'eof';

/** One token, with its position in the text for error messages. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly position: number;
}

const OPERATORS = ['<=>', '<>', '!=', '<=', '>=', '==', '||', '&&', '=', '<', '>', '+', '-', '*', '/', '%', '(', ')', ',', '.', '!'];

/**
 * The tokens of `sql`, ending with an `eof` token.
 * @throws AnalysisException PARSE_SYNTAX_ERROR for an unterminated string or an unknown character.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(ch)) {
      while (i < sql.length && /[A-Za-z0-9_]/.test(sql[i]!)) i++;
      tokens.push({ kind: 'ident', text: sql.slice(start, i), position: start });
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      while (i < sql.length && /[0-9]/.test(sql[i]!)) i++;
      if (sql[i] === '.' && /[0-9]/.test(sql[i + 1] ?? '')) {
        i++;
        while (i < sql.length && /[0-9]/.test(sql[i]!)) i++;
      }
      if (/[eE]/.test(sql[i] ?? '') && /[-+0-9]/.test(sql[i + 1] ?? '')) {
        i += 2;
        while (i < sql.length && /[0-9]/.test(sql[i]!)) i++;
      }
      if (/[LlDd]/.test(sql[i] ?? '') && !/[A-Za-z0-9_]/.test(sql[i + 1] ?? '')) i++;
      tokens.push({ kind: 'number', text: sql.slice(start, i), position: start });
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      const { value, end } = readQuoted(sql, i, ch);
      tokens.push({ kind: ch === '`' ? 'quotedIdent' : 'string', text: value, position: start });
      i = end;
      continue;
    }
    const op = OPERATORS.find((o) => sql.startsWith(o, i));
    if (!op) throw QueryErrors.parseError(sql, i, ch, 'an expression');
    tokens.push({ kind: 'op', text: op, position: start });
    i += op.length;
  }
  tokens.push({ kind: 'eof', text: '', position: sql.length });
  return tokens;
}

/** A quoted literal or identifier; the quote doubled or backslash-escaped stands for itself. */
function readQuoted(sql: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === '\\' && quote !== '`' && i + 1 < sql.length) {
      const next = sql[i + 1]!;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i++;
  }
  throw QueryErrors.parseError(sql, start, sql.slice(start), `a closing ${quote}`);
}
