import { defaultCalendarDocument } from '@ctp/calendar';
import { describe, expect, it } from 'vitest';
import { publishCalendar } from '../calendars/calendar-stream.js';
import { defaultSlaPolicy } from '../domain/default-sla-policy.js';
import { publishSlaPolicy } from '../policies/sla-policy-stream.js';
import { freshSlaStores, testActor } from '../test-support/sla-store.js';
import { slaTimers } from '../timers.js';
import { reactToClockEvents } from './clock-reactions.js';
import { caseOpened, clockDeps, clockEvents, fireDue, noHeartbeat, onCase, reactToCaseStream, runWorkerUntil, tierAssigned } from './test-support/clock-cases.js';

const now = new Date('2026-03-04T02:00:00Z');
const fresh = freshSlaStores('sla_clock_timers', now);
const at = (text: string) => new Date(text);
const signal = new AbortController().signal;

async function given() {
  const store = await fresh();
  const deps = await clockDeps(store);
  const customerId = store.customers[0]!;
  const events = async (caseId: string) => (await clockEvents(deps, caseId)).map(({ type, data, occurredAt, causationId }) => ({ type, metric: 'metric' in data ? data.metric : null, occurredAt, causationId }));
  const pending = async (caseId: string) => (await store.timers.pool.query<{ id: string; due_at: Date }>(`SELECT id, due_at FROM "${store.timers.schema}".sla_timers WHERE state = 'pending' AND payload->>'caseId' = $1 ORDER BY due_at, id`, [caseId])).rows;
  return { ...store, deps, customerId, events, pending };
}

describe('clock timers', () => {
  it('fire a warning and a breach once each, across a timer fired again and a restart', async () => {
    const { deps, timers, customerId, events, pending } = await given();
    await onCase(deps, 'K-1', caseOpened('K-1', customerId, { channel: 'phone', type: 'complaint', openedAt: '2026-03-04T14:00:00+08:00' }));
    const warningAt = at('2026-03-04T14:11:15+08:00');
    const deadline = at('2026-03-04T14:15:00+08:00');
    expect((await pending('K-1')).slice(0, 2).map(({ id, due_at }) => [id, due_at])).toEqual([
      [`sla-clock:K-1:first_response:1:warning:${warningAt.toISOString()}`, warningAt],
      [`sla-clock:K-1:first_response:1:breach:${deadline.toISOString()}`, deadline],
    ]);

    await runWorkerUntil(deps, timers, at('2026-03-04T14:12:00+08:00'), async () => (await timers.get(`sla-clock:K-1:first_response:1:warning:${warningAt.toISOString()}`))?.state === 'fired');
    const warning = (await timers.get(`sla-clock:K-1:first_response:1:warning:${warningAt.toISOString()}`))!;
    await slaTimers.handler(deps)(warning, { signal });

    await runWorkerUntil(deps, timers, at('2026-03-04T14:16:00+08:00'), async () => (await timers.get(`sla-clock:K-1:first_response:1:breach:${deadline.toISOString()}`))?.state === 'fired');
    await slaTimers.handler(deps)(warning, { signal });
    await slaTimers.handler(deps)((await timers.get(`sla-clock:K-1:first_response:1:breach:${deadline.toISOString()}`))!, { signal });
    await fireDue(deps, timers, at('2026-03-04T14:16:00+08:00'));

    const fired = (await events('K-1')).filter(({ type }) => ['SlaWarningRaised', 'SlaBreached', 'CaseEscalated'].includes(type));
    expect(fired).toEqual([
      { type: 'SlaWarningRaised', metric: 'first_response', occurredAt: warningAt.toISOString(), causationId: warning.id },
      { type: 'SlaBreached', metric: 'first_response', occurredAt: deadline.toISOString(), causationId: `sla-clock:K-1:first_response:1:breach:${deadline.toISOString()}` },
      { type: 'CaseEscalated', metric: 'first_response', occurredAt: deadline.toISOString(), causationId: `sla-clock:K-1:first_response:1:escalation:1:${deadline.toISOString()}` },
    ]);
  });

  it('fire a moved deadline at its new instant, while the timers of the old one record nothing', async () => {
    const { deps, timers, customerId, events, pending } = await given();
    await onCase(deps, 'K-2', caseOpened('K-2', customerId));
    const before = await pending('K-2');
    expect(before.map(({ id }) => id)).toContain(`sla-clock:K-2:first_response:1:breach:${at('2026-03-05T10:00:00+08:00').toISOString()}`);

    await onCase(deps, 'K-2', { kind: 'change_priority', to: 'urgent', at: '2026-03-04T10:10:00+08:00', by: 'agent-7', reason: 'customer called' });
    const rescheduled = (await clockEvents(deps, 'K-2')).find((event) => event.type === 'SlaDeadlineRescheduled')!;
    const moved = at((rescheduled.data as { deadline: string }).deadline);
    expect(moved).toEqual(at('2026-03-04T11:00:00+08:00'));
    const breach = `sla-clock:K-2:first_response:1:breach:${moved.toISOString()}`;
    expect((await timers.get(breach))?.dueAt).toEqual(moved);

    expect((await fireDue(deps, timers, new Date(moved.getTime() + 1_000))).map(({ id }) => id)).toContain(breach);
    const oldTimers = before.filter(({ id }) => id.includes(':first_response:'));
    const fired = await fireDue(deps, timers, at('2026-03-05T10:00:01+08:00'));
    expect(fired.map(({ id }) => id)).toEqual(expect.arrayContaining(oldTimers.filter(({ due_at }) => due_at <= at('2026-03-05T10:00:01+08:00')).map(({ id }) => id)));

    const recorded = await events('K-2');
    expect(recorded.filter(({ type }) => type === 'SlaBreached')).toEqual([{ type: 'SlaBreached', metric: 'first_response', occurredAt: moved.toISOString(), causationId: breach }]);
    expect(recorded.filter(({ causationId }) => oldTimers.some(({ id }) => id === causationId))).toEqual([]);
  });

  it("move an open case's clocks when the customer's tier changes, once however often the event comes", async () => {
    const { deps, stores, customerId, events, pending } = await given();
    const context = { actor: testActor, correlationId: 'policy-v2', occurredAt: at('2026-03-01T00:00:00Z') };
    await publishSlaPolicy(stores.store, defaultSlaPolicy([{ tier: 'key_account', service: { dedicatedManager: true, priorityResponseHours: 4 } }], 2), context);
    await onCase(deps, 'K-3', caseOpened('K-3', customerId, { tierAtStart: { tier: 'standard', tierPolicyId: 'default', tierPolicyVersion: 1 } }));

    const tierEvents = await tierAssigned(deps, customerId, 'key_account', '2026-03-04T03:00:00.000Z');
    await reactToClockEvents(deps, tierEvents, noHeartbeat);
    await reactToClockEvents(deps, tierEvents, noHeartbeat);

    const moved = (await clockEvents(deps, 'K-3')).filter(({ causationId }) => causationId === tierEvents[0]!.id);
    expect(moved.map(({ type, data }) => [type, 'deadline' in data ? data.deadline : null])).toEqual([
      ['CaseTierChanged', null],
      ['SlaDeadlineRescheduled', '2026-03-04T14:00:00+08:00'],
    ]);
    expect(moved[0]!.data).toMatchObject({ from: 'standard', to: 'key_account', tierPolicyId: 'default', tierPolicyVersion: 3, changedAt: '2026-03-04T03:00:00.000Z' });
    expect((await events('K-3')).filter(({ type }) => type === 'CaseTierChanged')).toHaveLength(1);
    await reactToCaseStream(deps, 'K-3');
    expect((await pending('K-3')).map(({ id }) => id)).toContain(`sla-clock:K-3:first_response:1:breach:${at('2026-03-04T14:00:00+08:00').toISOString()}`);
  });

  it('move a case whose opening the reactor had not seen yet when the tier event came', async () => {
    const { deps, stores, customers } = await given();
    const context = { actor: testActor, correlationId: 'policy-v2', occurredAt: at('2026-03-01T00:00:00Z') };
    await publishSlaPolicy(stores.store, defaultSlaPolicy([{ tier: 'key_account', service: { dedicatedManager: true, priorityResponseHours: 4 } }], 2), context);
    const customerId = customers[1]!;
    await onCase(deps, 'K-6', caseOpened('K-6', customerId), false);

    const tierEvents = await tierAssigned(deps, customerId, 'key_account', '2026-03-04T03:00:00.000Z');
    await reactToClockEvents(deps, tierEvents, noHeartbeat);
    expect(await clockEvents(deps, 'K-6')).not.toContainEqual(expect.objectContaining({ type: 'CaseTierChanged' }));

    await reactToCaseStream(deps, 'K-6');
    await reactToCaseStream(deps, 'K-6');
    await reactToClockEvents(deps, tierEvents, noHeartbeat);
    const moved = (await clockEvents(deps, 'K-6')).filter(({ causationId }) => causationId === tierEvents[0]!.id);
    expect(moved.map(({ type }) => type)).toEqual(['CaseTierChanged', 'SlaDeadlineRescheduled']);
    expect(moved[0]!.data).toMatchObject({ from: null, to: 'key_account', changedAt: '2026-03-04T03:00:00.000Z' });
  });

  it('move a running clock onto a new calendar version, recording the versions it counts on', async () => {
    const { deps, stores, customerId, pending } = await given();
    await onCase(deps, 'K-4', caseOpened('K-4', customerId, { type: 'complaint' }));
    const resolution = (await clockEvents(deps, 'K-4')).find((event) => event.type === 'SlaClockStarted' && event.data.metric === 'resolution')!;
    const before = (resolution.data as { deadline: string }).deadline;

    const version2 = { ...defaultCalendarDocument, version: 2, holidays: [...defaultCalendarDocument.holidays, { date: '2026-03-05', name: 'Office closed' }] };
    await publishCalendar(stores.store, version2, { actor: testActor, correlationId: 'calendar-v2', occurredAt: at('2026-03-04T04:00:00Z') });
    const published = (await stores.store.readStream('calendar-default')).at(-1)!;
    await reactToClockEvents(deps, [published], noHeartbeat);
    await reactToClockEvents(deps, [published], noHeartbeat);

    const moved = (await clockEvents(deps, 'K-4')).filter(({ causationId }) => causationId === published.id);
    const rescheduled = moved.find((event) => event.type === 'SlaDeadlineRescheduled' && event.data.metric === 'resolution')!;
    expect(rescheduled.data).toMatchObject({ cause: 'calendar_changed', previousDeadline: before, calendars: [{ calendarId: 'default', version: 1 }, { calendarId: 'default', version: 2 }] });
    const deadline = (rescheduled.data as { deadline: string }).deadline;
    await reactToCaseStream(deps, 'K-4');
    expect(Date.parse(deadline)).toBeGreaterThan(Date.parse(before));
    expect(moved.filter((event) => event.type === 'SlaDeadlineRescheduled')).toHaveLength(new Set(moved.map((event) => (event.data as { metric: string }).metric)).size);
    expect((await pending('K-4')).map(({ id }) => id)).toContain(`sla-clock:K-4:resolution:1:breach:${new Date(deadline).toISOString()}`);

    await onCase(deps, 'K-5', caseOpened('K-5', customerId, { type: 'complaint', openedAt: '2026-03-04T13:00:00+08:00' }));
    await reactToClockEvents(deps, [published], noHeartbeat);
    expect((await clockEvents(deps, 'K-5')).filter(({ causationId }) => causationId === published.id)).toEqual([]);
  });

  it('move a case whose clocks the reactor had not indexed yet when the calendar version came', async () => {
    const { deps, stores, customerId } = await given();
    await onCase(deps, 'K-7', caseOpened('K-7', customerId, { type: 'complaint' }), false);
    const version2 = { ...defaultCalendarDocument, version: 2, holidays: [...defaultCalendarDocument.holidays, { date: '2026-03-05', name: 'Office closed' }] };
    await publishCalendar(stores.store, version2, { actor: testActor, correlationId: 'calendar-v2', occurredAt: at('2026-03-04T04:00:00Z') });
    const published = (await stores.store.readStream('calendar-default')).at(-1)!;
    await reactToClockEvents(deps, [published], noHeartbeat);
    expect(await clockEvents(deps, 'K-7')).not.toContainEqual(expect.objectContaining({ type: 'SlaDeadlineRescheduled' }));

    // The calendar event is not delivered again: indexing the case catches it up, once.
    await reactToCaseStream(deps, 'K-7');
    await reactToCaseStream(deps, 'K-7');
    const moved = (await clockEvents(deps, 'K-7')).filter(({ causationId }) => causationId === published.id);
    expect(moved.filter((event) => event.type === 'SlaDeadlineRescheduled' && event.data.metric === 'resolution')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ cause: 'calendar_changed', calendars: [{ calendarId: 'default', version: 1 }, { calendarId: 'default', version: 2 }] }) }),
    ]);
  });
});
