import { describe, expect, it } from 'vitest';
import { fakeDependency, testApp } from '../test-support/test-app.js';

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
    const down = await app.inject({ url: '/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({
      status: 'not_ready',
      dependencies: { 'event-store': { status: 'up' }, kafka: { status: 'down', error: 'connection refused' } },
    });
    kafkaUp = true;
    const up = await app.inject({ url: '/ready' });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ status: 'ready', dependencies: { kafka: { status: 'up', target: 'kafka://test' } } });
    await app.close();
  });

  it('reports a dependency that hangs as down', async () => {
    const app = await testApp({ dependencies: [fakeDependency('mongo', () => new Promise(() => undefined))] });
    const response = await app.inject({ url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json().dependencies.mongo.error).toMatch(/no answer within/);
    await app.close();
  }, 10_000);
});
