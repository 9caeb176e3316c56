/**
 * Keeps one provider per state store across batches, so a store's latest version stays in memory
 * and is not rebuilt from files every batch. Spark: the StateStore object in
 * sql/core/.../execution/streaming/state/StateStore.scala (loadedProviders, get, unload).
 *
 * Differs from Spark: no coordinator; a cache belongs to whoever runs the tasks (one per
 * executor), and providers decide their maintenance on commit (large snapshots then go to the
 * maintenance thread, StateMaintenanceThread).
 */
import { HDFSBackedStateStoreProvider, type StateStoreProviderOptions } from './HDFSBackedStateStoreProvider.js';
import { stateStoreDir, type StateStore, type StateStoreId } from './StateStore.js';

/**
 * Providers by store directory.
 *
 * @example
 * const stores = new StateStoreProviderCache({ conf });
 * const store = stores.getStore({ checkpointRootLocation, operatorId: 0, partitionId }, batchId);
 */
export class StateStoreProviderCache {
  readonly #providers = new Map<string, HDFSBackedStateStoreProvider>();

  constructor(private readonly options: StateStoreProviderOptions = {}) {}

  /** The provider of `id`, created on first use. */
  provider(id: StateStoreId): HDFSBackedStateStoreProvider {
    const dir = stateStoreDir(id);
    let provider = this.#providers.get(dir);
    if (!provider) {
      provider = new HDFSBackedStateStoreProvider(id, this.options);
      this.#providers.set(dir, provider);
    }
    return provider;
  }

  /**
   * The store of `id` at `version`, open for updates (Spark's StateStore.get).
   * @throws IllegalStateError CANNOT_LOAD_STATE_STORE when the version cannot be loaded
   */
  getStore(id: StateStoreId, version: number): StateStore {
    return this.provider(id).getStore(version);
  }

  /** Forgets the providers of one checkpoint's state directory, or all of them. */
  unloadAll(checkpointRootLocation?: string): void {
    for (const [dir, provider] of this.#providers) {
      if (checkpointRootLocation === undefined || provider.id.checkpointRootLocation === checkpointRootLocation) {
        provider.close();
        this.#providers.delete(dir);
      }
    }
  }

  /** How many providers are loaded. */
  get size(): number {
    return this.#providers.size;
  }
}
