import { drillLink, eventsLink } from '../metrics/drill.js';
import type { TierMovement } from '../tiers/tier-history.js';

/** The tier in force now (the last movement's `to`; null when none or withdrawn) and every movement that changed it. */
export function tierSection(customerId: string, movements: readonly TierMovement[]) {
  const last = movements.at(-1);
  return {
    current: last?.to ?? null,
    since: last?.to ? last.at.toISOString() : null,
    history: movements.map(({ id, at, from, to, direction, rule, trace }) => ({ id, at: at.toISOString(), from, to, direction, rule, events: eventsLink(trace) })),
    drill: drillLink('/v1/analytics/tiers/movements', { customerId }),
  };
}
