/**
 * Every message the bench CLI's argument parser can raise, written once (Spark's *Errors objects).
 * Each says what is wrong, with the value given, and lists the valid choices.
 */
import { UsageError } from './UsageError.js';

const list = (names: readonly string[]): string => names.join(', ');

/** Factories for the parser's usage errors. */
export const UsageErrors = {
  noCommand(commands: readonly string[]): UsageError {
    return new UsageError(`No command given. Valid commands: ${list(commands)}. Example: twinstream compare --workload yahoo`);
  },
  unknownCommand(command: string, commands: readonly string[]): UsageError {
    return new UsageError(`Unknown command "${command}". Valid commands: ${list(commands)}.`);
  },
  unknownFlag(flag: string, command: string, flags: readonly string[]): UsageError {
    const valid = flags.length === 0 ? `${command} takes no flags.` : `Valid flags: ${list(flags)}.`;
    return new UsageError(`Unknown flag "${flag}" for ${command}. ${valid}`);
  },
  missingValue(flag: string, expected: string, example: string): UsageError {
    return new UsageError(`Flag ${flag} needs a value: ${expected}, e.g. ${flag} ${example}.`);
  },
  malformedValue(flag: string, value: string, expected: string, example: string): UsageError {
    return new UsageError(`Malformed value "${value}" for ${flag}: expected ${expected}, e.g. ${flag} ${example}.`);
  },
  unexpectedValue(flag: string, argument: string): UsageError {
    return new UsageError(`Flag ${flag} takes no value, but got "${argument}". Write ${flag} alone.`);
  },
  duplicateFlag(flag: string, first: string, second: string): UsageError {
    return new UsageError(`Flag ${flag} given twice ("${first}" and "${second}"). Give it once.`);
  },
  unexpectedArgument(argument: string, command: string, usage: string): UsageError {
    return new UsageError(`Unexpected argument "${argument}" for ${command}. Usage: ${usage}`);
  },
  missingWorkload(command: string, workloads: readonly string[]): UsageError {
    return new UsageError(`${command} needs --workload. Valid workloads: ${list(workloads)}.`);
  },
  unknownWorkload(name: string, workloads: readonly string[]): UsageError {
    return new UsageError(`Unknown workload "${name}". Valid workloads: ${list(workloads)}.`);
  },
  unknownEngine(name: string, engines: readonly string[]): UsageError {
    return new UsageError(`Unknown engine "${name}" in --engines. Valid engines: ${list(engines)}.`);
  },
  duplicateEngine(name: string): UsageError {
    return new UsageError(`Engine "${name}" appears twice in --engines. Name each engine once.`);
  },
  noEngines(engines: readonly string[]): UsageError {
    return new UsageError(`--engines needs at least one engine. Valid engines: ${list(engines)}.`);
  },
  eventsAndDuration(): UsageError {
    return new UsageError(
      '--events and --duration cannot be used together: --events sets how many records, --duration how long they span at --rate. Give one of them.',
    );
  },
  missingScenario(scenarios: readonly string[] | undefined): UsageError {
    const valid = scenarios ? `Valid scenarios: ${list(scenarios)}.` : 'Example: twinstream scenario late-data';
    return new UsageError(`scenario needs a name. ${valid}`);
  },
  unknownScenario(name: string, scenarios: readonly string[]): UsageError {
    return new UsageError(`Unknown scenario "${name}". Valid scenarios: ${list(scenarios)}.`);
  },
};
