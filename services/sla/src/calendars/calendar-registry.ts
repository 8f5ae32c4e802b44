import type { EventStore } from '@ctp/event-store';
import { loadSlaPolicyVersions } from '../policies/sla-policy-stream.js';
import { loadCalendarVersions } from './calendar-stream.js';

export const DEFAULT_CALENDAR_ID = 'default';

export interface CalendarListing {
  readonly calendarId: string;
  readonly name: string | null;
  readonly latestVersion: number;
  readonly effectiveFrom: string;
}

/**
 * The service's calendars without scanning the store: `default` and every calendar a version of the
 * service's SLA policy names (a policy may only name published calendars). A calendar published but
 * named by no policy version yet is not listed; GET /v1/calendars/{id} still reads it.
 */
export async function listCalendars(store: EventStore, policyId: string): Promise<CalendarListing[]> {
  const policies = await loadSlaPolicyVersions(store, policyId);
  const named = policies.flatMap(({ policy }) => policy.rules.flatMap(({ targets }) => Object.values(targets).map(({ calendarId }) => calendarId)));
  const ids = [...new Set([DEFAULT_CALENDAR_ID, ...named])].sort();
  const loaded = await Promise.all(ids.map(async (calendarId) => ({ calendarId, versions: await loadCalendarVersions(store, calendarId) })));
  return loaded.flatMap(({ calendarId, versions }) => {
    const latest = versions.at(-1);
    return latest ? [{ calendarId, name: latest.calendar.name ?? null, latestVersion: latest.calendar.version, effectiveFrom: latest.effectiveFrom }] : [];
  });
}
