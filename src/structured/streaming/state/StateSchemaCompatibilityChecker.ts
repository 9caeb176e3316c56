/**
 * Keeps the key and value schema of an operator's state in `state/<operatorId>/_metadata/schema`
 * (a named store, such as a join side's `left`: `state/<operatorId>/_metadata/<storeName>/schema`)
 * and refuses a restart whose state schema is not compatible. Spark:
 * sql/core/.../execution/streaming/state/StateSchemaCompatibilityChecker.scala.
 *
 * File format (Spark's schema file v1): `v1`, the key schema's JSON, the value schema's JSON,
 * each on its own line, in Spark's StructType.json form. Compatible means what Spark allows
 * (DataType.equalsIgnoreNameAndCompatibleNullability): the same number of fields with the same
 * types, position by position, at any depth; field names may change; a field (or array element)
 * stored as nullable may become non-nullable, but not the reverse, since stored rows may hold nulls.
 *
 * Differs from Spark: a named store's schema file is under the operator's `_metadata`, not under
 * partition 0's store directory, so a provider's directory holds only its own delta and snapshot files.
 */
import * as path from 'node:path';
import type { Expression } from '../../expressions/Expression.js';
import { ArrayType } from '../../types/ArrayType.js';
import type { DataType } from '../../types/DataType.js';
import { StructField, StructType } from '../../types/StructType.js';
import { CheckpointFileManager } from '../checkpointing/CheckpointFileManager.js';
import { schemaToJson, structFromJson } from './stateSchemaJson.js';
import { StateStoreErrors } from '../streamingErrors.js';

/** The state schema of one operator. */
export interface StateSchema {
  readonly keySchema: StructType;
  readonly valueSchema: StructType;
}

/** The store name of operators with one store per partition. */
export const DEFAULT_STORE_NAME = 'default';

/** Schema files this process has checked in a query run: `schemaFile, runId`. */
const checkedInRun = new Set<string>();

/** Checks (and on first use records) the state schema of one stateful operator's store. */
export class StateSchemaCompatibilityChecker {
  /** `<stateRoot>/<operatorId>/_metadata/schema`, or `<stateRoot>/<operatorId>/_metadata/<storeName>/schema` */
  readonly schemaFile: string;
  readonly storeName: string;
  readonly #fm: CheckpointFileManager;

  constructor(
    /** The checkpoint's `state` directory. */
    stateRoot: string,
    readonly operatorId: number,
    options: { readonly storeName?: string; readonly fm?: CheckpointFileManager } = {},
  ) {
    this.storeName = options.storeName ?? DEFAULT_STORE_NAME;
    const metadataDir = path.join(stateRoot, String(operatorId), '_metadata');
    this.schemaFile = this.storeName === DEFAULT_STORE_NAME ? path.join(metadataDir, 'schema') : path.join(metadataDir, this.storeName, 'schema');
    this.#fm = options.fm ?? new CheckpointFileManager();
  }

  /**
   * `check`, once per query run and schema file: the plan of every batch asks, the file is read
   * on the first batch only (a restart is a new run and checks again).
   * @throws IllegalStateError as check
   */
  static checkOncePerRun(run: { readonly stateDir: string; readonly runId: string }, operatorId: number, storeName: string, schema: StateSchema): void {
    const checker = new StateSchemaCompatibilityChecker(run.stateDir, operatorId, { storeName });
    const key = `${checker.schemaFile}\u0000${run.runId}`;
    if (checkedInRun.has(key)) return;
    checker.check(schema);
    checkedInRun.add(key);
  }

  /**
   * Records the schema on the operator's first run; afterwards checks it against the record.
   * @throws IllegalStateError STATE_SCHEMA_NOT_COMPATIBLE naming the operator and both schemas
   * @throws IllegalStateError CANNOT_LOAD_STATE_STORE when the schema file is damaged
   */
  check(schema: StateSchema): void {
    const existing = this.read();
    if (!existing) {
      this.#fm.createAtomic(this.schemaFile, ['v1', schemaToJson(schema.keySchema), schemaToJson(schema.valueSchema)].join('\n'));
      return;
    }
    const problem = [compatibility(schema.keySchema, existing.keySchema), compatibility(schema.valueSchema, existing.valueSchema)];
    if (problem.includes('shape')) {
      throw StateStoreErrors.schemaNotCompatible(
        this.operatorId,
        this.schemaFile,
        { key: existing.keySchema.simpleString, value: existing.valueSchema.simpleString },
        { key: schema.keySchema.simpleString, value: schema.valueSchema.simpleString },
        { storeName: this.storeName },
      );
    }
    if (problem.includes('nullability')) {
      throw StateStoreErrors.schemaNotCompatible(
        this.operatorId,
        this.schemaFile,
        { key: withNullability(existing.keySchema), value: withNullability(existing.valueSchema) },
        { key: withNullability(schema.keySchema), value: withNullability(schema.valueSchema) },
        { storeName: this.storeName, nullability: true },
      );
    }
  }

  /** The recorded schema, or undefined before the operator's first run. */
  read(): StateSchema | undefined {
    const text = this.#fm.readIfExists(this.schemaFile);
    if (text === undefined) return undefined;
    const lines = text.split('\n');
    if (lines[0] !== 'v1' || lines.length !== 3) {
      throw StateStoreErrors.damagedFile(this.schemaFile, 'it should be three lines: v1, the key schema and the value schema');
    }
    try {
      return { keySchema: structFromJson(JSON.parse(lines[1]!)), valueSchema: structFromJson(JSON.parse(lines[2]!)) };
    } catch (error) {
      throw StateStoreErrors.damagedFile(this.schemaFile, `a schema line cannot be read (${(error as Error).message})`);
    }
  }
}

/** A state schema of named expressions (attributes): one field per expression, with its type and nullability. */
export function structOf(fields: readonly (readonly [name: string, expression: Expression])[]): StructType {
  return new StructType(fields.map(([name, e]) => new StructField(name, e.dataType, e.nullable)));
}

/**
 * Whether `provided` may read state written with `stored`: undefined when it may; 'shape' when a
 * field count or type differs; 'nullability' when a value stored as non-nullable becomes nullable.
 */
function compatibility(provided: DataType, stored: DataType): 'shape' | 'nullability' | undefined {
  if (provided instanceof StructType && stored instanceof StructType) {
    if (provided.fields.length !== stored.fields.length) return 'shape';
    let result: 'nullability' | undefined;
    for (let i = 0; i < provided.fields.length; i++) {
      const p = provided.fields[i]!;
      const s = stored.fields[i]!;
      const inner = compatibility(p.dataType, s.dataType);
      if (inner === 'shape') return 'shape';
      if (inner === 'nullability' || (p.nullable && !s.nullable)) result = 'nullability';
    }
    return result;
  }
  if (provided instanceof ArrayType && stored instanceof ArrayType) {
    const inner = compatibility(provided.elementType, stored.elementType);
    return inner ?? (provided.containsNull && !stored.containsNull ? 'nullability' : undefined);
  }
  return provided.simpleString === stored.simpleString ? undefined : 'shape';
}

/** simpleString with ` not null` after each field and array element that cannot be null. */
function withNullability(type: DataType): string {
  if (type instanceof StructType) return `struct<${type.fields.map((f) => `${f.name}:${withNullability(f.dataType)}${f.nullable ? '' : ' not null'}`).join(',')}>`;
  if (type instanceof ArrayType) return `array<${withNullability(type.elementType)}${type.containsNull ? '' : ' not null'}>`;
  return type.simpleString;
}
