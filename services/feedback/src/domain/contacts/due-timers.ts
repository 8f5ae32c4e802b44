import type { CadenceRules } from './cadence-rules.js';
import type { ContactTimerStep } from './contact-commands.js';
import type { ContactState } from './contact-state.js';

export type DueContactTimer =
  | { readonly step: ContactTimerStep; readonly obligationId: string; readonly at: string }
  | { readonly step: 'renewal'; readonly yearTo: string; readonly at: string };

const dayMs = 86_400_000;
const plusDays = (instant: string, days: number) => new Date(Date.parse(instant) + days * dayMs).toISOString();

/**
 * The timers a plan needs now: each obligation's next step (falling due even when fulfilled early, so it
 * is counted as due), and the end of the cadence year. Scheduling one again is a no-op.
 */
export function dueContactTimers(state: ContactState, rules: CadenceRules): DueContactTimer[] {
  if (state.ended) return [];
  const timers: DueContactTimer[] = [];
  for (const obligation of Object.values(state.obligations)) {
    const { obligationId } = obligation;
    if (obligation.cancelled) continue;
    if (!obligation.fellDue) timers.push({ step: 'due', obligationId, at: obligation.dueAt });
    else if (obligation.fulfilled) continue;
    else if (!obligation.overdueAt) timers.push({ step: 'overdue', obligationId, at: plusDays(obligation.dueAt, rules.overdueAfterDays) });
    else if (obligation.escalationLevel < 2) timers.push({ step: 'team_lead', obligationId, at: plusDays(obligation.overdueAt, rules.teamLeadAfterDays) });
  }
  if (state.year && state.tier) timers.push({ step: 'renewal', yearTo: state.year.to, at: state.year.to });
  return timers;
}
