import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { beforeAll, describe, it } from 'vitest';
import { timedFiling, type FiledListings } from '../test-support/listing-filing.js';
import { timeFactsAgainstKept } from '../test-support/route-timing.js';
import { insertFacts, timingReadModel } from '../test-support/timing-read-model.js';
import { buyerEntry, monthListPuts, type BuyerEntry } from './buyer-listing.js';
import { fileBuyers } from './buyer-listing-store.js';
import { buyersOf, type Buyer } from './buyers.js';
import { customerProjection, type CustomerDocument } from './customer-projection.js';
import { retentionMonthDocuments, retentionMonthsHeadId } from './retention-month-store.js';
import { retentionArea } from './index.js';

/** Customers (RETENTION_LISTING_TIMING_SIZE, 2,000 unless set; 1 to 8 purchases each over 35 months, some refunded, some merged) and calls timed per URL (RETENTION_LISTING_TIMING_CALLS, 3). */
const size = Number(process.env['RETENTION_LISTING_TIMING_SIZE'] ?? 2_000);
const calls = Number(process.env['RETENTION_LISTING_TIMING_CALLS'] ?? 3);
/** Buyers per batch filed: the follower's batches of 1,000 events touch some hundreds of customers. */
const buyersPerBatch = 2_500;
const timeZone = 'Asia/Shanghai';
const day = 86_400_000;
const start = Date.parse('2024-01-01T00:00:00Z');

/** A customer's document as the projection keeps it; every 40th merged into the customer before it. */
function customerDocument(n: number, position: () => string): CustomerDocument {
  const id = `C-${String(n).padStart(6, '0')}`;
  const purchases = Array.from({ length: 1 + ((n * 7) % 8) }, (_, order) => ({ orderId: `O-${id}-${order}`, at: new Date(start + ((n * 7_919 + order * 104_729) % 1_060) * day + (n % 86_400) * 1_000), amount: '100.00', position: position() }));
  const refunds = n % 9 === 0 ? [{ orderId: purchases[0]!.orderId, at: new Date(start + 1_070 * day), position: position() }] : [];
  return { _id: id, purchases, refunds, ...(n % 40 === 1 ? { mergedInto: `C-${String(n - 1).padStart(6, '0')}` } : {}), ...(n % 53 === 0 ? { erased: true } : {}), trace: [] };
}

describe(`the retention customers listing at ${size} customers`, () => {
  const readModel = timingReadModel('retention_listing_timing');
  let db: Db;
  let app: FastifyInstance;
  let head: FiledListings;
  beforeAll(async () => {
    db = await readModel.open();
    let position = 0;
    const facts = Array.from({ length: size }, (_, n) => customerDocument(n, () => String(++position)));
    await insertFacts<CustomerDocument>(db, customerProjection.name, 'customerFacts', facts);
    const buyers = buyersOf(facts).filter(({ purchases }) => purchases.length > 0);
    // As the follower files: what the batch before wrote is not read back.
    const lastWritten = new Map<string, readonly BuyerEntry[]>();
    const batchOf = (batch: Buyer[]) => ({ puts: batch.map(buyerEntry), removes: [], lists: monthListPuts(batch, [], timeZone) });
    head = await timedFiling(buyers.length, buyersPerBatch, `${buyers.length} buyers of ${size} customers into the listing in batches of ${buyersPerBatch}`, async (first, filed) => {
      const at = String(first + buyersPerBatch);
      return { position: at, ...(await fileBuyers(retentionMonthDocuments(db), { headId: retentionMonthsHeadId(timeZone), position: at, head: filed }, batchOf(buyers.slice(first, first + buyersPerBatch)), { lastWritten })) };
    });
    app = await readModel.serve([retentionArea], timeZone, new Date('2026-12-02T00:00:00Z'));
  }, 1_800_000);

  it('prints the time of a first page from the customer facts and from the buyers\' listing', async () => {
    const { heads } = retentionMonthDocuments(db);
    const urls = [
      '/v1/analytics/retention/customers?state=lost&month=2026-11',
      '/v1/analytics/retention/customers?state=new&month=2025-06',
      '/v1/analytics/retention/customers?state=repeat&month=2026-06&window=year&limit=1000',
      '/v1/analytics/retention/customers?cohort=2024-02&purchasedIn=2024-05',
      '/v1/analytics/retention/customers?state=single&month=2024-01',
      '/v1/analytics/retention/customers?state=new&from=2025-01&to=2025-12',
      '/v1/analytics/retention/customers?state=lost&from=2026-06&to=2026-11',
      '/v1/analytics/retention/customers?state=lost&from=2024-01&to=2026-11',
      '/v1/analytics/retention/customers?state=lost&month=2026-11&activeDays=90',
      '/v1/analytics/retention/customers?state=lost&month=2026-11&activeDays=730',
      '/v1/analytics/retention/customers?state=start&month=2026-06&activeDays=30',
      '/v1/analytics/retention/customers?state=end&month=2026-11',
    ];
    const _id = retentionMonthsHeadId(timeZone);
    await timeFactsAgainstKept(app, urls, {
      calls, scale: `${size} customers`, kept: 'listing',
      head: { remove: () => heads.deleteOne({ _id }), restore: () => heads.insertOne({ _id, followedAt: new Date(), caughtUp: true, ...head }) },
    });
  }, 1_800_000);
});
