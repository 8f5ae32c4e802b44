import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { honouringRetryAfter, retryAfterSeconds } from './retry-after.js';

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates, and waits a second on anything else', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    expect(retryAfterSeconds('2', now)).toBe(2);
    expect(retryAfterSeconds('Mon, 07 Dec 2026 10:00:03 GMT', now)).toBe(3);
    expect(retryAfterSeconds('Mon, 07 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBe(1);
  });
});

describe('honouringRetryAfter', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A server answering the given statuses in turn, each 503 with Retry-After 0 unless told otherwise. */
  async function answering(statuses: readonly number[], retryAfter: string | null = '0') {
    let served = 0;
    server = createServer((_request, response) => {
      const status = statuses[Math.min(served++, statuses.length - 1)]!;
      response.writeHead(status, status === 503 && retryAfter !== null ? { 'retry-after': retryAfter } : {});
      response.end(JSON.stringify({ status }));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return { send: () => fetch(url), served: () => served };
  }

  it('sends again after each 503 with Retry-After, and returns the first other answer', async () => {
    const { send, served } = await answering([503, 503, 201]);
    expect((await honouringRetryAfter(send, 'opening a case')).status).toBe(201);
    expect(served()).toBe(3);
  });

  it('returns the last 503 once the attempts are spent', async () => {
    const { send, served } = await answering([503]);
    expect((await honouringRetryAfter(send, 'opening a case', 3)).status).toBe(503);
    expect(served()).toBe(3);
  });

  it('does not send again on a 503 without Retry-After, nor on other failures', async () => {
    const bare = await answering([503, 201], null);
    expect((await honouringRetryAfter(bare.send, 'opening a case')).status).toBe(503);
    expect(bare.served()).toBe(1);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const failing = await answering([500, 201]);
    expect((await honouringRetryAfter(failing.send, 'opening a case')).status).toBe(500);
    expect(failing.served()).toBe(1);
  });
});
