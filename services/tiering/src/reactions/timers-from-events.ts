import { categoryOf, decoderFor, type RecordedEvent } from '@ctp/contracts';
import { scheduleOverrideExpiry, scheduleRollout } from '../timers.js';
import type { TieringDeps } from '../tiering-deps.js';

const tierEvent = decoderFor('tier');
const policyEvent = decoderFor('tierPolicy');

/**
 * Timers scheduled from the events that call for them, so a crash after an append never loses one:
 * an override's expiry, and a published policy version's rollout. Version 1, the bootstrap policy,
 * has no rollout: no customer was tiered before it. Scheduling is idempotent, so a replay of these
 * topics from their start schedules nothing that was scheduled (or fired) before.
 */
export async function scheduleTimersFrom(deps: TieringDeps, raw: RecordedEvent): Promise<void> {
  const category = categoryOf(raw.streamId);
  if (category === 'tier') {
    const event = tierEvent(raw);
    if (event.type === 'TierOverridden') await scheduleOverrideExpiry(deps, event.data);
  }
  if (category === 'tierPolicy') {
    const event = policyEvent(raw);
    if (event.type === 'TierPolicyVersionPublished' && event.data.policyId === deps.policyId && event.data.policyVersion > 1) await scheduleRollout(deps, event.data, event.occurredAt);
  }
}
