/**
 * The messages for functions that cannot be shipped to a worker thread, written once. Spark:
 * core/.../util/ClosureCleaner.scala raises "Task not serializable" with the offending field;
 * these name the captured variables and show the bind() call that fixes the function.
 */
import { SparkException } from '../errors.js';
import type { FunctionAnalysis } from './freeVariables.js';

const ERROR_CLASS = 'TASK_NOT_SERIALIZABLE';
/** Longer sources get the generic advice: a rewritten copy would bury the message. */
const MAX_SUGGESTION_SOURCE_CHARS = 120;

function subject(where: string | undefined, name: string): string {
  if (!where) return name ? `the function "${name}"` : 'the function';
  return name ? `the function passed to ${where} ("${name}")` : `the function passed to ${where}`;
}

/** Error factories for the serialisability check. */
export const ClosureErrors = {
  capturesOuterVariables(where: string | undefined, analysis: FunctionAnalysis): SparkException {
    const names = analysis.captured;
    const quoted = names.map((n) => `"${n}"`).join(', ');
    const plural = names.length > 1;
    const imports = [...new Set(analysis.references.filter((r) => r.isImport).map((r) => `"${r.displayName}"`))];
    const head = `Task not serializable: ${where ? `the function passed to ${where}` : 'the function'} captures `
      + `the outer variable${plural ? 's' : ''} ${quoted}, which ${plural ? 'do' : 'does'} not exist on a worker thread.`;
    if (imports.length > 0) {
      return new SparkException(ERROR_CLASS, `${head} ${imports.join(', ')} ${imports.length > 1 ? 'are' : 'is'} `
        + 'imported by the module that defines the function, and a shipped function cannot import: define what '
        + 'it needs inside the function body, and pass plain values with bind(fn, env).');
    }
    return new SparkException(ERROR_CLASS, `${head} Pass the value${plural ? 's' : ''} explicitly with `
      + `${bindSuggestion(analysis)}, or through sc.broadcast(value) for large values.`);
  },

  nativeFunction(where: string | undefined, name: string): SparkException {
    return new SparkException(ERROR_CLASS, `Task not serializable: ${subject(where, name)} is a native or bound `
      + 'function, so its source text is not available to send to a worker thread. Pass a function written in '
      + 'your own code, and give it values with bind(fn, env) rather than Function.prototype.bind.');
  },

  unparsable(where: string | undefined, name: string, reason: string): SparkException {
    return new SparkException(ERROR_CLASS, `Task not serializable: the source text of ${subject(where, name)} `
      + `could not be parsed (${reason}), so it cannot be checked or sent to a worker thread. Pass an arrow `
      + 'function or a function expression.');
  },

  envNotClonable(where: string | undefined, key: string, kind: string): SparkException {
    return new SparkException(ERROR_CLASS, `Task not serializable: the env bound to ${where ? `the function `
      + `passed to ${where}` : 'the function'} holds a ${kind} at env.${key}, which cannot be copied to a worker `
      + 'thread. Env values must be structured-clonable data (or Broadcast handles): define the function inside '
      + 'the shipped function, or pass the data it needs instead.');
  },
};

/**
 * `bind((x, env) => x * env.factor, { factor })` for a short function with plain parameters, by
 * rewriting each captured read to `env.<name>` and appending `env` to the parameters; otherwise
 * the generic form.
 */
function bindSuggestion(analysis: FunctionAnalysis): string {
  const { source, functionNode: fn, references, captured } = analysis;
  const envObject = `{ ${captured.join(', ')} }`;
  const generic = `bind(fn, ${envObject}), where fn takes env as its last parameter and reads `
    + captured.map((n) => `env.${n}`).join(', ');
  const params: { type: string; start: number; end: number }[] = fn.params;
  // fn.start > 0 means a method definition, whose node starts after its key: no bind() form for it.
  const rewritable = fn.start === 0 && (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression')
    && source.length <= MAX_SUGGESTION_SOURCE_CHARS
    && params.length > 0 && params.every((p) => p.type !== 'RestElement')
    && !/\benv\b/.test(source);
  if (!rewritable) return generic;

  const last = params[params.length - 1];
  const parenthesised = source.slice(fn.start, params[0].start).includes('(');
  const edits = references.map((r) => ({
    start: r.start, end: r.end, text: r.shorthand ? `${r.name}: env.${r.name}` : `env.${r.name}`,
  }));
  if (parenthesised) edits.push({ start: last.end, end: last.end, text: ', env' });
  else edits.push({ start: params[0].start, end: last.end, text: `(${source.slice(params[0].start, last.end)}, env)` });
  edits.sort((a, b) => b.start - a.start);
  let rewritten = source.slice(fn.start, fn.end);
  for (const edit of edits) {
    rewritten = rewritten.slice(0, edit.start - fn.start) + edit.text + rewritten.slice(edit.end - fn.start);
  }
  return `bind(${rewritten}, ${envObject})`;
}
