import type { EventToAppend } from '@ctp/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from '../http/route.js';
import { bearer, testApp } from '../test-support/test-app.js';
import { personalDataAccess } from './personal-data-access.js';

describe('personal-data access, as every service records it', () => {
  const appended: { streamId: string; events: readonly EventToAppend[] }[] = [];
  const access = personalDataAccess({
    store: { append: async (streamId, events) => void appended.push({ streamId, events }) as never },
    clock: () => new Date('2026-03-10T08:00:00Z'),
    settings: { ACCESS_PURPOSES: 'service,fraud_review', PERSONAL_DATA_ROLES: 'agent,admin' },
  });
  let app: FastifyInstance;
  const get = (url: string, role: 'agent' | 'analyst' = 'agent', headers: Record<string, string> = {}) => app.inject({ url, headers: { ...bearer(role), ...headers } });

  beforeAll(async () => {
    app = await testApp({
      routes: async (root) => {
        route(root, {
          method: 'GET', url: '/people/:id', operationId: 'readPerson', summary: 'a person', roles: ['agent', 'analyst'],
          params: z.object({ id: z.string() }), query: z.object(access.query),
          responses: { 200: { description: 'the person' } },
          handler: async ({ params, query, request }) => {
            const clear = access.mayReveal(request);
            await access.record(request, { customerId: params.id, view: 'GET /people/{id}', revealed: clear ? ['name', 'name'] : [], purpose: query.purpose });
            return { name: clear ? 'Li Wei' : '***' };
          },
        });
      },
    });
  });
  afterAll(async () => app?.close());

  it('refuses a read without a purpose or with one outside the configured list: 400 naming query.purpose and the allowed values, nothing recorded', async () => {
    for (const url of ['/people/C-1', '/people/C-1?purpose=audit']) {
      const refused = await get(url);
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json<{ errors: { path: string; message: string }[] }>().errors).toEqual([{ path: 'query.purpose', message: expect.stringContaining('one of service, fraud_review') }]);
    }
    expect((await get('/people/C-1', 'analyst')).statusCode).toBe(400);
    expect((await get('/people/C-1?purpose=service&reason=x')).statusCode).toBe(400);
    expect(appended).toEqual([]);
  });

  it('records a read in clear under the key, its role and holder, with the purpose and the justification header; a masked read records nothing', async () => {
    const shown = await get('/people/C-1?purpose=fraud_review', 'agent', { 'x-access-justification': encodeURIComponent('Ticket 42: card misuse') });
    expect(shown.json()).toEqual({ name: 'Li Wei' });
    expect((await get('/people/C-1?purpose=service', 'analyst')).json()).toEqual({ name: '***' });
    expect(appended).toHaveLength(1);
    const [{ streamId, events }] = appended as [(typeof appended)[number]];
    expect(streamId).toBe('audit-C-1');
    expect(events[0]).toMatchObject({
      type: 'PersonalDataAccessed',
      occurredAt: '2026-03-10T08:00:00.000Z',
      actor: { kind: 'api-key', id: 'test-agent', role: 'agent', holder: { kind: 'system', name: 'test (agent)' } },
      data: {
        customerId: 'C-1', purpose: 'fraud_review', view: 'GET /people/{id}', fieldsRevealed: ['name'], justification: 'Ticket 42: card misuse',
        accessedBy: { kind: 'api-key', id: 'test-agent', role: 'agent', holder: { kind: 'system', name: 'test (agent)' } },
      },
    });
  });

  it('refuses a bad justification header with 400 naming it, and records nothing', async () => {
    const before = appended.length;
    const refused = await get('/people/C-1?purpose=service', 'agent', { 'x-access-justification': '%E0%A4%A' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('header.x-access-justification');
    expect(appended).toHaveLength(before);
  });
});
