/**
 * The thread that writes large state snapshots, off the thread that runs the batches. Spark: the
 * maintenance task of StateStore.scala (startMaintenanceIfNeeded, a background thread on each
 * executor running doMaintenance every spark.sql.streaming.stateStore.maintenanceInterval).
 *
 * One worker thread per thread that owns providers, started on first use and unref'd (it never
 * keeps the process alive). A job's result comes back on its own MessagePort, read with
 * receiveMessageOnPort, so the owner can look for it without a turn of the event loop (poll) or
 * wait for it (join) at a point where the file cadence must be settled; a shared flag tells the
 * owner the result is there and the worker that the owner no longer wants it.
 *
 * Differs from Spark: a job rebuilds its version from the files (snapshotFromFiles), where Spark's
 * thread reads the loaded map; a map here is changed in place as versions fold, and handing it
 * to another thread would mean copying the whole state on the query's thread.
 */
import * as fs from 'node:fs';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { snapshotFromFiles, type SnapshotJob, type SnapshotJobResult } from './snapshotFromFiles.js';

/** Flag slots: 0 the result was posted, 1 the owner cancelled. */
const DONE = 0;
const CANCELLED = 1;

/**
 * Stores whose last snapshot rows the thread keeps (snapshotFromFiles' cache): each costs about
 * as much memory as the store's state, in the maintenance thread's heap.
 */
const CACHED_STORES = 16;

/** The longest join waits for a job before giving up on it (a thread that died never answers). */
const MAX_JOIN_MS = 120_000;

// The job function travels as source; `__name` is the helper tsx/esbuild insert to keep function names.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const __name = (fn) => fn;
const snapshotFromFiles = ${snapshotFromFiles.toString()};
const cache = new Map();
parentPort.on('message', ({ job, port, flags }) => {
  const result = snapshotFromFiles(job, fs, () => Atomics.load(flags, ${CANCELLED}) === 1, cache);
  // The stores whose rows are kept: the most recently snapshotted ones, at most ${CACHED_STORES}.
  while (cache.size > ${CACHED_STORES}) cache.delete(cache.keys().next().value);
  port.postMessage(result);
  port.close();
  Atomics.store(flags, ${DONE}, 1);
  Atomics.notify(flags, ${DONE});
});
`;

let worker: Worker | undefined;

function maintenanceWorker(): Worker {
  if (worker === undefined) {
    worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    // A thread that dies leaves its jobs unanswered; join gives up on them after MAX_JOIN_MS.
    worker.on('error', () => {
      worker = undefined;
    });
  }
  return worker;
}

/** A snapshot job on the maintenance thread. */
export class SnapshotTicket {
  readonly #port: MessagePort;
  readonly #flags: Int32Array;
  #result: SnapshotJobResult | undefined;

  constructor(readonly job: SnapshotJob) {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#flags = new Int32Array(new SharedArrayBuffer(8));
    maintenanceWorker().postMessage({ job, port: port2, flags: this.#flags }, [port2]);
  }

  /** The result when the job has finished, without waiting. */
  poll(): SnapshotJobResult | undefined {
    if (this.#result === undefined) {
      const received = receiveMessageOnPort(this.#port);
      if (received !== undefined) {
        this.#result = received.message as SnapshotJobResult;
        this.#port.close();
      }
    }
    return this.#result;
  }

  /** Blocks this thread until the job has finished (or MAX_JOIN_MS passed: then a failed result). */
  join(): SnapshotJobResult {
    for (let waitedMs = 0; this.poll() === undefined; waitedMs += 50) {
      if (waitedMs >= MAX_JOIN_MS) {
        this.cancel();
        return { ok: false, message: `no answer from the state maintenance thread in ${MAX_JOIN_MS} ms` };
      }
      Atomics.wait(this.#flags, DONE, 0, 50);
    }
    return this.#result!;
  }

  /** Tells the thread not to write the snapshot if it has not yet; its temp file is deleted if it has. */
  cancel(): void {
    Atomics.store(this.#flags, CANCELLED, 1);
    const result = this.poll();
    if (result?.ok) fs.rmSync(this.job.tempFile, { force: true });
  }
}
