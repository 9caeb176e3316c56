/**
 * The versioned state store (Spark's StateStoreSuite for HDFSBackedStateStoreProvider): updates,
 * commit and exact reload, file contents, snapshot/delta cadence, cleanup and damaged files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IllegalArgumentError, IllegalStateError } from '../../../../src/shared/errors.js';
import { HDFSBackedStateStoreProvider } from '../../../../src/structured/streaming/state/HDFSBackedStateStoreProvider.js';
import { stateStoreConfFrom } from '../../../../src/structured/streaming/state/StateStoreConf.js';
import { caught, readText, tempDir } from '../support.js';

function provider(root: string, conf: Record<string, string> = {}, partitionId = 0): HDFSBackedStateStoreProvider {
  return new HDFSBackedStateStoreProvider(
    { checkpointRootLocation: path.join(root, 'state'), operatorId: 0, partitionId },
    { conf: stateStoreConfFrom(conf) },
  );
}

function files(p: HDFSBackedStateStoreProvider): string[] {
  return fs.readdirSync(p.dir).sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
}

/** Commits versions 1..n, version v putting key ['k', v] and updating the counter key. */
function commitVersions(p: HDFSBackedStateStoreProvider, from: number, to: number, onCommit?: (v: number) => void): void {
  for (let v = from; v <= to; v++) {
    const store = p.getStore(v - 1);
    store.put(['k', v], v);
    store.put(['counter'], v);
    expect(store.commit()).toBe(v);
    onCommit?.(v);
  }
}

describe('HDFSBackedStateStoreProvider updates and reload', () => {
  it('commits version 1 as a delta file and reloads it in a fresh provider', () => {
    const root = tempDir();
    const p = provider(root);
    const store = p.getStore(0);
    expect(store.version).toBe(0);
    store.put(['a', 1], { count: 2 });
    store.put(['b', 1], { count: 1 });
    store.put(['b', 1], { count: 5 });
    store.put({ window: { start: 0, end: 10 }, key: 'x' }, 'v');
    expect(store.get(['b', 1])).toEqual({ count: 5 });
    expect(store.hasCommitted).toBe(false);
    expect(store.commit()).toBe(1);
    expect(store.hasCommitted).toBe(true);
    expect(p.dir).toBe(path.join(root, 'state', '0', '0'));
    expect(readText(p.deltaFile(1))).toBe(
      'v1\n["put",["a",1],{"count":2}]\n["put",["b",1],{"count":5}]\n["put",{"key":"x","window":{"end":10,"start":0}},"v"]\n{"end":3}',
    );
    const reloaded = provider(root).getStore(1);
    expect([...reloaded.iterator()]).toEqual([
      [['a', 1], { count: 2 }],
      [['b', 1], { count: 5 }],
      [{ key: 'x', window: { end: 10, start: 0 } }, 'v'],
    ]);
    // Keys compare by canonical JSON: property order does not matter.
    expect(reloaded.get({ key: 'x', window: { start: 0, end: 10 } })).toBe('v');
  });

  it('removes keys, records the removal in the delta and keeps older versions loadable', () => {
    const root = tempDir();
    const p = provider(root);
    const s0 = p.getStore(0);
    s0.put(['a'], 1);
    s0.put(['b'], 2);
    s0.commit();
    const s1 = p.getStore(1);
    s1.remove(['a']);
    s1.remove(['missing']);
    s1.put(['c'], 3);
    expect(s1.commit()).toBe(2);
    expect(readText(p.deltaFile(2))).toBe('v1\n["remove",["a"]]\n["put",["c"],3]\n{"end":2}');
    const fresh = provider(root);
    expect([...fresh.getStore(2).iterator()]).toEqual([[['b'], 2], [['c'], 3]]);
    expect([...fresh.getStore(1).iterator()]).toEqual([[['a'], 1], [['b'], 2]]);
    expect([...fresh.getStore(0).iterator()]).toEqual([]);
    expect(fresh.latestVersion()).toBe(2);
  });

  it('reports metrics: rows total, updated, removed, an estimate of memory and the cache counters', () => {
    const root = tempDir();
    const p = provider(root);
    const s = p.getStore(0);
    s.put(['a'], 1);
    s.put(['a'], 2);
    s.put(['b'], 'xy');
    s.remove(['b']);
    s.remove(['b']);
    // One entry: 64 overhead + 2 * '["a"]'.length + 16 for a number.
    expect(s.metrics()).toEqual({
      numRowsTotal: 1,
      numRowsUpdated: 3,
      numRowsRemoved: 1,
      memoryUsedBytes: 90,
      customMetrics: { loadedMapCacheHitCount: 0, loadedMapCacheMissCount: 0, stateOnCurrentVersionSizeBytes: 90 },
    });
    s.commit();
    p.getStore(1);
    const fresh = provider(root);
    fresh.getStore(1);
    expect(fresh.getStore(1).metrics().customMetrics).toEqual({ loadedMapCacheHitCount: 1, loadedMapCacheMissCount: 1, stateOnCurrentVersionSizeBytes: 90 });
    expect(p.getStore(1).metrics().customMetrics.loadedMapCacheHitCount).toBe(2);
  });

  it('scans keys by prefix of their key columns', () => {
    const s = provider(tempDir()).getStore(0);
    s.put(['u1', 10], 'a');
    s.put(['u1', 20], 'b');
    s.put(['u10', 10], 'c');
    s.put(['u2', 10], 'd');
    s.put('u1', 'not an array');
    expect([...s.prefixScan(['u1'])]).toEqual([[['u1', 10], 'a'], [['u1', 20], 'b']]);
    expect([...s.prefixScan(['u1', 20])]).toEqual([[['u1', 20], 'b']]);
    expect([...s.prefixScan([])].length).toBe(4);
  });

  it('aborting drops the changes; a committed or aborted store refuses updates', () => {
    const root = tempDir();
    const p = provider(root);
    const s = p.getStore(0);
    s.put(['a'], 1);
    s.abort();
    expect(fs.existsSync(p.deltaFile(1))).toBe(false);
    const error = caught(() => s.put(['b'], 2));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.message).toBe(
      'Cannot put on state store StateStoreId[operatorId=0, partitionId=0, storeName=default] version 0: it was already aborted. '
        + 'Load a new store with provider.getStore(version) for the next batch.',
    );
    const t = p.getStore(0);
    t.commit();
    expect(caught(() => t.commit()).message).toContain('Cannot commit on state store');
    expect(caught(() => t.remove(['a'])).errorClass).toBe('STATE_STORE_NOT_UPDATABLE');
    expect(caught(() => p.getStore(0).put(['a'], undefined as never))).toBeInstanceOf(IllegalArgumentError);
  });

  it('a re-executed batch replaces its own uncommitted delta', () => {
    const root = tempDir();
    const p = provider(root);
    const first = p.getStore(0);
    first.put(['a'], 1);
    first.commit();
    const retry = provider(root).getStore(0);
    retry.put(['a'], 2);
    retry.commit();
    expect(readText(p.deltaFile(1))).toBe('v1\n["put",["a"],2]\n{"end":1}');
    expect(provider(root).getStore(1).get(['a'])).toBe(2);
  });

  it('keeps partitions and operators in separate directories', () => {
    const root = tempDir();
    const p1 = provider(root, {}, 1);
    const s = p1.getStore(0);
    s.put(['x'], 1);
    s.commit();
    expect(fs.existsSync(path.join(root, 'state', '0', '1', '1.delta'))).toBe(true);
    const named = new HDFSBackedStateStoreProvider({ checkpointRootLocation: path.join(root, 'state'), operatorId: 2, partitionId: 0, storeName: 'left-keyToNumValues' });
    expect(named.dir).toBe(path.join(root, 'state', '2', '0', 'left-keyToNumValues'));
  });
});

describe('HDFSBackedStateStoreProvider snapshots and cleanup', () => {
  it('writes a snapshot once more than minDeltasForSnapshot deltas follow the last one, and deletes what retention no longer needs', () => {
    const p = provider(tempDir(), {
      'spark.sql.streaming.stateStore.minDeltasForSnapshot': '2',
      'spark.sql.streaming.minBatchesToRetain': '3',
    });
    const listing: Record<number, string[]> = {};
    let snapshot3 = '';
    commitVersions(p, 1, 9, (v) => {
      listing[v] = files(p);
      if (v === 3) snapshot3 = readText(p.snapshotFile(3));
    });
    expect(listing[2]).toEqual(['1.delta', '2.delta']);
    expect(listing[3]).toEqual(['1.delta', '2.delta', '3.delta', '3.snapshot']);
    expect(listing[5]).toEqual(['1.delta', '2.delta', '3.delta', '3.snapshot', '4.delta', '5.delta']);
    // Version 6: deltas 4, 5, 6 follow snapshot 3, so 6.snapshot; versions 3..6 stay recoverable from 3.snapshot.
    expect(listing[6]).toEqual(['3.delta', '3.snapshot', '4.delta', '5.delta', '6.delta', '6.snapshot']);
    expect(listing[8]).toEqual(['3.delta', '3.snapshot', '4.delta', '5.delta', '6.delta', '6.snapshot', '7.delta', '8.delta']);
    expect(listing[9]).toEqual(['6.delta', '6.snapshot', '7.delta', '8.delta', '9.delta', '9.snapshot']);
    expect(snapshot3).toBe('v1\n[["k",1],1]\n[["counter"],3]\n[["k",2],2]\n[["k",3],3]\n{"end":4}');
  });

  it('with Spark defaults snapshots at version 11 and keeps 100 versions', () => {
    const p = provider(tempDir());
    commitVersions(p, 1, 11);
    expect(files(p).filter((f) => f.endsWith('.snapshot'))).toEqual(['11.snapshot']);
    commitVersions(p, 12, 101);
    expect(files(p)[0]).toBe('1.delta');
    commitVersions(p, 102, 112);
    // Version 112 - 100 = 12 is the earliest to keep; it rebuilds from 11.snapshot, so 1..10 go.
    expect(files(p).slice(0, 3)).toEqual(['11.delta', '11.snapshot', '12.delta']);
  });

  it('loads a version from the newest snapshot below it plus the deltas after it', () => {
    const root = tempDir();
    const p = provider(root, { 'spark.sql.streaming.stateStore.minDeltasForSnapshot': '2' });
    commitVersions(p, 1, 7);
    // Deltas 1..3 are no longer needed by a fresh load of version 7 (snapshot 6 + delta 7).
    fs.rmSync(p.deltaFile(1));
    fs.rmSync(p.deltaFile(2));
    const store = provider(root, { 'spark.sql.streaming.stateStore.minDeltasForSnapshot': '2' }).getStore(7);
    expect(store.get(['counter'])).toBe(7);
    expect([...store.iterator()].length).toBe(8);
  });

  it('runs maintenance only when asked if maintenanceOnCommit is off', () => {
    const root = tempDir();
    const p = new HDFSBackedStateStoreProvider(
      { checkpointRootLocation: path.join(root, 'state'), operatorId: 0, partitionId: 0 },
      { conf: stateStoreConfFrom({ 'spark.sql.streaming.stateStore.minDeltasForSnapshot': '1' }), maintenanceOnCommit: false },
    );
    commitVersions(p, 1, 3);
    expect(files(p)).toEqual(['1.delta', '2.delta', '3.delta']);
    p.doMaintenance();
    expect(files(p)).toEqual(['1.delta', '2.delta', '3.delta', '3.snapshot']);
  });

  it('refuses an invalid setting', () => {
    expect(caught(() => stateStoreConfFrom({ 'spark.sql.streaming.minBatchesToRetain': '0' })).message).toBe(
      'Invalid value "0" for "spark.sql.streaming.minBatchesToRetain" of the state store: use an integer >= 1.',
    );
  });
});

describe('HDFSBackedStateStoreProvider damaged and missing files', () => {
  function setUp(): { root: string; p: HDFSBackedStateStoreProvider } {
    const root = tempDir();
    const p = provider(root);
    commitVersions(p, 1, 2);
    return { root, p };
  }

  it.each([
    ['truncated mid-record', 'v1\n["put",["k",2],2]\n["put",["coun', 'it does not end with its {"end":<count>} line, so it was cut short'],
    ['cut after a record', 'v1\n["put",["k",2],2]', 'it does not end with its {"end":<count>} line, so it was cut short'],
    ['a wrong record count', 'v1\n["put",["k",2],2]\n{"end":2}', 'its end line counts 2 records, but it holds 1'],
    ['an unknown version', 'v99\n{"end":0}', 'its first line should be v1, but it is "v99"'],
    ['an empty file', '', 'it is empty'],
    ['a bad record', 'v1\n["upsert",1]\n{"end":1}', 'line 2 is neither ["put",key,value] nor ["remove",key]'],
    ['unparsable JSON', 'v1\n["put",1,}\n{"end":1}', 'line 2 is not JSON ('],
  ])('refuses a delta file with %s, naming the file', (_name, content, reason) => {
    const { root, p } = setUp();
    fs.writeFileSync(p.deltaFile(2), content);
    const error = caught(() => provider(root).getStore(2));
    expect(error).toBeInstanceOf(IllegalStateError);
    expect(error.errorClass).toBe('CANNOT_LOAD_STATE_STORE');
    expect(error.message).toContain(`[CANNOT_LOAD_STATE_STORE] The state file ${p.deltaFile(2)} is damaged: ${reason}`);
    expect(error.message).toContain('Restore it from a backup or delete the checkpoint directory to start over');
  });

  it('refuses a damaged snapshot file, naming it', () => {
    const root = tempDir();
    const conf = { 'spark.sql.streaming.stateStore.minDeltasForSnapshot': '1' };
    const p = provider(root, conf);
    commitVersions(p, 1, 2);
    fs.writeFileSync(p.snapshotFile(2), 'v1\n[["k",1],1]\n[["k",2]');
    expect(caught(() => provider(root, conf).getStore(2)).message).toContain(`The state file ${p.snapshotFile(2)} is damaged`);
    fs.writeFileSync(p.snapshotFile(2), 'v1\n[1]\n{"end":1}');
    expect(caught(() => provider(root, conf).getStore(2)).message).toContain('line 2 is not a [key,value] pair');
  });

  it('refuses a version whose delta is missing', () => {
    const { root, p } = setUp();
    const error = caught(() => provider(root).getStore(3));
    expect(error.message).toBe(
      `[CANNOT_LOAD_STATE_STORE] Cannot load version 3 of the state store in ${p.dir}: ${p.deltaFile(3)} does not exist and no `
        + 'snapshot covers it. If the query was restarted with a new or changed stateful operation, use a new checkpoint location '
        + 'or clear the existing one.',
    );
  });
});
