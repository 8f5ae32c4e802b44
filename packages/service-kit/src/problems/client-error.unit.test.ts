import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBootServer, type BootServer } from '../start-up/boot-server.js';
import { rawExchange } from '../test-support/raw-http.js';
import { testApp } from '../test-support/test-app.js';

const refusedByNode = [
  { what: 'a raw space in the request line', request: 'GET /v1/customers/a b HTTP/1.1\r\nHost: x\r\n\r\n', status: 400, code: 'CTP_MALFORMED_REQUEST' },
  { what: 'a NUL in the request line', request: 'GET /v1/customers/\0 HTTP/1.1\r\nHost: x\r\n\r\n', status: 400, code: 'CTP_MALFORMED_REQUEST' },
  { what: 'a 20 KB header', request: `GET /v1/customers/C-1 HTTP/1.1\r\nHost: x\r\nX-Reason: ${'r'.repeat(20_000)}\r\n\r\n`, status: 431, code: 'CTP_HEADERS_TOO_LARGE' },
  { what: 'a 20 KB query string', request: `GET /v1/customers/C-1?reason=${'r'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, status: 431, code: 'CTP_HEADERS_TOO_LARGE' },
];

function expectProblem(answer: Awaited<ReturnType<typeof rawExchange>>, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(answer.body)).toMatchObject({ type: expect.stringMatching(/^urn:ctp:problem:/), status, code });
}

describe('requests that Node HTTP parser refuses before fastify sees them', () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = await testApp();
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  it.each(refusedByNode)('answers $what with $status problem+json', async ({ request, status, code }) => {
    expectProblem(await rawExchange(port, request), status, code);
  });
});

describe('the same requests while a service is starting (its boot server answers alone)', () => {
  let boot: BootServer;
  let port: number;
  beforeAll(async () => {
    boot = createBootServer({ service: 'intake', version: '1.0.0', pending: () => 'setup' });
    await boot.listen('127.0.0.1', 0);
    port = (boot.server.address() as AddressInfo).port;
  });
  afterAll(() => boot.close());

  it.each(refusedByNode)('answers $what with $status problem+json', async ({ request, status, code }) => {
    expectProblem(await rawExchange(port, request), status, code);
  });
});
