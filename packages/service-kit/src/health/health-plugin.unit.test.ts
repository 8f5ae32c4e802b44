import { describe, expect, it } from 'vitest';
import { bearer, fakeDependency, testApp } from '../test-support/test-app.js';

describe('/health and /ready', () => {
  it('answers /health without a key', async () => {
    const app = await testApp();
    const response = await app.inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', service: 'test-service', version: '0.0.0-test' });
    await app.close();
  });

  it('is ready only when every dependency answers, and names each one', async () => {
    let kafkaUp = false;
    const app = await testApp({
      dependencies: [
        fakeDependency('event-store', async () => undefined),
        fakeDependency('kafka', async () => {
          if (!kafkaUp) throw new Error('connection refused');
        }),
      ],
    });
    const down = await app.inject({ url: '/ready', headers: bearer('admin') });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({
      status: 'not_ready',
      dependencies: { 'event-store': { status: 'up' }, kafka: { status: 'down', error: 'connection refused' } },
    });
    kafkaUp = true;
    const up = await app.inject({ url: '/ready', headers: bearer('admin') });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ status: 'ready', dependencies: { kafka: { status: 'up', target: 'kafka://test' } } });
    await app.close();
  });

  it('reports a dependency that hangs as down', async () => {
    const app = await testApp({ dependencies: [fakeDependency('mongo', () => new Promise(() => undefined))] });
    const response = await app.inject({ url: '/ready', headers: { 'x-api-key': 'test-key-admin' } });
    expect(response.statusCode).toBe(503);
    expect(response.json().dependencies.mongo.error).toMatch(/no answer within/);
    await app.close();
  }, 10_000);

  it('answers the public, any other role and an unknown key with the status alone: no hosts, users or errors (review finding)', async () => {
    const app = await testApp({ dependencies: [fakeDependency('event-store', async () => Promise.reject(new Error('password authentication failed for user "ctp" at db.internal:5432')))] });
    for (const headers of [{}, bearer('analyst'), bearer('auditor'), { authorization: 'Bearer unknown' }]) {
      const response = await app.inject({ url: '/ready', headers });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'not_ready', service: 'test-service' });
    }
    const admin = await app.inject({ url: '/ready', headers: bearer('admin') });
    expect(admin.json()).toMatchObject({ dependencies: { 'event-store': { status: 'down', target: 'event-store://test', error: expect.stringContaining('db.internal') } } });
    await app.close();
  });
});
