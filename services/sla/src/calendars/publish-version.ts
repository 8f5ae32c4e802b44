import type { CalendarDocument } from '@ctp/calendar';
import type { Actor } from '@ctp/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@ctp/event-store';
import { problems, ProblemError } from '@ctp/service-kit';
import type { SlaErrorCode } from '../domain/errors.js';
import { loadCalendarVersions, publishCalendar, type PublishedCalendar } from './calendar-stream.js';

export interface VersionRequest {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly now: Date;
  /** Default: now. */
  readonly effectiveFrom?: string;
  /** Where the request named the version and the instant, for the problems (body.calendar.version, query.expectedVersion). */
  readonly paths: { readonly version: string; readonly effectiveFrom: string };
}

export interface PublishedVersion {
  readonly calendarId: string;
  readonly version: number;
  readonly effectiveFrom: string;
  readonly position: string;
}

const latestVersion = (versions: readonly PublishedCalendar[]) => versions.at(-1)?.calendar.version ?? 0;

function conflict(calendarId: string, latest: number, path: string): ProblemError {
  const message = latest === 0 ? `calendar ${calendarId} has no version yet: publish version 1` : `calendar ${calendarId} is at version ${latest}: publish version ${latest + 1}`;
  return new ProblemError(problems.CTP_CONFLICT, message, [{ path, message }], { latestVersion: latest });
}

const refusal = (path: string, rule: SlaErrorCode, message: string) => new ProblemError(problems.CTP_UNPROCESSABLE, message, [{ path, message, rule }]);

/**
 * Publishes the document as the calendar's next version, counting from `effectiveFrom`: not before
 * now, and after the previous version's (versions take effect in order). A version that is not the
 * next one, or a publisher that lost the race, is a 409 naming the latest version.
 */
export async function publishNextVersion(store: EventStore, versions: readonly PublishedCalendar[], document: CalendarDocument, request: VersionRequest): Promise<PublishedVersion> {
  const latest = latestVersion(versions);
  if (document.version !== latest + 1) throw conflict(document.id, latest, request.paths.version);
  const effectiveFrom = new Date(request.effectiveFrom ?? request.now).toISOString();
  if (Date.parse(effectiveFrom) < request.now.getTime()) {
    throw refusal(request.paths.effectiveFrom, 'calendar_effective_in_past', `${effectiveFrom} is before now (${request.now.toISOString()}): a calendar change never rewrites the past`);
  }
  const previous = versions.at(-1);
  if (previous && Date.parse(effectiveFrom) <= Date.parse(previous.effectiveFrom)) {
    throw refusal(request.paths.effectiveFrom, 'calendar_effective_out_of_order', `${effectiveFrom} is not after version ${previous.calendar.version}'s effectiveFrom ${previous.effectiveFrom}`);
  }
  try {
    const { position } = await publishCalendar(store, document, { actor: request.actor, correlationId: request.correlationId, occurredAt: request.now, effectiveFrom });
    return { calendarId: document.id, version: document.version, effectiveFrom, position };
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) throw conflict(document.id, latestVersion(await loadCalendarVersions(store, document.id)), request.paths.version);
    throw error;
  }
}
