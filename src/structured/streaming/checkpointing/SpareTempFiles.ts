/**
 * Temp files made ahead of time, off the query's thread, for the checkpoint directories a
 * micro-batch query writes at every batch (offsets, commits, each state partition). No Spark
 * counterpart: Spark's CheckpointFileManager creates each temp file when it writes, on the
 * driver's or the executor's own thread.
 *
 * Why: creating a file is the costly step of an atomic write on this machine's disk (open with
 * O_CREAT|O_EXCL: 0.2-1.2 ms of kernel CPU each, against 0.02-0.15 ms for the write, link and
 * unlink that follow), and a batch creates four. A thread of its own (one per thread that writes,
 * started on first use, unref'd) creates the next temp file of each such directory while the
 * batch runs; the write then opens nothing. The query's thread takes the made files with
 * receiveMessageOnPort, so it never needs a turn of the event loop for them (a query fed as fast
 * as it goes runs its batches without one). The requests gathered since the last batch travel in
 * one message when the next batch starts (`flushSpareRequests`), since waking the thread costs
 * about as much as one create, and the batch's end waits for their answers (`settleSpareRequests`),
 * so the maker never adds a file to the checkpoint of a query between batches.
 *
 * A spare is a hidden file (`.<uuid>.spare.tmp`): listings skip names that start with `.`, as they
 * skip in-flight temp files, so recovery never sees one. A query makes spares only under its own
 * checkpoint (`enableSpareTempFiles`), only in a directory written at least twice, at most
 * SPARES_PER_DIR per directory; `releaseSpareTempFiles` closes and deletes them when it stops. A
 * process that dies leaves them behind, as it leaves a half-written temp file: hidden, and
 * ignored on restart.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** A made spare: its hidden name and an open descriptor for writing (descriptors are per process, so the maker's is ours). */
export interface SpareTempFile {
  readonly file: string;
  readonly fd: number;
}

/**
 * Spares kept per directory, made or asked for. Two, because the batch that takes one asks for its
 * replacement only at its end, and the next batch's first write (its offsets) follows at once.
 */
const SPARES_PER_DIR = 2;

/** The longest release waits for the maker's answers (a thread that died never answers). */
const MAX_RELEASE_WAIT_MS = 10_000;

/** Slot 0 of the shared counter: files the maker has answered for. */
const ANSWERED = 0;

// Creates each requested file (or -1 when it cannot), answers on the port, then counts the answers.
const MAKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { port, answered } = workerData;
port.on('message', (files) => {
  const fds = files.map((file) => { try { return fs.openSync(file, 'wx'); } catch { return -1; } });
  port.postMessage(fds);
  Atomics.add(answered, 0, files.length);
  Atomics.notify(answered, 0);
});
`;

interface DirSpares {
  /** createAtomic calls in this directory since it was enabled. */
  writes: number;
  /** Made and not yet taken. */
  readonly ready: SpareTempFile[];
  /** Asked of the maker (or about to be) and not yet answered. */
  requested: number;
}

interface Maker {
  readonly port: MessagePort;
  readonly answered: Int32Array;
}

/** Checkpoint roots whose directories get spares. */
const roots = new Set<string>();
/** Directories under an enabled root, by path. */
const dirs = new Map<string, DirSpares>();
/** Files to ask for at the next flush. */
let pending: string[] = [];
/** Files asked for, in the order the maker answers them. */
const inFlight: string[] = [];
let maker: Maker | undefined;
/** Set when the maker cannot be started: every write opens its own temp file, as before. */
let isUnavailable = false;

function rootOf(dir: string): string | undefined {
  for (const root of roots) if (dir === root || dir.startsWith(root + path.sep)) return root;
  return undefined;
}

/** Gives every directory under `root` (a query's checkpoint) spare temp files from now on. */
export function enableSpareTempFiles(root: string): void {
  roots.add(path.resolve(root));
}

/**
 * Called by each atomic write into `dir`: a made spare of the directory, if one is there, and
 * arranges the directory's next spares. Undefined when the write must create its temp file itself.
 */
export function takeSpareTempFile(dir: string): SpareTempFile | undefined {
  if (roots.size === 0 || isUnavailable) return undefined;
  let spares = dirs.get(dir);
  if (spares === undefined) {
    if (rootOf(dir) === undefined) return undefined;
    dirs.set(dir, (spares = { writes: 0, ready: [], requested: 0 }));
  }
  spares.writes += 1;
  if (inFlight.length > 0) receiveAnswers();
  const spare = spares.ready.shift();
  // A directory written once (the lock, the state schema) never gets a spare it would not use.
  if (spares.writes >= 2) {
    for (let n = spares.ready.length + spares.requested; n < SPARES_PER_DIR; n++) {
      pending.push(path.join(dir, `.${randomUUID()}.spare.tmp`));
      spares.requested += 1;
    }
  }
  return spare;
}

/** Sends the requests gathered since the last flush to the maker, in one message (the query calls it when a batch starts). */
export function flushSpareRequests(): void {
  if (pending.length === 0) return;
  const files = pending;
  pending = [];
  const active = startedMaker();
  if (active === undefined) {
    for (const file of files) forgetRequest(file);
    return;
  }
  inFlight.push(...files);
  active.port.postMessage(files);
}

/**
 * Stops making spares under `root` and closes and deletes those made there; waits (blocking, at
 * most MAX_RELEASE_WAIT_MS) for the answers still due, so no spare appears after it returns.
 */
export function releaseSpareTempFiles(root: string): void {
  const resolved = path.resolve(root);
  if (!roots.delete(resolved)) return;
  pending = pending.filter((file) => {
    if (rootOf(path.dirname(file)) !== undefined || !isUnder(file, resolved)) return true;
    forgetRequest(file);
    return false;
  });
  waitForAnswers((file) => isUnder(file, resolved));
  for (const [dir, spares] of dirs) {
    if (!isUnder(dir, resolved) || rootOf(dir) !== undefined) continue;
    for (const spare of spares.ready) discard(spare);
    dirs.delete(dir);
  }
}

/**
 * Waits (blocking, at most MAX_RELEASE_WAIT_MS) until the maker has answered every request sent, so
 * no spare appears in a checkpoint after this returns: the query calls it when a batch ends, and an
 * idle query's checkpoint then changes only when a batch runs (a caller may remove it meanwhile).
 */
export function settleSpareRequests(): void {
  waitForAnswers(() => true);
}

function waitForAnswers(isAwaited: (file: string) => boolean): void {
  if (maker === undefined) return;
  for (let waitedMs = 0; inFlight.some(isAwaited) && waitedMs < MAX_RELEASE_WAIT_MS; waitedMs += 50) {
    const answered = Atomics.load(maker.answered, ANSWERED);
    receiveAnswers();
    if (inFlight.some(isAwaited)) Atomics.wait(maker.answered, ANSWERED, answered, 50);
  }
}

/** Requests sent to the maker whose answers this thread has not taken yet (for tests). */
export function unansweredSpareRequests(): number {
  return inFlight.length;
}

function isUnder(file: string, root: string): boolean {
  return file === root || file.startsWith(root + path.sep);
}

function startedMaker(): Maker | undefined {
  if (maker !== undefined || isUnavailable) return maker;
  try {
    const { port1, port2 } = new MessageChannel();
    const answered = new Int32Array(new SharedArrayBuffer(4));
    // No inherited flags (a loader such as tsx): the maker runs plain JavaScript. Its descriptors
    // are this thread's to close, so the worker must not track them as its own (Node warns when a
    // number it tracks comes back from open after another thread closed it).
    const worker = new Worker(MAKER_SOURCE, {
      eval: true, execArgv: [], trackUnmanagedFds: false, workerData: { port: port2, answered }, transferList: [port2],
    });
    worker.unref();
    worker.on('error', () => {
      // Its unanswered requests are given up; writes open their own temp files from now on.
      isUnavailable = true;
      maker = undefined;
      for (const file of inFlight.splice(0)) forgetRequest(file);
    });
    maker = { port: port1, answered };
  } catch {
    isUnavailable = true;
  }
  return maker;
}

/** Takes the maker's answers that have arrived, without waiting. */
function receiveAnswers(): void {
  if (maker === undefined) return;
  for (let received = receiveMessageOnPort(maker.port); received !== undefined; received = receiveMessageOnPort(maker.port)) {
    for (const fd of received.message as number[]) {
      const file = inFlight.shift()!;
      const spares = dirs.get(path.dirname(file));
      if (spares !== undefined) spares.requested -= 1;
      if (fd < 0) continue;
      // A directory released meanwhile does not keep it.
      if (spares === undefined || rootOf(path.dirname(file)) === undefined) discard({ file, fd });
      else spares.ready.push({ file, fd });
    }
  }
}

function forgetRequest(file: string): void {
  const spares = dirs.get(path.dirname(file));
  if (spares !== undefined) spares.requested -= 1;
}

function discard(spare: SpareTempFile): void {
  try {
    fs.closeSync(spare.fd);
  } catch {
    // Already closed: nothing to release.
  }
  try {
    fs.unlinkSync(spare.file);
  } catch {
    // Gone with its directory.
  }
}
