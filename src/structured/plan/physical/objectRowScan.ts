/**
 * The input loop of a fused stage: over internal rows (arrays), and, when the stage may be handed
 * object rows of a source (ConvertedRows), a second loop that reads each object's columns in
 * place. Spark: the input side of WholeStageCodegenExec (InputAdapter's doProduce) and the
 * generated scans of DataSourceScanExec, which read a batch's columns without building a row.
 *
 * ```
 * if (input.objectLayout === '"a":bigint,...') {      for each object o in the source's view:
 *   ...                                                 const c0 = (o["a"] ?? null); ... BODY
 * } else {
 *   for (const row of input) { ... BODY }            row[0], row[1], ... as the columns
 * }
 * ```
 * Why: converting every event object to an array before the filter allocated one array per row
 * (most of the yahoo stage's garbage), though most rows are dropped by the first filter. The
 * object loop reads exactly what the converter would (objectColumnRead) and hands anything that
 * is not a plain object (a wrapped value, a positional array) to the source's converter, so both
 * loops give the same rows.
 */
import type { CodegenContext } from '../../expressions/codegen/CodegenContext.js';
import type { AttributeReference } from '../../expressions/NamedExpression.js';
import { objectColumnRead, objectRowLayout } from '../../execution/rowConversion.js';
import type { Consumer } from './SparkPlan.js';

/** The stage's loop over `input`, whose rows have columns `output`, calling `consume` per row. */
export function inputLoopCode(ctx: CodegenContext, output: readonly AttributeReference[], consume: Consumer): string {
  const row = ctx.freshName('row');
  const arrayLoop = `for (const ${row} of input) {\n${consume(output.map((_, i) => `${row}[${i}]`))}}\n`;
  const layout = objectRowLayout(output.map((a) => ({ name: a.name, dataType: a.dataType })));
  if (layout === undefined || output.length === 0) return arrayLoop;
  return `if (input.objectLayout === ${JSON.stringify(layout)}) {\n${objectLoopCode(ctx, output, consume)}} else {\n${arrayLoop}}\n`;
}

/**
 * The loop over a ConvertedRows' view (units, offset, stride, as ConvertedRows walks it). The row
 * index advances before the body runs, because the body leaves a row with `continue`.
 */
function objectLoopCode(ctx: CodegenContext, output: readonly AttributeReference[], consume: Consumer): string {
  const [view, units, unit, u, i, n, obj, converted] = ['view', 'units', 'unit', 'u', 'i', 'n', 'o', 'converted'].map((p) => ctx.freshName(p)) as [string, string, string, string, string, string, string, string];
  const cols = output.map(() => ctx.freshName('c'));
  const reads = output.map((a, k) => `${cols[k]} = ${objectColumnRead(obj, a.name, a.dataType)!};`).join(' ');
  const fromConverter = cols.map((c, k) => `${c} = ${converted}[${k}];`).join(' ');
  return `const ${view} = input.rows;\nconst ${units} = ${view}.units;\n`
    + `let ${u} = 0;\nlet ${unit} = ${units}[0];\nlet ${i} = ${view}.offset;\n`
    + `for (let ${n} = ${view}.length; ${n} > 0; ${n}--) {\n`
    + `while (${i} >= ${unit}.length) { ${i} -= ${unit}.length; ${unit} = ${units}[++${u}]; }\n`
    + `const ${obj} = ${unit}[${i}];\n${i} += ${view}.stride;\n`
    + `let ${cols.join(', ')};\n`
    + `if (typeof ${obj} === 'object' && ${obj} !== null && !Array.isArray(${obj})) { ${reads} }\n`
    + `else { const ${converted} = input.convert(${obj}); ${fromConverter} }\n`
    + `${consume(cols)}}\n`;
}
