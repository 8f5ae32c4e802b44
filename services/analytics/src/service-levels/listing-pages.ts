import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import type { z } from 'zod';
import type { AreaReads } from '../area.js';
import { listingMonths, listingPeriod } from '../metrics/listing-period.js';
import { page } from '../metrics/paging.js';
import { contains, monthIn, nextMonth, type Month, type Period } from '../metrics/period.js';
import { outcomeOf } from './compliance.js';
import { caseDimensionOf, caseDimensions, openedMonthOf } from './dimensions.js';
import type { CaseFact, ClockFact } from './facts.js';
import { assessResolved } from './first-contact-facts.js';
import type { FirstContactAssessment } from './first-contact.js';
import type { CaseDimensions } from './month-entries.js';
import { assessedFromEntries, assessingMonths, listedCases, listedClocks, type ClockCase, type ListedCase } from './month-listings.js';
import { readServiceLevelEntries, readServiceLevelMonthsHead, type ServiceLevelMonthsHead } from './service-level-month-store.js';
import { serviceLevelRowsReader } from './service-level-rows.js';
import { resolvedMonthsOf, type caseListingQuery, type clockListingQuery } from './service-level-query.js';
import { serviceLevelFacts } from './service-level-reads.js';

type ClockQuery = z.infer<typeof clockListingQuery>;
type CaseQuery = z.infer<typeof caseListingQuery>;
export interface ListingPage<T> {
  readonly rows: readonly T[];
  readonly next: string | null;
}

/**
 * A page of the clocks of a compliance cell: their ids, with their cases' months and dimensions, from the month
 * entries the service-level month follower keeps (one `_id` read per month opened), then the clocks from the rows it
 * keeps, only the pieces the page's cases fall on (service-level-rows.ts). Without a bounded range of months, or
 * before the follower has caught up (or passed `minPosition`), from the fact documents (scans).
 */
export async function clockPage(reads: AreaReads, query: ClockQuery): Promise<ListingPage<{ clock: ClockFact; opened: ClockCase }>> {
  const months = listingMonths(query);
  const head = months === null ? null : await answeringHead(reads, query.minPosition);
  if (months === null || head === null) return clockPageOfFacts(reads, query);
  const rowsOf = serviceLevelRowsReader(reads.db, reads.timeZone, head);
  const listed = page(listedClocks((await readServiceLevelEntries(reads.db, reads.timeZone, months)).values(), query), query);
  const kept = await rowsOf(listed.rows.map(({ caseId, opened }) => ({ id: caseId, month: opened.month })));
  const clockById = new Map([...kept.values()].flatMap(({ clocks }) => clocks.map((clock) => [clock._id, clock] as const)));
  const rows = listed.rows.flatMap(({ id, opened }) => {
    const clock = clockById.get(id);
    return clock ? [{ clock, opened }] : [];
  });
  return { rows, next: listed.next };
}

/**
 * A page of the cases of a first-contact cell, the same way: their ids from the entries of the months opened (else of
 * the months of first resolution), their first-contact verdicts from the entries of the months of resolution and the
 * next (only for the page's cases unless `fcr` filters), their facts from the rows of the months they were opened.
 */
export async function casePage(reads: AreaReads, query: CaseQuery): Promise<ListingPage<{ fact: CaseFact; assessment: FirstContactAssessment | undefined }>> {
  const [openedMonths, resolvedMonths] = [listingMonths(query), listingMonths(resolvedMonthsOf(query))];
  const head = openedMonths === null && resolvedMonths === null ? null : await answeringHead(reads, query.minPosition);
  if (head === null) return casePageOfFacts(reads, query);
  const rowsOf = serviceLevelRowsReader(reads.db, reads.timeZone, head);
  const entries = await readServiceLevelEntries(reads.db, reads.timeZone, [...(openedMonths ?? []), ...(resolvedMonths ?? []), ...monthsAfter(openedMonths)]);
  const ofMonths = (months: readonly string[] | null) => (months === null ? null : months.map((month) => entries.get(month)!));
  const resolvedPeriod = listingPeriod(resolvedMonthsOf(query), reads.timeZone);
  const candidates = listedCases(ofMonths(openedMonths), resolvedPeriod === null ? null : { months: ofMonths(resolvedMonths)!, within: (ms) => contains(resolvedPeriod, ms) }, query);
  const assess = async (cases: readonly ListedCase[]) => {
    const missing = [...assessingMonths(cases, reads.timeZone)].filter((month) => !entries.has(month));
    for (const [month, ofMonth] of await readServiceLevelEntries(reads.db, reads.timeZone, missing)) entries.set(month, ofMonth);
    return assessedFromEntries(cases, entries, reads.timeZone, reads.clock());
  };
  const wanted = query.fcr === undefined ? undefined : query.fcr === 'yes';
  const verdicts = wanted === undefined ? null : await assess(candidates);
  const listed = page(verdicts === null ? candidates : candidates.filter(({ id }) => verdicts.get(id)?.fcr === wanted), query);
  const [assessed, kept] = await Promise.all([verdicts ?? assess(listed.rows), rowsOf(listed.rows.map(({ id, openedAt }) => ({ id, month: monthIn(openedAt, reads.timeZone) })))]);
  const rows = listed.rows.flatMap(({ id }) => {
    const fact = kept.get(id)?.fact;
    return fact ? [{ fact, assessment: assessed.get(id) }] : [];
  });
  return { rows, next: listed.next };
}

/**
 * The two months after each opened month, read with them: the verdicts of cases resolved in their month of opening or
 * the next are judged against the openings of those months and the month after (assessingMonths), so most pages need
 * them, and reading them beside the opened months saves a round of reads after the candidates are known.
 */
const monthsAfter = (openedMonths: readonly Month[] | null) => (openedMonths ?? []).flatMap((month) => [nextMonth(month), nextMonth(nextMonth(month))]);

/** The head once the follower has caught up and passed `minPosition`: the month documents answer; null: the facts. */
async function answeringHead(reads: AreaReads, minPosition: GlobalPosition | undefined): Promise<ServiceLevelMonthsHead | null> {
  const head = await readServiceLevelMonthsHead(reads.db, reads.timeZone);
  return head !== null && head.caughtUp && (minPosition === undefined || compareGlobalPositions(head.position, minPosition) >= 0) ? head : null;
}

const clockCaseOf = (fact: CaseFact, timeZone: string): ClockCase => ({
  month: openedMonthOf(fact, timeZone),
  dimensions: Object.fromEntries(caseDimensions.map((dimension) => [dimension, caseDimensionOf(fact, dimension)])) as CaseDimensions,
});
const within = (period: Period | null, date: Date | undefined) => period === null || (date !== undefined && contains(period, date.getTime()));

async function clockPageOfFacts(reads: AreaReads, query: ClockQuery) {
  const facts = await serviceLevelFacts(reads.db);
  const opened = listingPeriod(query, reads.timeZone);
  const cases = (await facts.cases(query)).filter((fact) => within(opened, fact.openedAt));
  const caseById = new Map(cases.map((fact) => [fact._id, fact]));
  const clocks = (await facts.clocksOf(cases, query.metric)).flatMap((clock) => {
    const fact = caseById.get(clock.caseId);
    return fact && (query.outcome === undefined || outcomeOf(clock) === query.outcome) ? [{ id: clock._id, clock, opened: clockCaseOf(fact, reads.timeZone) }] : [];
  });
  return page(clocks, query);
}

async function casePageOfFacts(reads: AreaReads, query: CaseQuery) {
  const facts = await serviceLevelFacts(reads.db);
  const opened = listingPeriod(query, reads.timeZone);
  const resolved = listingPeriod(resolvedMonthsOf(query), reads.timeZone);
  const cases = (await facts.cases(query)).filter((fact) => within(opened, fact.openedAt) && within(resolved, fact.resolvedAt));
  const assessed = new Map((await assessResolved(facts, cases, reads.clock())).map(({ fact, assessment }) => [fact._id, assessment]));
  const wanted = query.fcr === undefined ? undefined : query.fcr === 'yes';
  const selected = cases.flatMap((fact) => {
    const assessment = assessed.get(fact._id);
    return wanted === undefined || assessment?.fcr === wanted ? [{ id: fact._id, fact, assessment }] : [];
  });
  return page(selected, query);
}
