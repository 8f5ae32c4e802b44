import { categoryOf, type RecordedEvent } from '@ctp/contracts';
import { followTierPolicies } from '../policies/follow-tier-policy.js';
import { reactToCalendars } from './calendar-reaction.js';
import { reactToCases } from './case-reaction.js';
import type { ClockDeps } from './clock-deps.js';
import { reactToTiers } from './tier-reaction.js';

/** The topics the clock reactor reads: cases (index, timers), tiers and calendars (moving deadlines), tier policies (the tier rules' targets). */
export const clockReactorCategories = ['case', 'tier', 'calendar', 'tierPolicy'] as const;

const reactions = { case: reactToCases, tier: reactToTiers, calendar: reactToCalendars, tierPolicy: (deps: ClockDeps, events: readonly RecordedEvent[]) => followTierPolicies(deps, events) } as const;

/**
 * One partition's batch, per category: cases first, so a case opened in the same batch as a tier or
 * calendar event is in the index when they are handled.
 */
export async function reactToClockEvents(deps: ClockDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  for (const category of clockReactorCategories) {
    const ofCategory = events.filter((event) => categoryOf(event.streamId) === category);
    if (ofCategory.length > 0) await reactions[category](deps, ofCategory, heartbeat);
  }
}
