import { decodeRecordedEvent, type DomainEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { caseEvents, recordedOn } from '../service-levels/test-support/case-events.js';
import { tierEvents } from '../tiers/test-support/tier-events.js';
import { customerStateAsOf } from './customer-state.js';

const t = (minute: number) => new Date(Date.UTC(2026, 2, 3, 2, minute)).toISOString();

describe('a customer’s state folded from its events', () => {
  it('follows each SLA clock through pause, resume, reschedule, breach, retraction, met and stop', () => {
    const k = caseEvents('K-1');
    const steps = [
      k.opened(t(0)), k.clockStarted('first_response', 1, t(0), t(15)), k.clockStarted('resolution', 1, t(0), t(600)),
      k.breached('first_response', 1, t(15), t(15)), k.retracted('first_response', t(16), 'answered_in_time', t(15)), k.met('first_response', 1, t(16), t(15), 1),
      k.paused('resolution', t(20), 5), k.resumed('resolution', t(30), 'open', 5, t(610)), k.rescheduled('resolution', t(31), t(620), 60),
      k.clockStarted('next_response', 1, t(40), t(55)), k.stopped('next_response', 1, t(45), 'replied', 5),
    ];
    const events = recordedOn('case-K-1', steps.map((event, index) => ({ event, at: t(index) })), 1).map(decodeRecordedEvent);
    const { openCases } = customerStateAsOf('C-1', events);
    expect(openCases[0]!.clocks.map(({ metric, state, deadline }) => [metric, state, deadline])).toEqual([
      ['first_response', 'met', t(15)], ['resolution', 'running', t(620)], ['next_response', 'stopped', t(55)],
    ]);
  });

  it('drops a merged-away case and a closed one from the open cases', () => {
    const merged = recordedOn('case-K-2', [{ event: caseEvents('K-2').opened(t(0)), at: t(0) }, { event: caseEvents('K-2').merged('K-1', t(1)), at: t(1) }], 1);
    const closed = recordedOn('case-K-3', [{ event: caseEvents('K-3').opened(t(0)), at: t(0) }, { event: caseEvents('K-3').status('resolved', 'closed', t(2)), at: t(2) }], 3);
    expect(customerStateAsOf('C-1', [...merged, ...closed].map(decodeRecordedEvent)).openCases).toEqual([]);
  });

  it('folds a survivor with an id merged into it: its own tier, the latest consent of either id, the cases of both', () => {
    const consent = (customerId: string, granted: boolean): DomainEvent =>
      granted ? { type: 'ConsentGranted', data: { customerId, purpose: 'survey', evidence: { method: 'app', reference: 'r', noticeVersion: '1' } } } : { type: 'ConsentWithdrawn', data: { customerId, purpose: 'survey', via: 'online' } };
    const events = [
      ...recordedOn('customer-C-A', [{ event: consent('C-A', true), at: t(0) }], 1),
      ...recordedOn('customer-C-S', [{ event: consent('C-S', false), at: t(5) }], 2),
      ...recordedOn('tier-C-S', [{ event: tierEvents('C-S').assigned('gold'), at: t(6) }], 3),
      ...recordedOn('tier-C-A', [{ event: tierEvents('C-A').withdrawn('silver', 'merged'), at: t(7) }], 4),
      ...recordedOn('case-K-A', [{ event: caseEvents('K-A', { customerId: 'C-A' }).opened(t(8)), at: t(8) }], 5),
      ...recordedOn('customer-C-A', [{ event: consent('C-A', true), at: t(9) }], 6),
    ].map(decodeRecordedEvent);
    const state = customerStateAsOf('C-S', events);
    expect(state.tier).toMatchObject({ tier: 'gold' });
    expect(state.consent.survey).toMatchObject({ granted: true, at: t(9) });
    expect(state.openCases.map(({ caseId }) => caseId)).toEqual(['K-A']);
    expect(customerStateAsOf('C-S', events.slice(0, 5)).consent.survey).toMatchObject({ granted: false });
  });
});
