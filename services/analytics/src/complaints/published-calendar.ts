import { calendarDocumentSchema, calendarOf, calendarTimeline, type CalendarTimeline } from '@ctp/calendar';
import type { Collection } from 'mongodb';
import type { CalendarVersionDocument } from './complaint-fact-projection.js';

export interface PublishedCalendar {
  /** Null when the calendar was never published: no cycle time can be counted. */
  readonly timeline: CalendarTimeline | null;
  readonly versions: readonly { readonly version: number; readonly effectiveFrom: Date }[];
}

/** Every published version of a calendar, as sla counts with them: each from its effectiveFrom, the first also before. */
export async function publishedCalendar(calendars: Collection<CalendarVersionDocument>, calendarId: string): Promise<PublishedCalendar> {
  const documents = (await calendars.find({ calendarId }).toArray()).sort((a, b) => a.version - b.version);
  if (documents.length === 0) return { timeline: null, versions: [] };
  const timeline = calendarTimeline(documents.map(({ document, effectiveFrom }) => ({ effectiveFrom: effectiveFrom.getTime(), calendar: calendarOf(calendarDocumentSchema.parse(document)) })));
  return { timeline, versions: documents.map(({ version, effectiveFrom }) => ({ version, effectiveFrom })) };
}
