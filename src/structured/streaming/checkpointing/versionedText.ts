/**
 * The versioned text format of checkpoint files: a first line `v<N>`, then JSON lines. Spark:
 * sql/core/.../execution/streaming/MetadataVersionUtil.scala and the serializers of
 * OffsetSeqLog, CommitLog and CompactibleFileStreamLog.
 *
 * Files are written without a trailing newline, as Spark writes them, so `v1\n{"a":1}` is the
 * whole file of a one-record log.
 */
import { CheckpointErrors } from '../streamingErrors.js';
import type { MetadataFileContext, MetadataSerializer } from './MetadataLog.js';

const VERSION_LINE = /^v(\d+)$/;

/**
 * Splits a versioned file into its version and the lines after the version line.
 * @throws IllegalStateError CHECKPOINT_FILE_DAMAGED for an empty file, a missing or unreadable
 *   version line, or a version above `maxVersion`
 */
export function readVersionedLines(
  text: string,
  maxVersion: number,
  context: MetadataFileContext,
): { version: number; lines: string[] } {
  if (text.length === 0) throw CheckpointErrors.damagedFile(context.logName, context.file, 'it is empty');
  const [first, ...lines] = text.split('\n');
  const match = VERSION_LINE.exec((first ?? '').trim());
  if (!match) {
    throw CheckpointErrors.damagedFile(
      context.logName,
      context.file,
      `its first line should be a version such as v1, but it is ${JSON.stringify(truncate(first ?? ''))}`,
    );
  }
  const version = Number(match[1]);
  if (version > maxVersion) throw CheckpointErrors.unsupportedVersion(context.logName, context.file, version, maxVersion);
  if (version < 1) {
    throw CheckpointErrors.damagedFile(context.logName, context.file, `its version line says v${version}; versions start at v1`);
  }
  return { version, lines };
}

/**
 * Parses one JSON line of a versioned file; `lineNumber` is 1-based in the whole file.
 * @throws IllegalStateError CHECKPOINT_FILE_DAMAGED when the line is not JSON
 */
export function parseJsonLine(line: string, lineNumber: number, context: MetadataFileContext): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw CheckpointErrors.damagedFile(
      context.logName,
      context.file,
      `line ${lineNumber} is not JSON (${(error as Error).message}): ${JSON.stringify(truncate(line))}`,
    );
  }
}

/** A serializer of one JSON record after the version line: `v1\n{...}`. */
export function jsonSerializer<T>(validate?: (value: unknown) => string | undefined): MetadataSerializer<T> {
  return {
    serialize: (metadata) => `v1\n${JSON.stringify(metadata)}`,
    deserialize(text, context) {
      const { lines } = readVersionedLines(text, 1, context);
      if (lines.length !== 1) {
        throw CheckpointErrors.damagedFile(context.logName, context.file, `it should have 2 lines, but has ${lines.length + 1}`);
      }
      const value = parseJsonLine(lines[0]!, 2, context);
      const problem = validate?.(value);
      if (problem !== undefined) throw CheckpointErrors.damagedFile(context.logName, context.file, problem);
      return value as T;
    },
  };
}

/**
 * A serializer of a list of JSON entries, one per line after the version line (Spark's
 * CompactibleFileStreamLog format). An empty list is the single line `v1`.
 */
export function jsonLinesSerializer<E>(validate?: (entry: unknown) => string | undefined): MetadataSerializer<E[]> {
  return {
    serialize: (entries) => ['v1', ...entries.map((e) => JSON.stringify(e))].join('\n'),
    deserialize(text, context) {
      const { lines } = readVersionedLines(text, 1, context);
      return lines.map((line, i) => {
        const entry = parseJsonLine(line, i + 2, context);
        const problem = validate?.(entry);
        if (problem !== undefined) {
          throw CheckpointErrors.damagedFile(context.logName, context.file, `line ${i + 2} ${problem}`);
        }
        return entry as E;
      });
    },
  };
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
