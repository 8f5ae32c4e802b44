import type { GlobalPosition } from '@ctp/contracts';
import { findByIds } from '@ctp/projections';
import type { Db } from 'mongodb';
import type { CellKey } from '../figure-months/counts.js';
import { listedPage } from '../figure-months/listing.js';
import { listingMonths } from '../metrics/listing-period.js';
import { followedFigureMonthsHead } from '../figure-months/month-store.js';
import { takePage, type FactPage } from '../metrics/fact-page.js';
import type { Month } from '../metrics/period.js';
import type { ComplaintFactDocument } from './complaint-fact-projection.js';
import { complaintFactOf, matchesComplaint, type ComplaintFilters } from './complaint-facts.js';
import { complaintOfRow, complaintsListingFamily } from './complaint-months.js';
import { openedWithin, type complaintReads } from './complaint-reads.js';

/**
 * A page of the complaints behind a complaint figure, in case id order: their ids from the complaints listing the
 * feedback month follower keeps (one `_id` read per month opened), then those complaints from the rows it keeps (listedPage). Without a bounded
 * range of months, or before the follower has written its head, from the complaint documents (a scan FerretDB does
 * not narrow: it reads every one).
 */
export async function complaintsPage(
  reads: ReturnType<typeof complaintReads>, db: Db, timeZone: string, filters: ComplaintFilters, page: { readonly limit: number; readonly after?: string | undefined }, minPosition?: GlobalPosition,
): Promise<FactPage<ComplaintFactDocument>> {
  const complaints = await reads.complaints();
  const months = listingMonths(filters);
  const head = months === null ? null : await followedFigureMonthsHead(db, timeZone, minPosition);
  if (months !== null && head !== null) {
    const matches = ([, tier = null, channel = null, team = null, causes, repeat, open, resolvedMonth = null]: CellKey, month: Month) =>
      matchesComplaint({ month, tier, channel, team, causes: JSON.parse(causes ?? '[]') as string[], repeat: repeat === 'yes', open: open === 'yes', resolvedMonth }, filters);
    return listedPage(db, timeZone, head, { family: complaintsListingFamily, months, matches }, page, complaintOfRow, (ids) => findByIds(complaints, ids));
  }
  const narrow = { openedAt: { $exists: true }, ...openedWithin(filters.month ?? filters.from, filters.month ?? filters.to, timeZone), ...(page.after ? { _id: { $gt: page.after } } : {}) };
  return takePage(complaints.find(narrow).sort({ _id: 1 }), (document) => {
    const fact = complaintFactOf(document, timeZone);
    return fact !== null && matchesComplaint(fact, filters);
  }, page.limit);
}
