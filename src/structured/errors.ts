/**
 * Every error message of the Structured engine, written once. Spark: common/utils/.../error/
 * error-conditions.json and QueryCompilationErrors.scala.
 *
 * Messages start with `[ERROR_CLASS]` as Spark's do, name the column, function or expression
 * involved with its actual value, and say how to fix the query.
 */
import { AnalysisException, IllegalArgumentError, SparkException } from '../shared/errors.js';

/** Levenshtein distance, for "did you mean" suggestions. */
function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Candidates ordered by similarity to `name` (closest first; ties keep their order), at most 5, as Spark lists them. */
export function orderSuggestions(name: string, candidates: readonly string[]): string[] {
  const lower = name.toLowerCase();
  return candidates
    .map((c, i) => ({ c, i, d: levenshtein(lower, c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, 5)
    .map((x) => x.c);
}

const quote = (name: string): string => `\`${name}\``;

/** Errors raised while analyzing a query. */
export const QueryErrors = {
  /** A column name that matches no column of the input; suggests the closest ones. */
  unresolvedColumn(name: string, available: readonly string[]): AnalysisException {
    const base = `A column or function parameter with name ${quote(name)} cannot be resolved.`;
    if (available.length === 0) return new AnalysisException('UNRESOLVED_COLUMN', `[UNRESOLVED_COLUMN] ${base}`);
    const suggestions = orderSuggestions(name, available).map(quote).join(', ');
    return new AnalysisException(
      'UNRESOLVED_COLUMN',
      `[UNRESOLVED_COLUMN] ${base} Did you mean one of the following? [${suggestions}]`,
    );
  },

  /** A name that matches more than one column (after a join). */
  ambiguousReference(name: string, matches: readonly string[]): AnalysisException {
    return new AnalysisException(
      'AMBIGUOUS_REFERENCE',
      `[AMBIGUOUS_REFERENCE] Reference ${quote(name)} is ambiguous, could be: [${matches.join(', ')}]. ` +
        'Refer to the column through its DataFrame (df.col(name)) or rename one side before the join.',
    );
  },

  /** An expression whose inputs have the wrong types. */
  dataTypeMismatch(exprSql: string, subClass: string, detail: string): AnalysisException {
    return new AnalysisException(
      `DATATYPE_MISMATCH.${subClass}`,
      `[DATATYPE_MISMATCH.${subClass}] Cannot resolve "${exprSql}" due to data type mismatch: ${detail}`,
    );
  },

  /** A function name the registry does not know. */
  unresolvedRoutine(name: string, known: readonly string[]): AnalysisException {
    const suggestions = orderSuggestions(name, known).map(quote).join(', ');
    return new AnalysisException(
      'UNRESOLVED_ROUTINE',
      `[UNRESOLVED_ROUTINE] Cannot resolve function ${quote(name)}: it is not a built-in function. Did you mean one of the following? [${suggestions}]`,
    );
  },

  /** A function called with the wrong number of arguments. */
  wrongNumArgs(name: string, expected: string, actual: number): AnalysisException {
    return new AnalysisException(
      'WRONG_NUM_ARGS',
      `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The ${quote(name)} requires ${expected} parameters but the actual number is ${actual}.`,
    );
  },

  /** A function argument that must be a literal (a pattern, a separator) but is a column. */
  nonFoldableArgument(name: string, param: string): AnalysisException {
    return new AnalysisException(
      'NON_FOLDABLE_ARGUMENT',
      `[NON_FOLDABLE_ARGUMENT] The function ${quote(name)} requires the parameter ${quote(param)} to be a constant; pass a literal such as lit('...').`,
    );
  },

  /** A selected column that is neither grouped nor aggregated. */
  missingAggregation(exprSql: string): AnalysisException {
    return new AnalysisException(
      'MISSING_AGGREGATION',
      `[MISSING_AGGREGATION] The non-aggregating expression "${exprSql}" is based on columns which are not participating in the GROUP BY clause. ` +
        `Add the columns or the expression to the GROUP BY, aggregate the expression, or use "first(${exprSql})" if you do not care which of the values within a group is returned.`,
    );
  },

  /** An aggregate function where only row expressions are allowed (a filter, a grouping key, another aggregate). */
  aggregateNotAllowed(exprSql: string, where: string): AnalysisException {
    return new AnalysisException(
      'INVALID_AGGREGATE_USE',
      `[INVALID_AGGREGATE_USE] The aggregate function "${exprSql}" is not allowed in ${where}. Compute it with groupBy(...).agg(...) and refer to its result column instead.`,
    );
  },

  /** A generator (explode) outside a select list, or more than one in it. */
  generatorNotAllowed(exprSql: string): AnalysisException {
    return new AnalysisException(
      'UNSUPPORTED_GENERATOR',
      `[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT] The generator "${exprSql}" is only allowed once, at the top level of a select list (select(explode(...))).`,
    );
  },

  /** A filter condition that is not boolean. */
  filterNotBoolean(exprSql: string, typeSql: string): AnalysisException {
    return QueryErrors.dataTypeMismatch(
      exprSql,
      'FILTER_NOT_BOOLEAN',
      `Filter expression "${exprSql}" of type "${typeSql}" is not a boolean. Compare it to a value, e.g. where(col('x').gt(0)).`,
    );
  },

  /** `.field` on a column that is not a struct. */
  invalidExtractBase(exprSql: string, typeSql: string): AnalysisException {
    return new AnalysisException(
      'INVALID_EXTRACT_BASE_FIELD_TYPE',
      `[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from "${exprSql}". Need a complex type [STRUCT] but got "${typeSql}".`,
    );
  },

  /** A struct field name that the struct does not have. */
  fieldNotFound(field: string, fields: readonly string[]): AnalysisException {
    return new AnalysisException(
      'FIELD_NOT_FOUND',
      `[FIELD_NOT_FOUND] No such struct field ${quote(field)} in ${fields.map(quote).join(', ')}.`,
    );
  },

  /** UNION of inputs with different column counts. */
  unionNumColumns(first: number, other: number, otherIndex: number): AnalysisException {
    return new AnalysisException(
      'NUM_COLUMNS_MISMATCH',
      `[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, ` +
        `but the first input has ${first} columns and the ${ordinalWord(otherIndex + 1)} input has ${other} columns.`,
    );
  },

  /** UNION of columns whose types cannot be widened to one. */
  unionIncompatibleTypes(column: string, first: string, other: string): AnalysisException {
    return new AnalysisException(
      'INCOMPATIBLE_COLUMN_TYPE',
      `[INCOMPATIBLE_COLUMN_TYPE] UNION can only be performed on inputs with compatible column types. ` +
        `Column ${quote(column)} is of type "${first}" in the first input and "${other}" in another; cast one of them.`,
    );
  },

  /** A SQL expression string that does not parse. */
  parseError(sqlText: string, position: number, found: string, expected: string): AnalysisException {
    const pointer = `${sqlText}\n${' '.repeat(position)}^`;
    return new AnalysisException(
      'PARSE_SYNTAX_ERROR',
      `[PARSE_SYNTAX_ERROR] Syntax error at or near ${found === '' ? 'end of input' : `'${found}'`}: expected ${expected}.\n${pointer}`,
    );
  },

  /** createDataFrame or a reader could not find a type for a column. */
  cannotDetermineType(column: string): AnalysisException {
    return new AnalysisException(
      'CANNOT_DETERMINE_TYPE',
      `[CANNOT_DETERMINE_TYPE] Some of types cannot be determined after inferring: column ${quote(column)} is null in every row. Pass a schema.`,
    );
  },

  /** createDataFrame([]) without a schema. */
  cannotInferEmptySchema(): AnalysisException {
    return new AnalysisException(
      'CANNOT_INFER_EMPTY_SCHEMA',
      '[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset. Pass a schema: createDataFrame([], new StructType().add(...)).',
    );
  },

  /** A reader path that does not exist. */
  pathNotFound(path: string): AnalysisException {
    return new AnalysisException('PATH_NOT_FOUND', `[PATH_NOT_FOUND] Path does not exist: ${path}. Check the path, or write the file first.`);
  },

  /** Nothing to infer a schema from. */
  unableToInferSchema(format: string, path: string): AnalysisException {
    return new AnalysisException(
      'UNABLE_TO_INFER_SCHEMA',
      `[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for ${format.toUpperCase()} at ${path}: it has no records. It must be specified manually with .schema(...).`,
    );
  },

  /** A join type string that is not one Spark accepts. */
  unsupportedJoinType(how: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'UNSUPPORTED_JOIN_TYPE',
      `[UNSUPPORTED_JOIN_TYPE] Unsupported join type '${how}'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', ` +
        `'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'.`,
    );
  },

  /** A malformed record when the reader's mode is FAILFAST: the record, its file, line and byte offset. */
  malformedRecord(format: string, record: string, position: { file: string; lineNumber: number; byteOffset: number }): SparkException {
    return new SparkException(
      'MALFORMED_RECORD_IN_PARSING',
      `[MALFORMED_RECORD_IN_PARSING] Malformed records are detected in record parsing: the ${format.toUpperCase()} record at line `
        + `${position.lineNumber} (byte offset ${position.byteOffset}) of ${position.file}: ${record}. Parse Mode: FAILFAST. To process `
        + "malformed records as null result, try setting the option 'mode' as 'PERMISSIVE' (or 'DROPMALFORMED' to skip them).",
    );
  },

  /** A corrupt-record column that cannot hold a raw line. Spark's check in the json and csv readers. */
  invalidCorruptRecordColumn(name: string, type: string): AnalysisException {
    return new AnalysisException(
      'INVALID_CORRUPT_RECORD_COLUMN',
      `The field for corrupt records must be string type and nullable: the schema's column "${name}" is ${type}. `
        + 'Declare it as a nullable STRING, or name another column with the option columnNameOfCorruptRecord.',
    );
  },

  /** spark.table(name) for a name no view has. */
  tableNotFound(name: string, views: readonly string[]): AnalysisException {
    const known = views.length === 0 ? 'There are no temporary views.' : `Temporary views: ${views.map(quote).join(', ')}.`;
    return new AnalysisException(
      'TABLE_OR_VIEW_NOT_FOUND',
      `[TABLE_OR_VIEW_NOT_FOUND] The table or view ${quote(name)} cannot be found. ${known} Register one with df.createOrReplaceTempView(name).`,
    );
  },

  /** createTempView(name) when the name is taken. */
  tempViewExists(name: string): AnalysisException {
    return new AnalysisException(
      'TEMP_TABLE_OR_VIEW_ALREADY_EXISTS',
      `[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view ${quote(name)} because it already exists. Use createOrReplaceTempView, or drop it first.`,
    );
  },

  /** collect/count/show on a DataFrame that reads a streaming source. */
  batchActionOnStream(action: string): AnalysisException {
    return new AnalysisException(
      'STREAMING_QUERY_WITHOUT_WRITESTREAM',
      `Queries with streaming sources must be executed with writeStream.start(); ${action}() cannot finish on a streaming DataFrame. ` +
        'Start it with df.writeStream...start(), or read the data with spark.read for a batch query.',
    );
  },

  /**
   * A query using something that exists only on the driver, on a master whose executors are
   * worker threads: `what` names it (a setting, or a streaming operator).
   */
  workerMasterUnsupported(master: string, what: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'UNSUPPORTED_MASTER_FOR_DATAFRAMES',
      `[UNSUPPORTED_MASTER_FOR_DATAFRAMES] This query cannot run on master '${master}': ${what} runs on driver objects, which worker threads ` +
        'cannot receive. Use an inline master such as local[2] or local-cluster[2, 1] for it.',
    );
  },

  /** A query whose plan has operators that run on the driver only, on a worker-thread master. */
  operatorsNotOnWorkers(master: string, operators: readonly string[]): IllegalArgumentError {
    const list = operators.length === 1 ? `the operator ${operators[0]}` : `the operators ${operators.join(', ')}`;
    return new IllegalArgumentError(
      'UNSUPPORTED_MASTER_FOR_DATAFRAMES',
      `[UNSUPPORTED_MASTER_FOR_DATAFRAMES] This query cannot run on master '${master}': ${list} keep${operators.length === 1 ? 's' : ''} ` +
        'state or functions in driver objects, which worker threads cannot receive (stateless queries, withWatermark and streaming ' +
        'aggregations can). Use an inline master such as local[2] or local-cluster[2, 1] for this query.',
    );
  },

  /** A configuration value of the wrong form. */
  invalidConf(key: string, value: string, expected: string): IllegalArgumentError {
    return new IllegalArgumentError(
      'INVALID_CONF_VALUE',
      `[INVALID_CONF_VALUE] The value '${value}' of the config "${key}" is invalid: expected ${expected}.`,
    );
  },
};

function ordinalWord(n: number): string {
  return ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth'][n] ?? `${n}th`;
}
