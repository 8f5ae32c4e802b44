import type { RecordedEvent } from '@ctp/contracts';
import { recordedOn } from '../../test-support/recorded-events.js';

export interface Invitation {
  readonly id: string;
  readonly invitedAt: string;
  readonly tier: string | null;
  readonly channel: 'phone' | 'email' | null;
  readonly kind?: 'transactional' | 'relationship';
}

export interface Answer {
  readonly csat?: number | null;
  readonly nps?: number | null;
  readonly ces?: number | null;
  readonly dimensions?: Record<string, number>;
  readonly answeredAt: string;
}

/** An invitation's stream `survey-<id>` at positions from `position`: SurveyInvited, then SurveyAnswered when given. */
export function surveyStream(invitation: Invitation, position: number, answer?: Answer): RecordedEvent[] {
  const { id, invitedAt, tier, channel, kind = 'transactional' } = invitation;
  const identity = { invitationId: id, customerId: `C-${id}` };
  const invited = { type: 'SurveyInvited', data: { ...identity, kind, caseId: kind === 'transactional' ? `K-${id}` : null, sampleId: kind === 'relationship' ? 'S-1' : null, template: { templateId: 'case-survey', version: 1 }, tier, channel, invitedAt, expiresAt: '2026-12-31T00:00:00Z' } } as const;
  const answered = answer && ({
    type: 'SurveyAnswered',
    data: { ...identity, kind, tier, channel, invitedAt, answeredAt: answer.answeredAt, csat: answer.csat ?? null, nps: answer.nps ?? null, ces: answer.ces ?? null, dimensions: answer.dimensions ?? {}, npsWhy: 'my neighbour Wang says hello', comment: 'call me on 138 0000 0000' },
  } as const);
  return [...recordedOn(`survey-${id}`, [invited], invitedAt, position), ...(answered ? recordedOn(`survey-${id}`, [answered], answer.answeredAt, position + 1) : [])].map((event, revision) => ({ ...event, revision }));
}

export function skippedSurvey(id: string, decidedAt: string, position: number): RecordedEvent[] {
  return recordedOn(`survey-${id}`, [{ type: 'SurveySkipped', data: { invitationId: id, customerId: `C-${id}`, caseId: `K-${id}`, reason: 'no_consent', lastInvitedAt: null, decidedAt } }], decidedAt, position);
}

export function expiredSurvey(invitation: Invitation, position: number, expiredAt: string): RecordedEvent[] {
  const expired = { type: 'SurveyExpired', data: { invitationId: invitation.id, customerId: `C-${invitation.id}`, kind: invitation.kind ?? 'transactional', invitedAt: invitation.invitedAt, expiredAt } } as const;
  return [...surveyStream(invitation, position), ...recordedOn(`survey-${invitation.id}`, [expired], expiredAt, position + 1).map((event) => ({ ...event, revision: 1 }))];
}
