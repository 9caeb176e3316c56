/**
 * The `scenario` command: its arguments, the registry, and the JSON it writes.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../bench/harness/parseArgs.js';
import { UsageError } from '../../../bench/harness/UsageError.js';
import { SCENARIO_NAMES } from '../../../bench/scenarios/index.js';
import { formatScenario } from '../../../bench/scenarios/formatScenario.js';
import { scenarioJson } from '../../../bench/scenarios/runScenario.js';
import type { ScenarioResult } from '../../../bench/scenarios/Scenario.js';

const result: ScenarioResult = {
  name: 'demo',
  title: 'a demo',
  summary: ['one line'],
  reports: [],
  tables: [{ title: 'figures', columns: ['dstream', 'structured'], rows: [{ label: 'rows right', cells: [0, 30] }, { label: 'ratio', cells: [0.5, null] }] }],
  figures: { dstream: { rowsCorrect: 0 }, structured: { rowsCorrect: 30 } },
  notes: ['a note'],
  missing: [],
};

describe('scenario command', () => {
  it('registers the eight scenarios in order', () => {
    expect(SCENARIO_NAMES).toEqual(['out-of-order', 'append-waits', 'too-late', 'slow-input', 'join', 'state-growth', 'spike', 'failures']);
  });

  it('takes a name and an optional --json file', () => {
    expect(parseArgs(['scenario', 'spike', '--json', 'spike.json'], { scenarios: SCENARIO_NAMES })).toEqual({ command: 'scenario', name: 'spike', jsonFile: 'spike.json' });
    expect(parseArgs(['scenario', 'join'], { scenarios: SCENARIO_NAMES })).toEqual({ command: 'scenario', name: 'join' });
    expect(() => parseArgs(['scenario', 'join', '--html', 'x'], { scenarios: SCENARIO_NAMES })).toThrow(new UsageError('Unknown flag "--html" for scenario. Valid flags: --json.'));
  });

  it('writes the figures with what produced them as JSON', () => {
    expect(JSON.parse(scenarioJson(result))).toEqual({
      schemaVersion: 1,
      scenario: 'demo',
      title: 'a demo',
      summary: ['one line'],
      figures: { dstream: { rowsCorrect: 0 }, structured: { rowsCorrect: 30 } },
      notes: ['a note'],
      missing: [],
    });
  });

  it('prints its tables side by side, right-aligned, plain without colour', () => {
    expect(formatScenario(result)).toBe(
      ['scenario demo: a demo', 'one line', '', 'figures', '            dstream  structured', 'rows right        0          30', 'ratio          0.50           -', '', 'note: a note', ''].join('\n'),
    );
  });
});
