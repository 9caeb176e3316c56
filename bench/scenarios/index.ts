/**
 * The scenarios of `twinstream scenario NAME`, in the order the help lists them.
 */
import { appendWaits } from './append-waits.js';
import { outOfOrder } from './out-of-order.js';
import { tooLate } from './too-late.js';
import type { Scenario } from './Scenario.js';

/** Every scenario, by name. */
export const SCENARIOS: readonly Scenario[] = [outOfOrder, appendWaits, tooLate];

/** The names `scenario` accepts. */
export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

/** The scenario with this name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
