import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { slaActor } from '../cases/case-stream.js';
import { withTierRules } from '../domain/default-sla-policy.js';
import type { SlaDeps } from '../sla-deps.js';
import { TIER_POLICY_ID } from './ensure-sla-policy.js';
import { loadSlaPolicy, publishSlaPolicy } from './sla-policy-stream.js';

const tierPolicyEvent = decoderFor('tierPolicy');

/**
 * A new tier policy version: the SLA policy's `tier-<tier>` targets follow its entitlements (priority
 * response hours, the account manager on the ladder) in a new SLA policy version, so the numbers keep one
 * source. A version that changes none of them (a redelivery, the bootstrap's own) publishes nothing; a
 * concurrent publisher makes the append conflict and the event is handled again.
 */
export async function followTierPolicies(deps: Pick<SlaDeps, 'store' | 'policyId'>, events: readonly RecordedEvent[]): Promise<void> {
  for (const raw of events) {
    const event = tierPolicyEvent(raw);
    if (event.data.policyId !== TIER_POLICY_ID) continue;
    const current = await loadSlaPolicy(deps.store, deps.policyId);
    const next = current && withTierRules(current, event.data.tiers);
    if (next) await publishSlaPolicy(deps.store, next, { actor: slaActor, correlationId: event.correlationId, occurredAt: new Date(event.occurredAt) });
  }
}
