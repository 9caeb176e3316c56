/**
 * An array of values of one element type. Spark: sql/api/.../types/ArrayType.scala.
 */
import { DataType } from './DataType.js';

/** `ArrayType(StringType)` is what `split` returns and `collect_list` builds. */
export class ArrayType extends DataType {
  constructor(
    readonly elementType: DataType,
    readonly containsNull = true,
  ) {
    super();
  }

  get typeName(): string {
    return 'array';
  }

  get sqlName(): string {
    return `ARRAY<${this.elementType.sqlName}>`;
  }

  get simpleString(): string {
    return `array<${this.elementType.simpleString}>`;
  }
}
