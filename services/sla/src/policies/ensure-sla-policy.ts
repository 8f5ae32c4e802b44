import { decoderFor, streamIdFor } from '@ctp/contracts';
import { WrongExpectedRevisionError } from '@ctp/event-store';
import { ensureDefaultCalendar } from '../calendars/ensure-default-calendar.js';
import { slaActor } from '../cases/case-stream.js';
import { defaultSlaPolicy, type TierEntitlement } from '../domain/default-sla-policy.js';
import type { SlaDeps } from '../sla-deps.js';
import { loadSlaPolicyVersions, publishSlaPolicy } from './sla-policy-stream.js';

/** The tier policy whose entitlements feed the default SLA policy (tiering's POLICY_ID default). */
export const TIER_POLICY_ID = 'default';

/** Tiering has not published a tier policy yet: the kit retries the bootstrap (retriable) until it has. */
export class TierPolicyNotYetPublished extends Error {
  readonly retriable = true;
  constructor() {
    super(`waiting for tiering to publish tier policy ${TIER_POLICY_ID} (its service entitlements feed the default SLA policy)`);
    this.name = 'TierPolicyNotYetPublished';
  }
}

const tierPolicyEvent = decoderFor('tierPolicy');

/** The tiers' service entitlements of the latest tier policy version, or null when none is published. */
export async function latestTierEntitlements(deps: Pick<SlaDeps, 'store'>): Promise<TierEntitlement[] | null> {
  const events = await deps.store.readStream(streamIdFor('tierPolicy', TIER_POLICY_ID));
  const latest = events.at(-1);
  if (!latest) return null;
  return tierPolicyEvent(latest).data.tiers.map(({ tier, service }) => ({ tier, service: { dedicatedManager: service.dedicatedManager, priorityResponseHours: service.priorityResponseHours } }));
}

/**
 * Publishes the SLA policy's version 1 when none is: the defaults (docs/sla.md) with the latest tier
 * policy's entitlements. Another sla process publishing it first is fine.
 */
export async function ensureSlaPolicy(deps: Pick<SlaDeps, 'store' | 'clock' | 'policyId'>): Promise<boolean> {
  if ((await loadSlaPolicyVersions(deps.store, deps.policyId)).length > 0) return false;
  const entitlements = await latestTierEntitlements(deps);
  if (!entitlements) throw new TierPolicyNotYetPublished();
  try {
    await publishSlaPolicy(deps.store, { ...defaultSlaPolicy(entitlements), id: deps.policyId }, { actor: slaActor, correlationId: 'bootstrap', occurredAt: deps.clock() });
    return true;
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return false;
    throw error;
  }
}

/** The start-up part: the default calendar first (the default policy counts on it), then the policy. */
export async function ensureSlaDefaults(deps: Pick<SlaDeps, 'store' | 'clock' | 'policyId'>, logger: { info(object: object, message: string): void }): Promise<void> {
  if (await ensureDefaultCalendar(deps)) logger.info({ calendarId: 'default' }, 'published the default calendar (version 1)');
  if (await ensureSlaPolicy(deps)) logger.info({ policyId: deps.policyId }, 'published the default SLA policy (version 1)');
}
