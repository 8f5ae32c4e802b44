import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchPatiently } from './patient-fetch.js';

/** A local HTTP server that answers the given statuses in turn (Retry-After: 0 keeps the test quick). */
async function answering(statuses: number[]): Promise<{ url: string; requests: () => number; server: Server }> {
  let requests = 0;
  const server = createServer((_request, response) => {
    const status = statuses[Math.min(requests++, statuses.length - 1)]!;
    response.writeHead(status, { 'retry-after': '0', 'content-type': 'application/json' }).end(JSON.stringify({ status }));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests: () => requests, server };
}

describe('fetchPatiently', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((closed) => (server ? server.close(() => closed()) : closed())));

  it('sends again while the service answers 503 or 429, and returns the first other answer', async () => {
    const service = await answering([503, 429, 503, 201]);
    server = service.server;
    const response = await fetchPatiently(service.url, { method: 'POST', body: '{}' });
    expect(response.status).toBe(201);
    expect(service.requests()).toBe(4);
  });

  it('returns a client error at once', async () => {
    const service = await answering([422, 201]);
    server = service.server;
    expect((await fetchPatiently(service.url, { method: 'GET' })).status).toBe(422);
    expect(service.requests()).toBe(1);
  });

  it('gives up with the last 503 once its patience is spent', async () => {
    const service = await answering([503]);
    server = service.server;
    expect((await fetchPatiently(service.url, { method: 'GET' }, 0)).status).toBe(503);
    expect(service.requests()).toBe(1);
  });
});
