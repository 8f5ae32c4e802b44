import { compareGlobalPositions } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { monthStartIn, periodOf, type Month } from '../metrics/period.js';
import { page } from '../metrics/paging.js';
import type { TimedStreamEvent } from '../test-support/follower-stores.js';
import { BuyerChunkCache } from './buyer-chunk-cache.js';
import { customerPageFromListing } from './buyer-listing-reads.js';
import { buyersOf } from './buyers.js';
import { selectCustomers, type CustomerSelection, type CustomerState } from './customer-states.js';
import { readRetentionMonthsHead } from './retention-month-store.js';
import { windowOf } from './retention-windows.js';
import { customerEvents } from './test-support/customer-events.js';
import { followedRetention, seeded } from './test-support/followed-retention.js';

const timeZone = 'Asia/Shanghai';
const now = new Date('2026-12-01T00:00:00Z');
const [followTimeoutMs, testTimeoutMs] = [240_000, 400_000];
/** Small chunks, so pages cross chunks and batches cut and rewrite them. */
const buyerChunkSize = 3;

/** A seeded history of `customers` ids: purchases over 2024 to 2026, refunds of some, erasures, merges (some into ids merged later), shuffled. */
function history(customers: number, seed: number, prefix = 'C'): TimedStreamEvent[] {
  const random = seeded(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const first = monthStartIn('2024-01', timeZone);
  const groups: TimedStreamEvent[][] = [];
  const id = (n: number) => `${prefix}-${String(n).padStart(3, '0')}`;
  for (let customer = 0; customer < customers; customer += 1) {
    const customerId = id(customer);
    for (let order = 0; order < pick(6); order += 1) {
      const orderId = `O-${customerId}-${order}`;
      groups.push([{ streamId: `customer-${customerId}`, event: customerEvents(customerId).purchased(orderId, `${1 + pick(500)}.00`), at: new Date(first + pick(1_060) * 86_400_000 + pick(86_400_000)).toISOString() }]);
      if (random() < 0.15) groups.push([{ streamId: `customer-${customerId}`, event: customerEvents(customerId).refunded(orderId), at: '2026-11-20T00:00:00.000Z' }]);
    }
    if (random() < 0.1) groups.push([{ streamId: `customer-${customerId}`, event: customerEvents(customerId).erasureRequested(), at: '2026-11-21T00:00:00.000Z' }]);
  }
  const mergedAway = new Set<string>();
  for (let merge = 0; merge < customers / 6; merge += 1) {
    const [survivor, away] = [id(pick(customers)), id(pick(customers))];
    if (survivor === away || mergedAway.has(survivor) || mergedAway.has(away)) continue;
    mergedAway.add(away);
    const at = new Date(first + pick(1_060) * 86_400_000).toISOString();
    groups.push([
      { streamId: `customer-${survivor}`, event: customerEvents(survivor).merged([away]), at },
      { streamId: `customer-${away}`, event: customerEvents(away).mergedInto(survivor), at },
    ]);
  }
  // Merges keep their order among themselves (a survivor merged away later), the rest shuffled in between.
  const merges = groups.filter((group) => group.length === 2);
  const others = groups.filter((group) => group.length === 1);
  for (let n = others.length - 1; n > 0; n -= 1) {
    const k = pick(n + 1);
    [others[n], others[k]] = [others[k]!, others[n]!];
  }
  for (const group of merges) others.splice(pick(others.length + 1), 0, group);
  return others.flat();
}

const stateMonths: Month[] = ['2024-02', '2024-12', '2025-06', '2025-10', '2026-03', '2026-11'];
const states: CustomerState[] = ['start', 'end', 'new', 'lost', 'repeat', 'single'];

/** The selections the route makes of its query (retention-routes.ts), over states, periods, windows, cohorts and purchasedIn. */
function selections(): { name: string; selection: CustomerSelection }[] {
  const all: { name: string; selection: CustomerSelection }[] = [];
  const base = { activeDays: 90, timeZone };
  for (const month of stateMonths) {
    for (const state of states) {
      const repeat = state === 'repeat' || state === 'single';
      all.push({ name: `${state} ${month}`, selection: { ...base, state, interval: repeat ? windowOf(month, 'month', timeZone) : periodOf(month, month, timeZone) } });
    }
    all.push({ name: `repeat year to ${month}`, selection: { ...base, state: 'repeat', interval: windowOf(month, 'year', timeZone) } });
    all.push({ name: `lost ${month} at 365 days`, selection: { ...base, activeDays: 365, state: 'lost', interval: periodOf(month, month, timeZone) } });
    all.push({ name: `cohort ${month}`, selection: { ...base, cohort: month, interval: null } });
  }
  all.push({ name: 'new 2025', selection: { ...base, state: 'new', interval: periodOf('2025-01', '2025-12', timeZone) } });
  all.push({ name: 'lost 2025-03..2025-09 at 365 days', selection: { ...base, activeDays: 365, state: 'lost', interval: periodOf('2025-03', '2025-09', timeZone) } });
  all.push({ name: 'lost 2024-06..2026-11 at 365 days', selection: { ...base, activeDays: 365, state: 'lost', interval: periodOf('2024-06', '2026-11', timeZone) } });
  all.push({ name: 'lost 2026-11 at 730 days', selection: { ...base, activeDays: 730, state: 'lost', interval: periodOf('2026-11', '2026-11', timeZone) } });
  all.push({ name: 'lost 2023-01..2026-11 at 1,095 days', selection: { ...base, activeDays: 1_095, state: 'lost', interval: periodOf('2023-01', '2026-11', timeZone) } });
  all.push({ name: 'single 2024-03..2025-02', selection: { ...base, state: 'single', interval: periodOf('2024-03', '2025-02', timeZone) } });
  all.push({ name: 'cohort 2024-05 in 2024-08', selection: { ...base, cohort: '2024-05', interval: null, purchasedIn: periodOf('2024-08', '2024-08', timeZone) } });
  all.push({ name: 'cohort 2025-01 in 2025-02', selection: { ...base, cohort: '2025-01', interval: null, purchasedIn: periodOf('2025-02', '2025-02', timeZone) } });
  all.push({ name: 'start 2025-04 of cohort 2024-06', selection: { ...base, state: 'start', interval: periodOf('2025-04', '2025-04', timeZone), cohort: '2024-06' } });
  return all;
}

describe("retention's customer listing from the buyers' listing the retention month follower keeps", () => {
  /** One cache through every batch: a chunk's id names its content, so what it kept from an earlier head stays true. */
  const cache = new BuyerChunkCache();
  const retention = followedRetention('retention_buyer_listing', () => history(80, 11), { timeZone, now, buyerChunkSize });

  /** Every selection paged through (pages of 1, 4 and 50) from the listing, each page equal to the page of the facts. */
  const expectListingsOfTheFacts = async () => {
    const buyers = buyersOf(await retention.customerFacts());
    expect(buyers.some(({ mergedFrom }) => mergedFrom.length > 0)).toBe(true);
    expect(buyers.some(({ erased, purchases }) => erased && purchases.length > 0)).toBe(true);
    expect(buyers.some(({ purchases }) => purchases.some(({ refunded }) => refunded))).toBe(true);
    let listed = 0;
    for (const { name, selection } of selections()) {
      const selected = selectCustomers(buyers, selection);
      listed += selected.length;
      for (const limit of [1, 4, 50]) {
        let after: string | undefined;
        do {
          const fromFacts = page(selected, { limit, after });
          const fromListing = await customerPageFromListing(retention.db, timeZone, selection, { limit, after }, undefined, cache);
          expect({ name, limit, after, page: fromListing }).toEqual({ name, limit, after, page: fromFacts });
          after = fromFacts.next ?? undefined;
        } while (after !== undefined && limit < 50);
      }
    }
    expect(listed).toBeGreaterThan(200);
  };

  it('pages as selecting from the facts does, followed in batches of any size, a batch read again after a crash adding nothing twice', async () => {
    const feed = await retention.stores.settledFeed();
    await retention.follow(feed, [1, 9, 4, 60], new Set([2, 7, 11]));
    const directory = (await readRetentionMonthsHead(retention.db, timeZone))!.listings;
    expect(directory).not.toBeNull();
    await expectListingsOfTheFacts();
  }, testTimeoutMs);

  it('follows later purchases, refunds, erasures and merges of listed buyers (an id merged away leaves the listing)', async () => {
    const before = (await readRetentionMonthsHead(retention.db, timeZone))!.position;
    await retention.stores.append([
      ...history(30, 5, 'D'),
      { streamId: 'customer-C-001', event: customerEvents('C-001').merged(['C-002', 'D-003']), at: '2026-11-02T00:00:00.000Z' },
      { streamId: 'customer-C-002', event: customerEvents('C-002').mergedInto('C-001'), at: '2026-11-02T00:00:00.000Z' },
      { streamId: 'customer-D-003', event: customerEvents('D-003').mergedInto('C-001'), at: '2026-11-02T00:00:00.000Z' },
      { streamId: 'customer-C-004', event: customerEvents('C-004').purchased('O-late', '9.00'), at: '2026-10-31T18:00:00.000Z' },
      { streamId: 'customer-C-004', event: customerEvents('C-004').refunded('O-late'), at: '2026-11-03T00:00:00.000Z' },
      { streamId: 'customer-C-006', event: customerEvents('C-006').erasureRequested(), at: '2026-11-04T00:00:00.000Z' },
    ], 1);
    await retention.follow((await retention.stores.settledFeed()).filter(({ globalPosition }) => compareGlobalPositions(globalPosition, before) > 0), [5, 2], new Set([1]));
    await expectListingsOfTheFacts();
  }, testTimeoutMs);
}, followTimeoutMs);
