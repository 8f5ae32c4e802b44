import { entityIdSchema, nameUuid, streamIdFor, type EventData } from '@ctp/contracts';
import { defineTimerKind, scheduleTimer, timerRegistry, type Timer } from '@ctp/timers';
import { z } from 'zod';
import { caseSurveyTemplate } from '../domain/surveys/default-templates.js';
import type { Invitation } from '../domain/surveys/survey-state.js';
import { customerFacts } from './customer-facts.js';
import type { SurveyDeps } from './survey-deps.js';
import { feedbackActor, inviteOnLedger, withSurveyStream } from './survey-stream.js';
import { loadTemplate } from './template-stream.js';

/** One invitation per case, ever: its id derives from the case. */
export const caseInvitationId = (caseId: string) => nameUuid(['survey-case', caseId]);

const timerContext = (fired: Timer) => ({ causationId: fired.id, correlationId: fired.id, occurredAt: fired.dueAt.toISOString(), actor: feedbackActor });

const caseSurveyTimer = defineTimerKind<SurveyDeps, { caseId: string }>({
  kind: 'survey-invite',
  payload: z.object({ caseId: entityIdSchema }),
  handle: ({ deps, payload, timer }) => inviteForCase(deps, payload.caseId, timer),
});

const followUpTimer = defineTimerKind<SurveyDeps, { invitationId: string }>({
  kind: 'follow-up-overdue',
  payload: z.object({ invitationId: entityIdSchema }),
  handle: async ({ deps, payload, timer }) => {
    await withSurveyStream(deps, payload.invitationId, timerContext(timer), () => ({ kind: 'markFollowUpOverdue', now: timer.dueAt.toISOString() }));
  },
});

const expiryTimer = defineTimerKind<SurveyDeps, { invitationId: string }>({
  kind: 'survey-expiry',
  payload: z.object({ invitationId: entityIdSchema }),
  handle: async ({ deps, payload, timer }) => {
    await withSurveyStream(deps, payload.invitationId, timerContext(timer), () => ({ kind: 'expire', now: timer.dueAt.toISOString() }));
  },
});

export const surveyTimers = timerRegistry<SurveyDeps>([caseSurveyTimer, followUpTimer, expiryTimer]);

/** An invitation's expiry timer, due at its expiresAt: scheduled as it is made, again by the reactor on SurveyInvited (a no-op then). */
export function scheduleSurveyExpiry(deps: Pick<SurveyDeps, 'timers'>, invitation: Pick<Invitation, 'invitationId' | 'expiresAt'>): Promise<'scheduled' | 'exists'> {
  return scheduleTimer(deps.timers, expiryTimer, { id: `survey-expiry:${invitation.invitationId}`, dueAt: new Date(invitation.expiresAt), payload: { invitationId: invitation.invitationId } });
}

/** A resolved case's invitation timer: one id per case, so a case resolved again schedules nothing new, and a fired one never fires again. */
export function scheduleCaseSurvey(deps: Pick<SurveyDeps, 'timers' | 'surveys'>, caseId: string, resolvedAt: string): Promise<'scheduled' | 'exists'> {
  return scheduleTimer(deps.timers, caseSurveyTimer, { id: `survey-invite:${caseId}`, dueAt: new Date(Date.parse(resolvedAt) + deps.surveys.delayMs), payload: { caseId } });
}

export function scheduleFollowUpOverdue(deps: Pick<SurveyDeps, 'timers'>, invitationId: string, dueAt: string): Promise<'scheduled' | 'exists'> {
  return scheduleTimer(deps.timers, followUpTimer, { id: `follow-up-overdue:${invitationId}`, dueAt: new Date(dueAt), payload: { invitationId } });
}

/** At the timer's due instant: the customer's survey consent then, their ledger (cooldown), the template's latest version. */
export async function inviteForCase(deps: SurveyDeps, caseId: string, fired: Timer): Promise<void> {
  const caseEvents = await deps.history.readStream(streamIdFor('case', caseId));
  const opened = caseEvents.find(({ type }) => type === 'CaseOpened')?.data as EventData<'CaseOpened'> | undefined;
  if (!opened) return;
  const template = (await loadTemplate(deps.store, caseSurveyTemplate.id)) ?? caseSurveyTemplate;
  const { consented, tier } = await customerFacts(deps.history, opened.customerId, fired.dueAt);
  const state = await inviteOnLedger(
    deps,
    {
      kind: 'invite',
      invitation: { invitationId: caseInvitationId(caseId), customerId: opened.customerId, kind: 'transactional', caseId, sampleId: null, template: { templateId: template.id, version: template.version }, tier, channel: opened.channel },
      now: fired.dueAt.toISOString(),
      consented,
      cooldownDays: deps.surveys.cooldownDays,
      expiryDays: deps.surveys.expiryDays,
    },
    timerContext(fired),
  );
  if (state !== null && state.status !== 'skipped') await scheduleSurveyExpiry(deps, state.invitation);
}
