import { decoderFor, type ContactEvent } from '@ctp/contracts';
import { projectEvents } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshFeedbackStores, type FeedbackStore } from '../test-support/feedback-store.js';
import { contactCommandRoutes } from './contact-command-routes.js';
import type { ContactDeps } from './contact-deps.js';
import { contactProjection } from './contact-projection.js';
import { reactToContactFacts } from './contact-reactions.js';
import { contactReadRoutes } from './contact-read-routes.js';
import { contactStreamOf } from './contact-stream.js';
import { contactTimerId, contactTimers } from './contact-timers.js';
import { contactPlanIndex } from './plan-index.js';
import { complaintOpened, downgraded, poorAnswerFollowUp, publish, publishPolicy, tierAssigned, tierPolicy } from './test-support/tier-facts.js';

const client = new MongoClient(mongoUrl());
const openStore = freshFeedbackStores('f3_contact_cadence', new Date('2026-01-01T00:00:00Z'));
const tierDate = '2026-01-01T00:00:00.000Z';
const contactEvent = decoderFor('contact');
const noHeartbeat = async () => undefined;

describe('contact cadence of a key account, through the store, the timers and the routes', () => {
  let store: FeedbackStore;
  let deps: ContactDeps;
  let now = new Date('2026-01-02T00:00:00Z');
  let app: FastifyInstance;
  const db = client.db(uniqueName('feedback_contact_cadence'));

  const events = async (customerId: string, decrypted = true): Promise<ContactEvent[]> => (await (decrypted ? deps.store : deps.history).readStream(contactStreamOf(customerId))).map(contactEvent);
  const fireTimer = async (customerId: string, step: 'due' | 'overdue' | 'team_lead', obligationId: string) => {
    const timer = await store.timers.get(contactTimerId(customerId, { step, obligationId, at: '' }));
    expect(timer, `${step} timer of ${obligationId}`).not.toBeNull();
    await contactTimers.handler(deps)(timer!, { signal: new AbortController().signal });
    return timer!;
  };
  const post = (url: string, payload: object, role: Parameters<typeof bearer>[0] = 'agent', method: 'POST' | 'PUT' = 'POST') => app.inject({ method, url, payload, headers: bearer(role) });
  const assignTier = async (customerId: string, tier: 'key' | 'standard') => reactToContactFacts(deps, await publish(deps.store, 'tier', customerId, [tierAssigned(customerId, tier)], tierDate), noHeartbeat);

  beforeAll(async () => {
    store = await openStore();
    deps = { ...store.depsWith({ now: () => now }), plans: await contactPlanIndex(store.timers) };
    await publishPolicy(deps.store, 1, '2025-01-01T00:00:00.000Z');
    app = await testApp({
      routes: async (instance) => {
        await instance.register(contactCommandRoutes(deps));
        await instance.register(contactReadRoutes({ db, readYourWrites: async () => undefined }));
      },
    });
  });

  afterAll(async () => {
    await app.close();
    await client.close();
  });

  it('plans a key account’s year from its tier date, fulfils a visit, and escalates an overdue one to the account manager, then the team lead', async () => {
    const customerId = store.customers[0]!;
    await assignTier(customerId, 'key');
    const [plan] = await events(customerId);
    expect(plan).toMatchObject({ type: 'ContactObligationsPlanned', data: { tier: 'key', entitlements: { callbacksPerYear: 4, onSiteVisitsPerYear: 2 }, year: { from: tierDate } } });
    const visits = (plan!.data as { obligations: { obligationId: string; kind: string; dueAt: string }[] }).obligations.filter(({ kind }) => kind === 'visit');
    expect(visits.map(({ dueAt }) => dueAt)).toEqual(['2026-07-02T12:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    const [first, second] = visits.map(({ obligationId }) => obligationId) as [string, string];

    const owner = await post(`/v1/contacts/customers/${customerId}/owner`, { team: 'north', accountManager: 'am-li' }, 'admin', 'PUT');
    expect(owner.statusCode, owner.body).toBe(200);

    now = new Date('2026-06-20T02:00:00Z');
    const report = 'Walked the new packing line with the buyer; wants a quarterly review';
    const fulfilled = await post(`/v1/contacts/${first}/outcomes`, { outcome: 'visit_report', channel: 'on_site', note: report });
    expect(fulfilled.statusCode, fulfilled.body).toBe(200);
    expect(fulfilled.json().position).toMatch(/^\d+$/);
    expect((await events(customerId)).at(-1)).toMatchObject({ type: 'ContactOutcomeRecorded', data: { obligationId: first, fulfils: true, late: false, note: report } });
    expect(JSON.stringify((await events(customerId, false)).at(-1))).not.toContain('packing line');

    const dueTimer = await fireTimer(customerId, 'due', first);
    expect(dueTimer.dueAt.toISOString()).toBe('2026-07-02T12:00:00.000Z');
    expect((await events(customerId)).at(-1)).toMatchObject({ type: 'ContactObligationFellDue', data: { obligationId: first, fulfilled: true } });

    await fireTimer(customerId, 'due', second);
    const overdueTimer = await fireTimer(customerId, 'overdue', second);
    expect(overdueTimer.dueAt.toISOString()).toBe('2027-01-15T00:00:00.000Z');
    await fireTimer(customerId, 'overdue', second);
    const teamLeadTimer = await fireTimer(customerId, 'team_lead', second);
    expect(teamLeadTimer.dueAt.toISOString()).toBe('2027-01-22T00:00:00.000Z');
    const escalation = (await events(customerId)).filter(({ type }) => type !== 'ContactOutcomeRecorded' && type !== 'ContactObligationFellDue').slice(-3);
    expect(escalation).toMatchObject([
      { type: 'ContactObligationOverdue', data: { obligationId: second, overdueAt: '2027-01-15T00:00:00.000Z', accountManager: 'am-li' } },
      { type: 'ContactObligationEscalated', data: { level: 1, to: { kind: 'account_manager', id: 'am-li' } } },
      { type: 'ContactObligationEscalated', data: { level: 2, to: { kind: 'team_lead', id: 'north' }, escalatedAt: '2027-01-22T00:00:00.000Z' } },
    ]);
    expect((await events(customerId)).filter(({ type }) => type === 'ContactObligationEscalated')).toHaveLength(2);

    await projectEvents(db, contactProjection, await deps.history.readStream(contactStreamOf(customerId)));
    const overdue = await app.inject({ url: '/v1/contacts/overdue?manager=am-li', headers: bearer('agent') });
    expect(overdue.json()).toMatchObject({ total: 1, obligations: [{ obligationId: second, kind: 'visit', tier: 'key', team: 'north', escalation: { level: 2 } }] });
  });

  it('re-plans from the date of a tier change: fulfilled and past obligations stay, the future ones are cancelled with why, the new tier’s year planned', async () => {
    const customerId = store.customers[1]!;
    await assignTier(customerId, 'key');
    now = new Date('2026-03-01T02:00:00Z');
    expect((await post(`/v1/contacts/${customerId}:1/outcomes`, { outcome: 'reached', channel: 'phone' })).statusCode).toBe(200);
    const change = await publish(deps.store, 'tier', customerId, [downgraded(customerId)], '2026-05-01T00:00:00.000Z');
    await reactToContactFacts(deps, change, noHeartbeat);
    await reactToContactFacts(deps, change, noHeartbeat);
    const history = await events(customerId);
    expect(history.map(({ type }) => type)).toEqual(['ContactObligationsPlanned', 'ContactOutcomeRecorded', 'ContactObligationsCancelled', 'ContactObligationsPlanned']);
    expect(history.slice(2)).toMatchObject([
      { data: { obligationIds: [2, 3, 4, 5, 6].map((n) => `${customerId}:${n}`), reason: 'tier_changed', detail: 'tier key -> standard', cancelledAt: '2026-05-01T00:00:00.000Z' } },
      { data: { trigger: 'tier_changed', tier: 'standard', year: { from: '2026-05-01T00:00:00.000Z' }, obligations: [{ obligationId: `${customerId}:7`, kind: 'callback', dueAt: '2027-05-01T00:00:00.000Z' }] } },
    ]);
    await fireTimer(customerId, 'due', `${customerId}:3`);
    expect(await events(customerId)).toHaveLength(4);
    const refused = await post(`/v1/contacts/${customerId}:3/outcomes`, { outcome: 'visit_report', channel: 'on_site', note: 'too late' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'params.obligationId', rule: 'obligation_cancelled' })]);
  });

  it('refuses bad outcomes naming every field, unknown obligations, and writes nothing', async () => {
    const customerId = store.customers[2]!;
    await assignTier(customerId, 'standard');
    const before = await events(customerId);
    const invalid = await post(`/v1/contacts/${customerId}:1/outcomes`, { outcome: 'maybe', channel: 'pigeon', at: 'yesterday' });
    expect(invalid.statusCode).toBe(400);
    expect((invalid.json().errors as { path: string }[]).map(({ path }) => path).toSorted()).toEqual(['body.at', 'body.channel', 'body.outcome']);
    expect((await post(`/v1/contacts/${customerId}:1/outcomes`, { outcome: 'reached', channel: 'on_site' })).json().errors).toEqual([expect.objectContaining({ path: 'body.channel', rule: 'channel_not_for_kind' })]);
    expect((await post(`/v1/contacts/${customerId}:9/outcomes`, { outcome: 'reached', channel: 'phone' })).statusCode).toBe(404);
    expect((await post(`/v1/contacts/${customerId}:1/outcomes`, { outcome: 'reached', channel: 'phone' }, 'analyst')).statusCode).toBe(403);
    expect(await events(customerId)).toEqual(before);
  });

  it('visits a complainant within 30 days (one open visit at a time), and an erasure ends the plan', async () => {
    const customerId = store.customers[3]!;
    await assignTier(customerId, 'standard');
    await reactToContactFacts(deps, await publish(deps.store, 'case', 'K-f3-1', [complaintOpened('K-f3-1', customerId, '2026-03-04T14:00:00+08:00')], '2026-03-04T06:00:00.000Z'), noHeartbeat);
    await reactToContactFacts(deps, await publish(deps.store, 'case', 'K-f3-2', [complaintOpened('K-f3-2', customerId, '2026-03-05T14:00:00+08:00')], '2026-03-05T06:00:00.000Z'), noHeartbeat);
    expect((await events(customerId)).at(-1)).toMatchObject({ type: 'ContactObligationsPlanned', data: { reason: 'dissatisfaction', caseId: 'K-f3-1', obligations: [{ obligationId: `${customerId}:2`, kind: 'visit', dueAt: '2026-04-03T06:00:00.000Z' }] } });
    expect(await store.timers.get(contactTimerId(customerId, { step: 'due', obligationId: `${customerId}:2`, at: '' }))).toMatchObject({ state: 'pending' });

    const erasure = await publish(deps.store, 'customer', customerId, [{ type: 'CustomerErasureRequested', data: { customerId, requestId: 'E-f3', requestedVia: 'email' } }], '2026-03-10T00:00:00.000Z');
    await reactToContactFacts(deps, erasure, noHeartbeat);
    expect((await events(customerId)).slice(-2)).toMatchObject([
      { type: 'ContactObligationsCancelled', data: { reason: 'erasure', obligationIds: [`${customerId}:1`, `${customerId}:2`] } },
      { type: 'ContactPlanEnded', data: { reason: 'erasure' } },
    ]);
    await fireTimer(customerId, 'due', `${customerId}:2`);
    expect((await events(customerId)).at(-1)!.type).toBe('ContactPlanEnded');
  });

  it('visits a customer who answered a survey poorly', async () => {
    const customerId = store.customers[4]!;
    await reactToContactFacts(deps, await publish(deps.store, 'survey', `I-${customerId}`, [poorAnswerFollowUp(customerId, '2026-04-01T00:00:00.000Z')], '2026-04-01T00:00:00.000Z'), noHeartbeat);
    expect(await events(customerId)).toMatchObject([{ type: 'ContactObligationsPlanned', data: { reason: 'dissatisfaction', trigger: 'poor_survey_answer', tier: null, obligations: [{ kind: 'visit', dueAt: '2026-05-01T00:00:00.000Z' }] } }]);
  });

  it('re-plans the plans on a tier policy whose new version changes their tier’s entitlements, from when it takes effect', async () => {
    const [keyCustomer, standardCustomer] = [store.customers[5]!, store.customers[6]!];
    await assignTier(keyCustomer, 'key');
    await assignTier(standardCustomer, 'standard');
    const moreVisits = { ...tierPolicy(2, '2026-09-01T00:00:00.000Z'), tiers: tierPolicy(2, '').tiers.map((tier) => (tier.tier === 'key' ? { ...tier, service: { ...tier.service, onSiteVisitsPerYear: 4 } } : tier)) };
    const published = await publish(deps.store, 'tierPolicy', 'standard', [{ type: 'TierPolicyVersionPublished', data: moreVisits }], '2026-08-01T00:00:00.000Z');
    await reactToContactFacts(deps, published, noHeartbeat);
    await reactToContactFacts(deps, published, noHeartbeat);
    const replanned = (await events(keyCustomer)).slice(1);
    expect(replanned).toMatchObject([
      { type: 'ContactObligationsCancelled', data: { reason: 'tier_policy_changed', detail: 'policy standard v2: key entitlements changed', cancelledAt: '2026-09-01T00:00:00.000Z', obligationIds: [4, 5, 6].map((n) => `${keyCustomer}:${n}`) } },
      { type: 'ContactObligationsPlanned', data: { trigger: 'tier_policy_changed', tierPolicy: { policyVersion: 2 }, entitlements: { onSiteVisitsPerYear: 4 }, year: { from: '2026-09-01T00:00:00.000Z' } } },
    ]);
    expect(replanned).toHaveLength(2);
    expect(await events(standardCustomer)).toHaveLength(1);
  });
});
