import { describe, expect, it } from 'vitest';
import type { ComplaintFact } from '../complaints/complaint-facts.js';
import type { CaseFact, ClockFact } from '../service-levels/facts.js';
import { caseSection } from './case-section.js';
import { cycleStateOf } from './complaint-section.js';
import { eventsLinks, positionsPerLink } from './events-links.js';

const caseFact = (id: string, openedAt: string): CaseFact => ({
  _id: id, customerId: 'C-1', type: 'complaint', channel: 'phone', priority: 'normal', tierAtStart: 'gold', tier: 'gold', team: null, status: 'open',
  openedAt: new Date(openedAt), replies: 0, customerMessages: 0, reopened: 0, trace: [{ position: '1', type: 'CaseOpened' }],
});
const clock = (caseId: string, metric: ClockFact['metric'], outcome: ClockFact['outcome']): ClockFact => ({
  _id: `${caseId}:${metric}:1`, caseId, metric, cycle: 1, startedAt: new Date(0), deadline: null, targetMs: 1, paused: false, outcome, elapsedMs: null, stoppedAt: null, stopReason: null, trace: [{ position: '2', type: 'SlaClockStarted' }],
});

describe('the 360 sections', () => {
  it('cases in opening order, each with its clocks; met, breached and running count clock cycles', () => {
    const section = caseSection([caseFact('K-2', '2026-03-02T00:00:00Z'), caseFact('K-1', '2026-03-01T00:00:00Z')], [clock('K-1', 'resolution', 'breached'), clock('K-1', 'first_response', 'met'), clock('K-2', 'first_response', 'running')]);
    expect(section).toMatchObject({ count: 2, clocks: 3, met: 1, breached: 1, running: 1 });
    expect(section.items.map(({ caseId, clocks }) => [caseId, clocks.map(({ metric, outcome }) => `${metric}:${outcome}`)])).toEqual([
      ['K-1', ['first_response:met', 'resolution:breached']],
      ['K-2', ['first_response:running']],
    ]);
  });

  it('a complaint is closed once closed, else resolved once first resolved, else open', () => {
    const fact = (resolvedAt: number | null, closedAt: number | null) => ({ resolvedAt, closedAt }) as ComplaintFact;
    expect([fact(null, null), fact(1, null), fact(1, 2), fact(null, 2)].map(cycleStateOf)).toEqual(['open', 'resolved', 'closed', 'closed']);
  });

  it('splits a long trace into links of at most 100 positions, in position order, each position once', () => {
    const trace = Array.from({ length: 205 }, (_, index) => ({ position: String(205 - index), type: 'PurchaseRecorded' }));
    const links = eventsLinks([...trace, { position: '7', type: 'PurchaseRecorded' }]);
    expect(links).toHaveLength(3);
    const positions = links.map((link) => new URL(link, 'http://x').searchParams.get('positions')!.split(','));
    expect(positions.map((each) => each.length)).toEqual([positionsPerLink, positionsPerLink, 5]);
    expect(positions.flat()).toEqual(Array.from({ length: 205 }, (_, index) => String(index + 1)));
  });
});
