import { randomUUID } from 'node:crypto';
import { decoderFor, nameUuid, streamIdFor, type ContactEvent } from '@ctp/contracts';
import { createPostgresEventStore, type EventStore } from '@ctp/event-store';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { eventually, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A Wednesday afternoon in Shanghai (the business day 2026-03-04); invitations go out as soon as a case is resolved. */
const clockStart = '2026-03-04T14:00:00+08:00';
const dayMs = 86_400_000;
const evidence = { method: 'app', reference: 'opt-in', noticeVersion: '1' };
const fact = (customerId: string, type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });
const registration = (customerId: string) =>
  fact(customerId, 'CustomerRegistered', { kind: 'person', name: 'Zhou Min', customerSince: '2025-06-01', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: evidence }, '2025-06-01T02:00:00Z');
const surveyConsent = (customerId: string) => fact(customerId, 'ConsentGranted', { purpose: 'survey', evidence }, '2025-06-01T03:00:00Z');
const purchase = (customerId: string, occurredAt: string) => fact(customerId, 'PurchaseRecorded', { orderId: `SO-${randomUUID().slice(0, 8)}`, amount: '80.00', margin: '20.00', currency: 'CNY', channel: 'online' }, occurredAt);
const contactEvent = decoderFor('contact');
const newCustomer = () => `C-${randomUUID().slice(0, 8)}`;

describe('feedback end to end: overdue contacts escalate, tier changes re-plan, survey cooldown, an improvement’s measured effect', () => {
  let stack: ServiceStack;
  let reader: EventStore;
  let timers: PostgresTimerStore;
  const keyAccount = newCustomer();
  const surveyed = newCustomer();

  beforeAll(async () => {
    stack = await startServiceStack(['relay', 'intake', 'tiering', 'sla', 'feedback'], { CLOCK_START: clockStart, SURVEY_DELAY_MINUTES: '0' });
    reader = await createPostgresEventStore(postgresUrl(), { schema: stack.schema, migrate: false });
    timers = await createTimerStore(postgresUrl(), { schema: stack.schema, table: 'feedback_timers' });
    const sent = await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: [registration(keyAccount), registration(surveyed), surveyConsent(surveyed)] });
    expect(sent.status).toBe(202);
  }, 900_000);
  afterAll(async () => {
    await stack?.stop();
    await reader?.close();
    await timers?.close();
  });

  const feedbackOutput = () => stack.service('feedback').output();
  const call = async (service: string, method: string, path: string, role: string, body?: unknown) => {
    const response = await stack.call(service, method, path, role, body);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const contactEvents = async (customerId: string): Promise<ContactEvent[]> => (await reader.readStream(streamIdFor('contact', customerId))).map(contactEvent);
  const contactFact = <T extends ContactEvent['type']>(customerId: string, type: T, matches: (event: Extract<ContactEvent, { type: T }>) => boolean, what: string) =>
    eventually(async () => (await contactEvents(customerId)).find((event): event is Extract<ContactEvent, { type: T }> => event.type === type && matches(event as Extract<ContactEvent, { type: T }>)), what, feedbackOutput);
  const override = async (customerId: string, tier: string) => {
    const answer = await call('tiering', 'POST', `/v1/customers/${customerId}/tier/override`, 'admin', { tier, reasonCode: 'key_account_contract', reason: `contract says ${tier}`, expiresAt: '2026-06-30T00:00:00+08:00' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  };
  /** A case opened in sla (a helpdesk back-filling `openedAt` as the integrator), once feedback has recorded it as a complaint. */
  const complaint = async (customerId: string, channel: string, openedAt?: string) => {
    const caseId = `K-${randomUUID().slice(0, 8)}`;
    const role = openedAt ? 'integrator' : 'agent';
    const opened = await call('sla', 'POST', '/v1/cases', role, { caseId, customerId, channel, type: 'complaint', priority: 'normal', subject: 'Returns take too long', ...(openedAt ? { openedAt } : {}) });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    await eventually(async () => ((await call('feedback', 'GET', `/v1/complaints/${caseId}`, 'agent')).status === 200 ? true : undefined), `complaint ${caseId} in feedback`, feedbackOutput);
    return caseId;
  };

  describe('a key account’s contacts', () => {
    let escalatedVisit: string;
    let fulfilledCallback: string;

    it('escalates a key account’s visit left undone: due, overdue to the account manager, then the team lead, each by a durable timer', async () => {
      await contactFact(keyAccount, 'ContactObligationsPlanned', () => true, 'the plan of the assigned tier');
      await override(keyAccount, 'key_account');
      await contactFact(keyAccount, 'ContactObligationsPlanned', ({ data }) => data.tier === 'key_account', 'the key account plan');
      expect((await call('feedback', 'PUT', `/v1/contacts/customers/${keyAccount}/owner`, 'admin', { team: 'T-keys', accountManager: 'AM-7' })).status).toBe(200);

      // The helpdesk reports a complaint from 60 days ago: the visit it asks for was due 30 days ago, so every
      // step's instant (due, +14 days overdue, +7 days team lead) has passed and each timer is claimable now.
      const openedAt = new Date(stack.clock().getTime() - 60 * dayMs).toISOString();
      await complaint(keyAccount, 'phone', openedAt);
      const plan = await contactFact(keyAccount, 'ContactObligationsPlanned', ({ data }) => data.reason === 'dissatisfaction', 'the dissatisfaction visit');
      expect(plan.data).toMatchObject({ tier: 'key_account', trigger: 'complaint' });
      const visit = plan.data.obligations[0]!;
      escalatedVisit = visit.obligationId;
      expect(Date.parse(visit.dueAt)).toBe(Date.parse(openedAt) + 30 * dayMs);

      const overdue = await contactFact(keyAccount, 'ContactObligationOverdue', ({ data }) => data.obligationId === visit.obligationId, 'the visit overdue');
      expect(overdue.data).toMatchObject({ kind: 'visit', tier: 'key_account', overdueAt: new Date(Date.parse(visit.dueAt) + 14 * dayMs).toISOString() });
      const toManager = await contactFact(keyAccount, 'ContactObligationEscalated', ({ data }) => data.obligationId === visit.obligationId && data.level === 1, 'the escalation to the account manager');
      expect(toManager.data.to).toEqual({ kind: 'account_manager', id: 'AM-7' });
      const toLead = await contactFact(keyAccount, 'ContactObligationEscalated', ({ data }) => data.obligationId === visit.obligationId && data.level === 2, 'the escalation to the team lead');
      expect(toLead.data).toMatchObject({ to: { kind: 'team_lead', id: 'T-keys' }, escalatedAt: new Date(Date.parse(visit.dueAt) + 21 * dayMs).toISOString() });

      for (const step of ['due', 'overdue', 'team_lead']) {
        // The handler appends the step's event, then marks its timer fired: the event can be read a moment before.
        const timer = await eventually(async () => {
          const found = await timers.get(`contact-cadence:${visit.obligationId}:${step}`);
          return found?.state === 'fired' ? found : undefined;
        }, `the ${step} timer fired`, feedbackOutput);
        expect(timer, step).toMatchObject({ kind: 'contact-cadence', state: 'fired', payload: { step, customerId: keyAccount, obligationId: visit.obligationId } });
      }
      const listed = await eventually(
        async () => {
          const { body } = await call('feedback', 'GET', '/v1/contacts/overdue?manager=AM-7', 'analyst');
          return (body.obligations as { obligationId: string }[] | undefined)?.length ? body.obligations : undefined;
        },
        'the overdue list of the account manager',
        feedbackOutput,
      );
      expect(listed).toEqual([expect.objectContaining({ obligationId: visit.obligationId })]);
    });

    it('re-plans from the change date when the tier changes again: future cadence cancelled naming why, past and fulfilled contacts kept', async () => {
      const keyPlan = await contactFact(keyAccount, 'ContactObligationsPlanned', ({ data }) => data.tier === 'key_account' && data.reason === 'cadence', 'the key account plan');
      const callback = keyPlan.data.obligations.find(({ kind }) => kind === 'callback')!;
      fulfilledCallback = callback.obligationId;
      const reached = await call('feedback', 'POST', `/v1/contacts/${fulfilledCallback}/outcomes`, 'agent', { outcome: 'reached', channel: 'phone', note: 'Called early: all well.' });
      expect(reached.status, JSON.stringify(reached.body)).toBeLessThan(300);

      await override(keyAccount, 'silver');
      const cancelled = await contactFact(keyAccount, 'ContactObligationsCancelled', ({ data }) => data.reason === 'tier_changed' && data.detail.includes('key_account -> silver'), 'the key account cadence cancelled');
      const replanned = await contactFact(keyAccount, 'ContactObligationsPlanned', ({ data }) => data.tier === 'silver', 'the silver plan');
      expect(replanned.data).toMatchObject({ reason: 'cadence', trigger: 'tier_changed', plannedAt: cancelled.data.cancelledAt, year: { from: cancelled.data.cancelledAt } });

      const stillOwed = keyPlan.data.obligations.map(({ obligationId }) => obligationId).filter((id) => id !== fulfilledCallback);
      expect(cancelled.data.obligationIds.toSorted()).toEqual(stillOwed.toSorted());
      expect(cancelled.data.obligationIds).not.toContain(fulfilledCallback);
      expect(cancelled.data.obligationIds).not.toContain(escalatedVisit);
      expect((await contactEvents(keyAccount)).filter(({ type }) => type === 'ContactObligationsCancelled')).toHaveLength(2);
    });
  });

  // Expiry (SURVEY_EXPIRY_DAYS, at least a day) cannot pass on the services' real-time clock: surveys/survey-routes.int.test.ts proves the refusal.
  it('honours the survey cooldown: a second resolved case within 90 days of the invitation is skipped, naming the last invitation', async () => {
    const surveyDecision = (caseId: string) =>
      eventually(async () => (await reader.readStream(streamIdFor('survey', nameUuid(['survey-case', caseId]))))[0], `the survey decision of case ${caseId}`, feedbackOutput);
    const resolved = async () => {
      const caseId = `K-${randomUUID().slice(0, 8)}`;
      expect((await call('sla', 'POST', '/v1/cases', 'agent', { caseId, customerId: surveyed, channel: 'phone', type: 'inquiry', priority: 'normal', subject: 'Where is my parcel' })).status).toBe(201);
      expect((await call('sla', 'POST', `/v1/cases/${caseId}/status`, 'agent', { to: 'resolved', reason: 'tracked it' })).status).toBeLessThan(300);
      return caseId;
    };
    const invited = await surveyDecision(await resolved());
    expect(invited).toMatchObject({ type: 'SurveyInvited', data: { customerId: surveyed } });
    const skipped = await surveyDecision(await resolved());
    expect(skipped).toMatchObject({ type: 'SurveySkipped', data: { customerId: surveyed, reason: 'cooldown', lastInvitedAt: invited.occurredAt } });
  });

  it('measures an improvement action’s effect on a known data set: complaints in scope per active customer, 30 days before and after', async () => {
    const [first, second, third] = [newCustomer(), newCustomer(), newCustomer()];
    const before = '2026-01-10T04:00:00Z';
    const after = '2026-02-10T04:00:00Z';
    const facts = [first, second, third].flatMap((customerId) => [registration(customerId), purchase(customerId, before)]);
    expect((await call('intake', 'POST', '/v1/events', 'integrator', { events: [...facts, purchase(first, after), purchase(second, after)] })).status).toBe(202);

    const opened: [string, string, string, string][] = [
      [first, 'email', '2026-01-15T02:00:00Z', 'process'],
      [second, 'email', '2026-01-20T02:00:00Z', 'process'],
      [third, 'email', '2026-01-25T02:00:00Z', 'process'],
      [third, 'phone', '2026-01-26T02:00:00Z', 'process'],
      [first, 'email', '2026-02-15T02:00:00Z', 'process'],
      [second, 'email', '2026-02-16T02:00:00Z', 'billing'],
    ];
    for (const [customerId, channel, openedAt, cause] of opened) {
      const caseId = await complaint(customerId, channel, openedAt);
      const set = await call('feedback', 'PUT', `/v1/complaints/${caseId}/causes`, 'agent', { causes: [cause] });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
    }
    const created = await call('feedback', 'POST', '/v1/improvement-actions', 'admin', { actionId: 'A-email-returns', title: 'Returns by email in one step', owner: 'lead-returns', scope: { causes: ['process'], channels: ['email'] }, startsOn: '2026-02-02', dueDate: '2026-04-30' });
    expect(created.status, JSON.stringify(created.body)).toBe(200);

    const effect = await eventually(
      async () => {
        const answer = await call('feedback', 'GET', `/v1/improvement-actions/A-email-returns/effect?days=30&minPosition=${String(created.body.position)}`, 'analyst');
        // 503 while the effect follower has not counted the action yet (it answers with Retry-After).
        if (answer.status === 503) return undefined;
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        const periods = answer.body as { before: { activeCustomers: number }; after: { activeCustomers: number } };
        return periods.before.activeCustomers === 3 && periods.after.activeCustomers === 2 ? answer.body : undefined;
      },
      'the purchases counted as activity',
      feedbackOutput,
    );
    expect(effect).toMatchObject({
      actionId: 'A-email-returns',
      startsOn: '2026-02-02',
      days: 30,
      before: { from: '2026-01-03', to: '2026-02-02', complaints: 3, activeCustomers: 3, csat: { responses: 0, satisfied: 0 } },
      after: { from: '2026-02-02', to: '2026-03-04', complaints: 1, activeCustomers: 2, csat: { responses: 0, satisfied: 0 } },
      complaintRate: { before: 1, after: 0.5 },
    });
  });
});
