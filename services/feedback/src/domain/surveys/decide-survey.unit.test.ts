import type { SurveyEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { SurveyError } from './errors.js';
import { customerId, invitation, invitationId, invite, invited, plan, respond, surveySpec } from './test-support/surveys.js';

const refusedWith = (code: string, rule?: string) => (error: unknown) => {
  expect(error).toBeInstanceOf(SurveyError);
  expect((error as SurveyError).code).toBe(code);
  if (rule) expect((error as SurveyError).issues.map((issue) => issue.rule)).toContain(rule);
};

describe('inviting a customer after a resolved case', () => {
  it('given nothing, when invited with consent and no recent survey, then the invitation expires after 28 days', () => {
    surveySpec.given().when(invite('2026-03-05T02:00:00.000Z')).then({ type: 'SurveyInvited', data: { ...invitation, invitedAt: '2026-03-05T02:00:00.000Z', expiresAt: '2026-04-02T02:00:00.000Z' } });
  });

  it('given an invitation already decided for the case, when invited again (re-resolved), then nothing', () => {
    surveySpec.given(invited()).when(invite('2026-03-20T02:00:00.000Z')).thenNothing();
    surveySpec.given({ type: 'SurveySkipped', data: { invitationId, customerId, caseId: 'K-1', reason: 'no_consent', lastInvitedAt: null, decidedAt: '2026-03-05T02:00:00.000Z' } }).when(invite('2026-03-20T02:00:00.000Z')).thenNothing();
  });

  it('given nothing, when the customer has no survey consent then, then the case is skipped for no_consent', () => {
    surveySpec.given().when(invite('2026-03-05T02:00:00.000Z', { consented: false })).then({ type: 'SurveySkipped', data: { reason: 'no_consent', lastInvitedAt: null } });
  });

  it('given nothing, when the customer was invited within the cooldown, then skipped for cooldown; just after it, invited', () => {
    surveySpec.given().when(invite('2026-03-05T02:00:00.000Z', { lastInvitedAt: '2026-01-01T02:00:00.000Z' })).then({ type: 'SurveySkipped', data: { reason: 'cooldown', lastInvitedAt: '2026-01-01T02:00:00.000Z' } });
    surveySpec.given().when(invite('2026-04-01T02:00:00.000Z', { lastInvitedAt: '2026-01-01T02:00:00.000Z' })).then({ type: 'SurveyInvited' });
  });

  it('given nothing, when a relationship invitation finds no consent, then nothing is recorded (the sample passes over)', () => {
    surveySpec.given().when(invite('2026-03-05T02:00:00.000Z', { consented: false, invitation: { ...invitation, kind: 'relationship', caseId: null, sampleId: 'Q-1', channel: null } })).thenNothing();
  });
});

describe('answering an invitation', () => {
  it('given an invitation, when answered well, then the scores and encrypted-to-be texts are recorded, no follow-up', () => {
    surveySpec
      .given(invited())
      .when(respond('2026-03-06T02:00:00.000Z', { csat: 5, ces: 6, attitude: 90, speed: 80, comment: ' quick and kind ' }))
      .then({ type: 'SurveyAnswered', data: { invitationId, customerId, kind: 'transactional', tier: 'gold', channel: 'phone', invitedAt: '2026-03-05T02:00:00.000Z', answeredAt: '2026-03-06T02:00:00.000Z', csat: 5, nps: null, ces: 6, dimensions: { attitude: 90, speed: 80 }, npsWhy: null, comment: 'quick and kind' } });
  });

  it('given an invitation, when answered poorly (CSAT 2, CES 3), then a follow-up opens for the owner by the plan’s deadline', () => {
    surveySpec
      .given(invited())
      .when(respond('2026-03-06T02:00:00.000Z', { csat: 2, ces: 3 }))
      .then({ type: 'SurveyAnswered', data: { csat: 2, ces: 3 } }, { type: 'FollowUpOpened', data: { followUpId: invitationId, caseId: 'K-1', reasons: ['csat', 'ces'], openedAt: '2026-03-06T02:00:00.000Z', ...plan } });
  });

  it('given an invitation, when CSAT 3 and CES 4 (neither poor), then no follow-up', () => {
    expect(surveySpec.given(invited()).when(respond('2026-03-06T02:00:00.000Z', { csat: 3, ces: 4 })).then({ type: 'SurveyAnswered' })).toHaveLength(1);
  });

  it('given an answered invitation, when answered again, then refused: already_answered', () => {
    const answered = surveySpec.given(invited()).when(respond('2026-03-06T02:00:00.000Z', { csat: 4 })).then({ type: 'SurveyAnswered' });
    surveySpec.given(invited(), ...answered).when(respond('2026-03-07T02:00:00.000Z', { csat: 5 })).thenThrows(refusedWith('already_answered'));
  });

  it('given an invitation, when answered at or after its expiry, then refused: survey_expired', () => {
    surveySpec.given(invited()).when(respond('2026-04-02T02:00:00.000Z', { csat: 4 })).thenThrows(refusedWith('survey_expired'));
  });

  it('given an invitation, when a score is out of its scale or the question unknown, then refused, each field named', () => {
    surveySpec.given(invited()).when(respond('2026-03-06T02:00:00.000Z', { csat: 6, ces: 0, attitude: 101 })).thenThrows((error) => {
      refusedWith('out_of_range')(error);
      expect((error as SurveyError).issues.map(({ path }) => path)).toEqual(['answers.csat', 'answers.ces', 'answers.attitude']);
    });
    surveySpec.given(invited()).when(respond('2026-03-06T02:00:00.000Z', { nps: 9 })).thenThrows(refusedWith('unknown_question', 'unknown_question'));
    surveySpec.given(invited()).when(respond('2026-03-06T02:00:00.000Z', { csat: 4.5 })).thenThrows(refusedWith('wrong_answer_kind'));
    surveySpec.given(invited()).when(respond('2026-03-06T02:00:00.000Z', {})).thenThrows(refusedWith('no_answers'));
  });

  it('given no invitation, or a skipped case, when answered, then refused: invitation_not_found', () => {
    surveySpec.given().when(respond('2026-03-06T02:00:00.000Z', { csat: 4 })).thenThrows(refusedWith('invitation_not_found'));
  });
});

describe('a follow-up', () => {
  const opened = surveySpec.given(invited()).when(respond('2026-03-06T02:00:00.000Z', { csat: 1 })).then({ type: 'SurveyAnswered' }, { type: 'FollowUpOpened' });
  const history = [invited(), ...opened];

  it('given one open, when its timer fires before the deadline, then nothing; at it, overdue once', () => {
    surveySpec.given(...history).when({ kind: 'markFollowUpOverdue', now: '2026-03-06T02:14:59.000Z' }).thenNothing();
    const overdue = surveySpec.given(...history).when({ kind: 'markFollowUpOverdue', now: plan.dueAt }).then({ type: 'FollowUpOverdue', data: { followUpId: invitationId, dueAt: plan.dueAt, owner: plan.owner } });
    surveySpec.given(...history, ...overdue).when({ kind: 'markFollowUpOverdue', now: '2026-03-07T00:00:00.000Z' }).thenNothing();
  });

  it('given one open, when done in time, then done (not late), and its timer then records nothing; done twice is refused', () => {
    const done = surveySpec.given(...history).when({ kind: 'completeFollowUp', now: '2026-03-06T02:10:00.000Z', by: 'key-agent-7' }).then({ type: 'FollowUpDone', data: { late: false, by: 'key-agent-7' } });
    surveySpec.given(...history, ...done).when({ kind: 'markFollowUpOverdue', now: plan.dueAt }).thenNothing();
    surveySpec.given(...history, ...done).when({ kind: 'completeFollowUp', now: '2026-03-06T02:11:00.000Z', by: 'key-agent-7' }).thenThrows(refusedWith('follow_up_already_done'));
  });

  it('given one overdue, when done, then done late', () => {
    surveySpec.given(...history, { type: 'FollowUpOverdue', data: { invitationId, customerId, followUpId: invitationId, dueAt: plan.dueAt, owner: plan.owner } }).when({ kind: 'completeFollowUp', now: '2026-03-07T02:00:00.000Z', by: 'key-agent-7' }).then({ type: 'FollowUpDone', data: { late: true } });
  });

  it('given an answer with no follow-up, when done, then refused: follow_up_not_found', () => {
    const answered = surveySpec.given(invited()).when(respond('2026-03-06T02:00:00.000Z', { csat: 5 })).then({ type: 'SurveyAnswered' });
    surveySpec.given(invited(), ...answered).when({ kind: 'completeFollowUp', now: '2026-03-06T03:00:00.000Z', by: 'key-agent-7' }).thenThrows(refusedWith('follow_up_not_found'));
  });
});

describe('an invitation expiring (its timer fires at expiresAt)', () => {
  const expired: SurveyEvent = { type: 'SurveyExpired', data: { invitationId, customerId, kind: 'transactional', invitedAt: '2026-03-05T02:00:00.000Z', expiredAt: '2026-04-02T02:00:00.000Z' } };

  it('given an unanswered invitation, when its timer fires at expiresAt, then it expires, naming when it was invited and when it expired', () => {
    surveySpec.given(invited()).when({ kind: 'expire', now: '2026-04-02T02:00:00.000Z' }).then(expired);
  });

  it('given an unanswered invitation, when the timer fires before expiresAt, then nothing', () => {
    surveySpec.given(invited()).when({ kind: 'expire', now: '2026-04-02T01:59:59.999Z' }).thenNothing();
  });

  it('given an answered invitation, when its timer fires, then nothing', () => {
    const answered = surveySpec.given(invited()).when(respond('2026-03-06T02:00:00.000Z', { csat: 4 })).then({ type: 'SurveyAnswered' });
    surveySpec.given(invited(), ...answered).when({ kind: 'expire', now: '2026-04-02T02:00:00.000Z' }).thenNothing();
  });

  it('given an expired invitation, when the timer fires again, then nothing; when answered, then refused: survey_expired', () => {
    surveySpec.given(invited(), expired).when({ kind: 'expire', now: '2026-04-03T02:00:00.000Z' }).thenNothing();
    surveySpec.given(invited(), expired).when(respond('2026-04-02T02:00:00.000Z', { csat: 4 })).thenThrows(refusedWith('survey_expired'));
  });

  it('given no invitation or a skipped case, when a timer fires, then nothing', () => {
    surveySpec.given().when({ kind: 'expire', now: '2026-04-02T02:00:00.000Z' }).thenNothing();
    surveySpec.given({ type: 'SurveySkipped', data: { invitationId, customerId, caseId: 'K-1', reason: 'no_consent', lastInvitedAt: null, decidedAt: '2026-03-05T02:00:00.000Z' } }).when({ kind: 'expire', now: '2026-04-02T02:00:00.000Z' }).thenNothing();
  });
});
