/**
 * Snapshots written by the maintenance thread (Spark's state store maintenance task) and the
 * canonical key text every store key goes through. Properties:
 * 1. encodeStateKey(key) equals canonicalJson(key) for any JSON value (and window-shaped keys);
 * 2. a snapshot the maintenance thread wrote (from the files, or from the rows it kept of its
 *    previous snapshot) is byte for byte the one written in place, and a restart from it reads
 *    every entry back in order;
 * 3. a snapshot never hides a newer delta: a batch re-executed while its version's snapshot is
 *    pending, or a delta rewritten by another provider before the snapshot is put in place, drops it;
 * 4. a missing snapshot falls back to the deltas; a damaged delta fails the job and writes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fc, it as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CheckpointFileManager } from '../../../../src/structured/streaming/checkpointing/CheckpointFileManager.js';
import { canonicalJson, type JsonValue } from '../../../../src/structured/streaming/sources/Offset.js';
import { encodeStateKey } from '../../../../src/structured/streaming/state/encodeStateKey.js';
import { HDFSBackedStateStoreProvider } from '../../../../src/structured/streaming/state/HDFSBackedStateStoreProvider.js';
import { stateStoreConfFrom } from '../../../../src/structured/streaming/state/StateStoreConf.js';
import { caught, tempDir } from '../support.js';

const CONF = stateStoreConfFrom({ 'spark.sql.streaming.stateStore.minDeltasForSnapshot': '2', 'spark.sql.streaming.minBatchesToRetain': '3' });

function provider(root: string, background: boolean, maintenanceOnCommit = true): HDFSBackedStateStoreProvider {
  return new HDFSBackedStateStoreProvider(
    { checkpointRootLocation: path.join(root, 'state'), operatorId: 0, partitionId: 0 },
    { conf: CONF, backgroundSnapshotMinRows: background ? 0 : undefined, maintenanceOnCommit },
  );
}

/** Version v puts window keys of v, updates a counter and removes the key v - 2 put. */
function commitVersion(p: HDFSBackedStateStoreProvider, v: number, tag = ''): void {
  const store = p.getStore(v - 1);
  store.put([{ start: v * 10, end: v * 10 + 10 }, `k${v}`], { count: v, tag });
  store.put(['counter'], v);
  if (v > 2) store.remove([{ start: (v - 2) * 10, end: (v - 2) * 10 + 10 }, `k${v - 2}`]);
  expect(store.commit()).toBe(v);
}

function entries(p: HDFSBackedStateStoreProvider, version: number): string[] {
  const store = p.getStore(version);
  const out = [...store.iterator()].map(([k, v]) => `${canonicalJson(k)}=${canonicalJson(v)}`);
  store.abort();
  return out;
}

const snapshots = (p: HDFSBackedStateStoreProvider) => fs.readdirSync(p.dir).filter((f) => f.endsWith('.snapshot')).sort();

describe('encodeStateKey', () => {
  prop.prop([fc.jsonValue()], { numRuns: 2000 })('equals canonicalJson for any JSON value', (value) => {
    expect(encodeStateKey(value)).toBe(canonicalJson(value));
  });

  prop.prop([fc.integer(), fc.integer(), fc.oneof(fc.integer(), fc.string(), fc.constant(null))])('equals canonicalJson for window keys', (start, end, key) => {
    const window = { start, end, 10: 'x', b: undefined };
    expect(encodeStateKey([window, key] as unknown as JsonValue)).toBe(canonicalJson([window, key]));
  });
});

describe('snapshots written by the maintenance thread', () => {
  it('writes the same snapshot file as in-place maintenance, and a restart reads it back in order', () => {
    const inPlace = provider(tempDir(), false);
    const background = provider(tempDir(), true);
    for (let v = 1; v <= 3; v++) {
      commitVersion(inPlace, v);
      commitVersion(background, v);
    }
    background.awaitMaintenance();
    expect(snapshots(background)).toEqual(['3.snapshot']);
    expect(fs.readFileSync(background.snapshotFile(3), 'utf8')).toBe(fs.readFileSync(inPlace.snapshotFile(3), 'utf8'));
    for (let v = 4; v <= 9; v++) {
      commitVersion(inPlace, v);
      commitVersion(background, v);
      background.awaitMaintenance();
    }
    // 9.snapshot came from the rows the thread kept of 6.snapshot plus deltas 7..9.
    expect(fs.readFileSync(background.snapshotFile(9), 'utf8')).toBe(fs.readFileSync(inPlace.snapshotFile(9), 'utf8'));
    // Snapshot 6 was built from 3.snapshot + deltas 4..6, snapshot 9 from 6.snapshot + deltas 7..9;
    // retention (3 versions, so from 6) dropped everything below 6.snapshot.
    expect(snapshots(background)).toEqual(['6.snapshot', '9.snapshot']);
    expect(fs.readdirSync(background.dir).filter((f) => f.endsWith('.delta')).sort()).toEqual(['6.delta', '7.delta', '8.delta', '9.delta']);
    const restarted = provider(path.dirname(path.dirname(path.dirname(background.dir))), false);
    fs.rmSync(background.deltaFile(9));
    expect(entries(restarted, 9)).toEqual(entries(background, 9));
    expect(entries(restarted, 9)).toEqual([
      '["counter"]=9',
      '[{"end":90,"start":80},"k8"]={"count":8,"tag":""}',
      '[{"end":100,"start":90},"k9"]={"count":9,"tag":""}',
    ]);
  });

  it('writes the same bytes when a snapshot only adds rows to the last one (a copy of it with the new rows) and when it changes one', () => {
    // Version v adds two keys; 5 updates and 6 removes keys added after snapshot 3 (still only
    // additions to it); 8 updates a key of snapshot 6, so snapshot 9 is written whole; 10..12 add again.
    const commitAdding = (p: HDFSBackedStateStoreProvider, v: number) => {
      const store = p.getStore(v - 1);
      store.put([{ start: v * 10, end: v * 10 + 10 }, `a${v}`], [v]);
      store.put([{ start: v * 10, end: v * 10 + 10 }, `b${v}`], [v, 'b']);
      if (v === 5) store.put([{ start: 40, end: 50 }, 'a4'], [45]);
      if (v === 6) store.remove([{ start: 40, end: 50 }, 'b4']);
      if (v === 8) store.put([{ start: 10, end: 20 }, 'a1'], [81]);
      expect(store.commit()).toBe(v);
    };
    const inPlace = provider(tempDir(), false);
    const background = provider(tempDir(), true);
    for (let v = 1; v <= 12; v++) {
      commitAdding(inPlace, v);
      commitAdding(background, v);
      background.awaitMaintenance();
      if (v % 3 === 0) expect(fs.readFileSync(background.snapshotFile(v), 'utf8')).toBe(fs.readFileSync(inPlace.snapshotFile(v), 'utf8'));
    }
    const restarted = provider(path.dirname(path.dirname(path.dirname(background.dir))), false);
    fs.rmSync(background.deltaFile(12));
    expect(entries(restarted, 12)).toEqual(entries(inPlace, 12));
    expect(entries(restarted, 12).slice(0, 3)).toEqual([
      '[{"end":20,"start":10},"a1"]=[81]',
      '[{"end":20,"start":10},"b1"]=[1,"b"]',
      '[{"end":30,"start":20},"a2"]=[2]',
    ]);
    expect(entries(restarted, 12).length).toBe(23);
  });

  it('puts a background snapshot in place through the store\'s file manager, durably when it fsyncs', () => {
    const published: string[] = [];
    class RecordingFileManager extends CheckpointFileManager {
      override publish(temp: string, file: string): void {
        published.push(`${path.basename(temp).startsWith('.3.snapshot.') ? '.3.snapshot.<uuid>.tmp' : path.basename(temp)} -> ${path.basename(file)}`);
        super.publish(temp, file);
      }
    }
    const root = tempDir();
    const durable = new HDFSBackedStateStoreProvider(
      { checkpointRootLocation: path.join(root, 'state'), operatorId: 0, partitionId: 0 },
      { conf: CONF, backgroundSnapshotMinRows: 0, fileManager: new RecordingFileManager({ fsync: true }) },
    );
    const inPlace = provider(tempDir(), false);
    for (let v = 1; v <= 3; v++) {
      commitVersion(durable, v);
      commitVersion(inPlace, v);
    }
    durable.awaitMaintenance();
    expect(published).toEqual(['.3.snapshot.<uuid>.tmp -> 3.snapshot']);
    expect(fs.readFileSync(durable.snapshotFile(3), 'utf8')).toBe(fs.readFileSync(inPlace.snapshotFile(3), 'utf8'));
    expect(fs.readdirSync(durable.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('drops a pending snapshot when its batch is re-executed and snapshots the new version instead', () => {
    const root = tempDir();
    const p = provider(root, true);
    for (let v = 1; v <= 3; v++) commitVersion(p, v);
    commitVersion(p, 3, 're-executed');
    p.awaitMaintenance();
    expect(snapshots(p)).toEqual(['3.snapshot']);
    expect(fs.readdirSync(p.dir).filter((f) => f.startsWith('.'))).toEqual([]);
    fs.rmSync(p.deltaFile(3));
    expect(entries(provider(root, false), 3)).toContain('[{"end":40,"start":30},"k3"]={"count":3,"tag":"re-executed"}');
  });

  it('never lets a snapshot hide a delta another provider rewrote while the snapshot was pending', () => {
    const root = tempDir();
    const p = provider(root, true);
    for (let v = 1; v <= 3; v++) commitVersion(p, v);
    // A new run's provider re-executes batch 2 (version 3) while the old one's snapshot of 3 is
    // pending: built before the rewrite, the snapshot is dropped (its delta's stamp changed); built
    // after it, it holds the new version. Either way a restart without the delta reads the new run.
    commitVersion(provider(root, false, false), 3, 'new run');
    p.awaitMaintenance();
    expect(fs.readdirSync(p.dir).filter((f) => f.startsWith('.'))).toEqual([]);
    if (snapshots(p).length > 0) {
      fs.rmSync(p.deltaFile(3));
      expect(entries(provider(root, false), 3)).toContain('[{"end":40,"start":30},"k3"]={"count":3,"tag":"new run"}');
    }
    expect(entries(provider(root, false), 3)).toContain('[{"end":40,"start":30},"k3"]={"count":3,"tag":"new run"}');
  });

  it('writes nothing when a delta is damaged, and loading still names the damaged file', () => {
    const root = tempDir();
    const p = provider(root, true);
    commitVersion(p, 1);
    commitVersion(p, 2);
    fs.writeFileSync(p.deltaFile(2), 'v1\n["put",["counter"],2]');
    commitVersion(p, 3);
    p.awaitMaintenance();
    expect(snapshots(p)).toEqual([]);
    expect(fs.readdirSync(p.dir).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(caught(() => provider(root, false).getStore(3)).message).toContain(`The state file ${p.deltaFile(2)} is damaged`);
  });

  it('restarts from the deltas when the snapshot is missing', () => {
    const root = tempDir();
    const p = provider(root, true);
    for (let v = 1; v <= 4; v++) {
      commitVersion(p, v);
      p.awaitMaintenance();
    }
    expect(snapshots(p)).toEqual(['3.snapshot']);
    fs.rmSync(p.snapshotFile(3));
    expect(entries(provider(root, false), 4)).toEqual(entries(p, 4));
  });
});
