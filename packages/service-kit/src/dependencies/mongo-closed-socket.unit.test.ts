import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

// The driver's own connection class: the defect is in it, below anything a MongoClient lets a test reach.
interface Namespace {
  readonly db: string;
}
interface DriverConnection {
  command(ns: Namespace, command: Record<string, unknown>, options: Record<string, unknown>): Promise<unknown>;
}
const driver = createRequire(import.meta.url);
const { Connection } = driver('mongodb/lib/cmap/connection.js') as { Connection: new (socket: Socket, options: Record<string, unknown>) => DriverConnection };
const { MongoDBNamespace } = driver('mongodb/lib/utils.js') as { MongoDBNamespace: { fromString(ns: string): Namespace } };

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

describe("the MongoDB driver's connection (patches/mongodb@6.22.0.patch)", () => {
  // docs/drills.md: after `ss -K` on FerretDB's port, commands waiting for their socket to drain never settled and
  // their closed connections stayed checked out of the pool, so a consumer's batch waited for good.
  it('rejects a command waiting for its socket to drain when the socket closes without an error', async () => {
    const server = createServer((peer) => {
      peer.pause(); // never reads: the command's bytes fill the socket's buffers and the driver waits for 'drain'
      closers.push(() => peer.destroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => server.close());
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(socket, 'connect');
    const connection = new Connection(socket, { id: 1, generation: 0 });

    const command = connection.command(MongoDBNamespace.fromString('admin.$cmd'), { ping: 1, padding: 'x'.repeat(32 << 20) }, {});
    const settled = command.then(
      () => 'resolved',
      (error: unknown) => (error as Error).name,
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.writableLength).toBeGreaterThan(0);
    socket.destroy(); // a close with no 'error' event, as the socket destroyed under the driver showed
    expect(await settled).toBe('MongoNetworkError');
  });
});
