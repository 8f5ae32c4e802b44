import type { RecordedEvent } from '@ctp/contracts';
import type { Db } from 'mongodb';
import type { Cell, Increment } from '../figure-months/counts.js';
import { foldWrites } from '../figure-months/fold-writes.js';
import { listed } from '../figure-months/listing.js';
import type { FigureSource } from '../figure-months/month-follower.js';
import { readMonthCells } from '../figure-months/month-store.js';
import { monthIn, type Month } from '../metrics/period.js';
import { withDates } from '../metrics/row-lists.js';
import { complaintFactProjection, type ComplaintFactDocument } from './complaint-fact-projection.js';
import { complaintFactOf, dimensionMatchesOf, type ComplaintFact, type ComplaintFilters } from './complaint-facts.js';
import { cellDimensionOf, cellKeyOf, openedCounts, resolvedCounts } from './complaint-figures.js';

/** Per month opened: one cell per tier, channel and team with its complaints' counts (openedCounts). */
export const openedFamily = 'complaints-opened';
/** Per month of first resolution: one cell per tier, channel and team with its complaints' spans (resolvedCounts). */
export const resolvedFamily = 'complaints-resolved';
/** The complaints listed by the complaints drill: per month opened, `[caseId, tier, channel, team, causes (JSON), repeat, open, resolvedMonth]`. */
export const complaintsListingFamily = 'complaints-listing';

export const complaintsListingKey = (caseId: string, { tier, channel, team, causes, repeat, open, resolvedMonth }: ComplaintFact) =>
  [caseId, tier, channel, team, JSON.stringify(causes), repeat ? 'yes' : 'no', open ? 'yes' : 'no', resolvedMonth];

/** Per month: one cell, the customers with a purchase in it. */
export const activeFamily = 'active-customers';

const complaintIdOf = (events: readonly RecordedEvent[]) => complaintFactProjection.handle(events).find(({ collection }) => collection === 'complaintFacts')?.id;

/** The complaint these events (its complaint and case streams') make, folded by the complaint projection's own writes, and its fact; null: none counted. */
function complaintOf(events: readonly RecordedEvent[], timeZone: string): { readonly document: ComplaintFactDocument; readonly fact: ComplaintFact } | null {
  const caseId = complaintIdOf(events);
  const folded = caseId === undefined ? null : foldWrites(complaintFactProjection.handle(events), 'complaintFacts', String(caseId));
  const document = folded === null ? null : ({ ...folded, _id: String(caseId) } as unknown as ComplaintFactDocument);
  const fact = document === null ? null : complaintFactOf(document, timeZone);
  return fact === null ? null : { document: document!, fact };
}

/** A complaint, folded from its complaint and case streams by the complaint projection's own writes, with its row. */
export const complaintMonthSource: FigureSource = {
  streamsOf(event) {
    const caseId = complaintIdOf([event]);
    return caseId === undefined ? null : [`complaint-${caseId}`, `case-${caseId}`];
  },
  incrementsOf(events, timeZone): Increment[] {
    const complaint = complaintOf(events, timeZone);
    if (complaint === null) return [];
    const { document, fact } = complaint;
    const resolved = resolvedCounts(fact);
    return [
      { family: openedFamily, month: fact.month, key: cellKeyOf(fact), counts: openedCounts(fact) },
      { family: complaintsListingFamily, month: fact.month, key: complaintsListingKey(document._id, fact), counts: listed },
      ...(resolved === null || fact.resolvedMonth === null ? [] : [{ family: resolvedFamily, month: fact.resolvedMonth, key: cellKeyOf(fact), counts: resolved }]),
    ];
  },
  rowOf(events, timeZone) {
    const complaint = complaintOf(events, timeZone);
    return complaint === null ? null : { family: complaintsListingFamily, month: complaint.fact.month, id: complaint.document._id, json: JSON.stringify(complaint.document) };
  },
};

/** A complaint as the complaints listing's rows keep it. */
export const complaintOfRow = (json: string) => withDates<ComplaintFactDocument>(JSON.parse(json) as Record<string, unknown>, ['openedAt', 'resolvedAt', 'closedAt']);

const isPurchase = (event: RecordedEvent) => event.type === 'PurchaseRecorded';

/** A customer active in each month of the business zone with one of their purchases (at its occurredAt). */
export const activeCustomerSource: FigureSource = {
  streamsOf: (event) => (isPurchase(event) ? [event.streamId] : null),
  incrementsOf(events, timeZone): Increment[] {
    const months = new Set(events.filter(isPurchase).map((event) => monthIn(new Date(event.occurredAt).getTime(), timeZone)));
    return [...months].map((month) => ({ family: activeFamily, month, key: [], counts: { activeCustomers: 1 } }));
  },
};

/** The cells of a complaint family for the months, only those passing the owner filters. */
export async function complaintCells(db: Db, family: string, months: readonly Month[], timeZone: string, filters: Pick<ComplaintFilters, 'tier' | 'channel' | 'team'>): Promise<Map<Month, Cell[]>> {
  const cells = await readMonthCells(db, family, months, timeZone);
  const passes = (cell: Cell) => (['tier', 'channel', 'team'] as const).every((dimension) => dimensionMatchesOf(filters[dimension], cellDimensionOf(cell, dimension)));
  return new Map([...cells].map(([month, ofMonth]) => [month, ofMonth.filter(passes)]));
}

/** The active customers of each month, from their month documents. */
export async function activeCustomersOfMonths(db: Db, months: readonly Month[], timeZone: string): Promise<Map<Month, number>> {
  const cells = await readMonthCells(db, activeFamily, months, timeZone);
  return new Map([...cells].map(([month, [cell]]) => [month, cell?.counts['activeCustomers'] ?? 0]));
}
