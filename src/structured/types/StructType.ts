/**
 * A row type: an ordered list of named, typed fields. Spark: sql/api/.../types/StructType.scala
 * and StructField.scala.
 */
import { ArrayType } from './ArrayType.js';
import { DataType } from './DataType.js';
import { parseDataType } from './parseDataType.js';

/** One named column of a StructType. */
export class StructField {
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullable = true,
  ) {}

  toString(): string {
    return `StructField(${this.name},${this.dataType.simpleString},${this.nullable})`;
  }
}

/**
 * The schema of a DataFrame, or the type of a struct column (a nested plain object).
 *
 * @example
 * const schema = new StructType().add('name', 'string').add('age', 'long');
 * schema.treeString(); // "root\n |-- name: string (nullable = true)\n |-- age: long ..."
 */
export class StructType extends DataType {
  readonly fields: readonly StructField[];

  constructor(fields: readonly StructField[] = []) {
    super();
    this.fields = fields;
  }

  /** A new StructType with one more field; `dataType` may be a type name such as 'string' or 'array<int>'. */
  add(name: string, dataType: DataType | string, nullable = true): StructType {
    const type = typeof dataType === 'string' ? parseDataType(dataType) : dataType;
    return new StructType([...this.fields, new StructField(name, type, nullable)]);
  }

  get fieldNames(): string[] {
    return this.fields.map((f) => f.name);
  }

  /** The field called `name` (case-insensitive, as Spark's default resolver), or undefined. */
  getField(name: string): StructField | undefined {
    return this.fields.find((f) => f.name === name) ?? this.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  }

  get typeName(): string {
    return 'struct';
  }

  get sqlName(): string {
    return `STRUCT<${this.fields.map((f) => `${f.name}: ${f.dataType.sqlName}`).join(', ')}>`;
  }

  get simpleString(): string {
    return `struct<${this.fields.map((f) => `${f.name}:${f.dataType.simpleString}`).join(',')}>`;
  }

  /** The schema as printSchema prints it: `root`, then one ` |-- name: type (nullable = b)` line per field. */
  treeString(): string {
    const lines = ['root'];
    for (const field of this.fields) appendField(lines, ' |', field);
    return lines.join('\n') + '\n';
  }

  override toString(): string {
    return `StructType(${this.fields.map(String).join(',')})`;
  }
}

function appendField(lines: string[], prefix: string, field: StructField): void {
  lines.push(`${prefix}-- ${field.name}: ${field.dataType.typeName} (nullable = ${field.nullable})`);
  appendNested(lines, `${prefix}    |`, field.dataType);
}

function appendNested(lines: string[], prefix: string, type: DataType): void {
  if (type instanceof StructType) {
    for (const field of type.fields) appendField(lines, prefix, field);
  } else if (type instanceof ArrayType) {
    lines.push(`${prefix}-- element: ${type.elementType.typeName} (containsNull = ${type.containsNull})`);
    appendNested(lines, `${prefix}    |`, type.elementType);
  }
}
