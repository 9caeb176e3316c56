/**
 * Properties of the state store, over random batches of puts and removes and random snapshot and
 * retention settings:
 * 1. every committed version within the retention window reloads, in a fresh provider (nothing
 *    cached), to exactly the entries a model Map holds after the same updates;
 * 2. the in-memory store and a fresh load agree on every key's value;
 * 3. a version is rebuilt from files alone whatever snapshot cadence wrote them.
 * Values are JSON round-tripped in the model, since JSON has no -0. The seed is fixed so CI runs
 * are repeatable; change it locally to explore further.
 */
import * as path from 'node:path';
import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { canonicalJson, type JsonValue } from '../../../../src/structured/streaming/sources/Offset.js';
import { HDFSBackedStateStoreProvider } from '../../../../src/structured/streaming/state/HDFSBackedStateStoreProvider.js';
import { tempDir } from '../support.js';

type Op = { kind: 'put'; key: JsonValue; value: JsonValue } | { kind: 'remove'; key: JsonValue };

const keyArb: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 3 })),
  fc.record({ user: fc.constantFrom('u1', 'u2'), window: fc.record({ start: fc.constantFrom(0, 10), end: fc.constantFrom(10, 20) }) }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key: keyArb, value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue> }),
  fc.record({ kind: fc.constant('remove' as const), key: keyArb }),
);

function sortedEntries(entries: Iterable<readonly [JsonValue, JsonValue]>): [string, string][] {
  return [...entries].map(([k, v]) => [canonicalJson(k), canonicalJson(v)] as [string, string]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

describe('state store properties', () => {
  it.prop(
    [fc.array(fc.array(opArb, { maxLength: 8 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 })],
    { numRuns: 60, seed: 20_261_127 },
  )('reloads every retained committed version exactly', (batches, minDeltas, retain) => {
    const root = tempDir();
    const id = { checkpointRootLocation: path.join(root, 'state'), operatorId: 0, partitionId: 0 };
    const conf = { minDeltasForSnapshot: minDeltas, minVersionsToRetain: retain, maxVersionsToRetainInMemory: 2 };
    const provider = new HDFSBackedStateStoreProvider(id, { conf });
    const model = new Map<string, JsonValue>();
    const expectedByVersion: [string, string][][] = [[]];
    batches.forEach((ops, batchId) => {
      const store = provider.getStore(batchId);
      for (const op of ops) {
        if (op.kind === 'put') {
          store.put(op.key, op.value);
          model.set(canonicalJson(op.key), JSON.parse(JSON.stringify(op.value)) as JsonValue);
        } else {
          store.remove(op.key);
          model.delete(canonicalJson(op.key));
        }
      }
      expect(store.commit()).toBe(batchId + 1);
      expectedByVersion.push([...model].map(([k, v]) => [k, canonicalJson(v)] as [string, string]).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    });
    const last = batches.length;
    for (let version = Math.max(0, last - retain); version <= last; version++) {
      const fresh = new HDFSBackedStateStoreProvider(id, { conf });
      const loaded = fresh.getStore(version);
      expect(sortedEntries(loaded.iterator())).toEqual(expectedByVersion[version]);
    }
    const latest = provider.getStore(last);
    const freshLatest = new HDFSBackedStateStoreProvider(id, { conf }).getStore(last);
    for (const [key, value] of latest.iterator()) expect(freshLatest.get(key)).toEqual(JSON.parse(JSON.stringify(value)));
  });
});
