/**
 * The metadata checkpoint: the DStream graph, the pending batches and the settings needed to
 * start again; written as JSON files `checkpoint-<batch time>` in the checkpoint directory.
 * Spark: streaming/.../Checkpoint.scala (Checkpoint, CheckpointWriter, CheckpointReader).
 *
 * Differs from Spark: the graph is saved as data (kind + parameters per DStream, functions as
 * source text or by registered name) instead of Java-serialised objects; see CheckpointCodec.ts.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SparkContext, StorageLevel } from '../shared/index.js';
import { decodeValue, encodeValue } from './CheckpointCodec.js';
import { Duration } from './Duration.js';
import { StreamingErrors } from './errors.js';
import { Time } from './Time.js';
import type { StreamingContext } from './StreamingContext.js';
import type { DStream } from './dstream/DStream.js';
import type { CheckpointFile } from './dstream/DStreamCheckpointData.js';
import { dstreamFactory } from './dstream/DStreamRegistry.js';

/** One DStream as the checkpoint saves it. */
interface StreamData {
  readonly id: number;
  readonly kind: string;
  readonly parents: number[];
  readonly params: unknown;
  readonly storageLevel: string;
  readonly checkpointDurationMs: number | null;
  readonly rememberDurationMs: number | null;
  readonly zeroTimeMs: number | null;
  readonly checkpointFiles: [number, CheckpointFile][];
}

/** What a checkpoint file holds. */
export interface CheckpointData {
  readonly master: string;
  readonly appName: string;
  readonly conf: Record<string, string>;
  readonly batchDurationMs: number;
  readonly checkpointDir: string;
  readonly checkpointDurationMs: number;
  readonly checkpointTimeMs: number;
  readonly pendingTimesMs: number[];
  readonly graph: {
    readonly zeroTimeMs: number | null;
    readonly rememberDurationMs: number | null;
    readonly streams: StreamData[];
  };
}

const FILE_PREFIX = 'checkpoint-';
/** Spark keeps the last 10 checkpoint files. */
const FILES_KEPT = 10;

/** A snapshot of a StreamingContext at a batch time. */
export class Checkpoint {
  private constructor(readonly data: CheckpointData) {}

  /**
   * Captures `ssc` at `checkpointTime`. Every function of the graph is serialised here, so a
   * graph that cannot be saved fails at start(), as in Spark.
   * @throws IllegalArgumentError DSTREAM_CHECKPOINT_NOT_SERIALIZABLE / DSTREAM_NOT_CHECKPOINTABLE
   */
  static of(ssc: StreamingContext, checkpointTime: Time): Checkpoint {
    const ids = new Map<DStream<unknown>, number>();
    const streams: StreamData[] = [];
    for (const stream of ssc.graph.allStreams()) {
      ids.set(stream, ids.size);
      const where = stream.toString();
      let params: unknown;
      try {
        const descriptor = stream.describe();
        params = encodeValue(descriptor.params, where);
        streams.push({
          id: ids.get(stream) as number,
          kind: descriptor.kind,
          parents: stream.dependencies.map((d) => ids.get(d) as number),
          params,
          storageLevel: stream.storageLevel.name,
          checkpointDurationMs: stream.checkpointDuration?.milliseconds ?? null,
          rememberDurationMs: stream.rememberDuration?.milliseconds ?? null,
          zeroTimeMs: stream.zeroTime?.milliseconds ?? null,
          checkpointFiles: [...stream.checkpointData.files],
        });
      } catch (error) {
        if ((error as { errorClass?: string }).errorClass === 'DSTREAM_NOT_CHECKPOINTABLE') throw error;
        throw StreamingErrors.graphNotSerializable(error as Error);
      }
    }
    const sc = ssc.sparkContext;
    return new Checkpoint({
      master: sc.master,
      appName: sc.appName,
      conf: Object.fromEntries(sc.conf.getAll()),
      batchDurationMs: ssc.graph.batchDuration.milliseconds,
      checkpointDir: ssc.checkpointDir as string,
      checkpointDurationMs: (ssc.checkpointDuration ?? ssc.graph.batchDuration).milliseconds,
      checkpointTimeMs: checkpointTime.milliseconds,
      pendingTimesMs: ssc.scheduler.getPendingTimes().map((t) => t.milliseconds),
      graph: {
        zeroTimeMs: ssc.graph.zeroTime?.milliseconds ?? null,
        rememberDurationMs: ssc.graph.rememberDuration?.milliseconds ?? null,
        streams,
      },
    });
  }

  get checkpointTimeMs(): number {
    return this.data.checkpointTimeMs;
  }

  get pendingTimesMs(): number[] {
    return this.data.pendingTimesMs;
  }

  get checkpointDir(): string {
    return this.data.checkpointDir;
  }

  get batchDuration(): Duration {
    return new Duration(this.data.batchDurationMs);
  }

  get checkpointDuration(): Duration {
    return new Duration(this.data.checkpointDurationMs);
  }

  serialize(): string {
    return JSON.stringify(this.data);
  }

  /** The master, app name and conf of the checkpointed SparkContext. */
  sparkSettings(): { master: string; appName: string; conf: Record<string, string> } {
    return { master: this.data.master, appName: this.data.appName, conf: this.data.conf };
  }

  /** Creates the SparkContext of a recovered context when the program gives none. */
  static defaultSparkContext(settings: { master: string; appName: string; conf: Record<string, string> }): SparkContext {
    return new SparkContext(settings);
  }

  /** Rebuilds the graph on a new context: streams, durations, zero time, checkpointed RDDs. */
  restoreGraph(ssc: StreamingContext): void {
    const { graph } = this.data;
    const byId = new Map<number, DStream<unknown>>();
    for (const s of graph.streams) {
      const parents = s.parents.map((id) => byId.get(id) as DStream<unknown>);
      const stream = dstreamFactory(s.kind)(ssc, parents, decodeValue(s.params, ssc.sparkContext) as Record<string, unknown>);
      stream.storageLevel = StorageLevel.fromString(s.storageLevel);
      if (s.checkpointDurationMs !== null) stream.checkpointDuration = new Duration(s.checkpointDurationMs);
      if (s.rememberDurationMs !== null) stream.rememberDuration = new Duration(s.rememberDurationMs);
      if (s.zeroTimeMs !== null) stream.zeroTime = new Time(s.zeroTimeMs);
      stream.checkpointData.files = new Map(s.checkpointFiles);
      byId.set(s.id, stream);
    }
    if (graph.zeroTimeMs !== null) ssc.graph.zeroTime = new Time(graph.zeroTimeMs);
    if (graph.rememberDurationMs !== null) ssc.graph.rememberDuration = new Duration(graph.rememberDurationMs);
    ssc.graph.restoreCheckpointData();
  }

  /** The newest readable checkpoint in `dir`, or undefined when there is none. */
  static read(dir: string): Checkpoint | undefined {
    for (const file of checkpointFiles(dir).reverse()) {
      try {
        return new Checkpoint(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CheckpointData);
      } catch {
        // Spark's CheckpointReader also skips an unreadable file and tries the previous one.
      }
    }
    return undefined;
  }
}

/** The checkpoint files of `dir`, oldest first. */
function checkpointFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(FILE_PREFIX) && /^\d+$/.test(n.slice(FILE_PREFIX.length)))
    .sort((a, b) => Number(a.slice(FILE_PREFIX.length)) - Number(b.slice(FILE_PREFIX.length)));
}

/** Writes checkpoints atomically (temporary file, then rename) and keeps the latest ten. */
export class CheckpointWriter {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  write(checkpoint: Checkpoint): void {
    const file = join(this.dir, `${FILE_PREFIX}${checkpoint.checkpointTimeMs}`);
    writeFileSync(`${file}.tmp`, checkpoint.serialize());
    renameSync(`${file}.tmp`, file);
    const files = checkpointFiles(this.dir);
    for (const old of files.slice(0, Math.max(0, files.length - FILES_KEPT))) rmSync(join(this.dir, old), { force: true });
  }
}
