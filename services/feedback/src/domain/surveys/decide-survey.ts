import type { EventData, SurveyEvent, SurveyTemplate } from '@ctp/contracts';
import { poorReasons, scoreAnswers, type SurveyAnswers } from './answers.js';
import { SurveyError } from './errors.js';
import type { SurveyState } from './survey-state.js';

const dayMs = 86_400_000;

/** Who follows a poor answer up and by when, worked out before deciding (the case's owner, the SLA target). */
export type FollowUpPlan = Pick<EventData<'FollowUpOpened'>, 'owner' | 'ownerSource' | 'dueAt' | 'deadlineSource'>;

export type SurveyCommand =
  | {
      readonly kind: 'invite';
      readonly invitation: Omit<EventData<'SurveyInvited'>, 'invitedAt' | 'expiresAt'>;
      readonly now: string;
      /** The customer's survey consent at `now`. */
      readonly consented: boolean;
      /** From the customer's ledger: their last invitation to any survey. */
      readonly lastInvitedAt: string | null;
      readonly cooldownDays: number;
      readonly expiryDays: number;
    }
  | { readonly kind: 'respond'; readonly now: string; readonly template: SurveyTemplate; readonly answers: SurveyAnswers; readonly followUp: FollowUpPlan }
  | { readonly kind: 'completeFollowUp'; readonly now: string; readonly by: string }
  | { readonly kind: 'markFollowUpOverdue'; readonly now: string }
  /** The invitation's expiry timer fired: an invitation still unanswered at its expiresAt expires. */
  | { readonly kind: 'expire'; readonly now: string };

const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * dayMs).toISOString();

function invite(command: Extract<SurveyCommand, { kind: 'invite' }>, state: SurveyState): SurveyEvent[] {
  if (state !== null) return [];
  const { invitation, now } = command;
  const { invitationId, customerId, caseId } = invitation;
  const inCooldown = command.lastInvitedAt !== null && Date.parse(addDays(command.lastInvitedAt, command.cooldownDays)) > Date.parse(now);
  if (!command.consented || inCooldown) {
    if (caseId === null) return [];
    const reason = command.consented ? 'cooldown' : 'no_consent';
    return [{ type: 'SurveySkipped', data: { invitationId, customerId, caseId, reason, lastInvitedAt: reason === 'cooldown' ? command.lastInvitedAt : null, decidedAt: now } }];
  }
  return [{ type: 'SurveyInvited', data: { ...invitation, invitedAt: now, expiresAt: addDays(now, command.expiryDays) } }];
}

function respond(command: Extract<SurveyCommand, { kind: 'respond' }>, state: SurveyState): SurveyEvent[] {
  if (state === null || state.status === 'skipped') throw new SurveyError('invitation_not_found', 'no survey invitation with this id');
  if (state.status === 'answered') throw new SurveyError('already_answered', 'this invitation was answered already; a survey takes one response');
  const { invitation } = state;
  if (state.status === 'expired' || Date.parse(command.now) >= Date.parse(invitation.expiresAt)) throw new SurveyError('survey_expired', `the invitation expired at ${invitation.expiresAt}`);
  const scored = scoreAnswers(command.template, command.answers);
  const { invitationId, customerId, kind, tier, channel, invitedAt, caseId } = invitation;
  const answered: SurveyEvent = { type: 'SurveyAnswered', data: { invitationId, customerId, kind, tier, channel, invitedAt, answeredAt: command.now, ...scored } };
  const reasons = poorReasons(scored);
  if (reasons.length === 0) return [answered];
  return [answered, { type: 'FollowUpOpened', data: { invitationId, customerId, followUpId: invitationId, caseId, reasons, openedAt: command.now, ...command.followUp } }];
}

function expire(command: Extract<SurveyCommand, { kind: 'expire' }>, state: SurveyState): SurveyEvent[] {
  if (state?.status !== 'invited') return [];
  const { invitationId, customerId, kind, invitedAt, expiresAt } = state.invitation;
  if (Date.parse(command.now) < Date.parse(expiresAt)) return [];
  return [{ type: 'SurveyExpired', data: { invitationId, customerId, kind, invitedAt, expiredAt: expiresAt } }];
}

function followUpOf(state: SurveyState) {
  if (state === null || state.status === 'skipped' || state.followUp === null) throw new SurveyError('follow_up_not_found', 'no follow-up with this id');
  return { invitation: state.invitation, followUp: state.followUp };
}

/** Pure: a survey invitation's decisions; time comes in with the command. */
export function decideSurvey(command: SurveyCommand, state: SurveyState): SurveyEvent[] {
  switch (command.kind) {
    case 'invite':
      return invite(command, state);
    case 'respond':
      return respond(command, state);
    case 'completeFollowUp': {
      const { invitation, followUp } = followUpOf(state);
      if (followUp.status === 'done') throw new SurveyError('follow_up_already_done', 'this follow-up is done already');
      const late = Date.parse(command.now) > Date.parse(followUp.dueAt);
      return [{ type: 'FollowUpDone', data: { invitationId: invitation.invitationId, customerId: invitation.customerId, followUpId: followUp.followUpId, doneAt: command.now, by: command.by, late } }];
    }
    case 'markFollowUpOverdue': {
      if (state === null || state.status === 'skipped' || state.followUp?.status !== 'open') return [];
      const { invitation, followUp } = state;
      if (Date.parse(command.now) < Date.parse(followUp.dueAt)) return [];
      return [{ type: 'FollowUpOverdue', data: { invitationId: invitation.invitationId, customerId: invitation.customerId, followUpId: followUp.followUpId, dueAt: followUp.dueAt, owner: followUp.owner } }];
    }
    case 'expire':
      return expire(command, state);
    default: {
      const unexpected: never = command;
      throw new Error(`unknown survey command ${JSON.stringify(unexpected)}`);
    }
  }
}
