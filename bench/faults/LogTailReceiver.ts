/**
 * A receiver over a durable partitioned log that behaves like a queue with acknowledgements (an
 * AMQP or old Kafka high-level consumer): it takes `chunk` records every `intervalMs`, stores them
 * as one block (Receiver.storeBlock), then acknowledges them by writing the next offsets to its
 * ack file. What it acknowledged, the source never sends again: without the write-ahead log a
 * driver crash loses what was stored but not yet processed; with it, a crash between the log
 * write and the ack makes the source send those records again (duplicates).
 */
import * as fs from 'node:fs';
import { type Clock, PartitionedLog, Receiver, registerReceiverKind } from '../../src/index.js';

/** The receiver's parameters (kept in the DStream checkpoint). */
export interface LogTailParams {
  readonly logDir: string;
  readonly topic: string;
  readonly ackFile: string;
  readonly chunk: number;
  readonly intervalMs: number;
}

/** The offsets acknowledged so far, per partition (all zero before the first ack). */
export function readAcks(ackFile: string, numPartitions: number): number[] {
  return fs.existsSync(ackFile) ? (JSON.parse(fs.readFileSync(ackFile, 'utf8')) as number[]) : Array.from({ length: numPartitions }, () => 0);
}

/** The receiver; `clock` is set by the program before start (the context's clock). */
export class LogTailReceiver extends Receiver<unknown> {
  static clock: Clock | undefined;
  #stopped = false;

  constructor(readonly params: LogTailParams) {
    super();
  }

  onStart(): void {
    this.#stopped = false;
    void this.#run();
  }

  onStop(): void {
    this.#stopped = true;
  }

  override describe() {
    return { kind: 'faults.LogTailReceiver', params: { ...this.params } };
  }

  async #run(): Promise<void> {
    const clock = LogTailReceiver.clock!;
    const log = PartitionedLog.open(this.params.logDir);
    const ends = log.latestOffsets(this.params.topic);
    const acks = readAcks(this.params.ackFile, ends.length);
    let partition = 0;
    while (!this.#stopped && acks.some((a, p) => a < ends[p]!)) {
      while (acks[partition]! >= ends[partition]!) partition = (partition + 1) % ends.length;
      const until = Math.min(ends[partition]!, acks[partition]! + this.params.chunk);
      const records = log.read(this.params.topic, partition, acks[partition]!, until);
      await this.storeBlock(records);
      acks[partition] = until;
      const tmp = `${this.params.ackFile}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(acks));
      fs.renameSync(tmp, this.params.ackFile);
      partition = (partition + 1) % ends.length;
      await clock.waitTillTime(clock.getTimeMillis() + this.params.intervalMs);
    }
  }
}

registerReceiverKind('faults.LogTailReceiver', (params) => new LogTailReceiver(params as unknown as LogTailParams));
