/**
 * Reads the bench CLI's command line into a typed command, checking every name and value before
 * anything runs. Spark analogue: SparkSubmitArguments. Errors are UsageError (the CLI exits 2)
 * with messages from UsageErrors that list the valid choices.
 */
import { WORKLOAD_NAMES } from '../workloads/index.js';
import { parseDurationMs } from './durations.js';
import { ENGINE_NAMES } from './engineNames.js';
import type { EngineName } from './engineNames.js';
import { parseLateness } from './lateness.js';
import { UsageErrors } from './UsageErrors.js';

/** `compare`: one workload on several engines. Unset fields fall back to the workload's defaults. */
export interface CompareCommand {
  readonly command: 'compare';
  readonly workload: string;
  readonly engines: readonly EngineName[];
  readonly events?: number;
  readonly durationMs?: number;
  readonly ratePerSec?: number;
  readonly batchIntervalMs: number;
  readonly watermarkMs?: number;
  readonly lateness?: string;
  /** Wall-clock run with measured latency instead of virtual time. */
  readonly realTime: boolean;
  readonly seed?: number;
  readonly jsonFile?: string;
  readonly htmlFile?: string;
  /** Real time: raise the rate step by step until each engine falls behind, and report the highest it sustains. */
  readonly findMaxRate?: boolean;
}

/** `scenario NAME [--json FILE]`: a named scenario on a manual clock. */
export interface ScenarioCommand {
  readonly command: 'scenario';
  readonly name: string;
  /** Where to write the scenario's figures as JSON. */
  readonly jsonFile?: string;
}

/** Every command the CLI runs. */
export type BenchCommand =
  | CompareCommand
  | ScenarioCommand
  | { readonly command: 'list' }
  | { readonly command: 'explain'; readonly workload: string }
  | { readonly command: 'help' };

/** The names the parser accepts; defaults are the registries'. */
export interface ParseArgsOptions {
  readonly workloads?: readonly string[];
  readonly engines?: readonly string[];
  /** Known scenario names; when absent any name is accepted. */
  readonly scenarios?: readonly string[];
}

/** The commands, in help order. */
export const COMMANDS = ['compare', 'scenario', 'list', 'explain'] as const;

/** The default micro-batch interval when --batch-interval is not given. */
export const DEFAULT_BATCH_INTERVAL_MS = 1000;

const COMPARE_USAGE =
  'twinstream compare --workload W [--engines dstream,structured,continuous,rxjs,loop] [--events N | --duration D] [--rate R] ' +
  '[--batch-interval D] [--watermark D] [--lateness SPEC] [--real-time] [--seed S] [--json FILE] [--html FILE] [--find-max-rate]';

interface FlagSpec {
  readonly takesValue: boolean;
  /** What the value must be, for messages: "a positive whole number". */
  readonly expected: string;
  readonly example: string;
}

const COMPARE_FLAGS: Readonly<Record<string, FlagSpec>> = {
  '--workload': { takesValue: true, expected: 'a workload name', example: 'yahoo' },
  '--engines': { takesValue: true, expected: 'a comma-separated list of engines', example: 'dstream,structured' },
  '--events': { takesValue: true, expected: 'a positive whole number', example: '10000' },
  '--duration': { takesValue: true, expected: 'a duration above 0 with a unit (ms, s, m, h)', example: '30s' },
  '--rate': { takesValue: true, expected: 'a positive number of records per second', example: '5000' },
  '--batch-interval': { takesValue: true, expected: 'a duration above 0 with a unit (ms, s, m, h)', example: '500ms' },
  '--watermark': { takesValue: true, expected: 'a duration with a unit (ms, s, m, h), or 0', example: '2s' },
  '--lateness': { takesValue: true, expected: 'a lateness spec', example: 'exponential:300ms,late=2%' },
  '--real-time': { takesValue: false, expected: '', example: '' },
  '--seed': { takesValue: true, expected: 'a whole number', example: '42' },
  '--json': { takesValue: true, expected: 'a file path', example: 'report.json' },
  '--html': { takesValue: true, expected: 'a file path', example: 'report.html' },
  '--find-max-rate': { takesValue: false, expected: '', example: '' },
};

const SCENARIO_FLAGS: Readonly<Record<string, FlagSpec>> = { '--json': COMPARE_FLAGS['--json'] as FlagSpec };

const EXPLAIN_FLAGS: Readonly<Record<string, FlagSpec>> = { '--workload': COMPARE_FLAGS['--workload'] as FlagSpec };

/** Splits `--flag value` and `--flag=value` into a map, rejecting unknown, repeated and valueless flags. */
function readFlags(command: string, args: readonly string[], specs: Readonly<Record<string, FlagSpec>>, usage: string): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const argument = args[i] as string;
    if (!argument.startsWith('--')) throw UsageErrors.unexpectedArgument(argument, command, usage);
    const equals = argument.indexOf('=');
    const flag = equals < 0 ? argument : argument.slice(0, equals);
    const spec = specs[flag];
    if (!spec) throw UsageErrors.unknownFlag(flag, command, Object.keys(specs));
    let value = '';
    if (!spec.takesValue) {
      if (equals >= 0) throw UsageErrors.unexpectedValue(flag, argument);
    } else if (equals >= 0) {
      value = argument.slice(equals + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) throw UsageErrors.missingValue(flag, spec.expected, spec.example);
      value = next;
      i += 1;
    }
    if (spec.takesValue && value === '') throw UsageErrors.missingValue(flag, spec.expected, spec.example);
    const previous = flags.get(flag);
    if (previous !== undefined) throw UsageErrors.duplicateFlag(flag, previous, value);
    flags.set(flag, value);
  }
  return flags;
}

function malformed(flag: string, value: string): Error {
  const spec = COMPARE_FLAGS[flag] as FlagSpec;
  return UsageErrors.malformedValue(flag, value, spec.expected, spec.example);
}

function positiveInteger(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) throw malformed(flag, value);
  return Number(value);
}

function durationMs(flag: string, value: string, allowZero: boolean): number {
  const parsed = parseDurationMs(value);
  if (parsed === undefined || (!allowZero && parsed <= 0)) throw malformed(flag, value);
  return parsed;
}

function workloadName(flags: Map<string, string>, command: string, workloads: readonly string[]): string {
  const name = flags.get('--workload');
  if (name === undefined) throw UsageErrors.missingWorkload(command, workloads);
  if (!workloads.includes(name)) throw UsageErrors.unknownWorkload(name, workloads);
  return name;
}

function engineList(value: string | undefined, engines: readonly string[]): EngineName[] {
  if (value === undefined) return [...engines] as EngineName[];
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw UsageErrors.noEngines(engines);
  const seen = new Set<string>();
  for (const name of names) {
    if (!engines.includes(name)) throw UsageErrors.unknownEngine(name, engines);
    if (seen.has(name)) throw UsageErrors.duplicateEngine(name);
    seen.add(name);
  }
  return names as EngineName[];
}

function parseCompare(args: readonly string[], workloads: readonly string[], engines: readonly string[]): CompareCommand {
  const flags = readFlags('compare', args, COMPARE_FLAGS, COMPARE_USAGE);
  const workload = workloadName(flags, 'compare', workloads);
  if (flags.has('--events') && flags.has('--duration')) throw UsageErrors.eventsAndDuration();
  const value = (flag: string): string | undefined => flags.get(flag);
  const rate = value('--rate');
  if (rate !== undefined && !(/^\d+(\.\d+)?$/.test(rate) && Number(rate) > 0)) throw malformed('--rate', rate);
  const seed = value('--seed');
  if (seed !== undefined && !(/^-?\d+$/.test(seed) && Number.isSafeInteger(Number(seed)))) throw malformed('--seed', seed);
  const lateness = value('--lateness');
  if (lateness !== undefined) parseLateness(lateness);
  const batch = value('--batch-interval');
  const eventsText = value('--events');
  const durationText = value('--duration');
  const watermarkText = value('--watermark');
  const events = eventsText === undefined ? undefined : positiveInteger('--events', eventsText);
  const duration = durationText === undefined ? undefined : durationMs('--duration', durationText, false);
  const watermark = watermarkText === undefined ? undefined : durationMs('--watermark', watermarkText, true);
  return {
    command: 'compare',
    workload,
    engines: engineList(value('--engines'), engines),
    ...(events !== undefined ? { events } : {}),
    ...(duration !== undefined ? { durationMs: duration } : {}),
    ...(rate !== undefined ? { ratePerSec: Number(rate) } : {}),
    batchIntervalMs: batch === undefined ? DEFAULT_BATCH_INTERVAL_MS : durationMs('--batch-interval', batch, false),
    ...(watermark !== undefined ? { watermarkMs: watermark } : {}),
    ...(lateness !== undefined ? { lateness } : {}),
    realTime: flags.has('--real-time'),
    ...(seed !== undefined ? { seed: Number(seed) } : {}),
    ...(value('--json') !== undefined ? { jsonFile: value('--json') as string } : {}),
    ...(value('--html') !== undefined ? { htmlFile: value('--html') as string } : {}),
    ...(flags.has('--find-max-rate') ? { findMaxRate: true } : {}),
  };
}

/**
 * Parses the arguments after the program name (`process.argv.slice(2)`).
 *
 * @example
 * parseArgs(['compare', '--workload', 'yahoo', '--engines', 'loop,rxjs', '--duration', '30s']);
 * // { command: 'compare', workload: 'yahoo', engines: ['loop', 'rxjs'], durationMs: 30000, batchIntervalMs: 1000, realTime: false }
 * @throws {UsageError} for an unknown command, workload, engine, scenario or flag, a malformed or
 * missing value, or --events together with --duration.
 */
export function parseArgs(argv: readonly string[], options: ParseArgsOptions = {}): BenchCommand {
  const workloads = options.workloads ?? WORKLOAD_NAMES;
  const engines = options.engines ?? ENGINE_NAMES;
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { command: 'help' };
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      throw UsageErrors.noCommand(COMMANDS);
    case 'compare':
      return parseCompare(rest, workloads, engines);
    case 'list': {
      readFlags('list', rest, {}, 'twinstream list');
      return { command: 'list' };
    }
    case 'explain': {
      const flags = readFlags('explain', rest, EXPLAIN_FLAGS, 'twinstream explain --workload W');
      return { command: 'explain', workload: workloadName(flags, 'explain', workloads) };
    }
    case 'scenario': {
      const [name, ...extra] = rest;
      if (name === undefined || name.startsWith('--')) throw UsageErrors.missingScenario(options.scenarios);
      if (options.scenarios && !options.scenarios.includes(name)) throw UsageErrors.unknownScenario(name, options.scenarios);
      const flags = readFlags('scenario', extra, SCENARIO_FLAGS, 'twinstream scenario NAME [--json FILE]');
      const jsonFile = flags.get('--json');
      return { command: 'scenario', name, ...(jsonFile !== undefined ? { jsonFile } : {}) };
    }
    default:
      throw UsageErrors.unknownCommand(command, COMMANDS);
  }
}
