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
 * Differs from Spark: maintenance runs right after each commit (`maintenanceOnCommit`, the
 * default), not on a background timer, so the file cadence is exact and repeatable; and a delta
 * shadowed by a snapshot of the same version is deleted with the rest, where Spark leaves it.
 * A re-executed batch (one that never reached the commit log) replaces its own delta file
 * atomically, as in Spark, and deletes a snapshot already written for the version it replaces
 * (which Spark's background maintenance rarely gets to write first).
 *
 * Differs from Spark too: a version in memory is a layer of changes over the version before it
 * (StateMapVersion), not a full copy of the map, and the provider keeps its own list of the files
 * it wrote instead of listing the directory at every commit (it is the only writer of its store
 * during a query run; a load from files lists the directory again).
 */
import * as path from 'node:path';
import { CheckpointFileManager } from '../checkpointing/CheckpointFileManager.js';
import { StateStoreErrors } from '../streamingErrors.js';
import { HDFSBackedStateStore, encodeStateKey } from './HDFSBackedStateStore.js';
import { applyDelta, decodeSnapshot, encodeDelta, encodeSnapshot, type StateChanges, type StateMap } from './StateFiles.js';
import { StateMapVersion } from './StateMapVersion.js';
import { stateStoreDir, type StateStore, type StateStoreId } from './StateStore.js';
import { DEFAULT_STATE_STORE_CONF, type StateStoreConf } from './StateStoreConf.js';

/** Options for a provider. */
export interface StateStoreProviderOptions {
  readonly conf?: StateStoreConf;
  readonly fileManager?: CheckpointFileManager;
  /** Snapshot and clean up after every commit (default true); otherwise call doMaintenance(). */
  readonly maintenanceOnCommit?: boolean;
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
  /** Versions kept in memory, newest last; never changed once cached. */
  readonly #loadedMaps = new Map<number, StateMapVersion>();
  /** The files of this store by version, as this provider last listed or wrote them. */
  #files: Map<number, { hasDelta: boolean; hasSnapshot: boolean }> | undefined;
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
      (newVersion, newMap, changes) => this.#commitVersion(loaded, newVersion, newMap, changes),
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

  /** Drops the versions kept in memory. */
  close(): void {
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

  #commitVersion(parent: StateMapVersion, newVersion: number, map: StateMapVersion, changes: StateChanges): void {
    this.#fm.createAtomic(this.deltaFile(newVersion), encodeDelta(changes), { overwrite: true });
    this.#listFiles();
    // A re-executed batch replaces its version: a snapshot of the replaced one would shadow the new delta.
    if (this.#files!.get(newVersion)?.hasSnapshot) {
      this.#fm.delete(this.snapshotFile(newVersion));
      this.#files!.get(newVersion)!.hasSnapshot = false;
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
    const files = this.#listFiles();
    const last = files[files.length - 1];
    if (!last || last.hasSnapshot) return;
    const lastSnapshot = files.filter((f) => f.hasSnapshot).pop()?.version ?? 0;
    const deltasSinceSnapshot = files.filter((f) => f.hasDelta && f.version > lastSnapshot).length;
    const map = this.#loadedMaps.get(last.version);
    // Without the map in memory another instance is in charge of this store, as Spark reasons.
    if (map && deltasSinceSnapshot > this.conf.minDeltasForSnapshot) {
      this.#fm.createAtomic(this.snapshotFile(last.version), encodeSnapshot(map.entries()));
      this.#fileWritten(last.version, 'snapshot');
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
    }
  }

  #fileWritten(version: number, kind: 'delta' | 'snapshot'): void {
    if (this.#files === undefined) return;
    const files = this.#files.get(version) ?? { hasDelta: false, hasSnapshot: false };
    if (kind === 'delta') files.hasDelta = true;
    else files.hasSnapshot = true;
    this.#files.set(version, files);
  }

  #listFiles(): VersionFiles[] {
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
    return [...this.#files].map(([version, f]) => ({ version, ...f })).sort((a, b) => a.version - b.version);
  }
}
