/**
 * Receives lines of UTF-8 text from a TCP server. Spark: streaming/.../dstream/SocketInputDStream.scala
 * (SocketReceiver).
 *
 * While the rate limiter holds a line back, the socket is paused, so the server feels TCP
 * backpressure as it would from Spark's blocked receiver thread. When the server closes the
 * connection the receiver restarts (reconnects) after spark.streaming.receiverRestartDelay.
 */
import { connect, type Socket } from 'node:net';
import { Receiver, registerReceiverKind, type ReceiverDescriptor } from './Receiver.js';

/** socketTextStream's receiver. */
export class SocketReceiver extends Receiver<string> {
  #socket: Socket | undefined;

  constructor(
    readonly hostname: string,
    readonly port: number,
  ) {
    super();
  }

  override get name(): string {
    return `SocketReceiver(${this.hostname}:${this.port})`;
  }

  onStart(): void {
    const socket = connect({ host: this.hostname, port: this.port });
    this.#socket = socket;
    socket.setEncoding('utf8');
    let partial = '';
    let storing: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() as string;
      storing = storing.then(async () => {
        for (const line of lines) {
          const stored = this.store(line.endsWith('\r') ? line.slice(0, -1) : line);
          socket.pause();
          await stored;
        }
        socket.resume();
      });
    });
    socket.on('error', (error) => this.restart(`Error connecting to ${this.hostname}:${this.port}`, error));
    socket.on('end', () => {
      void storing.then(() => {
        if (partial) void this.store(partial);
        partial = '';
        this.restart('Socket data stream had no more data');
      });
    });
  }

  onStop(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
  }

  override describe(): ReceiverDescriptor {
    return { kind: 'SocketReceiver', params: { hostname: this.hostname, port: this.port } };
  }
}

registerReceiverKind('SocketReceiver', (p) => new SocketReceiver(p.hostname as string, p.port as number));
