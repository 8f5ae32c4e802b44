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

  it('answers without a key when METRICS_PUBLIC says so', async () => {
    const app = await testApp({ metricsPublic: true });
    await app.inject({ url: '/health' });
    const scrape = await app.inject({ url: '/metrics' });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.body).toMatch(/^http_server_request_duration_count\{[^}]*http_route="\/health"[^}]*\} 1$/m);
    await app.close();
  });
});
