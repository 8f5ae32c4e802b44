import type { RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { projectEvents } from '@ctp/projections';
import { createLogger } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, postgresUrl } from '@ctp/test-kit';
import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { AreaReads } from '../area.js';
import { periodOf } from '../metrics/period.js';
import { followerStores } from '../test-support/follower-stores.js';
import { complianceMembersFromFacts, complianceTable, type ComplianceSelection } from './compliance-table.js';
import { firstContactTable, solvedMembersFromFacts, type FirstContactSelection } from './first-contact-table.js';
import { firstContactOfTallies } from './first-contact.js';
import { serviceLevelsArea } from './index.js';
import { followBatch, followingRun, serviceLevelMonthFollower } from './service-level-month-follower.js';
import { complianceMembersFromMonths, solvedMembersFromMonths } from './service-level-month-reads.js';
import { readServiceLevelMonthsHead, serviceLevelMonthDocuments } from './service-level-month-store.js';
import { serviceLevelProjection } from './service-level-projection.js';
import { serviceLevelHistory, type TimedCaseEvent } from './test-support/service-level-history.js';

const timeZone = 'Asia/Shanghai';
/** FerretDB takes a few hundred milliseconds a write on a busy machine. */
const [followTimeoutMs, testTimeoutMs] = [240_000, 400_000];
const now = new Date('2026-04-20T00:00:00Z');
const compliances: [ComplianceSelection['groupBy'], Omit<ComplianceSelection, 'from' | 'to' | 'groupBy'>][] = [
  [['metric'], {}], [['tier'], {}], [['channel'], {}], [['type'], {}], [['priority'], {}], [['team'], {}], [['month'], {}], [[], {}],
  [['tier', 'month'], {}], [['metric', 'priority', 'team'], {}], [['month', 'team'], { tier: 'none' }], [['priority'], { team: 'none', metric: 'first_response' }],
  [['metric'], { priority: 'high', channel: 'online' }], [['tier'], { team: 'T-1', metric: 'resolution' }],
];
const firstContacts: [FirstContactSelection['groupBy'], Omit<FirstContactSelection, 'from' | 'to' | 'groupBy'>][] = [
  [['tier'], {}], [['channel'], {}], [['type'], {}], [['team'], {}], [['month'], {}], [[], {}], [['month', 'tier'], { priority: 'low' }], [['team'], { tier: 'none' }],
];
const periods = [['2026-01', '2026-04'], ['2026-02', '2026-02'], ['2026-03', '2026-05']] as const;

describe('the service-level figures from the month documents the service-level month follower keeps', () => {
  const stores = followerStores('sl_months', 'sla');
  let store: EventStore;
  let db: Db;
  let schema: string;
  const reads = (): AreaReads => ({ db, readYourWrites: async () => undefined, timeZone, clock: () => now });
  const append = (events: readonly TimedCaseEvent[]) => stores.append(events.map(({ caseId, ...timed }) => ({ streamId: `case-${caseId}`, ...timed })), 40);
  const follow = async (feed: readonly RecordedEvent[], sizes: readonly number[], monthsHeld?: number) => {
    const deps = { history: store, db, timeZone, clock: () => now };
    const run = followingRun(store, monthsHeld);
    let head = await readServiceLevelMonthsHead(db, timeZone);
    for (let first = 0, turn = 0; first < feed.length; turn += 1) {
      const batch = feed.slice(first, first + sizes[turn % sizes.length]!);
      const next = await followBatch(deps, run, batch, head);
      await (head === null ? serviceLevelMonthDocuments(db).heads.insertOne(next) : serviceLevelMonthDocuments(db).heads.replaceOne({ _id: head._id }, next));
      head = next;
      first += batch.length;
    }
  };

  /** Every figure from the month documents equals the figure counted from the fact documents (the projection fed the same feed). */
  const expectFiguresOfTheFacts = async () => {
    await projectEvents(db, serviceLevelProjection, await stores.settledFeed());
    let rows = 0;
    for (const [from, to] of periods) {
      const period = periodOf(from, to, timeZone);
      for (const [groupBy, filters] of compliances) {
        const selection: ComplianceSelection = { from, to, groupBy, ...filters };
        const expected = complianceTable(selection, await complianceMembersFromFacts(db, timeZone, period, selection));
        expect(complianceTable(selection, (await complianceMembersFromMonths(db, timeZone, period, selection))!.members), JSON.stringify(selection)).toEqual(expected);
        rows += expected.length;
      }
      for (const [groupBy, filters] of firstContacts) {
        const selection: FirstContactSelection = { from, to, groupBy, ...filters };
        const facts = await solvedMembersFromFacts(reads(), period, selection, now);
        const months = (await solvedMembersFromMonths(db, timeZone, period, selection))!.members;
        for (const asOf of [now, new Date('2026-03-10T00:00:00Z')]) expect(firstContactTable(selection, months, asOf), JSON.stringify(selection)).toEqual(firstContactTable(selection, facts, asOf));
        expect(firstContactOfTallies(months, now)).toEqual(firstContactOfTallies(facts, now));
        rows += facts.length;
      }
    }
    expect(rows).toBeGreaterThan(100);
  };

  it('equals the count of the facts for a varied history, whatever the batches, and a batch read again after a crash counts nothing twice', async () => {
    ({ store, db, schema } = await stores.fresh());
    try {
      const history = serviceLevelHistory(60);
      await append(history.opened);
      const head = await append(history.later);
      const feed = await stores.settledFeed();
      expect(new Set(feed.map(({ type }) => type))).toEqual(new Set([
        'CaseOpened', 'SlaClockStarted', 'CasePriorityChanged', 'CaseReassigned', 'CaseTierChanged', 'CaseMerged', 'SlaClockStopped', 'CaseReplied', 'SlaMet',
        'SlaBreached', 'SlaBreachRetracted', 'CaseStatusChanged', 'CaseCustomerWrote', 'SlaClockResumed',
      ]));
      // The first follower follows part of the feed, writes the months of one more batch and dies before its head.
      const cut = Math.floor(feed.length / 2);
      await follow(feed.slice(0, cut), [7, 31, 3]);
      // Not caught up with the feed as it was when the run started: the routes count from the facts.
      expect(await complianceMembersFromMonths(db, timeZone, periodOf('2026-01', '2026-04', timeZone), {})).toBeNull();
      await followBatch({ history: store, db, timeZone, clock: () => now }, followingRun(store), feed.slice(cut, cut + 50), await readServiceLevelMonthsHead(db, timeZone));
      // The next one reads the rest in other batches from the months as stored, holding one month in memory at a time.
      await follow(feed.slice(cut), [13, 200], 1);
      expect((await readServiceLevelMonthsHead(db, timeZone))?.position).toBe(head);
      await expectFiguresOfTheFacts();

      // A rebuild in one go gives the same documents.
      const followed = await serviceLevelMonthDocuments(db).months.find({ month: { $exists: true } }).sort({ _id: 1 }).toArray();
      await serviceLevelMonthDocuments(db).months.deleteMany({});
      await follow(feed, [1_000]);
      expect(await serviceLevelMonthDocuments(db).months.find({ month: { $exists: true } }).sort({ _id: 1 }).toArray()).toEqual(followed);
    } finally {
      await stores.cleanUp();
    }
  }, testTimeoutMs);

  it('the routes answer from the months once the follower has caught up, and wait for minPosition', async () => {
    ({ store, db, schema } = await stores.fresh());
    try {
      const history = serviceLevelHistory(20, 7);
      await append(history.opened);
      const work = serviceLevelMonthFollower({ history: store, db, timeZone, eventStoreUrl: postgresUrl(), schema, clock: () => now, logger: createLogger('analytics', 'warn'), retryMs: 100, batchSize: 25 });
      await work.start();
      const head = await append(history.later);
      await eventually(async () => ((await readServiceLevelMonthsHead(db, timeZone))?.position === head ? true : undefined), `the months followed to ${head}`, () => '', followTimeoutMs);
      expect((await readServiceLevelMonthsHead(db, timeZone))?.caughtUp).toBe(true);
      await projectEvents(db, serviceLevelProjection, await stores.settledFeed());
      const app = await testApp({ routes: serviceLevelsArea.routes({ readModel: { db, readYourWrites: async () => undefined }, timeZone, clock: () => now }) });
      const compliance = await app.inject({ url: `/v1/analytics/service-levels/compliance?from=2026-01&to=2026-04&groupBy=tier,month&minPosition=${head}`, headers: bearer('analyst') });
      const firstContact = await app.inject({ url: `/v1/analytics/service-levels/first-contact?from=2026-01&to=2026-04&groupBy=month&minPosition=${head}`, headers: bearer('analyst') });
      await app.close();
      await work.stop();
      expect(compliance.json().meta).toMatchObject({ countedUpTo: head });
      expect(firstContact.json().meta).toMatchObject({ countedUpTo: head });
      const period = periodOf('2026-01', '2026-04', timeZone);
      const selection = { from: '2026-01', to: '2026-04', groupBy: ['tier', 'month'] as const };
      expect(compliance.json().rows).toEqual(complianceTable({ ...selection, groupBy: [...selection.groupBy] }, await complianceMembersFromFacts(db, timeZone, period, {})));
      expect(firstContact.json().rows).toEqual(firstContactTable({ ...selection, groupBy: ['month'] }, await solvedMembersFromFacts(reads(), period, {}, now), now));
    } finally {
      await stores.cleanUp();
    }
  }, testTimeoutMs);
});
