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
 * atomically, as in Spark.
 */
import * as path from 'node:path';
import { CheckpointFileManager } from '../checkpointing/CheckpointFileManager.js';
import { StateStoreErrors } from '../streamingErrors.js';
import { HDFSBackedStateStore, encodeStateKey } from './HDFSBackedStateStore.js';
import { applyDelta, decodeSnapshot, encodeDelta, encodeSnapshot, type StateChanges, type StateMap } from './StateFiles.js';
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
  /** Versions kept in memory, newest last; never mutated once cached. */
  readonly #loadedMaps = new Map<number, StateMap>();
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
    const map = new Map(this.#loadMap(version));
    return new HDFSBackedStateStore(
      this.id,
      version,
      map,
      (newVersion, newMap, changes) => this.#commitVersion(newVersion, newMap, changes),
      () => ({ loadedMapCacheHitCount: this.#cacheHits, loadedMapCacheMissCount: this.#cacheMisses }),
    );
  }

  /** The newest version that has a file, or 0 for a store never committed. */
  latestVersion(): number {
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

  #loadMap(version: number): StateMap {
    if (version === 0) return new Map();
    const cached = this.#loadedMaps.get(version);
    if (cached) {
      this.#cacheHits++;
      return cached;
    }
    this.#cacheMisses++;
    const files = this.#listFiles().filter((f) => f.version <= version);
    let baseVersion = 0;
    for (const v of this.#loadedMaps.keys()) if (v <= version && v > baseVersion) baseVersion = v;
    for (const f of files) if (f.hasSnapshot && f.version > baseVersion) baseVersion = f.version;
    let map: StateMap;
    if (baseVersion === 0) map = new Map();
    else if (this.#loadedMaps.has(baseVersion)) map = new Map(this.#loadedMaps.get(baseVersion));
    else map = decodeSnapshot(this.#read(this.snapshotFile(baseVersion), version), this.snapshotFile(baseVersion), encodeStateKey);
    for (let v = baseVersion + 1; v <= version; v++) {
      applyDelta(this.#read(this.deltaFile(v), version), this.deltaFile(v), map, encodeStateKey);
    }
    this.#cache(version, map);
    return map;
  }

  #read(file: string, version: number): string {
    const text = this.#fm.readIfExists(file);
    if (text === undefined) throw StateStoreErrors.versionNotFound(this.dir, version, file);
    return text;
  }

  #commitVersion(newVersion: number, map: StateMap, changes: StateChanges): void {
    this.#fm.createAtomic(this.deltaFile(newVersion), encodeDelta(changes), { overwrite: true });
    this.#cache(newVersion, map);
    if (this.#maintenanceOnCommit) this.doMaintenance();
  }

  #cache(version: number, map: StateMap): void {
    this.#loadedMaps.delete(version);
    this.#loadedMaps.set(version, map);
    const keep = this.conf.maxVersionsToRetainInMemory;
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
      this.#fm.createAtomic(this.snapshotFile(last.version), encodeSnapshot(map));
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
    }
  }

  #listFiles(): VersionFiles[] {
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
    return [...byVersion].map(([version, f]) => ({ version, ...f })).sort((a, b) => a.version - b.version);
  }
}
