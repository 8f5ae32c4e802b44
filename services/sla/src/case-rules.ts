import { loadCalendarTimelines } from './calendars/calendar-stream.js';
import type { CaseRules } from './domain/decide-case.js';
import type { SlaPolicy } from './domain/sla-policy.js';
import { loadSlaPolicy } from './policies/sla-policy-stream.js';
import type { SlaDeps } from './sla-deps.js';

const calendarIdsOf = (policy: SlaPolicy) => policy.rules.flatMap(({ targets }) => Object.values(targets).map(({ calendarId }) => calendarId));

/**
 * The rules a case counts on: the SLA policy version it recorded (the latest for a new case) and the
 * timelines of every calendar that version names. Null when that policy version was never published.
 */
export async function loadCaseRules(deps: Pick<SlaDeps, 'store'>, policyId: string, version?: number): Promise<CaseRules | null> {
  const policy = await loadSlaPolicy(deps.store, policyId, version);
  if (!policy) return null;
  return { policy, calendars: await loadCalendarTimelines(deps.store, calendarIdsOf(policy)) };
}
