import type { ComplaintFactDocument } from '../complaints/complaint-fact-projection.js';
import type { ComplaintFact } from '../complaints/complaint-facts.js';
import { eventsLink } from '../metrics/drill.js';

export type ComplaintCycleState = 'open' | 'resolved' | 'closed';

/** Where a complaint's cycle stands: closed once closed, else resolved once first resolved, else open. */
export const cycleStateOf = (fact: ComplaintFact): ComplaintCycleState => (fact.closedAt !== null ? 'closed' : fact.resolvedAt !== null ? 'resolved' : 'open');

const instant = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The customer's complaints: causes, repeat flags (with the earlier case), cycle state and working-day cycle time. */
export function complaintSection(facts: readonly { fact: ComplaintFact; document: ComplaintFactDocument }[], cycleDaysOf: (fact: ComplaintFact) => number | null) {
  const items = [...facts]
    .sort((a, b) => a.fact.openedAt - b.fact.openedAt || (a.fact.caseId < b.fact.caseId ? -1 : 1))
    .map(({ fact, document }) => ({
      caseId: fact.caseId,
      channel: fact.channel,
      causes: fact.causes,
      repeat: fact.repeat,
      repeatOf: (document.repeats ?? []).map(({ cause, earlierCaseId }) => ({ cause, earlierCaseId })),
      state: cycleStateOf(fact),
      openedAt: instant(fact.openedAt),
      resolvedAt: instant(fact.resolvedAt),
      closedAt: instant(fact.closedAt),
      cycleDays: cycleDaysOf(fact),
      events: eventsLink(fact.trace),
    }));
  return { count: items.length, open: items.filter(({ state }) => state === 'open').length, repeats: items.filter(({ repeat }) => repeat).length, items };
}
