/**
 * The text form of a state schema: Spark's StructType.json
 * (`{"type":"struct","fields":[{"name":..,"type":..,"nullable":..,"metadata":{}}]}`), as the
 * schema file of StateSchemaCompatibilityChecker holds it. Spark: sql/api/.../types/DataType.scala
 * (json, fromJson).
 */
import { ArrayType } from '../../types/ArrayType.js';
import type { DataType } from '../../types/DataType.js';
import { parseDataType } from '../../types/parseDataType.js';
import { StructField, StructType } from '../../types/StructType.js';

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

/**
 * The struct of Spark's StructType.json.
 * @throws Error when the value is not a struct schema of known types
 */
export function structFromJson(json: unknown): StructType {
  const obj = json as { type?: unknown; fields?: unknown };
  if (obj?.type !== 'struct' || !Array.isArray(obj.fields)) throw new Error('not a struct schema');
  return new StructType(obj.fields.map((f: { name: string; type: unknown; nullable?: boolean }) =>
    new StructField(String(f.name), typeFromJson(f.type), f.nullable !== false)));
}
