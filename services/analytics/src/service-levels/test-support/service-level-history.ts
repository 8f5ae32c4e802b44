import type { DomainEvent } from '@ctp/contracts';
import { caseEvents } from './case-events.js';

export interface TimedCaseEvent {
  readonly caseId: string;
  readonly event: DomainEvent;
  readonly at: string;
}

/** A small deterministic generator (mulberry32), so a failing history can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { chance: (p: number) => next() < p, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

const minute = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `cases` cases over January to April 2026 (business time Asia/Shanghai, some opened at a month's edge), each in two
 * rounds: the opening and its clocks, then the rest (priority changes, team and agent reassignments, tier changes,
 * first responses met, breached, retracted or stopped, resolutions, reopenings, merges, closes). The second rounds
 * of all cases come after every first round, so a case's dimensions move after its month documents hold it.
 */
export function serviceLevelHistory(cases: number, seed = 21): { readonly opened: TimedCaseEvent[]; readonly later: TimedCaseEvent[] } {
  const { chance, pick } = random(seed);
  const opened: TimedCaseEvent[] = [];
  const later: TimedCaseEvent[][] = [];
  for (let index = 1; index <= cases; index += 1) {
    const caseId = `K-${String(index).padStart(3, '0')}`;
    const month = pick([0, 1, 2, 3]);
    // 16:30 UTC on the last day of a month is 00:30 of the next in Shanghai: the month is the business one.
    const start = chance(0.15) ? Date.UTC(2026, month + 1, 0, 16, 30) : Date.UTC(2026, month, 1 + pick([0, 3, 9, 14, 20, 26]), pick([1, 3, 8]), pick([0, 15, 40]));
    const k = caseEvents(caseId, {
      customerId: `C-${pick([1, 2, 3, 4, 5, 6])}`, channel: pick(['phone', 'email', 'online'] as const), type: pick(['complaint', 'inquiry', 'request'] as const),
      priority: pick(['low', 'normal', 'high'] as const), tier: pick(['gold', 'silver', 'key_account', null]),
    });
    const at = (minutes: number) => iso(start + minutes * minute);
    const own = (event: DomainEvent, minutes: number) => ({ caseId, event, at: at(minutes) });
    opened.push(own(k.opened(at(0)), 0), own(k.clockStarted('first_response', 1, at(0), at(15)), 0), own(k.clockStarted('resolution', 1, at(0), at(3 * 24 * 60), 97_200_000), 0));
    const steps: TimedCaseEvent[] = [];
    if (chance(0.5)) steps.push(own(k.priority('normal', pick(['urgent', 'high', 'low'] as const), at(2)), 2));
    if (chance(0.3)) steps.push(own(k.priority('high', pick(['normal', 'low'] as const), at(3)), 3));
    if (chance(0.6)) steps.push(own(k.reassigned({ kind: 'team', id: pick(['T-1', 'T-2', 'T-3']) }, at(4)), 4));
    if (chance(0.4)) steps.push(own(k.reassigned({ kind: 'agent', id: 'A-1' }, at(5)), 5));
    if (chance(0.3)) steps.push(own(k.reassigned({ kind: 'team', id: pick(['T-1', 'T-4']) }, at(6)), 6));
    if (chance(0.3)) steps.push(own(k.tierChanged('gold', pick(['silver', 'key_account']), at(7)), 7));
    if (chance(0.15)) {
      steps.push(own(k.merged(`K-${String(1 + ((index + 1) % cases)).padStart(3, '0')}`, at(8)), 8), own(k.stopped('first_response', 1, at(8), 'merged', 8 * minute), 8), own(k.stopped('resolution', 1, at(8), 'merged', 8 * minute), 8));
      later.push(steps);
      continue;
    }
    const firstResponse = pick(['met', 'breached', 'retractedInTime', 'retractedMoved', 'closed'] as const);
    if (firstResponse === 'met') steps.push(own(k.replied(at(10)), 10), own(k.met('first_response', 1, at(10), at(15), 10 * minute), 10));
    if (firstResponse === 'breached' || firstResponse.startsWith('retracted')) steps.push(own(k.breached('first_response', 1, at(15), at(15)), 15));
    if (firstResponse === 'breached') steps.push(own(k.replied(at(20 + index)), 20), own(k.stopped('first_response', 1, at(20 + index), 'replied', (20 + index) * minute), 20));
    if (firstResponse === 'retractedInTime') steps.push(own(k.retracted('first_response', at(16), 'answered_in_time', at(15)), 16), own(k.replied(at(16)), 16));
    if (firstResponse === 'retractedMoved') steps.push(own(k.retracted('first_response', at(16), 'priority_changed', at(60)), 16));
    if (firstResponse === 'closed') {
      steps.push(own(k.status('open', 'closed', at(12)), 12), own(k.stopped('first_response', 1, at(12), 'closed', 12 * minute), 12), own(k.stopped('resolution', 1, at(12), 'closed', 12 * minute), 12));
      later.push(steps);
      continue;
    }
    if (chance(0.3)) steps.push(own(k.customerWrote(at(30)), 30));
    if (chance(0.2)) steps.push(own(k.replied(at(40)), 40));
    const resolvedAfter = pick([60, 600, 5 * 24 * 60, 20 * 24 * 60, -1]);
    if (resolvedAfter > 0) {
      const met = resolvedAfter < 3 * 24 * 60;
      if (!met) steps.push(own(k.breached('resolution', 1, at(3 * 24 * 60), at(3 * 24 * 60)), 3 * 24 * 60));
      steps.push(own(k.status('open', 'resolved', at(resolvedAfter)), resolvedAfter));
      steps.push(own(met ? k.met('resolution', 1, at(resolvedAfter), at(3 * 24 * 60), resolvedAfter * minute) : k.stopped('resolution', 1, at(resolvedAfter), 'resolved', resolvedAfter * minute), resolvedAfter));
      if (met && chance(0.3)) {
        steps.push(own(k.status('resolved', 'reopened', at(resolvedAfter + 60)), resolvedAfter + 60), own(k.resumed('resolution', at(resolvedAfter + 60), 'reopened', resolvedAfter * minute, at(3 * 24 * 60 + 60)), resolvedAfter + 60));
        if (chance(0.5)) steps.push(own(k.status('reopened', 'resolved', at(resolvedAfter + 120)), resolvedAfter + 120), own(k.met('resolution', 1, at(resolvedAfter + 120), at(3 * 24 * 60 + 60), (resolvedAfter + 60) * minute), resolvedAfter + 120));
      }
    }
    later.push(steps);
  }
  return { opened, later: interleaved(later) };
}

/** The cases' later steps, one from each case in turn, so a batch holds several cases' events. */
function interleaved(streams: readonly TimedCaseEvent[][]): TimedCaseEvent[] {
  const merged: TimedCaseEvent[] = [];
  for (let round = 0; merged.length < streams.reduce((sum, steps) => sum + steps.length, 0); round += 1) for (const steps of streams) if (steps[round]) merged.push(steps[round]!);
  return merged;
}
