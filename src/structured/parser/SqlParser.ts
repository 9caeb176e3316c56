/**
 * A recursive-descent parser for SQL expressions, as `expr()`, `selectExpr()` and `where(string)`
 * accept them. Spark: sql/catalyst/.../parser/AstBuilder.scala over SqlBaseParser.g4 (the
 * expression rules only).
 *
 * Grammar, loosest binding first:
 * ```
 * named    := expr [[AS] ident]
 * expr     := or
 * or       := and (OR and)*
 * and      := not (AND not)*
 * not      := NOT not | pred
 * pred     := add [cmpOp add | IS [NOT] NULL | [NOT] IN (expr, ...) | [NOT] BETWEEN add AND add | [NOT] LIKE add]
 * add      := mul (('+' | '-' | '||') mul | ('+' | '-') INTERVAL interval)*
 * mul      := unary (('*' | '/' | '%') unary)*
 * unary    := '-' unary | primary ('.' ident)*
 * primary  := literal | CAST '(' expr AS type ')' | CASE WHEN ... END | ident '(' args ')' | name | '(' expr ')' | '*'
 * ```
 */
import { Alias } from '../expressions/Alias.js';
import { Add, Divide, Multiply, Remainder, Subtract, UnaryMinus } from '../expressions/arithmetic.js';
import { Cast } from '../expressions/Cast.js';
import { CaseWhen } from '../expressions/conditionalExpressions.js';
import type { Expression } from '../expressions/Expression.js';
import { In } from '../expressions/In.js';
import { StringPredicate } from '../expressions/Like.js';
import { Literal } from '../expressions/Literal.js';
import { IsNotNull, IsNull } from '../expressions/nullExpressions.js';
import {
  And,
  EqualNullSafe,
  EqualTo,
  GreaterThan,
  GreaterThanOrEqual,
  LessThan,
  LessThanOrEqual,
  Not,
  Or,
} from '../expressions/predicates.js';
import { Concat } from '../expressions/stringExpressions.js';
import { UnresolvedAttribute, UnresolvedExtractValue, UnresolvedFunction, UnresolvedStar } from '../expressions/unresolved.js';
import { QueryErrors } from '../errors.js';
import { DoubleType, LongType } from '../types/DataType.js';
import { TimeAdd } from '../expressions/TimeAdd.js';
import { durationMs } from '../expressions/TimeWindow.js';
import { parseDataType } from '../types/parseDataType.js';
import { type Token, tokenize } from './SqlLexer.js';

const KEYWORDS = new Set(['and', 'or', 'not', 'is', 'null', 'as', 'case', 'when', 'then', 'else', 'end', 'true', 'false', 'cast', 'in', 'between', 'like']);

const COMPARISONS: Record<string, (l: Expression, r: Expression) => Expression> = {
  '=': (l, r) => new EqualTo(l, r),
  '==': (l, r) => new EqualTo(l, r),
  '<=>': (l, r) => new EqualNullSafe(l, r),
  '<>': (l, r) => new Not(new EqualTo(l, r)),
  '!=': (l, r) => new Not(new EqualTo(l, r)),
  '<': (l, r) => new LessThan(l, r),
  '<=': (l, r) => new LessThanOrEqual(l, r),
  '>': (l, r) => new GreaterThan(l, r),
  '>=': (l, r) => new GreaterThanOrEqual(l, r),
};

/** Parses one SQL expression, possibly followed by `AS alias`. */
class Parser {
  #pos = 0;
  readonly #tokens: Token[];

  constructor(readonly sql: string) {
    this.#tokens = tokenize(sql);
  }

  get #peek(): Token {
    return this.#tokens[this.#pos]!;
  }

  #next(): Token {
    return this.#tokens[this.#pos++]!;
  }

  #isKeyword(word: string): boolean {
    const t = this.#peek;
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }

  #acceptKeyword(word: string): boolean {
    if (!this.#isKeyword(word)) return false;
    this.#pos++;
    return true;
  }

  #acceptOp(op: string): boolean {
    const t = this.#peek;
    if (t.kind !== 'op' || t.text !== op) return false;
    this.#pos++;
    return true;
  }

  #fail(expected: string): never {
    const t = this.#peek;
    throw QueryErrors.parseError(this.sql, t.position, t.kind === 'eof' ? '' : t.text, expected);
  }

  #expectKeyword(word: string): void {
    if (!this.#acceptKeyword(word)) this.#fail(word.toUpperCase());
  }

  #expectOp(op: string): void {
    if (!this.#acceptOp(op)) this.#fail(`'${op}'`);
  }

  parseNamed(): Expression {
    if (this.#peek.text === '*' && this.#tokens[this.#pos + 1]?.kind === 'eof') return new UnresolvedStar();
    const e = this.parseExpression();
    let alias: string | undefined;
    if (this.#acceptKeyword('as')) alias = this.#identifier();
    else if (this.#peek.kind === 'ident' && !KEYWORDS.has(this.#peek.text.toLowerCase())) alias = this.#identifier();
    else if (this.#peek.kind === 'quotedIdent') alias = this.#identifier();
    if (this.#peek.kind !== 'eof') this.#fail('end of input');
    return alias === undefined ? e : new Alias(e, alias);
  }

  parseExpression(): Expression {
    return this.#or();
  }

  #identifier(): string {
    const t = this.#next();
    if (t.kind === 'ident' || t.kind === 'quotedIdent') return t.text;
    this.#pos--;
    return this.#fail('an identifier');
  }

  #or(): Expression {
    let e = this.#and();
    while (this.#acceptKeyword('or')) e = new Or(e, this.#and());
    return e;
  }

  #and(): Expression {
    let e = this.#not();
    while (this.#acceptKeyword('and') || this.#acceptOp('&&')) e = new And(e, this.#not());
    return e;
  }

  #not(): Expression {
    if (this.#acceptKeyword('not') || this.#acceptOp('!')) return new Not(this.#not());
    return this.#predicate();
  }

  #predicate(): Expression {
    const left = this.#add();
    const t = this.#peek;
    if (t.kind === 'op' && COMPARISONS[t.text]) {
      this.#pos++;
      return COMPARISONS[t.text]!(left, this.#add());
    }
    if (this.#acceptKeyword('is')) {
      const negated = this.#acceptKeyword('not');
      this.#expectKeyword('null');
      return negated ? new IsNotNull(left) : new IsNull(left);
    }
    const save = this.#pos;
    const negated = this.#acceptKeyword('not');
    if (this.#acceptKeyword('in')) {
      this.#expectOp('(');
      const list: Expression[] = [];
      do list.push(this.parseExpression());
      while (this.#acceptOp(','));
      this.#expectOp(')');
      return maybeNot(negated, new In(left, list));
    }
    if (this.#acceptKeyword('between')) {
      const lower = this.#add();
      this.#expectKeyword('and');
      const upper = this.#add();
      return maybeNot(negated, new And(new GreaterThanOrEqual(left, lower), new LessThanOrEqual(left, upper)));
    }
    if (this.#acceptKeyword('like')) return maybeNot(negated, new StringPredicate('like', left, this.#add()));
    this.#pos = save;
    return left;
  }

  #add(): Expression {
    let e = this.#mul();
    for (;;) {
      if (this.#isOpThenInterval('+')) e = new TimeAdd(e, this.#interval());
      else if (this.#isOpThenInterval('-')) e = new TimeAdd(e, -this.#interval());
      else if (this.#acceptOp('+')) e = new Add(e, this.#mul());
      else if (this.#acceptOp('-')) e = new Subtract(e, this.#mul());
      else if (this.#acceptOp('||')) e = new Concat([e, this.#mul()]);
      else return e;
    }
  }

  /** `+ INTERVAL ...` or `- INTERVAL ...`: consumes the operator only when an interval follows. */
  #isOpThenInterval(op: '+' | '-'): boolean {
    const next = this.#tokens[this.#pos + 1];
    if (this.#peek.kind !== 'op' || this.#peek.text !== op || next?.kind !== 'ident' || next.text.toLowerCase() !== 'interval') return false;
    this.#pos++;
    return true;
  }

  /**
   * `INTERVAL '10 seconds'` or `INTERVAL 10 seconds`, in ms: the time-range conditions of
   * stream-stream joins are written this way in Spark's guide.
   */
  #interval(): number {
    this.#expectKeyword('interval');
    const t = this.#peek;
    if (t.kind === 'string') {
      this.#pos++;
      return durationMs('INTERVAL', t.text);
    }
    if (t.kind !== 'number') return this.#fail("a number or a quoted interval after INTERVAL, e.g. INTERVAL 10 seconds");
    this.#pos++;
    return durationMs('INTERVAL', `${t.text} ${this.#identifier()}`);
  }

  #mul(): Expression {
    let e = this.#unary();
    for (;;) {
      if (this.#acceptOp('*')) e = new Multiply(e, this.#unary());
      else if (this.#acceptOp('/')) e = new Divide(e, this.#unary());
      else if (this.#acceptOp('%')) e = new Remainder(e, this.#unary());
      else return e;
    }
  }

  #unary(): Expression {
    if (this.#acceptOp('-')) {
      const inner = this.#unary();
      if (inner instanceof Literal && typeof inner.value === 'number') return new Literal(-inner.value, inner.dataType);
      return new UnaryMinus(inner);
    }
    if (this.#acceptOp('+')) return this.#unary();
    let e = this.#primary();
    while (this.#acceptOp('.')) e = new UnresolvedExtractValue(e, this.#identifier());
    return e;
  }

  #primary(): Expression {
    const t = this.#peek;
    if (t.kind === 'number') {
      this.#pos++;
      return numberLiteral(t.text);
    }
    if (t.kind === 'string') {
      this.#pos++;
      return Literal.create(t.text);
    }
    if (this.#acceptOp('(')) {
      const e = this.parseExpression();
      this.#expectOp(')');
      return e;
    }
    if (t.kind === 'quotedIdent') return this.#name();
    if (t.kind !== 'ident') return this.#fail('an expression');
    const word = t.text.toLowerCase();
    if (word === 'null') return this.#skip(Literal.NULL);
    if (word === 'true') return this.#skip(Literal.TRUE);
    if (word === 'false') return this.#skip(Literal.FALSE);
    if (word === 'cast' && this.#tokens[this.#pos + 1]?.text === '(') return this.#cast();
    if (word === 'case') return this.#caseWhen();
    if (this.#tokens[this.#pos + 1]?.text === '(' && this.#tokens[this.#pos + 1]?.kind === 'op') return this.#call();
    if (KEYWORDS.has(word)) return this.#fail('an expression');
    return this.#name();
  }

  #skip(e: Expression): Expression {
    this.#pos++;
    return e;
  }

  /** `a`, `a.b.c`, `` `odd name`.x ``, or `t.*`. */
  #name(): Expression {
    const parts = [this.#identifier()];
    while (this.#peek.text === '.' && this.#peek.kind === 'op') {
      const after = this.#tokens[this.#pos + 1]!;
      if (after.kind === 'op' && after.text === '*') {
        this.#pos += 2;
        return new UnresolvedStar(parts.join('.'));
      }
      if (after.kind !== 'ident' && after.kind !== 'quotedIdent') break;
      this.#pos++;
      parts.push(this.#identifier());
    }
    return new UnresolvedAttribute(parts);
  }

  #cast(): Expression {
    this.#pos += 2;
    const e = this.parseExpression();
    this.#expectKeyword('as');
    const start = this.#pos;
    let depth = 0;
    while (this.#peek.kind !== 'eof' && !(depth === 0 && this.#peek.text === ')')) {
      if (this.#peek.text === '<') depth++;
      if (this.#peek.text === '>') depth--;
      this.#pos++;
    }
    const typeName = this.#tokens.slice(start, this.#pos).map((x) => x.text).join('');
    this.#expectOp(')');
    return new Cast(e, parseDataType(typeName));
  }

  #caseWhen(): Expression {
    this.#pos++;
    const subject = this.#isKeyword('when') ? undefined : this.parseExpression();
    const branches: [Expression, Expression][] = [];
    while (this.#acceptKeyword('when')) {
      const cond = this.parseExpression();
      this.#expectKeyword('then');
      branches.push([subject ? new EqualTo(subject, cond) : cond, this.parseExpression()]);
    }
    if (branches.length === 0) this.#fail('WHEN');
    const elseValue = this.#acceptKeyword('else') ? this.parseExpression() : undefined;
    this.#expectKeyword('end');
    return new CaseWhen(branches, elseValue);
  }

  #call(): Expression {
    const name = this.#identifier();
    this.#expectOp('(');
    if (this.#acceptOp('*')) {
      this.#expectOp(')');
      return new UnresolvedFunction(name, [], true);
    }
    const args: Expression[] = [];
    if (!this.#acceptOp(')')) {
      this.#acceptKeyword('all');
      do args.push(this.parseExpression());
      while (this.#acceptOp(','));
      this.#expectOp(')');
    }
    return new UnresolvedFunction(name, args);
  }
}

function maybeNot(negated: boolean, e: Expression): Expression {
  return negated ? new Not(e) : e;
}

/** `1` int, `3000000000` long, `1L` long, `1.5` / `1e3` / `1D` double. */
function numberLiteral(text: string): Expression {
  const suffix = text.at(-1)!.toLowerCase();
  if (suffix === 'l') return new Literal(Number(text.slice(0, -1)), LongType);
  if (suffix === 'd') return new Literal(Number(text.slice(0, -1)), DoubleType);
  if (/[.eE]/.test(text)) return new Literal(Number(text), DoubleType);
  return Literal.create(Number(text));
}

/**
 * The expression for `sql`, with its alias when it has `AS name` (or a trailing name).
 * @throws AnalysisException PARSE_SYNTAX_ERROR pointing at the offending token.
 */
export function parseExpression(sql: string): Expression {
  return new Parser(sql).parseNamed();
}
