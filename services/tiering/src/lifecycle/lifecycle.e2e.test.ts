import { randomUUID } from 'node:crypto';
import { decoderFor, streamIdFor, type RecordedDomainEvent } from '@ctp/contracts';
import { createPostgresEventStore, type EventStore } from '@ctp/event-store';
import { eventually, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A Wednesday afternoon in Shanghai. */
const clockStart = '2026-03-04T14:00:00+08:00';
const dayMs = 86_400_000;
const before = (days: number) => new Date(Date.parse(clockStart) - days * dayMs).toISOString();
const fact = (customerId: string, type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });
const registration = (customerId: string, occurredAt: string) =>
  fact(customerId, 'CustomerRegistered', { kind: 'person', name: 'Lin Yue', customerSince: occurredAt.slice(0, 10), source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: { method: 'app', reference: 'opt-in', noticeVersion: '1' } }, occurredAt);
const purchase = (customerId: string, occurredAt: string) => fact(customerId, 'PurchaseRecorded', { orderId: `SO-${randomUUID().slice(0, 8)}`, amount: '120.00', margin: '30.00', currency: 'CNY', channel: 'online' }, occurredAt);
const contactEvent = decoderFor('contact');
const newCustomer = () => `C-${randomUUID().slice(0, 8)}`;

interface StageChange {
  from: string | null;
  to: string;
  rule: string;
  detail: string;
  fact: { kind: string; type?: string; timerId?: string; at: string };
  rules: { rulesId: string; rulesVersion: number };
  contact: { reason: string } | null;
  eventId: string;
}
interface Lifecycle {
  stage: string;
  since: string;
  why: StageChange;
  history: StageChange[];
}

describe('lifecycle stages end to end: intake facts, the churn-free daily checks, and the stage contacts feedback plans', () => {
  let stack: ServiceStack;
  let reader: EventStore;

  beforeAll(async () => {
    stack = await startServiceStack(['relay', 'intake', 'tiering', 'feedback'], { CLOCK_START: clockStart });
    reader = await createPostgresEventStore(postgresUrl(), { schema: stack.schema, migrate: false });
  }, 900_000);
  afterAll(async () => {
    await stack?.stop();
    await reader?.close();
  });

  const output = () => stack.service('tiering').output() + stack.service('feedback').output();
  const call = async (service: string, method: string, path: string, role: string, body?: unknown) => {
    const response = await stack.call(service, method, path, role, body);
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const send = async (...events: unknown[]) => expect((await call('intake', 'POST', '/v1/events', 'integrator', { events })).status).toBe(202);
  const lifecycleAt = (customerId: string, stage: string) =>
    eventually(async () => {
      const { status, body } = await call('tiering', 'GET', `/v1/customers/${customerId}/lifecycle`, 'agent');
      return status === 200 && (body as Lifecycle).stage === stage ? (body as Lifecycle) : undefined;
    }, `${customerId} ${stage}`, output, 120_000);
  const plannedContact = (customerId: string, reason: string) =>
    eventually(async () => {
      const events = (await reader.readStream(streamIdFor('contact', customerId))).map(contactEvent);
      return events.find((event): event is RecordedDomainEvent<'ContactObligationsPlanned'> => event.type === 'ContactObligationsPlanned' && event.data.reason === reason && event.data.trigger === 'lifecycle_stage');
    }, `${customerId}'s ${reason} contact`, output, 120_000);

  it('a new customer is welcomed: new with a welcome call, active on the second purchase, the call completed', async () => {
    const customerId = newCustomer();
    await send(registration(customerId, before(0.1)), purchase(customerId, before(0.05)), purchase(customerId, before(0.02)));

    const lifecycle = await lifecycleAt(customerId, 'active');
    expect(lifecycle.history.map(({ from, to, rule }) => [from, to, rule])).toEqual([
      [null, 'new', 'registered'],
      ['new', 'activating', 'first_purchase'],
      ['activating', 'active', 'repeat_purchase'],
    ]);
    expect(lifecycle.history.map(({ fact }) => fact.type)).toEqual(['CustomerRegistered', 'PurchaseRecorded', 'PurchaseRecorded']);
    expect(lifecycle.why).toMatchObject({ detail: '2 purchases >= 2', rules: { rulesId: 'default', rulesVersion: 1 }, contact: null });
    expect(Date.parse(lifecycle.since)).toBe(Date.parse(lifecycle.why.fact.at));

    const welcome = await plannedContact(customerId, 'welcome');
    expect(welcome.data.lifecycle).toEqual({ eventId: lifecycle.history[0]!.eventId, position: expect.any(String), stage: 'new' });
    const [call0] = welcome.data.obligations;
    expect(call0).toMatchObject({ kind: 'callback' });
    expect(Date.parse(call0!.dueAt)).toBeGreaterThan(Date.parse(before(0.1)));

    const done = await call('feedback', 'POST', `/v1/contacts/${call0!.obligationId}/outcomes`, 'agent', { outcome: 'reached', channel: 'phone', note: 'Welcomed; walked through delivery options' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const recorded = (await reader.readStream(streamIdFor('contact', customerId))).map(contactEvent).find((event) => event.type === 'ContactOutcomeRecorded');
    expect(recorded?.data).toMatchObject({ obligationId: call0!.obligationId, fulfils: true, late: false });
  });

  it('a customer who stops buying lapses by the daily checks and is owed a win-back call that cites the change', async () => {
    // the lapse falls due this morning: a stage change seen long after its window closed plans no contact
    const customerId = newCustomer();
    await send(registration(customerId, before(200)), purchase(customerId, before(181)));

    const lifecycle = await lifecycleAt(customerId, 'lapsed');
    // the first purchase is read by its own event, or by the first check when that check fires first (it reads the facts as they stood at its instant)
    expect(lifecycle.history.map(({ to, rule }) => [to, rule])).toEqual([
      ['new', 'registered'],
      ['activating', 'first_purchase'],
      ['active', 'new_period_ended'],
      ['lapsed', 'inactive'],
    ]);
    expect(lifecycle.history.slice(2).map(({ fact }) => fact.kind)).toEqual(['time', 'time']);
    expect(lifecycle.why).toMatchObject({ detail: 'no purchase for 180 days', contact: { reason: 'win_back' }, fact: { timerId: expect.stringMatching(new RegExp(`^lifecycle-check:${customerId}:`)) } });
    // each daily check fired at the start of the business day after its window ended: 90 days after registration, 180 after the purchase
    expect(Date.parse(lifecycle.history[2]!.fact.at)).toBeGreaterThanOrEqual(Date.parse(before(110)));
    expect(lifecycle.history[3]!.fact.at).toBe('2026-03-03T16:00:00.000Z');

    const winBack = await plannedContact(customerId, 'win_back');
    expect(winBack.data.lifecycle).toMatchObject({ eventId: lifecycle.why.eventId, stage: 'lapsed' });
    expect(winBack.data.obligations).toEqual([expect.objectContaining({ kind: 'callback' })]);
  }, 300_000);

  it('a mature customer is owed a care call once a key account: planned from the upgrade, citing the stage change', async () => {
    // registered 400 days ago, buying every few months: mature by the daily check once a year of tenure has passed
    const customerId = newCustomer();
    await send(registration(customerId, before(400)), ...[399, 250, 100].map((days) => purchase(customerId, before(days))));
    const mature = await lifecycleAt(customerId, 'mature');
    expect(mature.why).toMatchObject({ rule: 'tenure_reached', contact: { reason: 'care' } });

    // a standard customer gets no care call; an admin makes it a key account: the care call follows the upgrade
    const expiresAt = new Date(stack.clock().getTime() + 30 * dayMs).toISOString();
    const override = await call('tiering', 'POST', `/v1/customers/${customerId}/tier/override`, 'admin', { tier: 'key_account', reasonCode: 'key_account_contract', reason: 'frame contract signed', expiresAt });
    expect(override.status, JSON.stringify(override.body)).toBe(201);
    const care = await plannedContact(customerId, 'care');
    expect(care.data).toMatchObject({ tier: 'key_account', lifecycle: { eventId: mature.why.eventId, stage: 'mature' } });
    expect(Date.parse(care.data.plannedAt)).toBeGreaterThan(Date.parse(before(1)));
    expect(care.data.obligations).toEqual([expect.objectContaining({ kind: 'callback' })]);
  }, 300_000);

  it('refuses bad rules naming every field, and publishes a new version for admins only', async () => {
    const bad = await call('tiering', 'PUT', '/v1/lifecycle-rules', 'admin', { rules: { newForDays: 0, activeAfterPurchases: 1 }, expectedVersion: 1 });
    expect(bad.status).toBe(400);
    const fields = JSON.stringify(bad.body);
    for (const field of ['newForDays', 'activeAfterPurchases', 'effectiveFrom', 'mature', 'lapsedAfterDays', 'contacts']) expect(fields).toContain(field);
    expect((await call('tiering', 'PUT', '/v1/lifecycle-rules', 'agent', {})).status).toBe(403);
    const current = await call('tiering', 'GET', '/v1/lifecycle-rules', 'admin');
    expect(current.body).toMatchObject({ rules: { rulesVersion: 1 } });
  });
});
