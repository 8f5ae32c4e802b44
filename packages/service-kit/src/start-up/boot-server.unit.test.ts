import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createBootServer } from './boot-server.js';

describe('the boot server', () => {
  it('answers /health, says on /ready what start-up waits for, refuses the rest with problem+json, then hands over once the app is ready', async () => {
    const boot = createBootServer({
      service: 'intake',
      version: '1.0.0',
      pending: () => 'setup is waiting: Error: connect ECONNREFUSED 127.0.0.1:5433',
      detailFor: (request) => request.headers.authorization === 'Bearer admin-key',
    });
    await boot.listen('127.0.0.1', 0);
    const base = `http://127.0.0.1:${(boot.server.address() as AddressInfo).port}`;
    try {
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', service: 'intake', version: '1.0.0' });

      const anonymous = await fetch(`${base}/ready`);
      expect(anonymous.status).toBe(503);
      expect(await anonymous.json()).toEqual({ status: 'not_ready', service: 'intake' });
      const ready = await fetch(`${base}/ready`, { headers: { authorization: 'Bearer admin-key' } });
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not_ready', dependencies: { 'start-up': { status: 'down', error: 'setup is waiting: Error: connect ECONNREFUSED 127.0.0.1:5433' } } });

      const other = await fetch(`${base}/v1/customers/C-1?minPosition=1`);
      expect(other.status).toBe(503);
      expect(other.headers.get('content-type')).toBe('application/problem+json');
      expect(other.headers.get('retry-after')).toBe('1');
      const refused = (await other.json()) as { detail: string };
      expect(refused).toMatchObject({ code: 'CTP_NOT_READY', status: 503, instance: '/v1/customers/C-1', detail: 'intake is starting' });

      // fastify takes the server as it is built; its hooks are in place only once it is ready.
      boot.handOver((_request, response) => response.end('the app'));
      expect((await fetch(`${base}/ready`)).status).toBe(503);
      boot.open();
      expect(await (await fetch(`${base}/ready`)).text()).toBe('the app');
    } finally {
      await boot.close();
    }
  });
});
