import { randomUUID } from 'node:crypto';
import type { TierEvent } from '@ctp/contracts';
import { createEventStore, envelopes, type EventStore } from '@ctp/event-store';
import { createLogger } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, mongoUrl, postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf, movesPerPage } from '../domain/movement-days.js';
import { scores } from '../domain/test-support/policies.js';
import { assigned, withdrawn } from '../domain/test-support/tier-events.js';
import { distributionRoutes } from './distribution-routes.js';
import { fileBatch, fileDay, movementDayId, movementDocuments, movementMonthId, movementPageId, movementsHeadId, movesOf, tierMovementFollower } from './tier-movement-follower.js';

interface Expected {
  readonly customerId: string;
  readonly at: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly direction: string;
}
const changed = (from: string, to: string, direction: 'upgrade' | 'downgrade'): TierEvent => {
  const { tier: _tier, ...explanation } = assigned(scores.gold).data as { tier: string };
  return { type: 'TierChanged', data: { ...explanation, from, to, direction, rule: direction === 'upgrade' ? 'upgrade_immediate' : 'downgrade_confirmed' } } as TierEvent;
};
/** Customer i's moves: assigned gold, then one in three downgraded to silver, one in seven upgraded to key_account, one in eleven withdrawn; times not in feed order, `spacingMs` apart. */
function history(count: number, start: string, spacingMs = 290_000) {
  const at = (index: number, step: number) => new Date(Date.parse(start) + ((index * 37) % count) * spacingMs + step * 60_000).toISOString();
  return Array.from({ length: count }, (_, index) => {
    const customerId = `M-${index}`;
    const events: [TierEvent, string, Expected][] = [[assigned(scores.gold), at(index, 0), { customerId, at: at(index, 0), from: null, to: 'gold', direction: 'assigned' }]];
    if (index % 3 === 0) events.push([changed('gold', 'silver', 'downgrade'), at(index, 1), { customerId, at: at(index, 1), from: 'gold', to: 'silver', direction: 'downgrade' }]);
    else if (index % 7 === 0) events.push([changed('gold', 'key_account', 'upgrade'), at(index, 1), { customerId, at: at(index, 1), from: 'gold', to: 'key_account', direction: 'upgrade' }]);
    if (index % 11 === 0) events.push([withdrawn(index % 3 === 0 ? 'silver' : 'gold', null), at(index, 2), { customerId, at: at(index, 2), from: index % 3 === 0 ? 'silver' : 'gold', to: null, direction: 'withdrawn' }]);
    return { customerId, events };
  });
}
function byDay<T>(items: readonly T[], day: (item: T) => string): Map<string, T[]> {
  const days = new Map<string, T[]>();
  for (const item of items) days.set(day(item), [...(days.get(day(item)) ?? []), item]);
  return days;
}
/** The route's answer, counted by hand from the moves. */
function byHand(moves: readonly Expected[], from: string, to: string, limit: number) {
  const inside = moves.filter(({ at }) => at >= from && at < to).sort((a, b) => a.at.localeCompare(b.at));
  const counts: Record<string, number> = {};
  for (const { from: was, to: is } of inside) counts[`${was ?? 'none'}->${is ?? 'none'}`] = (counts[`${was ?? 'none'}->${is ?? 'none'}`] ?? 0) + 1;
  const of = (direction: string) => inside.filter((move) => move.direction === direction).length;
  return { total: inside.length, assigned: of('assigned'), upgrades: of('upgrade'), downgrades: of('downgrade'), withdrawals: of('withdrawn'), counts, firstAt: inside.slice(0, limit).map(({ at }) => at) };
}

describe('GET /v1/tiers/movements from the days the tier movement follower keeps', () => {
  const client = new MongoClient(mongoUrl(), { monitorCommands: true });
  /** The filters of the finds sent while `work` runs. */
  const findsDuring = async <T>(work: () => Promise<T>) => {
    const filters: unknown[] = [];
    const listener = (event: CommandStartedEvent) => void (event.commandName === 'find' && event.databaseName === db.databaseName && filters.push(event.command.filter));
    client.on('commandStarted', listener);
    try {
      return { result: await work(), filters };
    } finally {
      client.off('commandStarted', listener);
    }
  };
  let store: EventStore;
  let db: Db;
  let schema: string;
  beforeAll(() => client.connect());
  afterAll(() => client.close());
  const fresh = async () => {
    schema = uniqueName('tier_moves');
    store = await createEventStore(postgresUrl(), { schema });
    db = client.db(uniqueName('movements'));
  };
  const cleanUp = async () => {
    await db.dropDatabase();
    await store.close();
  };
  const append = async (customers: ReturnType<typeof history>) => {
    const appends = customers.flatMap(({ customerId, events }) => events.map(([event, occurredAt]) => ({ customerId, event, occurredAt })));
    let head = '';
    for (let first = 0; first < appends.length; first += 100) {
      const results = await store.appendMany(appends.slice(first, first + 100).map(({ customerId, event, occurredAt }) => ({
        streamId: `tier-${customerId}`,
        events: envelopes(`tier-${customerId}`, [{ ...event, data: { ...event.data, customerId } } as TierEvent], { causationId: randomUUID(), correlationId: 'tier-movements', occurredAt, actor: { kind: 'service', id: 'tiering' } }),
        expectedRevision: 'any' as const,
      })));
      head = results.at(-1)!.lastPosition;
    }
    return head;
  };
  const follower = (leased = true) =>
    tierMovementFollower({ history: store, db, eventStoreUrl: leased ? postgresUrl() : 'esdb://no-lease', schema, clock: () => new Date(), logger: createLogger('tiering', 'warn'), retryMs: 100 });
  const movements = async (from: string, to: string, limit = 200) => {
    const app = await testApp({ routes: distributionRoutes({ db, readYourWrites: async () => undefined }) });
    const answer = await app.inject({ url: `/v1/tiers/movements?from=${from}&to=${to}&limit=${limit}`, headers: bearer('analyst') });
    await app.close();
    return answer;
  };
  const answerAt = async (head: string, from: string, to: string, limit = 200) =>
    eventually(async () => {
      const answer = await movements(from, to, limit);
      expect(answer.statusCode, answer.body).toBe(200);
      const body: { countedUpTo: string | null; movements: { at: string }[] } = answer.json();
      return body.countedUpTo === head ? body : undefined;
    }, `the movements followed to ${head}`, () => '');
  const expectAsByHand = async (moves: readonly Expected[], head: string, from: string, to: string, limit = 200) => {
    const answer = await answerAt(head, from, to, limit);
    const { firstAt, ...counts } = byHand(moves, from, to, limit);
    expect(answer).toMatchObject({ from, to, ...counts, countedUpTo: head });
    expect(answer.movements.map(({ at }) => at)).toEqual(firstAt);
    return answer;
  };
  /** Every day's pages hold each of its moves once, in feed order, and the day counts them. */
  const expectPagesHoldEachMoveOnce = async (moves: readonly Expected[]) => {
    const documents = movementDocuments(db);
    for (const day of new Set(moves.map(({ at }) => at.slice(0, 10)))) {
      const stored = (await documents.days.findOne({ _id: movementDayId(day) }))!;
      const digest = (await documents.months.findOne({ _id: movementMonthId(day.slice(0, 7)) }))!.days.find((each) => each.day === day);
      expect(digest).toEqual({ day, moves: stored.moves, counts: stored.counts, pages: stored.pages.map(({ first, last, moves: count }) => ({ first, last, moves: count })) });
      const pages = await Promise.all(stored.pages.map(async (summary, index) => (await documents.pages.findOne({ _id: movementPageId(day, index) }))!.moves.slice(0, summary.moves)));
      const ids = pages.flat().map(({ eventId }) => eventId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(moves.filter(({ at }) => at.startsWith(day)).length);
      expect(stored.moves).toBe(ids.length);
      const positions = pages.flat().map(({ position }) => BigInt(position));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    }
  };

  it('counts and pages each move once after a crash mid-way, read again in other batches; aligned and unaligned ranges equal a count by hand', async () => {
    await fresh();
    try {
      const customers = history(330, '2026-06-01T00:00:00.000Z');
      const moves = customers.flatMap(({ events }) => events.map(([, , move]) => move));
      expect(Math.max(...[...byDay(moves, ({ at }) => at.slice(0, 10)).values()].map((day) => day.length))).toBeGreaterThan(movesPerPage);
      const head = await append(customers);

      // The first process files 147 events in batches of 7, then files the next batch's days and dies before their month and its head.
      const documents = movementDocuments(db);
      const feed = await wholeFeed(store);
      let followed = null;
      for (let first = 0; first < 147; first += 7) followed = await fileBatch(documents, feed.slice(first, first + 7), followed, new Date());
      const monthBefore = await documents.months.findOne({ _id: movementMonthId('2026-06') });
      for (const [day, dayMoves] of byDay(movesOf(feed.slice(147, 260)), (move) => dayOf(move.at))) await fileDay(documents, day, dayMoves, feed[259]!.globalPosition);
      expect(await documents.months.findOne({ _id: movementMonthId('2026-06') })).toEqual(monthBefore);
      expect((await documents.head.findOne({ _id: movementsHeadId }))?.position).toBe(feed[146]!.globalPosition);

      const restarted = follower();
      await restarted.start();
      await expectAsByHand(moves, head, '2026-06-01T00:00:00.000Z', '2026-06-03T00:00:00.000Z');
      await expectAsByHand(moves, head, '2026-06-01T00:00:00.000Z', '2026-06-02T00:00:00.000Z', 1000);
      await expectAsByHand(moves, head, '2026-06-01T07:13:20.500Z', '2026-06-01T19:40:00.000Z', 50);
      await expectAsByHand(moves, head, '2026-05-01T00:00:00.000Z', '2026-06-01T11:11:11.000Z', 3);
      await expectPagesHoldEachMoveOnce(moves);
      await restarted.stop();
    } finally {
      await cleanUp();
    }
  });

  it('answers whole months from their month documents, by `_id` only, reading no day document, and ranges over months as by hand', async () => {
    await fresh();
    try {
      const customers = history(240, '2026-05-20T00:00:00.000Z', 15 * 3_600_000);
      const moves = customers.flatMap(({ events }) => events.map(([, , move]) => move));
      const head = await append(customers);
      const restarted = follower();
      await restarted.start();
      await expectAsByHand(moves, head, '2026-05-20T00:00:00.000Z', '2026-09-30T00:00:00.000Z', 1000);
      const month = async (from: string, to: string, limit = 200) => {
        const { result, filters } = await findsDuring(() => expectAsByHand(moves, head, from, to, limit));
        const ids = filters.map((filter) => (filter as { _id: unknown })._id);
        expect(filters).toEqual(ids.map((_id) => ({ _id })));
        const pages = new Set(ids.filter((id) => /:\d{4}$/.test(String(id))));
        return { answer: result, others: ids.filter((id) => !pages.has(id)), pages };
      };
      const june = await month('2026-06-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z', 3);
      expect(june.others).toEqual([movementsHeadId, movementMonthId('2026-06')]);
      expect(june.pages.size).toBeLessThanOrEqual(4);
      const summer = await month('2026-06-01T00:00:00.000Z', '2026-08-01T00:00:00.000Z');
      expect(new Set(summer.others)).toEqual(new Set([movementsHeadId, movementMonthId('2026-06'), movementMonthId('2026-07')]));
      const cut = await month('2026-05-25T13:00:00.000Z', '2026-08-03T07:30:00.000Z', 7);
      expect(new Set(cut.others)).toEqual(new Set([movementsHeadId, ...['2026-05', '2026-06', '2026-07', '2026-08'].map(movementMonthId), movementDayId('2026-05-25'), movementDayId('2026-08-03')]));
      await expectAsByHand(moves, head, '2026-07-31T18:00:00.000Z', '2026-08-01T06:00:00.000Z');
      await expectPagesHoldEachMoveOnce(moves);
      await restarted.stop();
    } finally {
      await cleanUp();
    }
  });

  it('answers 400 naming the field for a range that is empty or longer than 400 days', async () => {
    await fresh();
    try {
      for (const [from, to] of [['2026-06-02T00:00:00Z', '2026-06-01T00:00:00Z'], ['2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z'], ['2025-01-01T00:00:00Z', '2026-06-01T00:00:00Z']]) {
        const answer = await movements(from!, to!);
        expect(answer.statusCode).toBe(400);
        expect(answer.headers['content-type']).toContain('application/problem+json');
        expect(answer.json().errors).toEqual([expect.objectContaining({ path: 'query.to' })]);
      }
      expect((await movements('2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z')).json()).toEqual({ from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z', total: 0, assigned: 0, upgrades: 0, downgrades: 0, withdrawals: 0, counts: {}, movements: [], countedUpTo: null });
    } finally {
      await cleanUp();
    }
  });
});
