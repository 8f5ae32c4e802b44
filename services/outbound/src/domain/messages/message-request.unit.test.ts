import type { RecordedEventOf } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { messageRequestFor } from './message-request.js';

const envelope = { id: '7d3e1c2b-9a8f-4e6d-b5c4-a3b2c1d0e9f8', schemaVersion: 1, revision: 0, globalPosition: '9', occurredAt: '2026-03-04T02:00:00.000Z', recordedAt: '2026-03-04T02:00:00.000Z', correlationId: 'c', causationId: null, actor: { kind: 'service', id: 't' }, traceparent: null } as const;
const invited = { ...envelope, type: 'SurveyInvited', streamId: 'survey-I-1', data: { invitationId: 'I-1', customerId: 'C-1', kind: 'transactional', caseId: 'K-1', sampleId: null, template: { templateId: 'csat', version: 1 }, tier: null, channel: 'phone', invitedAt: '2026-03-04T02:00:00.000Z', expiresAt: '2026-03-11T02:00:00.000Z' } } as RecordedEventOf<'survey'>;
const staged = (contact: unknown) => ({ ...envelope, type: 'LifecycleStageChanged', streamId: 'lifecycle-C-1', data: { customerId: 'C-1', from: null, to: 'new', rule: 'registered', fact: { kind: 'time', timerId: 't', at: envelope.occurredAt }, detail: 'registered', rules: { rulesId: 'default', rulesVersion: 1 }, contact, changedAt: envelope.occurredAt } }) as RecordedEventOf<'lifecycle'>;

describe('what asks for a customer message', () => {
  it('a survey invitation asks for one under survey consent, its id derived from the event', () => {
    const request = messageRequestFor(invited)!;
    expect(request).toMatchObject({ customerId: 'C-1', kind: 'survey_invitation', purpose: 'survey', cause: { type: 'SurveyInvited', eventId: envelope.id }, survey: { invitationId: 'I-1', expiresAt: '2026-03-11T02:00:00.000Z' } });
    expect(messageRequestFor(invited)!.messageId).toBe(request.messageId);
  });

  it('a stage change with a contact plan asks for that stage communication under marketing consent; one without asks for nothing', () => {
    expect(messageRequestFor(staged({ reason: 'win_back', withinWorkingDays: 5, dedicatedManagerOnly: false }))).toMatchObject({ kind: 'win_back', purpose: 'marketing', survey: null });
    expect(messageRequestFor(staged(null))).toBeNull();
  });
});
