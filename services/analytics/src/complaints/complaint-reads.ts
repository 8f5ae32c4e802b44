import { activeCollection } from '@ctp/projections';
import type { Filter } from 'mongodb';
import { z } from 'zod';
import type { AreaContext } from '../area.js';
import { monthStartIn, nextMonth, type Month } from '../metrics/period.js';
import { dimensionFilter } from '../metrics/query.js';
import { complaintFactOf, matchesComplaint, type ComplaintFact, type ComplaintFilters } from './complaint-facts.js';
import { complaintFactProjection, type ActivityDocument, type CalendarVersionDocument, type ComplaintFactDocument } from './complaint-fact-projection.js';
import { workingDaysBetween, type CycleSpan } from './cycle-time.js';
import { publishedCalendar } from './published-calendar.js';

export const complaintsPath = '/v1/analytics/complaints/complaints';
/** The business calendar cycle times count on. */
export const cycleCalendarId = 'default';

export const ownerFilters = {
  tier: dimensionFilter.describe('a tier id, or none'),
  channel: dimensionFilter.describe('a case channel'),
  team: dimensionFilter.describe('a team id, or none (not assigned)'),
};

export const flagFilter = z.enum(['yes', 'no']).optional();

/** The area's collections and the reads the figures and the listing share. */
export function complaintReads({ readModel, timeZone }: Pick<AreaContext, 'readModel' | 'timeZone'>) {
  const collection = <T extends { _id: string }>(name: 'complaintFacts' | 'purchaseMonths' | 'calendarVersions') => activeCollection<T>(readModel.db, complaintFactProjection.name, name);
  return {
    complaints: () => collection<ComplaintFactDocument>('complaintFacts'),
    /** The complaints that pass `filters`; `narrow` only spares reading the others (stubs never pass). */
    async facts(narrow: Filter<ComplaintFactDocument>, filters: ComplaintFilters): Promise<ComplaintFact[]> {
      const documents = await (await collection<ComplaintFactDocument>('complaintFacts')).find({ openedAt: { $exists: true }, ...narrow }).toArray();
      return documents.flatMap((document) => {
        const fact = complaintFactOf(document, timeZone);
        return fact !== null && matchesComplaint(fact, filters) ? [fact] : [];
      });
    },
    /** The purchase spans that may fall in [startMs, endMs). */
    async purchaseSpans(startMs: number, endMs: number) {
      const documents = await (await collection<ActivityDocument>('purchaseMonths')).find({ first: { $lt: new Date(endMs) }, last: { $gte: new Date(startMs) } }).toArray();
      return documents.map(({ customerId, first, last }) => ({ customerId, first: first.getTime(), last: last.getTime() }));
    },
    /** The cycle calendar as published, and a counter of working days on it (null without it). */
    async cycleCalendar() {
      const calendar = await publishedCalendar(await collection<CalendarVersionDocument>('calendarVersions'), cycleCalendarId);
      const { timeline } = calendar;
      const cycleDaysOf = ({ openedAt, resolvedAt }: CycleSpan) => (timeline === null || resolvedAt === null ? null : workingDaysBetween(timeline, openedAt, resolvedAt));
      return { calendarMeta: { id: cycleCalendarId, published: timeline !== null, versions: calendar.versions }, cycleDaysOf };
    },
  };
}

/** `openedAt` within the months, to read less; the exact test is matchesComplaint's. */
export function openedWithin(first: Month | undefined, last: Month | undefined, timeZone: string): Filter<ComplaintFactDocument> {
  if (first === undefined && last === undefined) return {};
  return { openedAt: { ...(first ? { $gte: new Date(monthStartIn(first, timeZone)) } : {}), ...(last ? { $lt: new Date(monthStartIn(nextMonth(last), timeZone)) } : {}) } };
}
