/**
 * What a streaming query writes to its sink each batch. Spark: sql/api/.../streaming/OutputMode.java
 * and sql/catalyst/.../streaming/InternalOutputModes.scala.
 */
import { TriggerErrors } from './streamingErrors.js';

/** Spark's three output modes, by their Spark names. */
export type OutputMode = 'Append' | 'Update' | 'Complete';

/**
 * The output modes and the parser Spark's DataStreamWriter.outputMode(String) uses.
 *
 * @example
 * OutputMode.Append();              // 'Append'
 * OutputMode.fromString('complete'); // 'Complete'
 */
export const OutputMode = {
  /** Only rows that will never change again: new rows, or windows the watermark has closed. */
  Append(): OutputMode {
    return 'Append';
  },
  /** The rows that changed in this batch. */
  Update(): OutputMode {
    return 'Update';
  },
  /** The whole result table, every batch (aggregations only). */
  Complete(): OutputMode {
    return 'Complete';
  },
  /**
   * A mode from its name, case-insensitive.
   * @throws IllegalArgumentError UNKNOWN_OUTPUT_MODE with Spark's message for another name
   */
  fromString(name: string): OutputMode {
    switch (name.toLowerCase()) {
      case 'append':
        return 'Append';
      case 'update':
        return 'Update';
      case 'complete':
        return 'Complete';
      default:
        throw TriggerErrors.unknownOutputMode(name);
    }
  },
};
