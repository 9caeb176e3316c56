/**
 * What a restart must keep from the first run: the state schema of each operator
 * (state/<op>/_metadata/schema) and the number of state partitions (the offset log's conf).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IllegalArgumentError, IllegalStateError } from '../../../../src/shared/errors.js';
import { StructType } from '../../../../src/structured/types/StructType.js';
import { OffsetSeqLog } from '../../../../src/structured/streaming/checkpointing/OffsetSeqLog.js';
import { StatePartitions } from '../../../../src/structured/streaming/state/StatePartitions.js';
import { StateSchemaCompatibilityChecker } from '../../../../src/structured/streaming/state/StateSchemaCompatibilityChecker.js';
import { caught, readText, tempDir } from '../support.js';

const keySchema = new StructType().add('user', 'string').add('window', 'struct<start:timestamp,end:timestamp>');
const valueSchema = new StructType().add('count', 'long').add('names', 'array<string>', false);

describe('StateSchemaCompatibilityChecker', () => {
  it('writes the schema file on the first run in Spark\'s StructType JSON', () => {
    const root = tempDir();
    const checker = new StateSchemaCompatibilityChecker(path.join(root, 'state'), 3);
    checker.check({ keySchema, valueSchema });
    expect(checker.schemaFile).toBe(path.join(root, 'state', '3', '_metadata', 'schema'));
    expect(readText(checker.schemaFile)).toBe(
      'v1\n'
        + '{"type":"struct","fields":[{"name":"user","type":"string","nullable":true,"metadata":{}},'
        + '{"name":"window","type":{"type":"struct","fields":[{"name":"start","type":"timestamp","nullable":true,"metadata":{}},'
        + '{"name":"end","type":"timestamp","nullable":true,"metadata":{}}]},"nullable":true,"metadata":{}}]}\n'
        + '{"type":"struct","fields":[{"name":"count","type":"long","nullable":true,"metadata":{}},'
        + '{"name":"names","type":{"type":"array","elementType":"string","containsNull":true},"nullable":false,"metadata":{}}]}',
    );
    const read = checker.read();
    expect(read?.keySchema.simpleString).toBe(keySchema.simpleString);
    expect(read?.valueSchema.simpleString).toBe(valueSchema.simpleString);
  });

  it('accepts a restart with the same types under other names, as Spark does', () => {
    const root = tempDir();
    new StateSchemaCompatibilityChecker(path.join(root, 'state'), 0).check({ keySchema, valueSchema });
    const renamed = new StructType().add('u', 'string').add('w', 'struct<s:timestamp,e:timestamp>');
    expect(() => new StateSchemaCompatibilityChecker(path.join(root, 'state'), 0).check({ keySchema: renamed, valueSchema })).not.toThrow();
  });

  it('refuses a restart with another state schema, naming the operator and both schemas', () => {
    const root = tempDir();
    const checker = new StateSchemaCompatibilityChecker(path.join(root, 'state'), 1);
    checker.check({ keySchema, valueSchema });
    const newValue = new StructType().add('count', 'double');
    const error = caught(() => checker.check({ keySchema, valueSchema: newValue }));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.errorClass).toBe('STATE_SCHEMA_NOT_COMPATIBLE');
    expect(error.message).toBe(
      `[STATE_SCHEMA_NOT_COMPATIBLE] StateSchemaNotCompatible: the state schema of operator 1 does not match the schema stored in ${checker.schemaFile}. `
        + 'Field names may differ; the number of fields and their types may not.\n'
        + '- Provided key schema: struct<user:string,window:struct<start:timestamp,end:timestamp>>\n'
        + '- Provided value schema: struct<count:double>\n'
        + '- Existing key schema: struct<user:string,window:struct<start:timestamp,end:timestamp>>\n'
        + '- Existing value schema: struct<count:bigint,names:array<string>>\n'
        + 'Restore the query\'s previous stateful operations, or start from a new checkpoint location.',
    );
  });

  it('refuses a damaged schema file', () => {
    const root = tempDir();
    const checker = new StateSchemaCompatibilityChecker(path.join(root, 'state'), 0);
    fs.mkdirSync(path.dirname(checker.schemaFile), { recursive: true });
    fs.writeFileSync(checker.schemaFile, 'v1\n{"type":"struct","fie');
    expect(caught(() => checker.check({ keySchema, valueSchema })).message).toContain(
      `The state file ${checker.schemaFile} is damaged: it should be three lines: v1, the key schema and the value schema.`,
    );
  });
});

describe('StatePartitions', () => {
  function checkpointWithPartitions(n: number): string {
    const ckpt = tempDir();
    new OffsetSeqLog(ckpt).add(0, { offsets: [0], metadata: { batchWatermarkMs: 0, batchTimestampMs: 0, conf: StatePartitions.toConf(n) } });
    return ckpt;
  }

  it('uses the requested number, else the session default, on a new checkpoint', () => {
    expect(StatePartitions.resolve(tempDir(), 4, 200)).toBe(4);
    expect(StatePartitions.resolve(tempDir(), undefined, 200)).toBe(200);
  });

  it('keeps the stored number on a restart that does not set one', () => {
    const ckpt = checkpointWithPartitions(3);
    expect(StatePartitions.read(ckpt)).toBe(3);
    expect(StatePartitions.resolve(ckpt, undefined, 200)).toBe(3);
    expect(StatePartitions.resolve(ckpt, 3, 200)).toBe(3);
  });

  it('refuses a restart that explicitly asks for another number', () => {
    const ckpt = checkpointWithPartitions(3);
    const error = caught(() => StatePartitions.resolve(ckpt, 8, 200));
    expect(error).toBeInstanceOf(IllegalArgumentError);
    expect(error.message).toBe(
      `The checkpoint ${ckpt} was written with 3 state partitions (spark.sql.shuffle.partitions), but this run asks for 8. `
        + 'Stateful operators keep their state per partition, so the number is fixed by the first run. Set '
        + 'spark.sql.shuffle.partitions to 3 (or leave it unset), or start from a new checkpoint location.',
    );
  });
});
