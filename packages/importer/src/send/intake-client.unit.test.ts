import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FatalError } from '../errors.js';
import { intakeClient } from './intake-client.js';
import { withRetries } from './send-with-retries.js';

type Handler = (body: { events: unknown[] }, request: IncomingMessage, response: ServerResponse) => void;

describe('intakeClient against a local HTTP server', () => {
  let server: Server;
  let url: string;
  let handler: Handler = () => undefined;
  const problem = (response: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) =>
    response.writeHead(status, { 'content-type': 'application/problem+json', ...headers }).end(JSON.stringify(body));

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => handler(JSON.parse(text) as { events: unknown[] }, request, response));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const send = (facts: unknown[], timeoutMs = 2_000) => intakeClient({ url, key: 'k-1', timeoutMs })(facts, new AbortController().signal);

  it('posts the facts with the key and reads the statuses of a 202', async () => {
    handler = (body, request, response) => {
      expect(request.url).toBe('/v1/events');
      expect(request.headers.authorization).toBe('Bearer k-1');
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ events: body.events.map((_, index) => ({ status: index === 0 ? 'accepted' : 'duplicate' })), position: '9' }));
    };
    expect(await send(['a', 'b'])).toEqual({ kind: 'published', statuses: ['accepted', 'duplicate'] });
  });

  it('sends erasure requests with the privacy key after the other facts, and maps a refusal back to the batch', async () => {
    const seen: { key: string | undefined; types: unknown[] }[] = [];
    const erasure = { type: 'CustomerErasureRequested' };
    handler = (body, request, response) => {
      seen.push({ key: request.headers.authorization, types: body.events.map((event) => (event as { type: string }).type) });
      if (request.headers.authorization === 'Bearer p-1' && body.events.length > 1) {
        problem(response, 422, { code: 'CTP_UNPROCESSABLE', errors: [{ index: 1, path: 'body.events[1]', message: 'no such customer' }] });
        return;
      }
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ events: body.events.map(() => ({ status: 'accepted' })), position: '9' }));
    };
    const client = intakeClient({ url, key: 'k-1', privacyKey: 'p-1', timeoutMs: 2_000 });
    const facts = [{ type: 'CustomerRegistered' }, erasure, { type: 'PurchaseRecorded' }];
    expect(await client(facts, new AbortController().signal)).toEqual({ kind: 'published', statuses: ['accepted', 'accepted', 'accepted'] });
    expect(seen).toEqual([
      { key: 'Bearer k-1', types: ['CustomerRegistered', 'PurchaseRecorded'] },
      { key: 'Bearer p-1', types: ['CustomerErasureRequested'] },
    ]);
    const refused = await client([erasure, { type: 'CustomerRegistered' }, erasure], new AbortController().signal);
    expect(refused).toMatchObject({ kind: 'refused', status: 422, problem: { errors: [{ index: 2, message: 'no such customer' }] } });
    seen.length = 0;
    await send([erasure]);
    expect(seen).toEqual([{ key: 'Bearer k-1', types: ['CustomerErasureRequested'] }]);
  });

  it('sends only the erasures again when their POST is answered 429 after the other facts were published', async () => {
    const seen: string[][] = [];
    let erasuresRefused = 0;
    handler = (body, request, response) => {
      seen.push(body.events.map((event) => (event as { type: string }).type));
      if (request.headers.authorization === 'Bearer p-1' && erasuresRefused++ === 0) {
        problem(response, 429, { code: 'CTP_RATE_LIMITED' }, { 'retry-after': '1' });
        return;
      }
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ events: body.events.map(() => ({ status: 'accepted' })), position: '9' }));
    };
    const retried: string[] = [];
    const client = intakeClient({ url, key: 'k-1', privacyKey: 'p-1', timeoutMs: 2_000 }, (post) =>
      withRetries(post, { maxRetries: 2, sleep: async () => undefined, onRetry: ({ reason }) => retried.push(reason) }),
    );
    const facts = [{ type: 'CustomerRegistered' }, { type: 'CustomerErasureRequested' }];
    expect(await client(facts, new AbortController().signal)).toEqual({ kind: 'published', statuses: ['accepted', 'accepted'] });
    expect(seen).toEqual([['CustomerRegistered'], ['CustomerErasureRequested'], ['CustomerErasureRequested']]);
    expect(retried).toEqual(['429 CTP_RATE_LIMITED']);
  });

  it('returns a 400 problem as a refusal with its errors', async () => {
    const errors = [{ index: 1, path: 'body.events[1].data.amount', message: 'bad' }];
    handler = (_body, _request, response) => problem(response, 400, { code: 'CTP_VALIDATION_FAILED', errors });
    expect(await send(['a', 'b'])).toEqual({ kind: 'refused', status: 400, problem: { code: 'CTP_VALIDATION_FAILED', errors } });
  });

  it('classifies 429 and 5xx as transient, with the Retry-After of the answer', async () => {
    handler = (_body, _request, response) => problem(response, 429, { code: 'CTP_RATE_LIMITED', retryAfter: '2 seconds' }, { 'retry-after': '2' });
    expect(await send(['a'])).toEqual({ kind: 'transient', reason: '429 CTP_RATE_LIMITED', retryAfterMs: 2_000 });
    handler = (_body, _request, response) => response.writeHead(502).end('bad gateway');
    expect(await send(['a'])).toEqual({ kind: 'transient', reason: '502 Bad Gateway' });
  });

  it('classifies a silent server and a refused connection as transient', async () => {
    handler = () => undefined;
    expect(await send(['a'], 200)).toEqual({ kind: 'transient', reason: 'no answer in time' });
    const closed = intakeClient({ url: 'http://127.0.0.1:9', key: 'k', timeoutMs: 2_000 });
    expect(await closed(['a'], new AbortController().signal)).toMatchObject({ kind: 'transient', reason: expect.stringContaining('connection failed') });
  });

  it('stops on a 202 that is not an intake answer', async () => {
    handler = (_body, _request, response) => response.writeHead(202).end('{"ok":true}');
    await expect(send(['a'])).rejects.toThrow(FatalError);
  });
});
