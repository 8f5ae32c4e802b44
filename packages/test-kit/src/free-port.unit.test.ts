import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort as claimPort, releasePort } from './service-process.js';

describe('freePort', () => {
  const drawn: number[] = [];
  const freePort = async () => {
    const port = await claimPort();
    drawn.push(port);
    return port;
  };
  afterEach(() => {
    for (const port of drawn.splice(0)) releasePort(port);
  });

  it('answers a port below the ephemeral range (which outgoing connections draw from) that a service can bind', async () => {
    const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) expect(port).toBeLessThan(ephemeralStart);
    const server = createServer();
    server.listen(ports[0], '127.0.0.1');
    await once(server, 'listening');
    server.close();
  });

  it('never answers a port twice while it is claimed, though nothing has bound it yet (a service binds seconds later)', async () => {
    // 600 draws among about 22,700 ports: without claims, about 8 pairs would be equal.
    const ports: number[] = [];
    for (let n = 0; n < 600; n += 1) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('passes over ports in use', async () => {
    const taken = await Promise.all(Array.from({ length: 200 }, async () => {
      const server = createServer();
      server.listen(await freePort(), '127.0.0.1');
      await once(server, 'listening');
      return server;
    }));
    try {
      const ports = new Set(taken.map((server) => (server.address() as { port: number }).port));
      // 500 draws among about 22,700 ports, 200 of them taken: a taken one is met almost surely, and must be passed over.
      for (let n = 0; n < 500; n += 1) expect(ports.has(await freePort())).toBe(false);
    } finally {
      for (const server of taken) server.close();
    }
  });
});
