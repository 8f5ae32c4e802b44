import { eventRegistry, type EventData, type SurveyEvent } from '@ctp/contracts';
import { deciderSpecification } from '@ctp/test-kit';
import { decideSurvey, type FollowUpPlan, type SurveyCommand } from '../decide-survey.js';
import { caseSurveyTemplate } from '../default-templates.js';
import { evolveSurvey, initialSurveyState, type SurveyState } from '../survey-state.js';

function expectValidEvents(events: readonly SurveyEvent[]): void {
  for (const { type, data } of events) eventRegistry.parseData(type, eventRegistry.latest(type).version, data);
}

export const surveySpec = deciderSpecification<SurveyCommand, SurveyState, SurveyEvent>({ decide: decideSurvey, evolve: evolveSurvey, initialState: initialSurveyState, validate: expectValidEvents });

export const invitationId = 'S-1';
export const customerId = 'C-1001';

export const invitation: Omit<EventData<'SurveyInvited'>, 'invitedAt' | 'expiresAt'> = {
  invitationId, customerId, kind: 'transactional', caseId: 'K-1', sampleId: null, template: { templateId: caseSurveyTemplate.id, version: 1 }, tier: 'gold', channel: 'phone',
};

export const invite = (now: string, more: Partial<Extract<SurveyCommand, { kind: 'invite' }>> = {}): SurveyCommand => ({ kind: 'invite', invitation, now, consented: true, lastInvitedAt: null, cooldownDays: 90, expiryDays: 28, ...more });

export const invited = (invitedAt = '2026-03-05T02:00:00.000Z', expiresAt = '2026-04-02T02:00:00.000Z'): SurveyEvent => ({ type: 'SurveyInvited', data: { ...invitation, invitedAt, expiresAt } });

export const plan: FollowUpPlan = { owner: { kind: 'agent', id: 'agent-7' }, ownerSource: 'case_assignee', dueAt: '2026-03-06T02:15:00.000Z', deadlineSource: 'sla_policy' };

export const respond = (now: string, answers: Record<string, number | string>): SurveyCommand => ({ kind: 'respond', now, template: caseSurveyTemplate, answers, followUp: plan });
