import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { bearer, testApp } from '../test-support/test-app.js';

describe('GET /metrics', () => {
  it('needs the admin key by default and reports the request histogram by route template and status', async () => {
    const app = await testApp({
      routes: async (routes) => {
        routes.get('/v1/customers/:id', { config: { roles: ['agent'] } }, async () => ({ found: true }));
      },
    });
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: bearer('agent') })).statusCode).toBe(403);
    expect((await app.inject({ url: '/v1/customers/C-Jane-Doe', headers: bearer('agent') })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/customers/C-Jane-Doe', headers: bearer('analyst') })).statusCode).toBe(403);
    expect((await app.inject({ url: '/nowhere/jane@example.com' })).statusCode).toBe(404);

    const scrape = await app.inject({ url: '/metrics', headers: bearer('admin') });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = scrape.body;
    expect(text).toContain('# TYPE http_server_request_duration histogram');
    expect(text).toMatch(/http_server_request_duration_count\{[^}]*http_request_method="GET",http_route="\/v1\/customers\/:id",http_response_status_code="200"[^}]*\} 1\n/);
    expect(text).toMatch(/http_server_request_duration_count\{[^}]*http_route="\/v1\/customers\/:id",http_response_status_code="403"[^}]*\} 1\n/);
    expect(text).toMatch(/http_server_request_duration_bucket\{[^}]*http_route="unmatched",http_response_status_code="404"[^}]*le="\+Inf"\} 1\n/);
    expect(text).not.toContain('Jane');
    expect(text).not.toContain('example.com');
    await app.close();
  });

  it('reports the garbage collections the process made since the app started, by type', async () => {
    const app = await testApp({ metricsPublic: true });
    const minorCollections = async () => Number(/^v8js_gc_duration_count\{[^}]*v8js_gc_type="minor"[^}]*\} (\d+)$/m.exec((await app.inject({ url: '/metrics' })).body)?.[1] ?? 0);
    const before = await minorCollections();
    let kept: unknown[] = [];
    // Short-lived objects fill the young generation again and again: scavenges, which the observer reports a tick later.
    const collected = await eventually(async () => {
      for (let round = 0; round < 20; round += 1) kept = Array.from({ length: 50_000 }, (_, index) => ({ index, label: `item-${index}` }));
      const count = await minorCollections();
      return count > before ? count : undefined;
    }, 'a minor collection counted in the scrape', () => '', 15_000);
    expect(collected).toBeGreaterThan(before);
    expect(kept.length).toBe(50_000);
    await app.close();
  });

  it('reports the longest event loop delay since the previous scrape, so a blocked process shows', async () => {
    const app = await testApp({ metricsPublic: true });
    const longestDelay = async () => Number(/^nodejs_eventloop_delay_max(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec((await app.inject({ url: '/metrics' })).body)?.[1] ?? Number.NaN);
    await longestDelay();
    // A synchronous task of 300 ms holds the loop: the timers it delays are that late.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const blockedUntil = performance.now() + 300;
    while (performance.now() < blockedUntil);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await longestDelay()).toBeGreaterThanOrEqual(0.25);
    await app.close();
  });

  it('answers without a key when METRICS_PUBLIC says so', async () => {
    const app = await testApp({ metricsPublic: true });
    await app.inject({ url: '/health' });
    const scrape = await app.inject({ url: '/metrics' });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.body).toMatch(/^http_server_request_duration_count\{[^}]*http_route="\/health"[^}]*\} 1$/m);
    await app.close();
  });

  it('also pushes the same metrics over OTLP/HTTP when an endpoint is set, the scrape still served', async () => {
    const received: { path: string; body: string }[] = [];
    const collector = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((listening) => collector.listen(0, '127.0.0.1', () => listening()));
    const { port } = collector.address() as AddressInfo;
    const app = await testApp({ metricsPublic: true, otlpEndpoint: `http://127.0.0.1:${port}/`, otlpIntervalMs: 100 });
    await app.inject({ url: '/health' });

    const pushed = await eventually(async () => received.find((request) => request.body.includes('"http.server.request.duration"')), 'a push with the request histogram', () => JSON.stringify(received));
    expect(pushed.path).toBe('/v1/metrics');
    const resourceMetrics = (JSON.parse(pushed.body) as { resourceMetrics: { resource: { attributes: { key: string; value: { stringValue?: string } }[] } }[] }).resourceMetrics;
    expect(resourceMetrics[0]!.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'test-service' } });
    expect(pushed.body).toContain('"/health"');
    expect((await app.inject({ url: '/metrics' })).body).toMatch(/^http_server_request_duration_count\{[^}]*http_route="\/health"[^}]*\} 1$/m);
    await app.close();
    await new Promise((closed) => collector.close(closed));
  });
});
