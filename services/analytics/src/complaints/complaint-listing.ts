import type { GlobalPosition } from '@ctp/contracts';
import { findByIds } from '@ctp/projections';
import type { Db } from 'mongodb';
import { listingPage } from '../figure-months/listing.js';
import { listingMonths } from '../metrics/listing-period.js';
import { followedFigureMonthsHead } from '../figure-months/month-store.js';
import { takePage, type FactPage } from '../metrics/fact-page.js';
import type { ComplaintFactDocument } from './complaint-fact-projection.js';
import { complaintFactOf, matchesComplaint, type ComplaintFilters } from './complaint-facts.js';
import { complaintsListingFamily } from './complaint-months.js';
import { openedWithin, type complaintReads } from './complaint-reads.js';

/**
 * A page of the complaints behind a complaint figure, in case id order: their ids from the complaints listing the
 * feedback month follower keeps (one `_id` read per month opened), then those complaints by `_id`. Without a bounded
 * range of months, or before the follower has written its head, from the complaint documents (a scan FerretDB does
 * not narrow: it reads every one).
 */
export async function complaintsPage(
  reads: ReturnType<typeof complaintReads>, db: Db, timeZone: string, filters: ComplaintFilters, page: { readonly limit: number; readonly after?: string | undefined }, minPosition?: GlobalPosition,
): Promise<FactPage<ComplaintFactDocument>> {
  const complaints = await reads.complaints();
  const months = listingMonths(filters);
  if (months !== null && (await followedFigureMonthsHead(db, timeZone, minPosition)) !== null) {
    const { ids, next } = await listingPage(db, complaintsListingFamily, months, timeZone, ([, tier = null, channel = null, team = null, causes, repeat, open, resolvedMonth = null], month) =>
      matchesComplaint({ month, tier, channel, team, causes: JSON.parse(causes ?? '[]') as string[], repeat: repeat === 'yes', open: open === 'yes', resolvedMonth }, filters), page);
    return { items: await findByIds(complaints, ids), next };
  }
  const narrow = { openedAt: { $exists: true }, ...openedWithin(filters.month ?? filters.from, filters.month ?? filters.to, timeZone), ...(page.after ? { _id: { $gt: page.after } } : {}) };
  return takePage(complaints.find(narrow).sort({ _id: 1 }), (document) => {
    const fact = complaintFactOf(document, timeZone);
    return fact !== null && matchesComplaint(fact, filters);
  }, page.limit);
}
