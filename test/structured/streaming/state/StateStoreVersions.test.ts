/**
 * The state store's versions in memory (layers of changes over a shared map) against a model that
 * copies the whole map for every version, as Spark's HDFS provider does. Over random runs of
 * batches that commit, abort, re-execute an older version or leave a store open forever:
 * 1. every store sees exactly the model's entries of its version, in the model's iteration order
 *    (a key keeps its place when updated; removed and put again, it goes to the end);
 * 2. row counts and memory kept as keys change equal a walk over the entries (a fresh provider
 *    loading the same version from files computes them by walking), and that provider reads the
 *    entries in the same order;
 * 3. every committed version still cached reads back in the model's order after later commits.
 */
import * as path from 'node:path';
import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { canonicalJson, type JsonValue } from '../../../../src/structured/streaming/sources/Offset.js';
import { HDFSBackedStateStoreProvider } from '../../../../src/structured/streaming/state/HDFSBackedStateStoreProvider.js';
import type { StateStore } from '../../../../src/structured/streaming/state/StateStore.js';
import { tempDir } from '../support.js';

type Op = { kind: 'put'; key: JsonValue; value: JsonValue } | { kind: 'remove'; key: JsonValue };
type Step = { from: 'latest' | 'previous'; ops: Op[]; end: 'commit' | 'abort' | 'leave open' };

const keyArb: fc.Arbitrary<JsonValue> = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 2 }));
const valueArb: fc.Arbitrary<JsonValue> = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.array(fc.integer(), { maxLength: 2 }));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key: keyArb, value: valueArb }),
  fc.record({ kind: fc.constant('remove' as const), key: keyArb }),
);
const stepArb: fc.Arbitrary<Step> = fc.record({
  from: fc.constantFrom('latest' as const, 'latest' as const, 'latest' as const, 'previous' as const),
  ops: fc.array(opArb, { maxLength: 10 }),
  end: fc.constantFrom('commit' as const, 'commit' as const, 'commit' as const, 'commit' as const, 'abort' as const, 'leave open' as const),
});

type ModelMap = Map<string, JsonValue>;

function entriesOf(store: StateStore): [string, string][] {
  return [...store.iterator()].map(([k, v]) => [canonicalJson(k), canonicalJson(v)] as [string, string]);
}

function entriesOfModel(model: ModelMap): [string, string][] {
  return [...model].map(([k, v]) => [k, canonicalJson(v)] as [string, string]);
}

describe('state store versions in memory', () => {
  it.prop([fc.array(stepArb, { minLength: 1, maxLength: 30 })], { numRuns: 80, seed: 20_261_127 })(
    'match a copy of the whole map per version, in content, order and metrics',
    (steps) => {
      const root = tempDir();
      const id = { checkpointRootLocation: path.join(root, 'state'), operatorId: 0, partitionId: 0 };
      const conf = { minDeltasForSnapshot: 3, minVersionsToRetain: 100, maxVersionsToRetainInMemory: 2 };
      const provider = new HDFSBackedStateStoreProvider(id, { conf });
      const versions: ModelMap[] = [new Map()];
      for (const step of steps) {
        const latest = versions.length - 1;
        const version = step.from === 'previous' && latest > 0 ? latest - 1 : latest;
        const store = provider.getStore(version);
        const model = new Map(versions[version]);
        expect(entriesOf(store)).toEqual(entriesOfModel(model));
        for (const op of step.ops) {
          const keyJson = canonicalJson(op.key);
          if (op.kind === 'put') {
            store.put(op.key, op.value);
            model.set(keyJson, op.value);
          } else {
            store.remove(op.key);
            model.delete(keyJson);
          }
        }
        expect(entriesOf(store)).toEqual(entriesOfModel(model));
        expect(store.metrics().numRowsTotal).toBe(model.size);
        if (step.end === 'abort') store.abort();
        if (step.end !== 'commit') continue;
        expect(store.commit()).toBe(version + 1);
        // A commit from the previous version re-executes the latest batch: it replaces it.
        versions.length = version + 1;
        versions.push(model);
        const fresh = new HDFSBackedStateStoreProvider(id, { conf }).getStore(version + 1);
        expect(store.metrics().memoryUsedBytes).toBe(fresh.metrics().memoryUsedBytes);
        // Loaded from the files, in the same order too (a key removed and put again in one batch included).
        expect(entriesOf(fresh)).toEqual(entriesOfModel(model));
        // The previous version is still cached and must read as it was, in its order.
        const previous = provider.getStore(version);
        expect(entriesOf(previous)).toEqual(entriesOfModel(versions[version]!));
        previous.abort();
      }
      const last = versions.length - 1;
      expect(entriesOf(provider.getStore(last))).toEqual(entriesOfModel(versions[last]!));
    },
  );
});
