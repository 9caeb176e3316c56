/**
 * Reads UTF-8 text lines from a TCP server and buffers them until a batch takes them. Spark:
 * sql/core/.../execution/streaming/sources/TextSocketMicroBatchStream.scala and
 * TextSocketSourceProvider.scala.
 *
 * Offsets are LongOffsets counting lines: the first line received has offset 0. Like Spark's,
 * this source keeps lines only in memory and cannot replay them after a restart: it is for
 * examples and tests. Processing time: with includeTimestamp, a line's timestamp is the Clock
 * reading when its line ending arrived.
 */
import * as net from 'node:net';
import type { Clock } from '../../../shared/util/Clock.js';
import { StructType } from '../../types/StructType.js';
import { SourceErrors } from '../streamingErrors.js';
import type { Offset } from './Offset.js';
import { longOffset, type Row, type Source } from './Source.js';

/** Options of the socket source, Spark's names. */
export interface TextSocketSourceOptions {
  readonly host: string;
  readonly port: number;
  /** Add a `timestamp` column: the clock reading when the line arrived. */
  readonly includeTimestamp?: boolean;
  readonly clock: Clock;
  /** Lines of a batch are dealt round-robin over this many partitions (default 1). */
  readonly numPartitions?: number;
}

/** The socket source; create it with `TextSocketSource.open`. */
export class TextSocketSource implements Source {
  readonly schema: StructType;
  /** Lines not yet committed; lines[0] has offset lastOffsetCommitted + 1. */
  readonly #lines: Row[] = [];
  #lastOffsetCommitted = -1;
  #partialLine = '';
  #error: Error | undefined;
  readonly #waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly options: TextSocketSourceOptions,
    private readonly socket: net.Socket,
  ) {
    this.schema = options.includeTimestamp
      ? new StructType().add('value', 'string').add('timestamp', 'timestamp')
      : new StructType().add('value', 'string');
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.#receive(chunk));
    socket.on('end', () => this.#flushPartialLine());
    socket.on('error', (error) => (this.#error = error));
  }

  /**
   * Connects and starts buffering lines.
   * @throws IllegalStateError SOCKET_SOURCE_CONNECT_FAILED when nothing listens at host:port
   */
  static open(options: TextSocketSourceOptions): Promise<TextSocketSource> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: options.host, port: options.port });
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        resolve(new TextSocketSource(options, socket));
      });
      socket.once('error', (error) => reject(SourceErrors.socketConnectFailed(options.host, options.port, error.message)));
    });
  }

  /** Lines received since the source opened, committed ones included. */
  get numLinesReceived(): number {
    return this.#lastOffsetCommitted + 1 + this.#lines.length;
  }

  /** Resolves once at least `lineCount` lines have arrived in total: how a test waits for the network. */
  whenReceived(lineCount: number): Promise<void> {
    if (this.numLinesReceived >= lineCount) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count: lineCount, resolve }));
  }

  /** @throws the socket's error if the connection failed after opening */
  latestOffset(): Offset | undefined {
    if (this.#error) throw SourceErrors.socketConnectFailed(this.options.host, this.options.port, this.#error.message);
    const offset = this.numLinesReceived - 1;
    return offset === -1 ? undefined : offset;
  }

  getBatch(start: Offset | undefined, end: Offset): Row[][] {
    const startOffset = longOffset(start, -1, this.toString());
    const endOffset = longOffset(end, -1, this.toString());
    if (startOffset < this.#lastOffsetCommitted || endOffset >= this.numLinesReceived || startOffset > endOffset) {
      throw SourceErrors.offsetOutOfRange(
        this.toString(),
        `cannot return the lines in (${startOffset}, ${endOffset}]: lines up to ${this.#lastOffsetCommitted} were committed `
          + `and dropped and ${this.numLinesReceived} have arrived. The socket source cannot replay lines after a restart.`,
      );
    }
    const lines = this.#lines.slice(startOffset - this.#lastOffsetCommitted, endOffset - this.#lastOffsetCommitted);
    const n = this.options.numPartitions ?? 1;
    const partitions: Row[][] = Array.from({ length: n }, () => []);
    lines.forEach((line, i) => partitions[i % n]!.push(line));
    return partitions;
  }

  commit(end: Offset): void {
    const endOffset = longOffset(end, -1, this.toString());
    if (endOffset <= this.#lastOffsetCommitted) return;
    this.#lines.splice(0, endOffset - this.#lastOffsetCommitted);
    this.#lastOffsetCommitted = endOffset;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }

  toString(): string {
    return `TextSocketV2[host: ${this.options.host}, port: ${this.options.port}]`;
  }

  #receive(chunk: string): void {
    const parts = (this.#partialLine + chunk).split('\n');
    this.#partialLine = parts.pop() ?? '';
    for (const line of parts) this.#addLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  #flushPartialLine(): void {
    // Like BufferedReader.readLine, a last line without a line ending still counts at end of stream.
    if (this.#partialLine.length > 0) this.#addLine(this.#partialLine);
    this.#partialLine = '';
  }

  #addLine(value: string): void {
    this.#lines.push(this.options.includeTimestamp ? { value, timestamp: this.options.clock.getTimeMillis() } : { value });
    const received = this.numLinesReceived;
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      if (this.#waiters[i]!.count <= received) this.#waiters.splice(i, 1)[0]!.resolve();
    }
  }
}
