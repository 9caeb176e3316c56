import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../bench/harness/parseArgs.js';
import { UsageError } from '../../bench/harness/UsageError.js';

const WORKLOADS = 'wordcount, yahoo, late-sensors, sessions, ad-join, filter';
const ENGINES = 'dstream, structured, continuous, rxjs, loop';
const FLAGS = '--workload, --engines, --events, --duration, --rate, --batch-interval, --watermark, --lateness, --real-time, --seed, --json, --html, --find-max-rate';

function usageError(argv: string[], options?: Parameters<typeof parseArgs>[1]): UsageError {
  try {
    parseArgs(argv, options);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`parseArgs(${JSON.stringify(argv)}) did not throw`);
}

describe('parseArgs: valid command lines', () => {
  it('reads a full compare command', () => {
    expect(
      parseArgs([
        'compare', '--workload', 'yahoo', '--engines', 'loop,rxjs', '--events', '5000', '--rate', '2500.5',
        '--batch-interval', '500ms', '--watermark=2s', '--lateness', 'exponential:300ms,late=2%', '--real-time',
        '--seed', '7', '--json', 'out.json', '--html', 'out.html',
      ]),
    ).toEqual({
      command: 'compare', workload: 'yahoo', engines: ['loop', 'rxjs'], events: 5000, ratePerSec: 2500.5,
      batchIntervalMs: 500, watermarkMs: 2000, lateness: 'exponential:300ms,late=2%', realTime: true, seed: 7,
      jsonFile: 'out.json', htmlFile: 'out.html',
    });
  });

  it('defaults to every engine, a 1 s batch interval and virtual time', () => {
    expect(parseArgs(['compare', '--workload', 'wordcount', '--duration', '1m'])).toEqual({
      command: 'compare', workload: 'wordcount', engines: ['dstream', 'structured', 'continuous', 'rxjs', 'loop'],
      durationMs: 60_000, batchIntervalMs: 1000, realTime: false,
    });
  });

  it('accepts a zero watermark and a negative seed', () => {
    const command = parseArgs(['compare', '--workload', 'sessions', '--watermark', '0', '--seed', '-3']);
    expect(command).toMatchObject({ watermarkMs: 0, seed: -3 });
  });

  it('reads list, explain, scenario and help', () => {
    expect(parseArgs(['list'])).toEqual({ command: 'list' });
    expect(parseArgs(['explain', '--workload', 'ad-join'])).toEqual({ command: 'explain', workload: 'ad-join' });
    expect(parseArgs(['scenario', 'late-data'])).toEqual({ command: 'scenario', name: 'late-data' });
    expect(parseArgs(['compare', '--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['help'])).toEqual({ command: 'help' });
  });
});

describe('parseArgs: errors list the valid choices', () => {
  it('rejects a missing or unknown command', () => {
    expect(usageError([]).message).toBe('No command given. Valid commands: compare, scenario, list, explain. Example: twinstream compare --workload yahoo');
    expect(usageError(['run']).message).toBe('Unknown command "run". Valid commands: compare, scenario, list, explain.');
  });

  it('rejects an unknown or missing workload', () => {
    expect(usageError(['compare', '--workload', 'ysb']).message).toBe(`Unknown workload "ysb". Valid workloads: ${WORKLOADS}.`);
    expect(usageError(['compare']).message).toBe(`compare needs --workload. Valid workloads: ${WORKLOADS}.`);
    expect(usageError(['explain']).message).toBe(`explain needs --workload. Valid workloads: ${WORKLOADS}.`);
  });

  it('rejects unknown, repeated and empty engine lists', () => {
    expect(usageError(['compare', '--workload', 'yahoo', '--engines', 'loop,flink']).message).toBe(`Unknown engine "flink" in --engines. Valid engines: ${ENGINES}.`);
    expect(usageError(['compare', '--workload', 'yahoo', '--engines', 'loop,loop']).message).toBe('Engine "loop" appears twice in --engines. Name each engine once.');
    expect(usageError(['compare', '--workload', 'yahoo', '--engines', ',']).message).toBe(`--engines needs at least one engine. Valid engines: ${ENGINES}.`);
  });

  it('rejects unknown flags with the flags the command takes', () => {
    expect(usageError(['compare', '--workload', 'yahoo', '--verbose']).message).toBe(`Unknown flag "--verbose" for compare. Valid flags: ${FLAGS}.`);
    expect(usageError(['explain', '--workload', 'yahoo', '--events', '3']).message).toBe('Unknown flag "--events" for explain. Valid flags: --workload.');
    expect(usageError(['list', '--all']).message).toBe('Unknown flag "--all" for list. list takes no flags.');
  });

  it('rejects missing and malformed values', () => {
    expect(usageError(['compare', '--workload', 'yahoo', '--events']).message).toBe('Flag --events needs a value: a positive whole number, e.g. --events 10000.');
    expect(usageError(['compare', '--workload', 'yahoo', '--events', '--real-time']).message).toBe('Flag --events needs a value: a positive whole number, e.g. --events 10000.');
    expect(usageError(['compare', '--workload', 'yahoo', '--events', '1e4']).message).toBe('Malformed value "1e4" for --events: expected a positive whole number, e.g. --events 10000.');
    expect(usageError(['compare', '--workload', 'yahoo', '--rate', '-5']).message).toBe('Malformed value "-5" for --rate: expected a positive number of records per second, e.g. --rate 5000.');
    expect(usageError(['compare', '--workload', 'yahoo', '--seed', 'abc']).message).toBe('Malformed value "abc" for --seed: expected a whole number, e.g. --seed 42.');
  });

  it('rejects durations without a unit or of zero length', () => {
    expect(usageError(['compare', '--workload', 'yahoo', '--batch-interval', '500']).message).toBe(
      'Malformed value "500" for --batch-interval: expected a duration above 0 with a unit (ms, s, m, h), e.g. --batch-interval 500ms.',
    );
    expect(usageError(['compare', '--workload', 'yahoo', '--batch-interval', '0']).message).toBe(
      'Malformed value "0" for --batch-interval: expected a duration above 0 with a unit (ms, s, m, h), e.g. --batch-interval 500ms.',
    );
    expect(usageError(['compare', '--workload', 'yahoo', '--watermark', '2 sec']).message).toBe(
      'Malformed value "2 sec" for --watermark: expected a duration with a unit (ms, s, m, h), or 0, e.g. --watermark 2s.',
    );
  });

  it('rejects a malformed lateness spec with the valid forms', () => {
    expect(usageError(['compare', '--workload', 'late-sensors', '--lateness', 'gaussian:1s']).message).toBe(
      'Malformed lateness "gaussian:1s": unknown distribution "gaussian". Valid forms: none, uniform:2s, exponential:500ms, stragglers:200ms or stragglers:200ms:5%, each optionally followed by ,late=2%.',
    );
    expect(usageError(['compare', '--workload', 'late-sensors', '--lateness', 'uniform:2s,late=200%']).message).toBe(
      'Malformed lateness "uniform:2s,late=200%": "200%" is not a percentage between 0% and 100%. Valid forms: none, uniform:2s, exponential:500ms, stragglers:200ms or stragglers:200ms:5%, each optionally followed by ,late=2%.',
    );
  });

  it('rejects --events with --duration, repeated flags, stray arguments and values on switches', () => {
    expect(usageError(['compare', '--workload', 'yahoo', '--events', '10', '--duration', '1s']).message).toBe(
      '--events and --duration cannot be used together: --events sets how many records, --duration how long they span at --rate. Give one of them.',
    );
    expect(usageError(['compare', '--workload', 'yahoo', '--seed', '1', '--seed', '2']).message).toBe('Flag --seed given twice ("1" and "2"). Give it once.');
    expect(usageError(['compare', '--workload', 'yahoo', '--real-time=yes']).message).toBe('Flag --real-time takes no value, but got "--real-time=yes". Write --real-time alone.');
    expect(usageError(['compare', 'yahoo']).message).toMatch(/^Unexpected argument "yahoo" for compare\. Usage: twinstream compare --workload W /);
  });

  it('checks scenario names against the known ones when given', () => {
    expect(usageError(['scenario']).message).toBe('scenario needs a name. Example: twinstream scenario late-data');
    expect(usageError(['scenario'], { scenarios: ['late-data', 'crash-loop'] }).message).toBe('scenario needs a name. Valid scenarios: late-data, crash-loop.');
    expect(usageError(['scenario', 'flood'], { scenarios: ['late-data', 'crash-loop'] }).message).toBe('Unknown scenario "flood". Valid scenarios: late-data, crash-loop.');
  });

  it('marks usage errors for exit code 2 with a stable error class', () => {
    const error = usageError(['run']);
    expect(error.exitCode).toBe(2);
    expect(error.errorClass).toBe('BENCH_USAGE');
  });
});
