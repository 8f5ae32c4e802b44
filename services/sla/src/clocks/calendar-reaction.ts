import { publishedTimeline } from '@ctp/calendar';
import { decoderFor, streamIdFor, type RecordedEvent } from '@ctp/contracts';
import { loadCalendarVersions } from '../calendars/calendar-stream.js';
import { slaActor, withCaseStream } from '../cases/case-stream.js';
import type { OpenedCase } from '../domain/case-state.js';
import { activeClocks, decideClock } from '../domain/clock-decider.js';
import type { ClockDeps } from './clock-deps.js';
import { refusalsAside } from './tier-reaction.js';

const calendarEvent = decoderFor('calendar');

/** Whether every running clock of the case on the calendar was started with the version already counted in. */
const countsOn = (state: OpenedCase, calendarId: string, version: number) =>
  activeClocks(state)
    .filter(({ target }) => target.calendarId === calendarId)
    .every(({ calendars }) => calendars.some((used) => used.calendarId === calendarId && used.version >= version));

/**
 * A published calendar version moves every running clock of an open case on that calendar: the time
 * counted before `effectiveFrom` stays, the rest counts on the new version (`previous`: the timeline
 * without it). The event's id is the cause, so a redelivered event appends nothing. Version 1 moves
 * nothing: no clock counted on the calendar before it; nor does a version for a case whose clocks
 * started with it already counted in.
 */
export async function reactToCalendars(deps: ClockDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  for (const raw of events) {
    const event = calendarEvent(raw);
    if (event.data.calendar.version === 1) continue;
    await followCalendar(deps, event, await deps.openCases.onCalendar(event.data.calendar.id), heartbeat);
  }
}

/**
 * A case indexed for the first time catches up with the calendar versions published after its clocks
 * started: such a version may have been handled before the case was in the index. As with tiers, the
 * index is written before the calendar streams are read, and each version's id is the cause, so a case
 * moves once per version whichever path sees it first.
 */
export async function catchUpCalendars(deps: ClockDeps, state: OpenedCase): Promise<void> {
  const calendarIds = [...new Set(activeClocks(state).map(({ target }) => target.calendarId))];
  for (const calendarId of calendarIds) {
    const published = (await deps.store.readStream(streamIdFor('calendar', calendarId))).map(calendarEvent);
    for (const event of published) {
      if (event.data.calendar.version > 1 && !countsOn(state, calendarId, event.data.calendar.version)) await followCalendar(deps, event, [state.caseId], async () => undefined);
    }
  }
}

async function followCalendar(deps: ClockDeps, event: ReturnType<typeof calendarEvent>, caseIds: readonly string[], heartbeat: () => Promise<void>): Promise<void> {
  const { calendar, effectiveFrom } = event.data;
  const versions = await loadCalendarVersions(deps.store, calendar.id);
  const previous = publishedTimeline(versions.filter((published) => published.calendar.version < calendar.version));
  const current = publishedTimeline(versions.filter((published) => published.calendar.version <= calendar.version));
  const context = { causationId: event.id, correlationId: event.correlationId, occurredAt: event.occurredAt, actor: slaActor, traceparent: event.traceparent };
  for (let i = 0; i < caseIds.length; i += 8) {
    await Promise.all(
      caseIds.slice(i, i + 8).map((caseId) =>
        refusalsAside(
          withCaseStream(deps, caseId, context, (state, rules) =>
            state === null || countsOn(state, calendar.id, calendar.version) ? [] : decideClock({ kind: 'recalendar', calendarId: calendar.id, at: Date.parse(effectiveFrom), previous: { ...rules.calendars, [calendar.id]: previous }, calendars: { ...rules.calendars, [calendar.id]: current } }, state),
          ),
        ),
      ),
    );
    await heartbeat();
  }
}
