import { randomUUID } from 'node:crypto';
import { publishedTimeline, type CalendarDocument } from '@ctp/calendar';
import { buildEvent, decoderFor, streamIdFor, type Actor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { CalendarTimelines } from '../domain/clock.js';

export interface PublishedCalendar {
  readonly calendar: CalendarDocument;
  readonly effectiveFrom: string;
  readonly publishedAt: string;
  readonly publishedBy: Actor;
  readonly position: string;
}

const calendarEvent = decoderFor('calendar');

/** Every published version of a calendar, oldest first; empty for a calendar never published. */
export async function loadCalendarVersions(store: EventStore, calendarId: string): Promise<PublishedCalendar[]> {
  const events = (await store.readStream(streamIdFor('calendar', calendarId))).map(calendarEvent);
  return events.map((event) => ({ ...event.data, publishedAt: event.recordedAt, publishedBy: event.actor, position: event.globalPosition }));
}

/** The timelines of the calendars named; a calendar never published is left out (the clock refuses it by name). */
export async function loadCalendarTimelines(store: EventStore, calendarIds: readonly string[]): Promise<CalendarTimelines> {
  const ids = [...new Set(calendarIds)];
  const loaded = await Promise.all(ids.map(async (id) => [id, await loadCalendarVersions(store, id)] as const));
  return Object.fromEntries(loaded.filter(([, versions]) => versions.length > 0).map(([id, versions]) => [id, publishedTimeline(versions)]));
}

export interface PublishContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly occurredAt: Date;
}

/**
 * Appends the document as the calendar's next version, counting from `effectiveFrom` (default: now).
 * The document's version must be the next one: a concurrent publisher conflicts on the stream revision.
 */
export async function publishCalendar(store: EventStore, calendar: CalendarDocument, context: PublishContext & { readonly effectiveFrom?: string }): Promise<{ position: string }> {
  const streamId = streamIdFor('calendar', calendar.id);
  const effectiveFrom = context.effectiveFrom ?? context.occurredAt.toISOString();
  const event = buildEvent('CalendarVersionPublished', { calendar, effectiveFrom }, documentEnvelope(streamId, context));
  const result = await store.append(streamId, [event], { expectedRevision: calendar.version === 1 ? 'no_stream' : calendar.version - 2 });
  return { position: result.lastPosition };
}

export const documentEnvelope = (streamId: string, context: PublishContext) => ({
  id: randomUUID(),
  streamId,
  occurredAt: context.occurredAt.toISOString(),
  correlationId: context.correlationId,
  causationId: null,
  actor: context.actor,
  traceparent: null,
});
