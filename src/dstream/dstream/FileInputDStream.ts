/**
 * Lines of the files that appear in a directory: each new file goes, once, into the batch at
 * which it is first seen. Spark: streaming/.../dstream/FileInputDStream.scala.
 *
 * Differs from Spark: a file is new when the directory listing at a batch boundary first shows
 * it, not by its modification time (file times are wall-clock times, batch times may be virtual).
 * As in Spark, files already there at start, and names starting with "." or "_", are ignored;
 * write files elsewhere and rename them in, so a half-written file is never read.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RDD } from '../../shared/index.js';
import { TextFileRDD, UnionRDD } from '../../shared/index.js';
import type { StreamingContext } from '../StreamingContext.js';
import type { Time } from '../Time.js';
import type { DStreamDescriptor } from './internal.js';
import { InputDStream } from './InputDStream.js';
import { registerDStreamKind } from './DStreamRegistry.js';

/** The stream textFileStream() returns. */
export class FileInputDStream extends InputDStream<string> {
  /** Every file name seen so far (processed, or present at start). */
  readonly #seen = new Set<string>();
  /** The files of each remembered batch, for the checkpoint. */
  readonly #batchTimeToFiles = new Map<number, string[]>();
  #isListed = false;

  constructor(
    ssc: StreamingContext,
    readonly directory: string,
    restored?: { seen: string[]; batchFiles: [number, string[]][] },
  ) {
    super(ssc);
    if (restored) {
      for (const name of restored.seen) this.#seen.add(name);
      for (const [timeMs, files] of restored.batchFiles) this.#batchTimeToFiles.set(timeMs, files);
      this.#isListed = true;
    }
  }

  /** Spark's newFilesOnly: what is in the directory when the context starts is not read. */
  override start(): void {
    if (this.#isListed) return;
    for (const name of this.#list()) this.#seen.add(name);
    this.#isListed = true;
  }

  compute(validTime: Time): RDD<string> | undefined {
    const fresh = this.#list().filter((name) => !this.#seen.has(name)).sort();
    for (const name of fresh) this.#seen.add(name);
    const files = fresh.map((name) => join(this.directory, name));
    this.#batchTimeToFiles.set(validTime.milliseconds, files);
    this.reportInput(validTime, 0, { files });
    return this.#rddOf(files);
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    const oldest = time.milliseconds - (this.rememberDuration?.milliseconds ?? 0);
    for (const timeMs of [...this.#batchTimeToFiles.keys()]) if (timeMs <= oldest) this.#batchTimeToFiles.delete(timeMs);
  }

  /** After a recovery the batches in the checkpoint read the same files again. */
  override restoreCheckpointData(): void {
    for (const [timeMs, files] of this.#batchTimeToFiles) this.generatedRDDs.set(timeMs, this.#rddOf(files));
  }

  describe(): DStreamDescriptor {
    return { kind: 'FileInputDStream', params: { directory: this.directory, seen: [...this.#seen], batchFiles: [...this.#batchTimeToFiles] } };
  }

  #rddOf(files: string[]): RDD<string> {
    const sc = this.ssc.sparkContext;
    return new UnionRDD(sc, files.map((file) => new TextFileRDD(sc, file, 1)));
  }

  #list(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch {
      return [];
    }
    return names.filter((name) => !name.startsWith('.') && !name.startsWith('_') && statSync(join(this.directory, name)).isFile());
  }
}

registerDStreamKind('FileInputDStream', (ssc, _parents, p) =>
  new FileInputDStream(ssc, p.directory as string, { seen: p.seen as string[], batchFiles: p.batchFiles as [number, string[]][] }));
