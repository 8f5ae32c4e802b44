import { defaultCalendarDocument } from '@ctp/calendar';
import { WrongExpectedRevisionError } from '@ctp/event-store';
import { slaActor } from '../cases/case-stream.js';
import type { SlaDeps } from '../sla-deps.js';
import { loadCalendarVersions, publishCalendar } from './calendar-stream.js';

/** Publishes the default calendar as version 1 when it was never published; another process doing it first is fine. */
export async function ensureDefaultCalendar(deps: Pick<SlaDeps, 'store' | 'clock'>): Promise<boolean> {
  if ((await loadCalendarVersions(deps.store, defaultCalendarDocument.id)).length > 0) return false;
  try {
    await publishCalendar(deps.store, defaultCalendarDocument, { actor: slaActor, correlationId: 'bootstrap', occurredAt: deps.clock() });
    return true;
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return false;
    throw error;
  }
}
