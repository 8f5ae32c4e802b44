import { describe, expect, it } from 'vitest';
import type { InvitationDocument } from '../satisfaction/invitation-projection.js';
import type { ClockFact } from '../service-levels/facts.js';
import { assembleSignals, isPoorAnswer } from './churn-signal-assembly.js';

const at = (day: string) => new Date(`${day}T00:00:00Z`);
const trace = (position: string) => [{ position, type: 'test' }];
const clock = (id: string, caseId: string, outcome: ClockFact['outcome'], deadline: string): ClockFact => ({
  _id: id, caseId, metric: 'resolution' as ClockFact['metric'], cycle: 1, startedAt: at('2025-01-01'), deadline: at(deadline), targetMs: 1, paused: false, outcome, elapsedMs: null, stoppedAt: null, stopReason: null, trace: trace(id),
});
const invitation = (id: string, customerId: string, fields: Partial<InvitationDocument>): InvitationDocument => ({
  _id: id, status: 'answered', customerId, kind: 'transactional', tier: null, channel: null, caseId: null, sampleId: null, invitedAt: at('2025-05-01'), answeredAt: at('2025-05-02'), csat: null, nps: null, ces: null, dimensions: {}, trace: trace(id), ...fields,
});

describe('assembling the signals from the read models', () => {
  it('a poor answer is CSAT 1-2 or NPS 0-6', () => {
    expect([isPoorAnswer({ csat: 2, nps: null }), isPoorAnswer({ csat: 3, nps: 7 }), isPoorAnswer({ csat: null, nps: 6 }), isPoorAnswer({ csat: 5, nps: 9 })]).toEqual([true, false, true, false]);
  });

  it('gives a survivor the purchases, refunds and service facts of its merge group; only breached clocks, poor or expired surveys count', () => {
    const [survivor, ...others] = assembleSignals({
      customers: [
        { _id: 'A', purchases: [{ orderId: 'o2', at: at('2025-03-01'), amount: '5.00', position: '2' }], mergedFrom: ['F'], trace: [] },
        { _id: 'F', purchases: [{ orderId: 'o1', at: at('2025-01-01'), amount: '7.00', position: '1' }], refunds: [{ orderId: 'o1', at: at('2025-01-09'), position: '3' }], mergedInto: 'A', trace: [] },
      ],
      cases: [{ _id: 'K1', customerId: 'F' }, { _id: 'K2', customerId: 'A' }],
      breachedClocks: [clock('K1:resolution:1', 'K1', 'breached', '2025-04-01'), clock('K2:resolution:1', 'K2', 'met', '2025-04-02')],
      complaints: [{ _id: 'K2', customerId: 'A', openedAt: at('2025-04-03'), trace: trace('c') }, { _id: 'K9', trace: [] }],
      invitations: [
        invitation('S1', 'A', { csat: 1 }), invitation('S2', 'F', { nps: 9, csat: 5 }),
        invitation('S3', 'F', { status: 'expired', answeredAt: null, expiredAt: at('2025-06-01') }), invitation('S4', 'A', { status: 'invited', answeredAt: null }),
      ],
      contacts: [
        { _id: 'F:1', customerId: 'F', dueAt: at('2025-07-01'), fulfilledAt: at('2025-07-03'), trace: trace('k1') },
        { _id: 'A:1', customerId: 'A', dueAt: at('2025-06-15'), trace: trace('k2') },
        { _id: 'A:2', customerId: 'A', dueAt: at('2025-08-01'), cancelledAt: at('2025-05-01'), fulfilledAt: at('2025-07-20'), trace: trace('k3') },
        { _id: 'A:3', trace: [] },
      ],
    });
    expect(others).toEqual([]);
    expect(survivor!.customerId).toBe('A');
    expect(survivor!.purchases.map(({ orderId, refundedAt, currency }) => [orderId, refundedAt, currency])).toEqual([['o1', at('2025-01-09').getTime(), 'unstated'], ['o2', null, 'unstated']]);
    expect(survivor!.purchases[0]!.trace).toEqual([{ position: '1', type: 'PurchaseRecorded' }, { position: '3', type: 'PurchaseRefunded' }]);
    expect(survivor!.breaches.map(({ id, at: when }) => [id, when])).toEqual([['K1:resolution:1', at('2025-04-01').getTime()]]);
    expect(survivor!.complaints.map(({ id }) => id)).toEqual(['K2']);
    expect(survivor!.poorSurveys.map(({ id, at: when }) => [id, when])).toEqual([['S1', at('2025-05-02').getTime()], ['S3', at('2025-06-01').getTime()]]);
    // contact obligations of the group at their due instant, closed at the earlier of fulfilment and cancellation
    expect(survivor!.contacts.map(({ id, at: when, closedAt }) => [id, when, closedAt])).toEqual([
      ['A:1', at('2025-06-15').getTime(), null],
      ['F:1', at('2025-07-01').getTime(), at('2025-07-03').getTime()],
      ['A:2', at('2025-08-01').getTime(), at('2025-05-01').getTime()],
    ]);
  });
});
