import type { DomainEvent, RecordedEvent } from '@ctp/contracts';
import { calendarPublished } from '../../complaints/test-support/complaint-events.js';
import { customerEvents } from '../../retention/test-support/customer-events.js';
import { caseEvents } from '../../service-levels/test-support/case-events.js';
import { recorded } from '../../test-support/recorded-events.js';
import { tierEvents } from '../../tiers/test-support/tier-events.js';

/** One stream's events, each at its own instant, at positions from `first` (revisions 0, 1, ...). */
export function stream(streamId: string, steps: readonly (readonly [DomainEvent, string])[], first: number): RecordedEvent[] {
  return steps.map(([event, at], revision) => ({ ...recorded(streamId, event, at, first + revision), revision }));
}

const invited = (invitationId: string, customerId: string, caseId: string, invitedAt: string): DomainEvent => ({
  type: 'SurveyInvited',
  data: { invitationId, customerId, kind: 'transactional', caseId, sampleId: null, template: { templateId: 'case-survey', version: 1 }, tier: 'gold', channel: 'phone', invitedAt, expiresAt: '2026-04-30T00:00:00Z' },
});

const complaint = (caseId: string, customerId: string, openedAt: string) => ({
  recorded: (): DomainEvent => ({ type: 'ComplaintRecorded', data: { caseId, customerId, channel: 'phone', tier: 'gold', openedAt } }),
  causes: (causes: string[]): DomainEvent => ({ type: 'ComplaintCausesSet', data: { caseId, customerId, causes, taxonomyVersion: 1, stage: 'resolution', setAt: openedAt, by: 'agent-7' } }),
  repeatOf: (cause: string, earlierCaseId: string): DomainEvent => ({ type: 'RepeatComplaintFlagged', data: { caseId, customerId, cause, earlierCaseId, earlierOpenedAt: '2026-01-05T02:00:00Z', windowDays: 90, flaggedAt: openedAt } }),
});

/**
 * Two customers known to all five areas. C-1: registered (name and email given), three purchases (one
 * in USD), a refund, merged C-9 into it; silver then gold; cases K-1 (first response met, resolution
 * breached, resolved) and K-2 (first response running); surveys V-1 answered and V-2 expired; complaint
 * K-1 (a repeat, resolved after 3 working days) and K-4 (open, no cause). C-2: a bit of each. C-3: one survey invitation.
 */
export function twoCustomers(): RecordedEvent[] {
  const one = customerEvents('C-1');
  const two = customerEvents('C-2');
  const k1 = caseEvents('K-1', { customerId: 'C-1', type: 'complaint', channel: 'phone', tier: 'gold' });
  const k2 = caseEvents('K-2', { customerId: 'C-1', type: 'inquiry', channel: 'email', tier: 'gold' });
  const k3 = caseEvents('K-3', { customerId: 'C-2', type: 'request', channel: 'phone', tier: 'bronze' });
  return [
    ...calendarPublished(1, '2025-01-01T00:00:00+08:00', 1),
    ...stream('customer-C-1', [
      [one.registered('2020-06-01'), '2025-01-10T02:00:00Z'],
      [one.purchased('O-1', '100.00'), '2025-03-01T02:00:00Z'],
      [one.purchased('O-2', '250.50'), '2026-02-01T02:00:00Z'],
      [{ type: 'PurchaseRecorded', data: { customerId: 'C-1', orderId: 'O-3', amount: '20.99', currency: 'USD', channel: 'online' } }, '2026-04-01T02:00:00Z'],
      [one.refunded('O-2'), '2026-02-05T02:00:00Z'],
      [one.merged(['C-9']), '2026-02-10T02:00:00Z'],
      [one.interacted(), '2026-02-11T02:00:00Z'],
    ], 10),
    ...stream('customer-C-2', [[two.registered('2024-01-01'), '2025-06-01T02:00:00Z'], [two.purchased('O-9', '5.00'), '2026-03-01T02:00:00Z']], 20),
    ...stream('tier-C-1', [
      [tierEvents('C-1').assigned('silver'), '2025-02-01T02:00:00Z'],
      [tierEvents('C-1').changed('silver', 'gold', 'upgrade'), '2026-01-15T02:00:00Z'],
      [tierEvents('C-1').warned('gold', 'silver'), '2026-03-01T02:00:00Z'],
    ], 30),
    ...stream('tier-C-2', [[tierEvents('C-2').assigned('bronze'), '2025-07-01T02:00:00Z']], 35),
    // K-1 opens Monday 2026-03-02 09:00 in Shanghai and is resolved Wednesday 18:00: 3 working days of 9 h.
    ...stream('case-K-1', [
      [k1.opened('2026-03-02T01:00:00Z'), '2026-03-02T01:00:00Z'],
      [k1.clockStarted('first_response', 1, '2026-03-02T01:00:00Z', '2026-03-02T01:15:00Z'), '2026-03-02T01:00:00Z'],
      [k1.clockStarted('resolution', 1, '2026-03-02T01:00:00Z', '2026-03-03T01:00:00Z', 86_400_000), '2026-03-02T01:00:00Z'],
      [k1.replied('2026-03-02T01:10:00Z'), '2026-03-02T01:10:00Z'],
      [k1.met('first_response', 1, '2026-03-02T01:10:00Z', '2026-03-02T01:15:00Z', 600_000), '2026-03-02T01:10:00Z'],
      [k1.breached('resolution', 1, '2026-03-03T01:00:00Z', '2026-03-03T01:00:00Z'), '2026-03-03T01:00:00Z'],
      [k1.status('open', 'resolved', '2026-03-04T10:00:00Z'), '2026-03-04T10:00:00Z'],
      [k1.stopped('resolution', 1, '2026-03-04T10:00:00Z', 'resolved', 97_200_000), '2026-03-04T10:00:00Z'],
    ], 40),
    ...stream('case-K-2', [
      [k2.opened('2026-04-10T02:00:00Z'), '2026-04-10T02:00:00Z'],
      [k2.clockStarted('first_response', 1, '2026-04-10T02:00:00Z', '2026-04-10T02:15:00Z'), '2026-04-10T02:00:00Z'],
    ], 50),
    ...stream('case-K-3', [
      [k3.opened('2026-04-12T02:00:00Z'), '2026-04-12T02:00:00Z'],
      [k3.clockStarted('first_response', 1, '2026-04-12T02:00:00Z', '2026-04-12T02:15:00Z'), '2026-04-12T02:00:00Z'],
      [k3.breached('first_response', 1, '2026-04-12T02:15:00Z', '2026-04-12T02:15:00Z'), '2026-04-12T02:15:00Z'],
    ], 55),
    ...stream('survey-V-1', [
      [invited('V-1', 'C-1', 'K-1', '2026-03-04T11:00:00Z'), '2026-03-04T11:00:00Z'],
      [{ type: 'SurveyAnswered', data: { invitationId: 'V-1', customerId: 'C-1', kind: 'transactional', tier: 'gold', channel: 'phone', invitedAt: '2026-03-04T11:00:00Z', answeredAt: '2026-03-05T02:00:00Z', csat: 2, nps: 6, ces: 5, dimensions: { speed: 3 }, npsWhy: 'Wang Fang never called back', comment: 'call me on 138 0000 0000' } }, '2026-03-05T02:00:00Z'],
    ], 60),
    ...stream('survey-V-2', [
      [invited('V-2', 'C-1', 'K-2', '2026-04-11T02:00:00Z'), '2026-04-11T02:00:00Z'],
      [{ type: 'SurveyExpired', data: { invitationId: 'V-2', customerId: 'C-1', kind: 'transactional', invitedAt: '2026-04-11T02:00:00Z', expiredAt: '2026-04-30T00:00:00Z' } }, '2026-04-30T00:00:00Z'],
    ], 65),
    ...stream('survey-V-3', [[invited('V-3', 'C-2', 'K-3', '2026-04-13T02:00:00Z'), '2026-04-13T02:00:00Z']], 70),
    ...stream('complaint-K-1', [
      [complaint('K-1', 'C-1', '2026-03-02T01:00:00Z').recorded(), '2026-03-02T01:00:01Z'],
      [complaint('K-1', 'C-1', '2026-03-02T01:00:00Z').causes(['product_defect', 'process']), '2026-03-04T10:00:00Z'],
      [complaint('K-1', 'C-1', '2026-03-02T01:00:00Z').repeatOf('product_defect', 'K-0'), '2026-03-04T10:00:00Z'],
    ], 80),
    ...stream('complaint-K-4', [[complaint('K-4', 'C-1', '2026-04-20T02:00:00Z').recorded(), '2026-04-20T02:00:00Z']], 85),
    ...stream('complaint-K-5', [[complaint('K-5', 'C-2', '2026-04-21T02:00:00Z').recorded(), '2026-04-21T02:00:00Z']], 90),
    // C-3: known to satisfaction only.
    ...stream('survey-V-7', [[invited('V-7', 'C-3', 'K-7', '2026-04-22T02:00:00Z'), '2026-04-22T02:00:00Z']], 95),
  ];
}
