import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlaStack, type SlaStack } from './test-support/sla-stack.js';

/** The services start on a Wednesday afternoon in Shanghai, a working day between the lunch break and the cut-off. */
const clockStart = '2026-03-04T14:00:00+08:00';
const iso = (ms: number) => new Date(ms).toISOString();
const minutes = 60_000;

const fact = (customerId: string, type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });
const registration = (customerId: string) =>
  fact(customerId, 'CustomerRegistered', { kind: 'person', name: 'Li Na', customerSince: '2025-06-01', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: { method: 'app', reference: `a-${customerId}`, noticeVersion: '1' } }, '2025-06-01T02:00:00Z');
const purchase = (customerId: string, orderId: string, amount: string, occurredAt: string) => fact(customerId, 'PurchaseRecorded', { orderId, amount, margin: amount, currency: 'CNY', channel: 'online' }, occurredAt);

describe('sla end to end: cases on tier-derived clocks over the real servers', () => {
  let stack: SlaStack;
  const customer = `C-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    stack = await startSlaStack({ CLOCK_START: clockStart });
    await register(customer);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const now = () => stack.clock().getTime();
  const post = async (path: string, body: unknown, role = 'agent') => {
    const response = await stack.call('sla', 'POST', path, role, body);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(response.status, JSON.stringify(answer)).toBeLessThan(300);
    return answer;
  };
  const openCase = async (fields: Record<string, unknown>, role = 'agent') => {
    const caseId = `K-${randomUUID().slice(0, 8)}`;
    await post('/v1/cases', { caseId, customerId: customer, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'Charged twice', ...fields }, role);
    return caseId;
  };
  const register = async (customerId: string) => {
    expect((await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: [registration(customerId)] })).status).toBe(202);
    await stack.tierAssigned(customerId);
  };
  /** A customer of their own: the tier upgrade test leaves the shared customer's reassessments in flight, each moving open clocks with cause tier_changed. */
  const customerOfItsOwn = async () => {
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    await register(customerId);
    return customerId;
  };
  const started = (caseId: string, metric: string) => stack.eventOf(caseId, 'SlaClockStarted', (event) => event.data.metric === metric);

  it('a phone complaint on a working afternoon: 15 minutes to a first response, met by a reply; resolved by close of business on the third working day after', async () => {
    const caseId = await openCase({});
    const opened = await stack.eventOf(caseId, 'CaseOpened');
    expect(opened.data.slaPolicy.rule).toBe('phone-complaint');
    const first = await started(caseId, 'first_response');
    expect(Date.parse(first.data.deadline) - Date.parse(opened.data.openedAt)).toBe(15 * minutes);
    expect((await started(caseId, 'resolution')).data.deadline).toBe('2026-03-09T18:00:00+08:00');
    await post(`/v1/cases/${caseId}/replies`, { body: 'We are refunding the second charge.' });
    expect((await stack.eventOf(caseId, 'SlaMet', (event) => event.data.metric === 'first_response')).data.elapsedMs).toBeLessThan(15 * minutes);
  });

  it('opened at 17:55 on the eve of the Spring Festival holiday: counting starts on the make-up Saturday and skips the nine days off; the late clocks breach once each', async () => {
    const caseId = await openCase({ openedAt: '2026-02-13T17:55:00+08:00', source: { system: 'callcentre', externalId: `CC-${randomUUID()}` } }, 'integrator');
    const first = await started(caseId, 'first_response');
    expect(first.data.deadline).toBe('2026-02-14T09:10:00+08:00');
    const resolution = await started(caseId, 'resolution');
    expect(resolution.data.countedFrom).toBe('2026-02-14T09:00:00+08:00');
    expect(resolution.data.deadline).toBe('2026-02-26T18:00:00+08:00');
    // Both clocks are overdue at once and several timer workers fire them: either breach may be recorded first.
    await stack.eventOf(caseId, 'SlaBreached', (event) => event.data.metric === 'first_response');
    await stack.eventOf(caseId, 'SlaBreached', (event) => event.data.metric === 'resolution');
    await stack.eventOf(caseId, 'CaseEscalated', (event) => event.data.trigger === 'sla_breach');
    const breaches = (await stack.caseEvents(caseId)).filter((event) => event.type === 'SlaBreached');
    expect(breaches.map((event) => event.type === 'SlaBreached' && event.data.metric).sort()).toEqual(['first_response', 'resolution']);
  });

  it('opened on a make-up Saturday: that Saturday is a working day', async () => {
    const caseId = await openCase({ openedAt: '2026-02-28T10:00:00+08:00', source: { system: 'callcentre', externalId: `CC-${randomUUID()}` } }, 'integrator');
    expect((await started(caseId, 'first_response')).data.deadline).toBe('2026-02-28T10:15:00+08:00');
    expect((await started(caseId, 'resolution')).data.deadline).toBe('2026-03-04T18:00:00+08:00');
  });

  it('pauses the resolution clock while waiting on the customer and resumes it with a later deadline', async () => {
    const caseId = await openCase({});
    const before = (await started(caseId, 'resolution')).data.deadline;
    await post(`/v1/cases/${caseId}/status`, { to: 'waiting_on_customer', reason: 'asked for the invoice' });
    expect((await stack.eventOf(caseId, 'SlaClockPaused')).data.metric).toBe('resolution');
    await stack.eventOf(caseId, 'SlaClockPaused');
    await post(`/v1/cases/${caseId}/status`, { to: 'open', reason: 'invoice received' });
    const resumed = await stack.eventOf(caseId, 'SlaClockResumed');
    expect(Date.parse(resumed.data.deadline)).toBeGreaterThanOrEqual(Date.parse(before));
  });

  it('a priority raised mid-case moves the first-response deadline with its cause, never the start', async () => {
    const caseId = await openCase({ type: 'inquiry', channel: 'email' });
    const first = await started(caseId, 'first_response');
    await post(`/v1/cases/${caseId}/priority`, { to: 'urgent', reason: 'customer threatens to leave' });
    const moved = await stack.eventOf(caseId, 'SlaDeadlineRescheduled');
    expect(moved.data).toMatchObject({ metric: 'first_response', cause: 'priority_changed', previousDeadline: first.data.deadline });
    expect(Date.parse(moved.data.deadline!)).toBeLessThan(Date.parse(first.data.deadline));
  });

  it('a reopened case continues its resolution clock', async () => {
    const caseId = await openCase({});
    await post(`/v1/cases/${caseId}/replies`, { body: 'Refunded.' });
    await post(`/v1/cases/${caseId}/status`, { to: 'resolved', reason: 'refunded' });
    await stack.eventOf(caseId, 'SlaMet', (event) => event.data.metric === 'resolution');
    await post(`/v1/cases/${caseId}/status`, { to: 'reopened', reason: 'refund did not arrive' });
    const resumed = await stack.eventOf(caseId, 'SlaClockResumed');
    expect(resumed.data).toMatchObject({ metric: 'resolution', cycle: 1, status: 'reopened' });
  });

  it('a tier upgrade mid-case moves the deadline to the new tier rule', async () => {
    const policy = (await (await stack.call('sla', 'GET', '/v1/sla-policies', 'admin')).json()) as { policy: { version: number; rules: { id: string }[] } };
    const upgraded = { id: 'upgraded-inquiry', match: { tiers: ['silver', 'gold', 'key_account'], types: ['inquiry'] }, targets: { first_response: { duration: 'PT4H', basis: 'calendar', calendarId: 'default' } }, warnAtRatio: 0.75, escalation: [], pauses: { next_response: [], resolution: [] } };
    const rules = [upgraded, ...policy.policy.rules];
    const put = await stack.call('sla', 'PUT', '/v1/sla-policies', 'admin', { policy: { rules }, expectedVersion: policy.policy.version });
    expect(put.status, await put.text()).toBe(201);
    const caseId = await openCase({ type: 'inquiry', channel: 'email' });
    const first = await started(caseId, 'first_response');
    const purchases = Array.from({ length: 18 }, (_, i) => purchase(customer, `SO-${i}`, '2000.00', iso(now() - (100 - i * 5) * 86_400_000)));
    expect((await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: purchases })).status).toBe(202);
    await stack.eventOf(caseId, 'CaseTierChanged', (event) => event.data.to !== 'standard');
    const moved = await stack.eventOf(caseId, 'SlaDeadlineRescheduled', (event) => event.data.cause === 'tier_changed');
    expect(moved.data.previousDeadline).toBe(first.data.deadline);
    expect(Date.parse(moved.data.deadline!) - Date.parse(first.data.at)).toBe(4 * 60 * minutes);
  }, 90_000);

  it('a calendar edited mid-case: time counted stays, the rest counts on the new version, and the case records both', async () => {
    const caseId = await openCase({ customerId: await customerOfItsOwn() });
    const before = await started(caseId, 'resolution');
    const calendar = (await (await stack.call('sla', 'GET', '/v1/calendars/default', 'admin')).json()) as { calendar: Record<string, unknown> & { version: number; overrides: unknown[] } };
    const tomorrow = '2026-03-05';
    const edited = { ...calendar.calendar, version: calendar.calendar.version + 1, overrides: [...calendar.calendar.overrides, { date: tomorrow, periods: [], reason: 'office closed' }] };
    delete (edited as { id?: string }).id;
    const put = await stack.call('sla', 'PUT', '/v1/calendars/default', 'admin', { calendar: edited });
    expect(put.status, await put.text()).toBe(201);
    const moved = await stack.eventOf(caseId, 'SlaDeadlineRescheduled', (event) => event.data.cause === 'calendar_changed' && event.data.metric === 'resolution');
    expect(moved.data.previousDeadline).toBe(before.data.deadline);
    expect(moved.data.deadline).toBe('2026-03-10T18:00:00+08:00');
    expect(moved.data.calendars.map(({ version }) => version)).toEqual([1, 2]);
  }, 90_000);

  // Last: the process it kills holds its consumer-group seats until its session times out, so a test after it would wait on the rebalance.
  it('a restart of sla between a warning and a breach records each exactly once', async () => {
    // 14.5 minutes into a 15-minute target: the warning (at 75 %) is due at once, the breach in about 30 s
    const caseId = await openCase({ customerId: await customerOfItsOwn(), openedAt: iso(now() - 14.5 * minutes), source: { system: 'callcentre', externalId: `CC-${randomUUID()}` } }, 'integrator');
    await stack.eventOf(caseId, 'SlaWarningRaised');
    await stack.service('sla').stop('SIGKILL');
    const restarted = stack.restart('sla');
    const breach = await stack.eventOf(caseId, 'SlaBreached', (event) => event.data.metric === 'first_response', 120_000);
    expect(Date.parse(breach.recordedAt)).toBeGreaterThanOrEqual(Date.parse((await started(caseId, 'first_response')).data.deadline) - 1000);
    // Due with the breach; on a loaded machine the restarted process takes a while to fire its due timers.
    await stack.eventOf(caseId, 'CaseEscalated', () => true, 150_000);
    const events = await stack.caseEvents(caseId);
    expect(events.filter((event) => event.type === 'SlaWarningRaised')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'SlaBreached')).toHaveLength(1);
    expect(restarted.child.exitCode).toBeNull();
  }, 300_000);
});
