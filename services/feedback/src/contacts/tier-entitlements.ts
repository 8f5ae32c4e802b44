import { decoderFor, entitledTier, evolveTierStanding, noTierStanding, streamIdFor, type EntitledTier, type EventData, type RecordedEvent, type TierStanding } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { TierInForce } from '../domain/contacts/contact-commands.js';

const tierEvent = decoderFor('tier');
const policyEvent = decoderFor('tierPolicy');
type PolicyVersion = EventData<'TierPolicyVersionPublished'>;

async function policyVersions(history: EventStore, policyId: string): Promise<PolicyVersion[]> {
  return (await history.readStream(streamIdFor('tierPolicy', policyId))).map(policyEvent).flatMap((event) => (event.type === 'TierPolicyVersionPublished' ? [event.data] : []));
}

/** The cadence's part of the entitlements (contracts' `entitledTier` reads them, the one source). */
function cadenceOf(entitled: EntitledTier | null): TierInForce | null {
  if (!entitled) return null;
  const { callbacksPerYear, onSiteVisitsPerYear, dedicatedManager } = entitled.entitlements;
  return { tier: entitled.tier, tierPolicy: entitled.tierPolicy, entitlements: { callbacksPerYear, onSiteVisitsPerYear, dedicatedManager } };
}

async function withEntitlements(history: EventStore, standing: TierStanding, latestAt?: string): Promise<TierInForce | null> {
  if (!standing.policy) return null;
  return cadenceOf(entitledTier(await policyVersions(history, standing.policy.tierPolicyId), standing, latestAt));
}

/** The tier in force once these tier events happened (an override's while it lasts), with its entitlements; null: none or withdrawn. */
export async function tierAfter(history: EventStore, tierEvents: readonly RecordedEvent[]): Promise<TierInForce | null> {
  return withEntitlements(history, tierEvents.map(tierEvent).reduce(evolveTierStanding, noTierStanding));
}

/** The tier in force at `at`, with the entitlements of the latest policy version effective then. */
export async function tierInForceAt(history: EventStore, customerId: string, at: string): Promise<TierInForce | null> {
  const events = (await history.readStream(streamIdFor('tier', customerId))).filter((event) => Date.parse(event.occurredAt) <= Date.parse(at));
  return withEntitlements(history, events.map(tierEvent).reduce(evolveTierStanding, noTierStanding), at);
}
