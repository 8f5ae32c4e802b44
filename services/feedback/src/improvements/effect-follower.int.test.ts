import { isoDateIn } from '@ctp/calendar';
import type { DomainEvent, EventData, RecordedEvent } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';
import { mongoUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { equalPeriods } from '../domain/improvements/effect.js';
import { periodCountsOf, type EffectScope } from '../domain/improvements/effect-series.js';
import { feedbackStore } from '../test-support/feedback-store.js';
import { fileEffects } from './effect-follower.js';
import { effectDocuments, effectId, unpackSeries, type EffectsHead } from './effect-store.js';

const zone = 'Asia/Shanghai';
const now = new Date('2026-06-15T02:00:00Z');
const today = '2026-06-15';
const client = new MongoClient(mongoUrl());
const actor = { kind: 'service', id: 'test' } as const;
const noScope: EffectScope = { causes: [], channels: [], tiers: [], teams: [] };
const actions: Record<string, { startsOn: string; scope: EffectScope }> = {
  'A-process': { startsOn: '2026-04-01', scope: { ...noScope, causes: ['process'] } },
  'A-phone-standard': { startsOn: '2026-05-10', scope: { ...noScope, channels: ['phone'], tiers: ['standard'] } },
  'A-all': { startsOn: '2026-06-01', scope: noScope },
  'A-team': { startsOn: '2026-02-20', scope: { ...noScope, teams: ['T-returns'], causes: ['billing', 'process'] } },
};

const on = (streamId: string, event: DomainEvent, at: string) => ({ streamId, expectedRevision: 'any' as const, events: envelopes(streamId, [event], { causationId: `${streamId}-${at}-${event.type}`, correlationId: 'effect-follower', occurredAt: at, actor }) });
const created = (actionId: string) => {
  const { startsOn, scope } = actions[actionId]!;
  return on(`improvement-${actionId}`, { type: 'ImprovementActionCreated', data: { actionId, title: actionId, owner: 'lead', scope, startsOn, dueDate: '2026-12-31', createdAt: now.toISOString(), by: 'admin-1' } }, now.toISOString());
};
const complaint = (index: number, customerId: string) => {
  const caseId = `K-${index}`;
  const openedAt = new Date(Date.parse('2025-12-01T03:00:00Z') + index * 5.3 * 86_400_000).toISOString();
  const channel = (['phone', 'email', 'online'] as const)[index % 3]!;
  const tier = index % 4 === 0 ? null : (['standard', 'gold', 'key'] as const)[index % 3]!;
  return [
    on(`complaint-${caseId}`, { type: 'ComplaintRecorded', data: { caseId, customerId, channel, tier, openedAt } }, openedAt),
    ...(index % 2 === 0 ? [on(`complaint-${caseId}`, { type: 'ComplaintTeamAssigned', data: { caseId, team: index % 4 === 0 ? 'T-returns' : 'T-other', assignedAt: openedAt } }, openedAt)] : []),
    on(`complaint-${caseId}`, { type: 'ComplaintCausesSet', data: { caseId, customerId, causes: [(['process', 'billing', 'product'] as const)[index % 3]!], taxonomyVersion: 1, stage: 'handling', setAt: openedAt, by: 'agent-1' } }, openedAt),
  ];
};
/** A later decision moves a complaint in or out of a scope. */
const causesChanged = (index: number, customerId: string, causes: string[]) =>
  on(`complaint-K-${index}`, { type: 'ComplaintCausesSet', data: { caseId: `K-${index}`, customerId, causes, taxonomyVersion: 1, stage: 'resolution', setAt: now.toISOString(), by: 'agent-1' } }, now.toISOString());
const answered = (index: number) => {
  const answeredAt = new Date(Date.parse('2026-01-02T10:00:00Z') + index * 3.7 * 86_400_000).toISOString();
  const data: EventData<'SurveyAnswered'> = { invitationId: `I-${index}`, customerId: 'C-1', kind: 'transactional', tier: index % 3 === 0 ? 'standard' : 'gold', channel: index % 2 === 0 ? 'phone' : 'email', invitedAt: answeredAt, answeredAt, csat: index % 7 === 0 ? null : 1 + (index % 5), nps: 5, ces: null, dimensions: {}, npsWhy: null, comment: null };
  return on(`survey-I-${index}`, { type: 'SurveyAnswered', data }, answeredAt);
};
const purchase = (customerId: string, orderId: string, at: string) =>
  on(`customer-${customerId}`, { type: 'PurchaseRecorded', data: { customerId, orderId, amount: '50.00', margin: '10.00', currency: 'CNY', channel: 'store' } } as DomainEvent, at);

/** The effect counted straight from the feed, by rule and not by the follower's code. */
function expected(feed: readonly RecordedEvent[], actionId: string, days: number) {
  const { startsOn, scope } = actions[actionId]!;
  const periods = equalPeriods(startsOn, days, today);
  const dayOf = (at: string) => isoDateIn(Date.parse(at), zone);
  const complaints = new Map<string, { day: string; channel: string; tier: string | null; team: string | null; causes: readonly string[] }>();
  for (const event of feed) {
    const data = event.data as { caseId: string; openedAt: string; channel: string; tier: string | null; team: string; causes: string[] };
    if (event.type === 'ComplaintRecorded') complaints.set(data.caseId, { day: dayOf(data.openedAt), channel: data.channel, tier: data.tier, team: null, causes: [] });
    if (event.type === 'ComplaintTeamAssigned') complaints.set(data.caseId, { ...complaints.get(data.caseId)!, team: data.team });
    if (event.type === 'ComplaintCausesSet') complaints.set(data.caseId, { ...complaints.get(data.caseId)!, causes: data.causes });
  }
  const inList = (list: readonly string[], value: string | null) => list.length === 0 || (value !== null && list.includes(value));
  const inPeriod = (day: string, [from, to]: readonly [string, string]) => day >= from && day < to;
  const counts = ([from, to]: readonly [string, string]) => ({
    from, to,
    complaints: [...complaints.values()].filter((c) => inPeriod(c.day, [from, to]) && (scope.causes.length === 0 || c.causes.some((cause) => scope.causes.includes(cause))) && inList(scope.channels, c.channel) && inList(scope.tiers, c.tier) && inList(scope.teams, c.team)).length,
    activeCustomers: new Set(feed.filter((event) => event.type === 'PurchaseRecorded' && inPeriod(dayOf(event.occurredAt), [from, to])).map((event) => (event.data as { customerId: string }).customerId)).size,
    csat: (() => {
      const answers = feed.filter((event) => event.type === 'SurveyAnswered').map((event) => event.data as EventData<'SurveyAnswered'>).filter((a) => a.csat !== null && inPeriod(dayOf(a.answeredAt), [from, to]) && inList(scope.channels, a.channel) && inList(scope.tiers, a.tier));
      return { responses: answers.length, satisfied: answers.filter((a) => a.csat! >= 4).length };
    })(),
  });
  return { before: counts(periods.before), after: counts(periods.after) };
}

describe('the improvement effect follower', () => {
  afterAll(() => client.close());

  it('keeps every action’s series equal to the effect counted from the feed, whether the action came before or after the facts, each batch filed after a crash in other boundaries', async () => {
    const store = await feedbackStore('fb_effect_follower', now);
    const customers = store.customers;
    const append = (...appends: ReturnType<typeof on>[]) => store.stores.store.appendMany(appends);
    await append(created('A-process'), created('A-team'));
    for (let index = 0; index < 30; index += 1) await append(...complaint(index, customers[index % customers.length]!));
    await append(...Array.from({ length: 40 }, (_, index) => answered(index)));
    // Purchases after the actions: new days, a day already counted, one older than the customer's others.
    await append(purchase(customers[0]!, 'X-1', '2026-03-30T20:00:00Z'), purchase(customers[0]!, 'X-2', '2026-03-31T01:00:00Z'), purchase(customers[1]!, 'X-3', '2026-04-02T05:00:00Z'), purchase(customers[2]!, 'X-4', '2025-05-01T05:00:00Z'));
    await append(created('A-phone-standard'), causesChanged(3, customers[3]!, ['billing']), causesChanged(4, customers[4]!, ['process', 'product']));
    await append(purchase(customers[3]!, 'X-5', '2026-05-09T15:59:00Z'), purchase(customers[4]!, 'X-6', '2026-05-10T16:01:00Z'), created('A-all'), ...complaint(30, customers[5]!), answered(40));
    const feed = await wholeFeed(store.stores.reader);
    await store.close();

    const documents = effectDocuments(client.db(uniqueName('fb_effect_follower')));
    const streamsOf = async (ids: readonly string[]) => new Map(ids.map((id) => [id, feed.filter((event) => event.streamId === id)]));
    let head: EffectsHead | null = null;
    for (let first = 0; first < feed.length; first += 13) {
      // A crash after a batch of 7 was filed but before its head was written; the next run reads 13 from the same head.
      await fileEffects(documents, feed.slice(first, first + 7), head, streamsOf, zone, now);
      head = await fileEffects(documents, feed.slice(first, first + 13), head, streamsOf, zone, now);
      await documents.head.replaceOne({ _id: head._id }, head, { upsert: true });
    }

    expect((await documents.effects.find({ _id: { $ne: head!._id } }).toArray()).map(({ actionId }) => actionId).sort()).toEqual(Object.keys(actions).sort());
    for (const actionId of Object.keys(actions)) {
      const stored = await documents.effects.findOne({ _id: effectId(actionId) });
      for (const days of [1, 7, 30, 90, 366]) {
        const periods = equalPeriods(actions[actionId]!.startsOn, days, today);
        expect(periodCountsOf(unpackSeries(stored!.series), periods), `${actionId}, ${days} days`).toEqual(expected(feed, actionId, days));
      }
    }
    // The data reaches every part of the count: not a test of zeros.
    const all = expected(feed, 'A-process', 90);
    expect(all.before.activeCustomers).toBeGreaterThan(0);
    expect(all.before.complaints + all.after.complaints).toBeGreaterThan(0);
    expect(expected(feed, 'A-all', 366).before.csat.responses).toBeGreaterThan(0);
  }, 120_000);
});
