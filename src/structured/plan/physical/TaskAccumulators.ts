/**
 * Values tasks add to and the driver reads after the job: a watermark operator's event-time
 * stats, a stateful operator's row counts. Spark: core/.../util/AccumulatorV2.scala, whose
 * updates travel back with each task's end event (TaskMetrics' accumulators) and are merged on
 * the driver for successful tasks only.
 *
 * Here too: a task makes a fresh local copy of each accumulator it references, and puts its
 * value, as plain data, into the task's metrics (`accumulatorUpdates`), which cross the thread
 * with the task outcome on `local-workers[N]` and stay in the driver on inline masters. The
 * driver folds them into the target when the scheduler posts the task's successful end, before
 * the job completes, so every master reads the same values when the job is done.
 *
 * As in Spark, a partition computed twice (a lost map output recomputed) adds twice; max and min
 * are unaffected, which is all a watermark reads.
 */
import type { SparkContext, TaskContext } from '../../../shared/index.js';

/** How one kind of accumulator is copied per task, sent back and merged. */
export interface AccumulatorKind<L, T> {
  /** A task's empty local copy. */
  create(): L;
  /** The local copy as plain data (it crosses threads). */
  toData(local: L): unknown;
  /** Folds one task's data into the driver's target. */
  merge(target: T, data: unknown): void;
}

/** A driver object tasks add to, as an operator references it (from generated code or its env). */
export class AccumulatorRef {
  constructor(
    /** A kind registered with registerAccumulatorKind. */
    readonly kind: string,
    /** The driver's value the tasks' updates are merged into. */
    readonly target: object,
  ) {}
}

/** An accumulator as a task receives it. */
export interface ShippedAccumulator {
  readonly kind: string;
  readonly id: number;
}

/** Metrics carrying accumulator updates: `[accumulator id, data]` pairs. */

const kinds = new Map<string, AccumulatorKind<any, any>>();

/** Registers a kind of accumulator under `name` (when its module loads, on driver and workers). */
export function registerAccumulatorKind<L, T>(name: string, kind: AccumulatorKind<L, T>): void {
  kinds.set(name, kind);
}

interface Registry {
  nextId: number;
  readonly targets: Map<number, { readonly kind: string; readonly target: WeakRef<object> }>;
  readonly ids: WeakMap<object, number>;
}

const registries = new WeakMap<SparkContext, Registry>();

function registryOf(sc: SparkContext): Registry {
  const registry = registries.get(sc);
  if (registry) return registry;
  const created: Registry = { nextId: 0, targets: new Map(), ids: new WeakMap() };
  sc.listenerBus.events$.subscribe((event) => {
    if (event.type !== 'taskEnd' || event.reason.kind !== 'success') return;
    for (const [id, data] of event.metrics.accumulatorUpdates ?? []) {
      const entry = created.targets.get(id);
      const target = entry?.target.deref();
      if (entry && target) kindNamed(entry.kind).merge(target, data);
    }
  });
  registries.set(sc, created);
  return created;
}

/** Driver side: the id tasks report `ref`'s updates under (one per target and context). */
export function registerAccumulator(sc: SparkContext, ref: AccumulatorRef): ShippedAccumulator {
  const registry = registryOf(sc);
  let id = registry.ids.get(ref.target);
  if (id === undefined) {
    id = registry.nextId++;
    registry.ids.set(ref.target, id);
    registry.targets.set(id, { kind: ref.kind, target: new WeakRef(ref.target) });
    // Each micro-batch plans new operators: forget the targets nobody holds any more.
    if (registry.targets.size % 256 === 0) for (const [k, v] of registry.targets) if (!v.target.deref()) registry.targets.delete(k);
  }
  return { kind: ref.kind, id };
}

/** Task side: a fresh local copy of `shipped`; report it with reportAccumulators when the partition is done. */
export function localAccumulator(shipped: ShippedAccumulator): { readonly shipped: ShippedAccumulator; readonly local: unknown } {
  return { shipped, local: kindNamed(shipped.kind).create() };
}

/** Task side: puts the locals' values into the task's metrics, which carry them to the driver. */
export function reportAccumulators(task: TaskContext, locals: readonly { readonly shipped: ShippedAccumulator; readonly local: unknown }[]): void {
  if (locals.length === 0) return;
  const metrics = task.metrics;
  metrics.accumulatorUpdates ??= [];
  for (const { shipped, local } of locals) metrics.accumulatorUpdates.push([shipped.id, kindNamed(shipped.kind).toData(local)]);
}

function kindNamed(name: string): AccumulatorKind<unknown, object> {
  const kind = kinds.get(name);
  if (!kind) throw new Error(`Internal error: no accumulator kind "${name}" is registered in this thread; its module was not loaded.`);
  return kind;
}
