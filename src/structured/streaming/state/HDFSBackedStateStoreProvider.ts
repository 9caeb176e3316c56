/**
 * Loads and keeps the versions of one state store: `<version>.delta` per committed version and a
 * `<version>.snapshot` every so often, in `state/<operatorId>/<partitionId>/`. Spark:
 * sql/core/.../execution/streaming/state/HDFSBackedStateStoreProvider.scala.
 *
 * Loading version v starts from the newest snapshot (or version kept in memory) at or below v and
 * replays the deltas after it. Maintenance writes a snapshot once more than minDeltasForSnapshot
 * deltas follow the last one (Spark's `deltaFilesForLastVersion.size > minDeltasForSnapshot`) and
 * deletes the files no version in the last minVersionsToRetain needs.
 *
 * Differs from Spark: maintenance is decided right after each commit (`maintenanceOnCommit`, the
 * default), not on a background timer, so the file cadence is exact and repeatable; and a delta
 * shadowed by a snapshot of the same version is deleted with the rest, where Spark leaves it.
 * The snapshot of a large version (`backgroundSnapshotMinRows`) is written by the maintenance
 * thread as Spark's maintenance task writes it, off the batch's thread: the next snapshot is
 * decided once it is in place, so the cadence then trails by the batches it took (a restart
 * replays those deltas, as it does in Spark).
 * A re-executed batch (one that never reached the commit log) replaces its own delta file
 * atomically, as in Spark, and deletes a snapshot already written for the version it replaces
 * (which Spark's background maintenance rarely gets to write first).
 *
 * Differs from Spark too: a version in memory is a layer of changes over the version before it
 * (StateMapVersion), not a full copy of the map, and the provider keeps its own list of the files
 * it wrote instead of listing the directory at every commit (it is the only writer of its store
 * during a query run; a load from files lists the directory again).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckpointFileManager } from '../checkpointing/CheckpointFileManager.js';
import { StateStoreErrors } from '../streamingErrors.js';
import { encodeStateKey } from './encodeStateKey.js';
import { HDFSBackedStateStore } from './HDFSBackedStateStore.js';
import { applyDelta, decodeSnapshot, encodeDelta, encodeSnapshot, type StateChanges, type StateMap } from './StateFiles.js';
import { SnapshotTicket } from './StateMaintenanceThread.js';
import { StateMapVersion } from './StateMapVersion.js';
import { stateStoreDir, type StateStore, type StateStoreId } from './StateStore.js';
import { DEFAULT_STATE_STORE_CONF, type StateStoreConf } from './StateStoreConf.js';

/** Options for a provider. */
export interface StateStoreProviderOptions {
  readonly conf?: StateStoreConf;
  readonly fileManager?: CheckpointFileManager;
  /** Snapshot and clean up after every commit (default true); otherwise call doMaintenance(). */
  readonly maintenanceOnCommit?: boolean;
  /**
   * A snapshot of a version with at least this many rows is written by the maintenance thread
   * (StateMaintenanceThread), off the committing thread; smaller ones are written in place, where
   * they cost less than the hand-off. Default: never (every snapshot in place).
   */
  readonly backgroundSnapshotMinRows?: number;
}

/** The files of one version: a delta, a snapshot, or both. */
interface VersionFiles {
  readonly version: number;
  readonly hasDelta: boolean;
  readonly hasSnapshot: boolean;
}

const FILE_NAME = /^(\d+)\.(delta|snapshot)$/;

/**
 * The versions of one operator partition's state.
 *
 * @example
 * const provider = new HDFSBackedStateStoreProvider({ checkpointRootLocation: '/ckpt/state', operatorId: 0, partitionId: 0 });
 * const store = provider.getStore(0);       // the empty version 0
 * store.put(['a'], 1);
 * store.commit();                           // writes /ckpt/state/0/0/1.delta, returns 1
 * provider.getStore(1).get(['a']);          // 1
 */
export class HDFSBackedStateStoreProvider {
  /** The directory of this store's files. */
  readonly dir: string;
  readonly conf: StateStoreConf;
  readonly #fm: CheckpointFileManager;
  readonly #maintenanceOnCommit: boolean;
  readonly #backgroundSnapshotMinRows: number;
  /** The snapshot the maintenance thread is writing, at most one at a time. */
  #pendingSnapshot: SnapshotTicket | undefined;
  /** Cancelled snapshots the thread may still finish: their temp files are deleted once they answer. */
  #abandonedSnapshots: SnapshotTicket[] = [];
  /** Versions kept in memory, newest last; never changed once cached. */
  readonly #loadedMaps = new Map<number, StateMapVersion>();
  /** The files of this store by version, as this provider last listed or wrote them. */
  #files: Map<number, { hasDelta: boolean; hasSnapshot: boolean }> | undefined;
  /**
   * #listFiles' sorted copy of #files, valid while #files is the same map at the same #filesVersion.
   * Why: a commit lists the files three times (commit, snapshot, cleanup), each a sort of ~100 versions.
   */
  #sortedFiles: VersionFiles[] | undefined;
  #sortedFrom: Map<number, { hasDelta: boolean; hasSnapshot: boolean }> | undefined;
  #sortedVersion = -1;
  #filesVersion = 0;
  #cacheHits = 0;
  #cacheMisses = 0;

  constructor(
    readonly id: StateStoreId,
    options: StateStoreProviderOptions = {},
  ) {
    this.dir = stateStoreDir(id);
    this.conf = options.conf ?? DEFAULT_STATE_STORE_CONF;
    this.#fm = options.fileManager ?? new CheckpointFileManager();
    this.#maintenanceOnCommit = options.maintenanceOnCommit ?? true;
    this.#backgroundSnapshotMinRows = options.backgroundSnapshotMinRows ?? Number.POSITIVE_INFINITY;
  }

  /**
   * A store at `version`, open for updates; its commit() produces `version + 1`.
   * @throws IllegalStateError CANNOT_LOAD_STATE_STORE when a file it needs is missing or damaged
   */
  getStore(version: number): StateStore {
    if (!Number.isSafeInteger(version) || version < 0) {
      throw StateStoreErrors.versionNotFound(this.dir, version, 'a version below 0');
    }
    const loaded = this.#loadMap(version);
    return new HDFSBackedStateStore(
      this.id,
      version,
      loaded.openChild(),
      (newVersion, newMap, changes, moved) => this.#commitVersion(loaded, newVersion, newMap, changes, moved),
      () => ({ loadedMapCacheHitCount: this.#cacheHits, loadedMapCacheMissCount: this.#cacheMisses }),
      () => loaded.release(),
    );
  }

  /** The newest version that has a file, or 0 for a store never committed. */
  latestVersion(): number {
    this.#files = undefined;
    const files = this.#listFiles();
    return files.length === 0 ? 0 : files[files.length - 1]!.version;
  }

  /** Writes a snapshot when due and deletes files no retained version needs. */
  doMaintenance(): void {
    this.#doSnapshot();
    this.#cleanup();
  }

  /**
   * Waits for the snapshot the maintenance thread is writing, if any, and puts it in place; the
   * file cadence is then what in-place maintenance would have left. For tests and shutdown paths
   * that list the files.
   */
  awaitMaintenance(): void {
    this.#collectSnapshot(true);
    for (const ticket of this.#abandonedSnapshots) ticket.join();
    this.#sweepAbandoned();
  }

  /**
   * Drops the versions kept in memory. A snapshot still being written is abandoned (a provider
   * that closed no longer knows whether its versions are the ones in the files), and waited for,
   * so nothing writes into the store's directory once close() returns.
   */
  close(): void {
    if (this.#pendingSnapshot) this.#abandonedSnapshots.push(this.#pendingSnapshot);
    this.#pendingSnapshot = undefined;
    for (const ticket of this.#abandonedSnapshots) {
      ticket.cancel();
      ticket.join();
    }
    this.#sweepAbandoned();
    this.#loadedMaps.clear();
    this.#files = undefined;
  }

  /** `<dir>/<version>.delta` */
  deltaFile(version: number): string {
    return path.join(this.dir, `${version}.delta`);
  }

  /** `<dir>/<version>.snapshot` */
  snapshotFile(version: number): string {
    return path.join(this.dir, `${version}.snapshot`);
  }

  toString(): string {
    return `HDFSStateStoreProvider[id = (op=${this.id.operatorId},part=${this.id.partitionId}),dir = ${this.dir}]`;
  }

  #loadMap(version: number): StateMapVersion {
    if (version === 0) return StateMapVersion.fromMap(new Map());
    const cached = this.#loadedMaps.get(version);
    if (cached) {
      this.#cacheHits++;
      return cached;
    }
    this.#cacheMisses++;
    // Files may have changed under another provider (a re-executed batch, a restart): list them again.
    this.#files = undefined;
    const files = this.#listFiles().filter((f) => f.version <= version);
    let baseVersion = 0;
    for (const v of this.#loadedMaps.keys()) if (v <= version && v > baseVersion) baseVersion = v;
    for (const f of files) if (f.hasSnapshot && f.version > baseVersion) baseVersion = f.version;
    let map: StateMap;
    if (baseVersion === 0) map = new Map();
    else if (this.#loadedMaps.has(baseVersion)) map = new Map(this.#loadedMaps.get(baseVersion)!.entries());
    else map = decodeSnapshot(this.#read(this.snapshotFile(baseVersion), version), this.snapshotFile(baseVersion), encodeStateKey);
    for (let v = baseVersion + 1; v <= version; v++) {
      applyDelta(this.#read(this.deltaFile(v), version), this.deltaFile(v), map, encodeStateKey);
    }
    const loaded = StateMapVersion.fromMap(map);
    this.#cache(version, loaded);
    return loaded;
  }

  #read(file: string, version: number): string {
    const text = this.#fm.readIfExists(file);
    if (text === undefined) throw StateStoreErrors.versionNotFound(this.dir, version, file);
    return text;
  }

  #commitVersion(parent: StateMapVersion, newVersion: number, map: StateMapVersion, changes: StateChanges, moved: ReadonlySet<string>): void {
    // A re-executed batch replaces a version the pending snapshot may have read: drop that snapshot.
    if (this.#pendingSnapshot && this.#pendingSnapshot.job.version >= newVersion) {
      this.#pendingSnapshot.cancel();
      this.#abandonedSnapshots.push(this.#pendingSnapshot);
      this.#pendingSnapshot = undefined;
    }
    this.#fm.createAtomic(this.deltaFile(newVersion), encodeDelta(changes, moved), { overwrite: true });
    this.#listFiles();
    // A re-executed batch replaces its version: a snapshot of the replaced one would shadow the new delta.
    if (this.#files!.get(newVersion)?.hasSnapshot) {
      this.#fm.delete(this.snapshotFile(newVersion));
      this.#files!.get(newVersion)!.hasSnapshot = false;
      this.#filesVersion++;
    }
    this.#fileWritten(newVersion, 'delta');
    parent.release();
    this.#cache(newVersion, map);
    if (this.#maintenanceOnCommit) this.doMaintenance();
    const cachedVersions = new Set(this.#loadedMaps.values());
    map.compact((v) => cachedVersions.has(v));
  }

  #cache(version: number, map: StateMapVersion): void {
    this.#loadedMaps.delete(version);
    this.#loadedMaps.set(version, map);
    const keep = this.conf.maxVersionsToRetainInMemory;
    if (this.#loadedMaps.size <= keep) return;
    const versions = [...this.#loadedMaps.keys()].sort((a, b) => b - a);
    for (const v of versions.slice(keep)) this.#loadedMaps.delete(v);
  }

  #doSnapshot(): void {
    this.#collectSnapshot(false);
    this.#sweepAbandoned();
    // One snapshot at a time: the next is decided once the pending one is in place (it changes the count).
    if (this.#pendingSnapshot) return;
    const files = this.#listFiles();
    const last = files[files.length - 1];
    if (!last || last.hasSnapshot) return;
    const lastSnapshot = files.filter((f) => f.hasSnapshot).pop()?.version ?? 0;
    const deltas = files.filter((f) => f.hasDelta && f.version > lastSnapshot);
    const map = this.#loadedMaps.get(last.version);
    // Without the map in memory another instance is in charge of this store, as Spark reasons.
    if (!map || deltas.length <= this.conf.minDeltasForSnapshot) return;
    if (map.size < this.#backgroundSnapshotMinRows || deltas.length !== last.version - lastSnapshot) {
      this.#fm.createAtomic(this.snapshotFile(last.version), encodeSnapshot(map.entries()));
      this.#fileWritten(last.version, 'snapshot');
      return;
    }
    this.#pendingSnapshot = new SnapshotTicket({
      version: last.version,
      baseSnapshotFile: lastSnapshot === 0 ? undefined : this.snapshotFile(lastSnapshot),
      deltaFiles: deltas.map((f) => this.deltaFile(f.version)),
      tempFile: path.join(this.dir, `.${last.version}.snapshot.${randomUUID()}.tmp`),
    });
  }

  /** Deletes the temp files of cancelled snapshots that finished anyway. */
  #sweepAbandoned(): void {
    if (this.#abandonedSnapshots.length === 0) return;
    this.#abandonedSnapshots = this.#abandonedSnapshots.filter((ticket) => {
      const result = ticket.poll();
      if (result?.ok) fs.rmSync(ticket.job.tempFile, { force: true });
      return result === undefined;
    });
  }

  /**
   * Puts the maintenance thread's snapshot in place once it is written (waiting for it when
   * `wait`), unless a delta it was built from changed since it was read (a re-executed batch
   * rewrote it): a snapshot must never hide a newer delta.
   */
  #collectSnapshot(wait: boolean): void {
    const ticket = this.#pendingSnapshot;
    if (ticket === undefined) return;
    const result = wait ? ticket.join() : ticket.poll();
    if (result === undefined) return;
    this.#pendingSnapshot = undefined;
    if (!result.ok) return;
    const { version, tempFile, deltaFiles } = ticket.job;
    const unchanged = deltaFiles.every((file, i) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      return stat !== undefined && `${stat.ino}:${stat.mtimeMs}:${stat.size}` === result.deltaStamps[i];
    });
    if (unchanged) {
      this.#fm.publish(tempFile, this.snapshotFile(version));
      this.#fileWritten(version, 'snapshot');
    } else {
      fs.rmSync(tempFile, { force: true });
    }
  }

  #cleanup(): void {
    const files = this.#listFiles();
    const last = files[files.length - 1];
    if (!last) return;
    const earliestVersionToRetain = last.version - this.conf.minVersionsToRetain;
    if (earliestVersionToRetain <= 0) return;
    const baseSnapshot = files.filter((f) => f.hasSnapshot && f.version <= earliestVersionToRetain).pop();
    const earliestFileToRetain = baseSnapshot?.version ?? files[0]!.version;
    for (const v of [...this.#loadedMaps.keys()]) if (v < earliestVersionToRetain) this.#loadedMaps.delete(v);
    for (const f of files) {
      if (f.version >= earliestFileToRetain) break;
      if (f.hasDelta) this.#fm.delete(this.deltaFile(f.version));
      if (f.hasSnapshot) this.#fm.delete(this.snapshotFile(f.version));
      this.#files?.delete(f.version);
      this.#filesVersion++;
    }
  }

  #fileWritten(version: number, kind: 'delta' | 'snapshot'): void {
    if (this.#files === undefined) return;
    const files = this.#files.get(version) ?? { hasDelta: false, hasSnapshot: false };
    if (kind === 'delta') files.hasDelta = true;
    else files.hasSnapshot = true;
    this.#files.set(version, files);
    this.#filesVersion++;
  }

  #listFiles(): VersionFiles[] {
    if (this.#files !== undefined && this.#sortedFiles !== undefined && this.#sortedFrom === this.#files && this.#sortedVersion === this.#filesVersion) return this.#sortedFiles;
    if (this.#files === undefined) {
      const byVersion = new Map<number, { hasDelta: boolean; hasSnapshot: boolean }>();
      for (const name of this.#fm.list(this.dir)) {
        const match = FILE_NAME.exec(name);
        if (!match) continue;
        const version = Number(match[1]);
        const files = byVersion.get(version) ?? { hasDelta: false, hasSnapshot: false };
        if (match[2] === 'delta') files.hasDelta = true;
        else files.hasSnapshot = true;
        byVersion.set(version, files);
      }
      this.#files = byVersion;
    }
    this.#sortedFiles = [...this.#files].map(([version, f]) => ({ version, ...f })).sort((a, b) => a.version - b.version);
    this.#sortedFrom = this.#files;
    this.#sortedVersion = this.#filesVersion;
    return this.#sortedFiles;
  }
}
