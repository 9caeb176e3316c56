/**
 * Keeps the key and value schema of an operator's state in `state/<operatorId>/_metadata/schema`
 * and refuses a restart whose state schema is not compatible. Spark:
 * sql/core/.../execution/streaming/state/StateSchemaCompatibilityChecker.scala.
 *
 * File format (Spark's schema file v1): `v1`, the key schema's JSON, the value schema's JSON,
 * each on its own line, in Spark's StructType.json form. Compatible means what Spark allows:
 * the same number of fields with the same types, position by position; field names and
 * nullability may change.
 */
import * as path from 'node:path';
import { ArrayType } from '../../types/ArrayType.js';
import type { DataType } from '../../types/DataType.js';
import { parseDataType } from '../../types/parseDataType.js';
import { StructField, StructType } from '../../types/StructType.js';
import { CheckpointFileManager } from '../checkpointing/CheckpointFileManager.js';
import { StateStoreErrors } from '../streamingErrors.js';

/** The state schema of one operator. */
export interface StateSchema {
  readonly keySchema: StructType;
  readonly valueSchema: StructType;
}

/** Checks (and on first use records) the state schema of one stateful operator. */
export class StateSchemaCompatibilityChecker {
  /** `<stateRoot>/<operatorId>/_metadata/schema` */
  readonly schemaFile: string;
  readonly #fm: CheckpointFileManager;

  constructor(
    /** The checkpoint's `state` directory. */
    stateRoot: string,
    readonly operatorId: number,
    fm = new CheckpointFileManager(),
  ) {
    this.schemaFile = path.join(stateRoot, String(operatorId), '_metadata', 'schema');
    this.#fm = fm;
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
    if (!sameShape(existing.keySchema, schema.keySchema) || !sameShape(existing.valueSchema, schema.valueSchema)) {
      throw StateStoreErrors.schemaNotCompatible(
        this.operatorId,
        this.schemaFile,
        { key: existing.keySchema.simpleString, value: existing.valueSchema.simpleString },
        { key: schema.keySchema.simpleString, value: schema.valueSchema.simpleString },
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

/** Spark's StructType.json: `{"type":"struct","fields":[{"name":..,"type":..,"nullable":..,"metadata":{}}]}`. */
export function schemaToJson(schema: StructType): string {
  return JSON.stringify(typeToJson(schema));
}

function typeToJson(type: DataType): unknown {
  if (type instanceof StructType) {
    return {
      type: 'struct',
      fields: type.fields.map((f) => ({ name: f.name, type: typeToJson(f.dataType), nullable: f.nullable, metadata: {} })),
    };
  }
  if (type instanceof ArrayType) return { type: 'array', elementType: typeToJson(type.elementType), containsNull: type.containsNull };
  return type.typeName;
}

function typeFromJson(json: unknown): DataType {
  if (typeof json === 'string') return parseDataType(json);
  const obj = json as Record<string, unknown>;
  if (obj?.type === 'struct') return structFromJson(obj);
  if (obj?.type === 'array') return new ArrayType(typeFromJson(obj.elementType), obj.containsNull !== false);
  throw new Error(`unknown type ${JSON.stringify(json)}`);
}

function structFromJson(json: unknown): StructType {
  const obj = json as { type?: unknown; fields?: unknown };
  if (obj?.type !== 'struct' || !Array.isArray(obj.fields)) throw new Error('not a struct schema');
  return new StructType(obj.fields.map((f: { name: string; type: unknown; nullable?: boolean }) =>
    new StructField(String(f.name), typeFromJson(f.type), f.nullable !== false)));
}

/** Same field count and types position by position; names and nullability ignored. */
function sameShape(a: DataType, b: DataType): boolean {
  if (a instanceof StructType && b instanceof StructType) {
    return a.fields.length === b.fields.length && a.fields.every((f, i) => sameShape(f.dataType, b.fields[i]!.dataType));
  }
  if (a instanceof ArrayType && b instanceof ArrayType) return sameShape(a.elementType, b.elementType);
  return a.simpleString === b.simpleString;
}
