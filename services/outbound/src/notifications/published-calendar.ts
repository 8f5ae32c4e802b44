import { decoderFor, streamIdFor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { PublishedCalendarVersion } from '@ctp/calendar';

const decode = decoderFor('calendar');

/** Every version sla published of a calendar (`calendar-<id>`), oldest first; empty for one never published. */
export async function publishedCalendar(history: EventStore, calendarId: string): Promise<PublishedCalendarVersion[]> {
  return (await history.readStream(streamIdFor('calendar', calendarId))).map((raw) => decode(raw).data);
}
