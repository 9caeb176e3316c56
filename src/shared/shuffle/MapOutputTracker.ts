/**
 * Where each shuffle map output lives, and the outputs themselves. Spark: core/.../MapOutputTracker.scala.
 *
 * Differs from Spark: the buckets are held here on the driver, tagged with the executor that
 * wrote them, instead of on that executor's disk. Losing an executor removes its outputs, so
 * the scheduler sees exactly what Spark sees: missing map outputs that must be recomputed.
 */

/** The output of one map task: one bucket of records per reduce partition. */
export interface MapStatus {
  readonly executorId: string;
  readonly buckets: readonly unknown[][];
}

/** A reduce task could not read a map output: the stage that wrote it must run again. */
export class FetchFailedError extends Error {
  constructor(
    readonly shuffleId: number,
    readonly mapId: number,
    readonly reduceId: number,
    readonly executorId: string | undefined,
  ) {
    super(`Missing an output location for shuffle ${shuffleId} partition ${reduceId} (map ${mapId})`);
    this.name = 'FetchFailedException';
  }
}

/** Map outputs per shuffle, per map partition. */
export class MapOutputTracker {
  readonly #outputs = new Map<number, (MapStatus | undefined)[]>();

  registerShuffle(shuffleId: number, numMaps: number): void {
    if (!this.#outputs.has(shuffleId)) this.#outputs.set(shuffleId, new Array(numMaps).fill(undefined));
  }

  registerMapOutput(shuffleId: number, mapId: number, status: MapStatus): void {
    const outputs = this.#outputs.get(shuffleId);
    if (!outputs) throw new Error(`shuffle ${shuffleId} was never registered`);
    outputs[mapId] = status;
  }

  /** Forgets one map output (a reduce task could not fetch it). */
  unregisterMapOutput(shuffleId: number, mapId: number): void {
    const outputs = this.#outputs.get(shuffleId);
    if (outputs && mapId < outputs.length) outputs[mapId] = undefined;
  }

  /** Map partitions whose output is missing. */
  missingMaps(shuffleId: number): number[] {
    const outputs = this.#outputs.get(shuffleId) ?? [];
    return outputs.flatMap((o, i) => (o ? [] : [i]));
  }

  isAvailable(shuffleId: number): boolean {
    const outputs = this.#outputs.get(shuffleId);
    return outputs !== undefined && outputs.every((o) => o !== undefined);
  }

  /**
   * Every map's bucket for one reduce partition, in map order.
   * @throws FetchFailedError when a map output is missing, or the whole shuffle was released
   *   (mapId -1): the map stage runs again rather than the reduce side reading nothing.
   */
  fetch(shuffleId: number, reduceId: number): unknown[] {
    const outputs = this.#outputs.get(shuffleId);
    if (!outputs) throw new FetchFailedError(shuffleId, -1, reduceId, undefined);
    const out: unknown[] = [];
    outputs.forEach((status, mapId) => {
      if (!status) throw new FetchFailedError(shuffleId, mapId, reduceId, undefined);
      const bucket = status.buckets[reduceId];
      for (let i = 0; i < bucket.length; i++) out.push(bucket[i]);
    });
    return out;
  }

  /** Forgets every output the executor held; returns how many were lost. */
  removeOutputsOnExecutor(executorId: string): number {
    let lost = 0;
    for (const outputs of this.#outputs.values()) {
      outputs.forEach((status, i) => {
        if (status?.executorId === executorId) {
          outputs[i] = undefined;
          lost++;
        }
      });
    }
    return lost;
  }

  /** Forgets a shuffle and its outputs (the cleaner found it unreachable, or a DStream forgot its batch). */
  unregisterShuffle(shuffleId: number): void {
    this.#outputs.delete(shuffleId);
  }

  /** The shuffles whose outputs are held, in registration order (bounded in a streaming application). */
  registeredShuffleIds(): number[] {
    return [...this.#outputs.keys()];
  }
}
