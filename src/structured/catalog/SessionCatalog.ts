/**
 * The session's temporary views: names that `spark.table(name)` turns back into DataFrames.
 * Spark: sql/catalyst/.../catalog/SessionCatalog.scala (temp views only; no databases).
 *
 * A view holds a plan factory, called on every lookup, so a view over changing data (the
 * streaming memory sink's table) shows its current content each time it is read.
 */
import { QueryErrors } from '../errors.js';
import type { LogicalPlan } from '../plan/logical/LogicalPlan.js';

/** Makes the plan a view stands for. */
export type ViewPlanFactory = () => LogicalPlan;

/** Temp views by case-insensitive name. */
export class SessionCatalog {
  readonly #views = new Map<string, { readonly name: string; readonly plan: ViewPlanFactory }>();

  /**
   * Registers `name`; with `replace` false an existing view is an error.
   * @throws AnalysisException TEMP_TABLE_OR_VIEW_ALREADY_EXISTS.
   */
  createTempView(name: string, plan: ViewPlanFactory, replace: boolean): void {
    const key = name.toLowerCase();
    if (!replace && this.#views.has(key)) throw QueryErrors.tempViewExists(name);
    this.#views.set(key, { name, plan });
  }

  /**
   * The current plan of view `name`.
   * @throws AnalysisException TABLE_OR_VIEW_NOT_FOUND, listing the views there are.
   */
  lookup(name: string): LogicalPlan {
    const view = this.#views.get(name.toLowerCase());
    if (!view) throw QueryErrors.tableNotFound(name, this.listTempViews());
    return view.plan();
  }

  /** Removes a view; false when there was none. */
  dropTempView(name: string): boolean {
    return this.#views.delete(name.toLowerCase());
  }

  /** The view names, sorted. */
  listTempViews(): string[] {
    return [...this.#views.values()].map((v) => v.name).sort();
  }
}
