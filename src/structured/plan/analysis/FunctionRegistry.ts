/**
 * The built-in functions by SQL name, used to resolve `expr('sum(x)')` and extendable by other
 * parts of the engine (the streaming layer registers `window`). Spark: analysis/FunctionRegistry.scala.
 */
import { Average } from '../../expressions/aggregate/Average.js';
import { CollectList } from '../../expressions/aggregate/CollectList.js';
import { Count } from '../../expressions/aggregate/Count.js';
import { First, Last } from '../../expressions/aggregate/FirstLast.js';
import { HyperLogLogPlusPlus } from '../../expressions/aggregate/HyperLogLogPlusPlus.js';
import { Max, Min } from '../../expressions/aggregate/MinMax.js';
import { Sum } from '../../expressions/aggregate/Sum.js';
import { CreateNamedStruct } from '../../expressions/complexTypes.js';
import { CurrentTimestamp, ToTimestamp } from '../../expressions/datetimeExpressions.js';
import type { Expression } from '../../expressions/Expression.js';
import { Explode } from '../../expressions/generators.js';
import { Literal } from '../../expressions/Literal.js';
import { NamedExpression } from '../../expressions/NamedExpression.js';
import { Coalesce } from '../../expressions/nullExpressions.js';
import { Concat, Length, Lower, StringSplit, Upper } from '../../expressions/stringExpressions.js';
import { QueryErrors } from '../../errors.js';
import { IntegerType } from '../../types/DataType.js';

/** Builds an expression from resolved-or-not arguments. */
export type FunctionBuilder = (args: readonly Expression[]) => Expression;

interface Entry {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly build: FunctionBuilder;
}

/** The string a literal argument holds, for arguments that must be constant (patterns). */
function literalString(fn: string, param: string, e: Expression | undefined): string | undefined {
  if (e === undefined) return undefined;
  if (!(e instanceof Literal)) throw QueryErrors.nonFoldableArgument(fn, param);
  return String(e.value);
}

function argsRange(min: number, max: number): string {
  if (min === max) return String(min);
  return max === Infinity ? `at least ${min}` : `[${Array.from({ length: max - min + 1 }, (_, i) => min + i).join(', ')}]`;
}

/** Name -> builder, case-insensitive. */
export class FunctionRegistry {
  readonly #functions = new Map<string, Entry>();

  /** Adds or replaces a function; `maxArgs` may be Infinity. */
  register(name: string, minArgs: number, maxArgs: number, build: FunctionBuilder): void {
    this.#functions.set(name.toLowerCase(), { minArgs, maxArgs, build });
  }

  /** Every registered name, sorted. */
  get names(): string[] {
    return [...this.#functions.keys()].sort();
  }

  /**
   * The expression for `name(args)`.
   * @throws AnalysisException UNRESOLVED_ROUTINE for an unknown name; WRONG_NUM_ARGS for a bad argument count.
   */
  lookup(name: string, args: readonly Expression[]): Expression {
    const entry = this.#functions.get(name.toLowerCase());
    if (!entry) throw QueryErrors.unresolvedRoutine(name, this.names);
    if (args.length < entry.minArgs || args.length > entry.maxArgs) {
      throw QueryErrors.wrongNumArgs(name.toLowerCase(), argsRange(entry.minArgs, entry.maxArgs), args.length);
    }
    return entry.build(args);
  }

  /** The registry with Spark's built-ins that this engine implements. */
  static builtin(): FunctionRegistry {
    const r = new FunctionRegistry();
    r.register('count', 1, 1, ([a]) => new Count(a!));
    r.register('sum', 1, 1, ([a]) => new Sum(a!));
    r.register('avg', 1, 1, ([a]) => new Average(a!));
    r.register('mean', 1, 1, ([a]) => new Average(a!));
    r.register('min', 1, 1, ([a]) => new Min(a!));
    r.register('max', 1, 1, ([a]) => new Max(a!));
    r.register('first', 1, 2, ([a, ignore]) => new First(a!, ignore instanceof Literal && ignore.value === true));
    r.register('last', 1, 2, ([a, ignore]) => new Last(a!, ignore instanceof Literal && ignore.value === true));
    r.register('collect_list', 1, 1, ([a]) => new CollectList(a!));
    r.register('approx_count_distinct', 1, 2, ([a, rsd]) =>
      new HyperLogLogPlusPlus(a!, rsd instanceof Literal ? Number(rsd.value) : 0.05),
    );
    r.register('lower', 1, 1, ([a]) => new Lower(a!));
    r.register('lcase', 1, 1, ([a]) => new Lower(a!));
    r.register('upper', 1, 1, ([a]) => new Upper(a!));
    r.register('ucase', 1, 1, ([a]) => new Upper(a!));
    r.register('length', 1, 1, ([a]) => new Length(a!));
    r.register('concat', 0, Infinity, (args) => new Concat(args));
    r.register('split', 2, 3, ([s, re, limit]) => new StringSplit(s!, re!, limit ?? new Literal(-1, IntegerType)));
    r.register('explode', 1, 1, ([a]) => new Explode(a!));
    r.register('to_timestamp', 1, 2, ([s, fmt]) => new ToTimestamp(s!, literalString('to_timestamp', 'format', fmt)));
    r.register('current_timestamp', 0, 0, () => new CurrentTimestamp());
    r.register('now', 0, 0, () => new CurrentTimestamp());
    r.register('coalesce', 1, Infinity, (args) => new Coalesce(args));
    r.register('struct', 0, Infinity, (args) =>
      new CreateNamedStruct(args.map((a, i) => (a instanceof NamedExpression ? a.name : 'nameParts' in a ? String((a as { nameParts: string[] }).nameParts.at(-1)) : `col${i + 1}`)), args),
    );
    r.register('named_struct', 0, Infinity, (args) => {
      const names: string[] = [];
      const values: Expression[] = [];
      for (let i = 0; i < args.length; i += 2) {
        names.push(literalString('named_struct', 'name', args[i])!);
        values.push(args[i + 1]!);
      }
      return new CreateNamedStruct(names, values);
    });
    return r;
  }
}
