/**
 * The scenarios of `twinstream scenario NAME`, in the order the help lists them.
 */
import { appendWaits } from './append-waits.js';
import { failures } from './failures.js';
import { join } from './join.js';
import { outOfOrder } from './out-of-order.js';
import { slowInput } from './slow-input.js';
import { spike } from './spike.js';
import { stateGrowth } from './state-growth.js';
import { tooLate } from './too-late.js';
import type { Scenario } from './Scenario.js';

/** Every scenario, by name. */
export const SCENARIOS: readonly Scenario[] = [outOfOrder, appendWaits, tooLate, slowInput, join, stateGrowth, spike, failures];

/** The names `scenario` accepts. */
export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

/** The scenario with this name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
