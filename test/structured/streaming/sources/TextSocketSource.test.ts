/**
 * The socket source against a loopback server on an ephemeral port (Spark's TextSocketStreamSuite).
 * The test waits for lines with whenReceived, never with a timer.
 */
import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { IllegalStateError } from '../../../../src/shared/errors.js';
import { ManualClock } from '../../../../src/shared/util/Clock.js';
import { TextSocketSource } from '../../../../src/structured/streaming/sources/TextSocketSource.js';
import { caughtAsync } from '../support.js';

interface LoopbackServer {
  port: number;
  client: Promise<net.Socket>;
  close(): Promise<void>;
}

const servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

function listen(): Promise<LoopbackServer> {
  return new Promise((resolve) => {
    let onClient: (socket: net.Socket) => void = () => {};
    const client = new Promise<net.Socket>((r) => (onClient = r));
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => {
      sockets.push(socket);
      onClient(socket);
    });
    server.listen(0, '127.0.0.1', () => {
      const handle: LoopbackServer = {
        port: (server.address() as net.AddressInfo).port,
        client,
        close: () => new Promise((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      };
      servers.push(handle);
      resolve(handle);
    });
  });
}

describe('TextSocketSource', () => {
  it('buffers the lines it receives and returns them by LongOffset', async () => {
    const server = await listen();
    const source = await TextSocketSource.open({ host: '127.0.0.1', port: server.port, clock: new ManualClock() });
    expect(source.latestOffset()).toBeUndefined();
    const client = await server.client;
    client.write('hello\nworld\r\npar');
    client.write('tial\n');
    await source.whenReceived(3);
    expect(source.latestOffset()).toBe(2);
    expect(source.getBatch(undefined, 1)).toEqual([[{ value: 'hello' }, { value: 'world' }]]);
    expect(source.getBatch(1, 2)).toEqual([[{ value: 'partial' }]]);
    expect(source.schema.simpleString).toBe('struct<value:string>');
    expect(source.toString()).toBe(`TextSocketV2[host: 127.0.0.1, port: ${server.port}]`);
    await source.stop();
  });

  it('stamps lines with the clock reading at arrival and deals them over partitions', async () => {
    const server = await listen();
    const clock = new ManualClock(1000);
    const source = await TextSocketSource.open({ host: '127.0.0.1', port: server.port, clock, includeTimestamp: true, numPartitions: 2 });
    const client = await server.client;
    client.write('a\nb\n');
    await source.whenReceived(2);
    clock.setTime(2000);
    client.write('c\n');
    await source.whenReceived(3);
    expect(source.schema.simpleString).toBe('struct<value:string,timestamp:timestamp>');
    expect(source.getBatch(undefined, 2)).toEqual([
      [{ value: 'a', timestamp: 1000 }, { value: 'c', timestamp: 2000 }],
      [{ value: 'b', timestamp: 1000 }],
    ]);
    await source.stop();
  });

  it('drops committed lines, and counts a last line without a line ending when the server closes', async () => {
    const server = await listen();
    const source = await TextSocketSource.open({ host: '127.0.0.1', port: server.port, clock: new ManualClock() });
    const client = await server.client;
    client.end('x\ny');
    await source.whenReceived(2);
    source.commit(0);
    expect(source.getBatch(0, 1)).toEqual([[{ value: 'y' }]]);
    expect(() => source.getBatch(undefined, 1)).toThrow(IllegalStateError);
    await source.stop();
  });

  it('reports a server that is not listening, naming host and port', async () => {
    const server = await listen();
    const port = server.port;
    await server.close();
    servers.length = 0;
    const error = await caughtAsync(() => TextSocketSource.open({ host: '127.0.0.1', port, clock: new ManualClock() }));
    expect(error.errorClass).toBe('SOCKET_SOURCE_CONNECT_FAILED');
    expect(error.message).toMatch(new RegExp(`^The socket source cannot connect to 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*\\. Start the server first`));
  });
});
