import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { monthIn } from '../metrics/period.js';
import { tierEvents } from './test-support/tier-events.js';
import { movementsInForce } from './tier-history.js';
import { timedFiling, type FiledListings } from '../test-support/listing-filing.js';
import { fileListings } from './tier-listing-store.js';
import { listingPutsOf } from './tier-listings.js';
import { tierMonthDocuments, tierMonthsHeadId } from './tier-month-store.js';
import { tierProjection, type TierDirection, type TierMovementDocument } from './tier-projection.js';
import { tiersArea } from './index.js';
import { timeFactsAgainstKept } from '../test-support/route-timing.js';
import { insertFacts, timingReadModel } from '../test-support/timing-read-model.js';

/** Customers (TIER_LISTING_TIMING_SIZE, 2,000 unless set; 1 to 3 tier movements each over 24 months) and calls timed per URL (TIER_LISTING_TIMING_CALLS, 3). */
const size = Number(process.env['TIER_LISTING_TIMING_SIZE'] ?? 2_000);
const calls = Number(process.env['TIER_LISTING_TIMING_CALLS'] ?? 3);
/** Customers per batch filed into the listings: the follower's batches of 5,000 events touch about as many (1 to 3 events each). */
const customersPerBatch = 2_500;
const timeZone = 'Asia/Shanghai';
const day = 86_400_000;
const start = Date.parse('2025-01-01T00:00:00Z');
const tiers = ['bronze', 'silver', 'gold'] as const;

/** A customer's tier documents as the projection stores them: assigned, then perhaps changed, then perhaps overridden or withdrawn. */
function customerDocuments(n: number, position: () => string): TierMovementDocument[] {
  const customerId = `C-${String(n).padStart(6, '0')}`;
  const c = tierEvents(customerId);
  let at = start + ((n * 7_919) % 600) * day;
  const first = tiers[n % 3]!;
  const document = (direction: TierDirection, rule: string | null, event: TierMovementDocument['event']): TierMovementDocument => {
    const id = createHash('sha1').update(`${customerId}:${direction}`).digest('hex').slice(0, 24);
    const p = position();
    return { _id: id, customerId, at: new Date((at += (n % 90) * day)), position: p, direction, rule, event, trace: [{ position: p, type: event.type }] };
  };
  const documents = [document('assigned', 'initial_assignment', c.assigned(first))];
  if (n % 3 !== 2) documents.push(document(n % 2 === 0 ? 'upgrade' : 'downgrade', 'upgrade_immediate', c.changed(first, n % 2 === 0 ? 'gold' : 'bronze', n % 2 === 0 ? 'upgrade' : 'downgrade')));
  if (n % 7 === 0) documents.push(document('override', 'key_account_contract', c.overridden('key_account', first)));
  else if (n % 11 === 0) documents.push(document('withdrawn', 'erased', c.withdrawn(first)));
  return documents;
}

describe(`the tier listings at ${size} customers`, () => {
  const readModel = timingReadModel('tier_listing_timing');
  let db: Db;
  let app: FastifyInstance;
  let head: FiledListings;
  beforeAll(async () => {
    db = await readModel.open();
    let position = 0;
    const facts = Array.from({ length: size }, (_, n) => customerDocuments(n, () => String(++position)));
    await insertFacts<TierMovementDocument>(db, tierProjection.name, 'movementFacts', facts.flat());
    const documents = tierMonthDocuments(db);
    head = await timedFiling(size, customersPerBatch, `${position} tier documents of ${size} customers into the listings in batches of ${customersPerBatch} customers`, async (first, filed) => {
      const customers = facts.slice(first, first + customersPerBatch).map((ofCustomer) => ({
        customerId: ofCustomer[0]!.customerId,
        movements: movementsInForce(ofCustomer).map(({ id, at, from, to, direction, rule, trace: [event] }) => ({ id, position: event!.position, type: event!.type, at: at.getTime(), month: monthIn(at.getTime(), timeZone), from, to, direction, rule })),
      }));
      const at = String(Number(facts[Math.min(size, first + customersPerBatch) - 1]!.at(-1)!.position));
      return { position: at, ...(await fileListings(documents, { headId: tierMonthsHeadId(timeZone), position: at, head: filed }, listingPutsOf(customers, filed.position))) };
    });
    app = await readModel.serve([tiersArea], timeZone, new Date('2027-01-02T00:00:00Z'));
  }, 1_800_000);

  it('prints the time of a first page from the movement facts and from the listings', async () => {
    const heads = tierMonthDocuments(db).head;
    const urls = [
      '/v1/analytics/tiers/movements?month=2025-09',
      '/v1/analytics/tiers/movements?month=2025-09&direction=upgrade&limit=10',
      '/v1/analytics/tiers/movements?from=2025-01&to=2026-12&toTier=none',
      '/v1/analytics/tiers/movements?from=2025-01&to=2026-12',
      '/v1/analytics/tiers/movements?from=2025-01&to=2026-12&fromTier=silver&toTier=gold',
      '/v1/analytics/tiers/movements?from=2025-07&to=2025-12&direction=downgrade',
      '/v1/analytics/tiers/customers?asOf=2025-09',
      '/v1/analytics/tiers/customers?asOf=2025-09&tier=gold',
      '/v1/analytics/tiers/customers?asOf=2026-06&tier=none',
    ];
    const _id = tierMonthsHeadId(timeZone);
    await timeFactsAgainstKept(app, urls, {
      calls, scale: `${size} customers`, kept: 'listings',
      head: { remove: () => heads.deleteOne({ _id }), restore: () => heads.insertOne({ _id, followedAt: new Date(), nets: {}, counts: {}, ...head }) },
    });
  }, 1_800_000);
});

/** The follower's side: one month of `size` assignments with random ids (TIER_LISTING_TIMING_BATCH customers a batch, 4,500 unless set), as the reads benchmark's tier streams. */
describe(`filing the tier listings of ${size} customers`, () => {
  const readModel = timingReadModel('tier_listing_filing');
  const oneMonthBatch = Number(process.env['TIER_LISTING_TIMING_BATCH'] ?? 4_500);
  let db: Db;
  beforeAll(async () => {
    db = await readModel.open();
  });

  it(`prints the time the follower takes to file ${size} assignments of one month, in batches of ${oneMonthBatch} customers (the reads benchmark's shape: the follower's batches of 5,000 events)`, async () => {
    const documents = tierMonthDocuments(db);
    const filed = await timedFiling(size, oneMonthBatch, `${size} assignments of one month into the listings in batches of ${oneMonthBatch}`, async (first, head) => {
      const customers = Array.from({ length: Math.min(oneMonthBatch, size - first) }, (_, offset) => {
        const n = first + offset;
        const movement = { id: createHash('sha1').update(`one-month:${n}`).digest('hex'), position: String(n + 1), type: 'TierAssigned', at: Date.parse('2025-11-01T00:00:00Z'), month: '2025-11', from: null, to: tiers[n % 3]!, direction: 'assigned' as const, rule: 'initial_assignment' };
        return { customerId: `R-${String(n).padStart(7, '0')}`, movements: [movement] };
      });
      const at = String(first + customers.length);
      return { position: at, ...(await fileListings(documents, { headId: `one-month@${timeZone}`, position: at, head }, listingPutsOf(customers, head.position))) };
    });
    expect(filed.listings).not.toBeNull();
  }, 1_800_000);
});
