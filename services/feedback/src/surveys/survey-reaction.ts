import { categoryOf, decoderFor, type EventData, type RecordedEvent } from '@ctp/contracts';
import type { SurveyDeps } from './survey-deps.js';
import { scheduleCaseSurvey, scheduleFollowUpOverdue, scheduleSurveyExpiry } from './survey-timers.js';

const surveyEvent = decoderFor('survey');

/** The topics the survey reactor reads: sla's cases (resolutions) and its own surveys (follow-up deadlines). */
export const surveyReactorCategories = ['case', 'survey'] as const;

/**
 * A case resolved schedules its invitation timer (its first resolution only: the timer id is the case's);
 * an invitation its expiry timer (scheduled as it was made already: this covers a crash in between);
 * a follow-up opened schedules its overdue timer. Scheduling again is a no-op, so a redelivered batch changes nothing.
 */
export async function reactToSurveyEvents(deps: SurveyDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  for (const event of events) {
    const category = categoryOf(event.streamId);
    if (category === 'case' && event.type === 'CaseStatusChanged') {
      const { caseId, to, changedAt } = event.data as EventData<'CaseStatusChanged'>;
      if (to === 'resolved') await scheduleCaseSurvey(deps, caseId, changedAt);
    }
    if (category === 'survey' && event.type === 'SurveyInvited') {
      const invited = surveyEvent(event);
      if (invited.type === 'SurveyInvited') await scheduleSurveyExpiry(deps, invited.data);
    }
    if (category === 'survey' && event.type === 'FollowUpOpened') {
      const { invitationId, dueAt } = event.data as EventData<'FollowUpOpened'>;
      await scheduleFollowUpOverdue(deps, invitationId, dueAt);
    }
  }
  await heartbeat();
}
