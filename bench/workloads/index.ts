/**
 * The registry of benchmark workloads, by the names the CLI accepts. No Spark counterpart.
 */
import { adJoin } from './ad-join.js';
import { filter } from './filter.js';
import { lateSensors } from './late-sensors.js';
import { sessions } from './sessions.js';
import { wordcount } from './wordcount.js';
import { yahoo } from './yahoo.js';
import type { AnyWorkload } from './Workload.js';

/** Every workload, in the order `list` prints them. */
export const WORKLOADS: readonly AnyWorkload[] = [wordcount, yahoo, lateSensors, sessions, adJoin, filter];

/** The workload names the CLI accepts, in `list` order. */
export const WORKLOAD_NAMES: readonly string[] = WORKLOADS.map((workload) => workload.name);

/** The workload with this name, or undefined. */
export function findWorkload(name: string): AnyWorkload | undefined {
  return WORKLOADS.find((workload) => workload.name === name);
}
