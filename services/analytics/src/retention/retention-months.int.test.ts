import { wholeFeed } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { monthStartIn, periodOf, type Month } from '../metrics/period.js';
import { buyersOf } from './buyers.js';
import { cohortTable, cohortTableOf } from './cohorts.js';
import { repeatCountsOf } from './repeat-purchase.js';
import { retentionMonths } from './retention-month-reads.js';
import { readRetentionMonthsHead } from './retention-month-store.js';
import { retentionCountsOf } from './retention-table.js';
import { spansOf, windowOf } from './retention-windows.js';
import type { TimedStreamEvent } from '../test-support/follower-stores.js';
import { customerEvents } from './test-support/customer-events.js';
import { followedRetention, seeded } from './test-support/followed-retention.js';

const timeZone = 'Europe/Berlin';
const now = new Date('2026-12-01T00:00:00Z');
const [followTimeoutMs, testTimeoutMs] = [240_000, 400_000];

/** A seeded history: 40 customers, purchases over 2023 to 2026 (some within an hour of midnight), a back-dated purchase, merges. */
function history(): TimedStreamEvent[] {
  const random = seeded(7);
  const facts = [];
  const first = monthStartIn('2023-01', timeZone);
  for (let customer = 0; customer < 40; customer += 1) {
    const customerId = `C-${customer}`;
    for (let order = 0; order < Math.floor(random() * 7); order += 1) {
      const day = Math.floor(random() * 1_400);
      const offset = random() < 0.3 ? (random() - 0.5) * 2 * 3_600_000 : random() * 86_400_000;
      facts.push({ streamId: `customer-${customerId}`, event: customerEvents(customerId).purchased(`O-${customer}-${order}`), at: new Date(first + day * 86_400_000 + offset).toISOString() });
    }
  }
  facts.push({ streamId: 'customer-C-3', event: customerEvents('C-3').purchased('O-late'), at: '2023-02-01T00:30:00.000Z' });
  facts.push({ streamId: 'customer-C-1', event: customerEvents('C-1').merged(['C-2', 'C-5']), at: '2025-06-01T10:00:00.000Z' });
  facts.push({ streamId: 'customer-C-2', event: customerEvents('C-2').mergedInto('C-1'), at: '2025-06-01T10:00:00.000Z' });
  facts.push({ streamId: 'customer-C-5', event: customerEvents('C-5').mergedInto('C-1'), at: '2025-06-01T10:00:00.000Z' });
  facts.push({ streamId: 'customer-C-5', event: customerEvents('C-5').purchased('O-4-0'), at: '2024-03-03T03:00:00.000Z' });
  return facts;
}

describe('the retention figures from the documents the retention month follower keeps', () => {
  const retention = followedRetention('retention_months', history, { timeZone, now });

  const expectFiguresOfTheFacts = async () => {
    const documents = await retention.customerFacts();
    expect(documents.length).toBeGreaterThan(30);
    const buyers = buyersOf(documents);
    const months = await retentionMonths(retention.db, timeZone, undefined);
    expect(months).not.toBeNull();
    let compared = 0;
    for (const [from, to] of [['2023-01', '2023-12'], ['2024-02', '2024-04'], ['2025-05', '2025-07'], ['2026-01', '2026-12'], ['2022-11', '2023-01'], ['2027-01', '2027-03']] as [Month, Month][]) {
      for (const activeDays of [30, 31, 90, 365, 1_095]) {
        for (const byMonth of [true, false]) {
          const spans = spansOf(periodOf(from, to, timeZone), byMonth);
          // Lost over a span longer than activeDays comes from the buyers' listing, the rest from the month documents.
          const counted = await months!.retention(spans, activeDays);
          expect({ from, to, activeDays, counted }).toEqual({ from, to, activeDays, counted: spans.map((span) => retentionCountsOf(buyers, span, activeDays)) });
          compared += 1;
        }
      }
      const windows = [periodOf(from, to, timeZone), windowOf(to, 'month', timeZone), windowOf(to, 'year', timeZone)];
      expect(await months!.repeat(windows)).toEqual(windows.map((window) => repeatCountsOf(buyers, window)));
      const cohorts = spansOf(periodOf(from, to, timeZone), true).map(({ month }) => month!);
      expect(cohortTableOf(cohorts, timeZone, now.getTime(), await months!.cohorts(cohorts))).toEqual(cohortTable(buyers, cohorts, timeZone, now.getTime()));
    }
    expect(compared).toBeGreaterThan(30);
  };

  it('equal the figures counted from every buyer\'s purchases, followed in batches of any size, a batch replayed after a crash (before its head, or before its index too) changing nothing twice', async () => {
    const feed = await retention.stores.settledFeed();
    await retention.follow(feed, [1, 7, 3, 50], new Set([2, 9]), new Set([5, 12]));
    await expectFiguresOfTheFacts();
  }, testTimeoutMs);

  it('follow a purchase and a merge appended later, and read a month with no document of its own from the one before', async () => {
    const before = (await readRetentionMonthsHead(retention.db, timeZone))!.position;
    await retention.stores.append([
      { streamId: 'customer-C-9', event: customerEvents('C-9').purchased('O-new'), at: '2027-05-20T12:00:00.000Z' },
      { streamId: 'customer-C-7', event: customerEvents('C-7').merged(['C-8']), at: '2026-11-01T00:00:00.000Z' },
      { streamId: 'customer-C-8', event: customerEvents('C-8').mergedInto('C-7'), at: '2026-11-01T00:00:00.000Z' },
    ], 1);
    await retention.follow(await wholeFeed(retention.store, before), [2]);
    await expectFiguresOfTheFacts();
  }, testTimeoutMs);
}, followTimeoutMs);
