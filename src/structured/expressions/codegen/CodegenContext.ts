/**
 * The state of one code generation: fresh variable names, the objects generated code reads
 * through `refs`, and the JS expressions that currently hold the input row's columns.
 * Spark: sql/catalyst/.../expressions/codegen/CodeGenerator.scala (CodegenContext).
 */

/** JS literals that are never SQL NULL (numbers, strings, booleans), so need no null test. */
const NEVER_NULL = /^(\(?-?\d+(\.\d+)?(e[+-]?\d+)?\)?|"(?:[^"\\]|\\.)*"|true|false|NaN|Infinity|\(-Infinity\))$/;

/** The code that computes an expression's value, and the JS expression that then holds it. */
export interface ExprCode {
  /** Statements to run first (may be empty). */
  readonly code: string;
  /** A variable name, a literal or a side-effect-free expression; `null` means SQL NULL. */
  readonly value: string;
}

/** A struct held as its fields' JS expressions (CodegenContext.knownStructs); never null. */
export interface KnownStruct {
  readonly fields: Readonly<Record<string, string>>;
  /** Expressions that together tell two such structs apart (the window start alone for a tumbling window). */
  readonly identity: readonly string[];
}

/** Collects names and references while expression and operator code is generated. */
export class CodegenContext {
  #nextId = 0;
  readonly #refIndex = new Map<unknown, number>();
  /** Objects the generated function receives as `refs` (aggregate functions, array literals). */
  readonly references: unknown[] = [];
  /**
   * JS expressions holding each input column, by ordinal. BoundReference(i) reads `currentVars[i]`.
   * Operators set this before generating the expressions that read their child's row.
   */
  currentVars: readonly string[] = [];
  /**
   * Struct values the generated code holds field by field: the JS expression that builds the
   * struct (an object literal, evaluated only where the whole struct is needed) -> its fields'
   * expressions, and the fields that identify it. A tumbling window registers
   * `({start: s, end: s + w})` with identity `[s]`, so a grouping on it keys by the number and
   * builds the struct once per group.
   */
  readonly knownStructs = new Map<string, KnownStruct>();
  /**
   * Values the generated code also holds as a dense dictionary id: the JS expression holding a
   * value -> the JS expression holding its id (a non-negative integer, equal for two values exactly
   * when a Map would take them as the same key). A broadcast join registers its build columns, so
   * a grouping on one of them indexes an array by the id instead of hashing the value.
   */
  readonly dictionaryIds = new Map<string, string>();
  /** False while an operator generates code that must not use dictionaryIds (HashAggregateExec's fallback). */
  useDictionaryIds = true;

  /** A new local variable name, unique in this generation. */
  freshName(prefix: string): string {
    return `${prefix}${this.#nextId++}`;
  }

  /** The JS expression that reads `obj` from `refs` inside the generated function. */
  addReference(obj: unknown): string {
    let index = this.#refIndex.get(obj);
    if (index === undefined) {
      index = this.references.length;
      this.references.push(obj);
      this.#refIndex.set(obj, index);
    }
    return `refs[${index}]`;
  }

  /**
   * References that are values of one micro-batch (an operator's accumulator), by reference index:
   * the operator that supplies them and under which name, so a cached stage gets the next
   * batch's values (GeneratedStageCache.ts).
   */
  readonly batchReferences = new Map<number, { readonly node: object; readonly name: string }>();

  /** Like addReference, for a value of this batch that `node` supplies as `name` (codegenBatchReference). */
  addBatchReference(node: object, name: string, value: unknown): string {
    const ref = this.addReference(value);
    this.batchReferences.set(this.#refIndex.get(value)!, { node, name });
    return ref;
  }

  /**
   * Code that evaluates `inputs` and declares `const <result> = null` when any is null, else `body(values)`.
   * Most SQL functions are null-intolerant: a null input gives a null result.
   */
  nullSafe(inputs: readonly ExprCode[], body: (values: string[]) => string, prefix = 'v'): ExprCode {
    const result = this.freshName(prefix);
    const values = inputs.map((i) => i.value);
    const test = values.filter((v) => !NEVER_NULL.test(v)).map((v) => `${v} === null`);
    const anyNullLiteral = values.includes('null');
    const code = inputs.map((i) => i.code).join('');
    if (anyNullLiteral) return { code: `${code}const ${result} = null;\n`, value: result };
    const expr = test.length === 0 ? body(values) : `(${test.join(' || ')}) ? null : ${body(values)}`;
    return { code: `${code}const ${result} = ${expr};\n`, value: result };
  }
}
