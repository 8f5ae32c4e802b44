import { eventsLink } from '../metrics/drill.js';
import type { CaseFact, ClockFact } from '../service-levels/facts.js';

/** The customer's cases, each with its clocks' verdicts; `met`/`breached`/`running` count clock cycles. */
export function caseSection(cases: readonly CaseFact[], clocks: readonly ClockFact[]) {
  const clocksOf = new Map<string, ClockFact[]>();
  for (const clock of clocks) clocksOf.set(clock.caseId, [...(clocksOf.get(clock.caseId) ?? []), clock]);
  const items = [...cases]
    .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || (a._id < b._id ? -1 : 1))
    .map((fact) => ({
      caseId: fact._id,
      type: fact.type,
      channel: fact.channel,
      status: fact.status,
      openedAt: fact.openedAt.toISOString(),
      resolvedAt: fact.resolvedAt?.toISOString() ?? null,
      clocks: (clocksOf.get(fact._id) ?? [])
        .sort((a, b) => (a._id < b._id ? -1 : 1))
        .map((clock) => ({ metric: clock.metric, cycle: clock.cycle, outcome: clock.outcome, deadline: clock.deadline?.toISOString() ?? null, targetMs: clock.targetMs, elapsedMs: clock.elapsedMs, events: eventsLink(clock.trace) })),
      events: eventsLink(fact.trace),
    }));
  const outcomes = items.flatMap(({ clocks: caseClocks }) => caseClocks.map(({ outcome }) => outcome));
  const count = (outcome: string) => outcomes.filter((each) => each === outcome).length;
  return { count: items.length, clocks: outcomes.length, met: count('met'), breached: count('breached'), running: count('running'), items };
}
