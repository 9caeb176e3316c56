/**
 * Aggregate functions as references a worker executor can rebuild: the class's name and its
 * settings (ignoreNulls, relativeSD), not its input expression. Spark ships the function object
 * itself, by Java serialization; here the recipe is enough because `initialize`, `update`, `merge`
 * and `finish` never read the input expression: the operator evaluates it and passes the value.
 */
import { describeReference, registerReferenceFactory } from '../codegen/referenceFactories.js';
import type { AggregateFunction } from './AggregateFunction.js';
import { Average } from './Average.js';
import { CollectList } from './CollectList.js';
import { Count } from './Count.js';
import { First, Last } from './FirstLast.js';
import { HyperLogLogPlusPlus } from './HyperLogLogPlusPlus.js';
import { Max, Min } from './MinMax.js';
import { Sum } from './Sum.js';

const CLASSES: Readonly<Record<string, abstract new (...args: never[]) => AggregateFunction>> = {
  Average, CollectList, Count, First, Last, HyperLogLogPlusPlus, Max, Min, Sum,
};
const NAMES = new Map<unknown, string>(Object.entries(CLASSES).map(([name, cls]) => [cls, name]));

registerReferenceFactory('structured.aggregate', (name: string, settings: Record<string, unknown>) => {
  const cls = CLASSES[name];
  if (!cls) throw new Error(`Internal error: unknown aggregate function class ${name}`);
  return Object.assign(Object.create(cls.prototype as object) as AggregateFunction, settings);
});

/**
 * `fn`, described so that generated code or a task env referencing it can run on a worker.
 * @throws Error for an aggregate class not listed here (an internal error: add it to the list).
 */
export function shippableAggregate<F extends AggregateFunction>(fn: F): F {
  const name = NAMES.get(fn.constructor);
  if (name === undefined) throw new Error(`Internal error: the aggregate function ${fn.constructor.name} cannot run on a worker executor: it is not listed in shippableAggregate.ts`);
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fn)) if (key !== 'child' && (value === null || typeof value !== 'object')) settings[key] = value;
  return describeReference(fn, 'structured.aggregate', name, settings);
}
