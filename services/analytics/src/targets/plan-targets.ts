import type { EventStore } from '@ctp/event-store';
import { monthIn, nextMonth, previousMonth, type Month } from '../metrics/period.js';
import { StaleTargetVersion, type TargetDocument } from './target-decider.js';
import { loadTargetVersions, publishTarget } from './target-stream.js';

type PlanTarget = Omit<TargetDocument, 'baseline' | 'deadline' | 'scope' | 'owner'> & { readonly baselineValue?: number };

/**
 * The programme's targets (domain.md section 6), each under a fixed id. Where the plans state a
 * baseline it is kept; where they state a relative change the baseline is measured over its period.
 */
export const planTargets: Readonly<Record<string, PlanTarget>> = {
  'plan-csat': { metric: 'csat', baselineValue: 0.78, targetValue: 0.85, direction: 'increase', description: 'Satisfaction 78 % -> 85 % in 12 months (CSAT, share of 4-5 answers)' },
  'plan-complaint-rate': { metric: 'complaint_rate', targetChange: -0.2, direction: 'decrease', description: 'Complaint rate -20 % (complaints / active customers)' },
  'plan-complaint-cycle': { metric: 'complaint_cycle_days', baselineValue: 7, targetValue: 3, direction: 'decrease', description: 'Complaint cycle 7 -> 3 working days' },
  'plan-retention': { metric: 'retention', targetChange: 0.05, direction: 'increase', description: 'Retention +5 % a year (relative to the baseline rate)' },
  'plan-repeat-purchase': { metric: 'repeat_purchase', targetChange: 0.15, direction: 'increase', description: 'Repeat purchase +15 % (relative to the baseline rate, 12-month window)' },
  'plan-average-wait': { metric: 'average_wait_minutes', targetValue: 15, direction: 'decrease', description: 'Average wait under 15 minutes (first response)' },
};

const analyticsActor = { kind: 'service', id: 'analytics' } as const;

/** The 12 full months before `now`'s month, and a deadline 12 months after them (the last day of the 12th month). */
export function planPeriod(now: Date, timeZone: string): { from: Month; to: Month; deadline: string } {
  const to = previousMonth(monthIn(now.getTime(), timeZone));
  let from = to;
  let last = to;
  for (let step = 0; step < 11; step += 1) from = previousMonth(from);
  for (let step = 0; step < 12; step += 1) last = nextMonth(last);
  const [year, month] = nextMonth(last).split('-').map(Number) as [number, number];
  const deadline = new Date(Date.UTC(year, month - 1, 1) - 86_400_000).toISOString().slice(0, 10);
  return { from, to, deadline };
}

export function planTargetDocument({ baselineValue, ...plan }: PlanTarget, now: Date, timeZone: string): TargetDocument {
  const { from, to, deadline } = planPeriod(now, timeZone);
  return { ...plan, scope: {}, baseline: { ...(baselineValue === undefined ? {} : { value: baselineValue }), from, to }, deadline, owner: 'service-quality' };
}

/** Publishes version 1 of each plan target whose stream is empty; run at every start (another process winning the race is fine). */
export async function ensurePlanTargets({ events, timeZone, clock }: { events: EventStore; timeZone: string; clock: () => Date }): Promise<string[]> {
  const published: string[] = [];
  for (const [targetId, plan] of Object.entries(planTargets)) {
    if ((await loadTargetVersions(events, targetId)).length > 0) continue;
    const now = clock();
    try {
      await publishTarget(events, { kind: 'publish', targetId, expectedVersion: 0, target: planTargetDocument(plan, now, timeZone) }, { actor: analyticsActor, correlationId: 'plan-targets', occurredAt: now });
      published.push(targetId);
    } catch (error) {
      if (!(error instanceof StaleTargetVersion)) throw error;
    }
  }
  return published;
}
