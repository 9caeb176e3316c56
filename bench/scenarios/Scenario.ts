/**
 * What a scenario is: a named, deterministic story about one difference between the two streaming
 * models, run on a manual clock against the exact answer, with the figures that tell it. No Spark
 * counterpart; each scenario follows a section of the Structured Streaming guide or a known
 * DStream limitation.
 */
import type { BenchReport } from '../report/BenchReport.js';

/** A value in a scenario table: numbers are formatted by the table, text shown as it is. */
export type ScenarioCell = string | number | null;

/** A small side-by-side table: one column per engine or variant. */
export interface ScenarioTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly label: string; readonly cells: readonly ScenarioCell[] }[];
}

/** Everything a scenario run produced. */
export interface ScenarioResult {
  readonly name: string;
  readonly title: string;
  /** What the scenario shows, a few lines. */
  readonly summary: readonly string[];
  /** Full comparisons (printed with the compare table). */
  readonly reports: readonly BenchReport[];
  readonly tables: readonly ScenarioTable[];
  /** The key numbers, as the JSON file holds them and the tests assert them. */
  readonly figures: Readonly<Record<string, unknown>>;
  readonly notes: readonly string[];
  /** Engine features the scenario needs and the engine lacks: the numbers depending on them are absent. */
  readonly missing: readonly string[];
}

/** A scenario of the `scenario` command. */
export interface Scenario {
  readonly name: string;
  readonly title: string;
  /** Set when the scenario is registered but not available in this build: why, and where it will come from. */
  readonly unavailableReason?: string;
  /** Runs on a manual clock; the same run gives the same figures. */
  run(): Promise<ScenarioResult>;
}

/** A fixed timestamp for scenario reports, so their JSON is the same on every run. */
export const SCENARIO_CREATED_AT = '1970-01-01T00:00:00.000Z';
