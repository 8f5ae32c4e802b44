import { decodeRecordedEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { caseEvents, recordedOn } from '../service-levels/test-support/case-events.js';
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
});
