import { decodeRecordedEvent, streamIdFor, type AuditEvent, type RecordedEvent } from '@ctp/contracts';
import { createPostgresEventStore, type EventStore } from '@ctp/event-store';
import { projectEvents } from '@ctp/projections';
import type { ReadModel } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, postgresUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recorded } from '../test-support/recorded-events.js';
import { accessFactProjection } from './access-fact-projection.js';
import { accessRoutes } from './access-routes.js';

interface Access { eventId: string; at: string; kind: string; customerId: string | null; customersShown: string[] | null; actor: { id: string; role: string | null; holder: { kind: string; name: string } | null }; purpose: string; view: string; fieldsRevealed: string[] | null }

/** Whom each key is issued to; agent-b's reads predate keys naming their holder. */
const holders: Record<string, { kind: 'person'; name: string }> = { 'agent-a': { kind: 'person', name: 'Chen Jing' }, 'agent-x': { kind: 'person', name: 'Xu Ming' } };
const read = (actorId: string, role: 'agent' | 'integrator', customerId: string, view: string): AuditEvent => ({
  type: 'PersonalDataAccessed',
  data: { customerId, accessedBy: { kind: 'api-key', id: actorId, role, ...(holders[actorId] ? { holder: holders[actorId] } : {}) }, purpose: 'complaint_handling', view, fieldsRevealed: ['name', 'phone'], justification: 'Calling back about case 88' },
});

describe('who saw whom: the access log across the services, and the unusual-access report', () => {
  const client = new MongoClient(mongoUrl());
  let db: Db;
  let events: EventStore;
  let app: FastifyInstance;
  let position = 0;
  const project = (...found: RecordedEvent[]) => projectEvents(db, accessFactProjection, found);
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 8, minute)).toISOString();
  const get = (url: string, role: 'auditor' | 'analyst' = 'auditor') => app.inject({ url, headers: bearer(role) });
  /** The access log's own stream, decoded; each read of the log is projected as the relay would hand it over. */
  const logReads = async () => {
    const stored = await events.readStream(streamIdFor('audit', 'access-log'));
    await project(...stored);
    return stored.map(decodeRecordedEvent);
  };

  beforeAll(async () => {
    db = client.db(uniqueName('analytics_access'));
    events = await createPostgresEventStore(postgresUrl(), { schema: uniqueName('access') });
    // C-1 read in intake and sla by one agent and in tiering by another; agent-x reads 25 customers, its peers 2 and 3.
    const history = [
      recorded('audit-C-1', read('agent-a', 'agent', 'C-1', 'GET /v1/customers/{id}'), at(1), ++position),
      recorded('audit-C-1', read('agent-a', 'agent', 'C-1', 'GET /v1/cases/{id}/history'), at(2), ++position),
      recorded('audit-C-1', read('agent-b', 'agent', 'C-1', 'GET /v1/tiers/{id}/history'), at(3), ++position),
      recorded('audit-C-2', read('agent-b', 'agent', 'C-2', 'GET /v1/customers/{id}'), at(4), ++position),
      recorded('audit-C-3', read('agent-b', 'agent', 'C-3', 'GET /v1/customers/{id}'), at(5), ++position),
      ...Array.from({ length: 25 }, (_, index) => recorded(`audit-X-${index}`, read('agent-x', 'agent', `X-${index}`, 'GET /v1/customers/{id}'), at(10 + index), ++position)),
    ];
    await project(...history);
    const readModel = { db, readYourWrites: async () => undefined } as unknown as ReadModel;
    app = await testApp({ routes: async (root) => void (await root.register(accessRoutes({ events, readModel, clock: () => new Date(at(50)), purposes: ['audit', 'legal_obligation'] }))) });
  });
  afterAll(async () => {
    await app.close();
    await events.close();
    await db.dropDatabase();
    await client.close();
  });

  it('lists every service’s reads of a customer oldest first, with key, role, purpose and view, never the justification', async () => {
    const response = await get('/v1/audit/access?purpose=audit&customer=C-1');
    expect(response.statusCode, response.body).toBe(200);
    const { accesses, truncated } = response.json<{ accesses: Access[]; truncated: boolean }>();
    expect(truncated).toBe(false);
    expect(accesses.map(({ actor, view }) => [actor.id, view])).toEqual([
      ['agent-a', 'GET /v1/customers/{id}'], ['agent-a', 'GET /v1/cases/{id}/history'], ['agent-b', 'GET /v1/tiers/{id}/history'],
    ]);
    expect(accesses[0]).toMatchObject({ kind: 'personal_data', customerId: 'C-1', purpose: 'complaint_handling', fieldsRevealed: ['name', 'phone'], at: at(1), actor: { role: 'agent', holder: { kind: 'person', name: 'Chen Jing' } } });
    expect(accesses[2]?.actor.holder).toBeNull();
    expect(response.body).not.toContain('Calling back');
  });

  it('records each read of the log, who read it, why, what was asked and which customers it showed; and lists those reads too', async () => {
    const [logRead] = await logReads();
    expect(logRead).toMatchObject({
      type: 'AccessLogRead',
      data: { accessedBy: { kind: 'api-key', id: 'test-auditor', role: 'auditor', holder: { kind: 'system', name: 'test (auditor)' } }, purpose: 'audit', view: 'GET /v1/audit/access', query: { customer: 'C-1' }, entries: 3, customersShown: ['C-1'], at: at(50) },
    });
    const { accesses } = (await get('/v1/audit/access?purpose=legal_obligation&customer=C-1')).json<{ accesses: Access[] }>();
    expect(accesses.at(-1)).toMatchObject({ kind: 'access_log', customerId: null, customersShown: ['C-1'], actor: { id: 'test-auditor', role: 'auditor', holder: { kind: 'system', name: 'test (auditor)' } }, purpose: 'audit', view: 'GET /v1/audit/access' });
  });

  it('narrows by the person or system holding the key, and records what was asked', async () => {
    const byHolder = (await get(`/v1/audit/access?purpose=audit&holder=${encodeURIComponent('Chen Jing')}`)).json<{ accesses: Access[] }>();
    expect(byHolder.accesses.map(({ actor, customerId }) => [actor.id, customerId])).toEqual([['agent-a', 'C-1'], ['agent-a', 'C-1']]);
    expect((await logReads()).at(-1)).toMatchObject({ data: { query: { holder: 'Chen Jing' }, entries: 2 } });
  });

  it('narrows by key and period, and stops at the limit saying so', async () => {
    const byActor = (await get(`/v1/audit/access?purpose=audit&actor=agent-b&from=${at(3)}&to=${at(5)}`)).json<{ accesses: Access[] }>();
    expect(byActor.accesses.map(({ customerId }) => customerId)).toEqual(['C-1', 'C-2']);
    const limited = (await get('/v1/audit/access?purpose=audit&actor=agent-x&limit=10')).json<{ accesses: Access[]; truncated: boolean }>();
    expect(limited.accesses).toHaveLength(10);
    expect(limited.truncated).toBe(true);
  });

  it('reports the key reading far more customers than its peers as unusual, and records that read too', async () => {
    const response = await get(`/v1/audit/access/unusual?purpose=audit&from=${at(0)}&to=${at(50)}&minCustomers=10`);
    expect(response.statusCode, response.body).toBe(200);
    const { actors } = response.json<{ actors: { actorId: string; holder: { name: string } | null; customers: number; peerMedian: number | null; unusual: boolean }[] }>();
    expect(actors.map(({ actorId, holder, customers, peerMedian, unusual }) => [actorId, holder?.name ?? null, customers, peerMedian, unusual])).toEqual([
      ['agent-x', 'Xu Ming', 25, 2, true], ['agent-b', null, 3, 13, false], ['agent-a', 'Chen Jing', 1, 14, false],
    ]);
    expect((await logReads()).at(-1)).toMatchObject({ data: { view: 'GET /v1/audit/access/unusual', query: { from: at(0), to: at(50) }, entries: 3, customersShown: [] } });
  });

  it('refuses a read without a purpose, naming it, and records nothing; refuses other roles', async () => {
    const before = (await events.readStream(streamIdFor('audit', 'access-log'))).length;
    for (const url of ['/v1/audit/access?customer=C-1', '/v1/audit/access?purpose=service', '/v1/audit/access/unusual']) {
      const refused = await get(url);
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ errors: [{ path: 'query.purpose', message: expect.stringContaining('one of audit, legal_obligation') }] });
    }
    expect((await get(`/v1/audit/access?purpose=audit&from=${at(5)}&to=${at(1)}`)).statusCode).toBe(400);
    expect((await get('/v1/audit/access?purpose=audit', 'analyst')).statusCode).toBe(403);
    expect((await get('/v1/audit/access/unusual?purpose=audit', 'analyst')).statusCode).toBe(403);
    expect(await events.readStream(streamIdFor('audit', 'access-log'))).toHaveLength(before);
  });
});
