import { decoderFor, evolveTierStanding, noTierStanding, streamIdFor, tierInForce, type EventData, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { TierInForce } from '../domain/contacts/contact-commands.js';

const tierEvent = decoderFor('tier');
const policyEvent = decoderFor('tierPolicy');
type PolicyVersion = EventData<'TierPolicyVersionPublished'>;

async function policyVersions(history: EventStore, policyId: string): Promise<PolicyVersion[]> {
  return (await history.readStream(streamIdFor('tierPolicy', policyId))).map(policyEvent).flatMap((event) => (event.type === 'TierPolicyVersionPublished' ? [event.data] : []));
}

/**
 * The tier and its entitlements: of the policy version the tier decision named, or, with `latestAt`, of
 * the latest version effective then that still has the tier (a cadence year renewed under a newer policy).
 */
async function withEntitlements(history: EventStore, standing: { tier: string; tierPolicyId: string; tierPolicyVersion: number }, latestAt?: string): Promise<TierInForce | null> {
  const versions = await policyVersions(history, standing.tierPolicyId);
  const newest = latestAt ? versions.filter((version) => Date.parse(version.effectiveFrom) <= Date.parse(latestAt) && version.tiers.some(({ tier }) => tier === standing.tier)).at(-1) : undefined;
  const version = newest ?? versions.find(({ policyVersion }) => policyVersion === standing.tierPolicyVersion);
  const service = version?.tiers.find(({ tier }) => tier === standing.tier)?.service;
  if (!version || !service) return null;
  const { callbacksPerYear, onSiteVisitsPerYear, dedicatedManager } = service;
  return { tier: standing.tier, tierPolicy: { policyId: version.policyId, policyVersion: version.policyVersion }, entitlements: { callbacksPerYear, onSiteVisitsPerYear, dedicatedManager } };
}

/** The tier in force once these tier events happened (an override's while it lasts), with its entitlements; null: none or withdrawn. */
export async function tierAfter(history: EventStore, tierEvents: readonly RecordedEvent[]): Promise<TierInForce | null> {
  const standing = tierInForce(tierEvents.map(tierEvent).reduce(evolveTierStanding, noTierStanding));
  return standing ? withEntitlements(history, standing) : null;
}

/** The tier in force at `at`, with the entitlements of the latest policy version effective then. */
export async function tierInForceAt(history: EventStore, customerId: string, at: string): Promise<TierInForce | null> {
  const events = (await history.readStream(streamIdFor('tier', customerId))).filter((event) => Date.parse(event.occurredAt) <= Date.parse(at));
  const standing = tierInForce(events.map(tierEvent).reduce(evolveTierStanding, noTierStanding));
  return standing ? withEntitlements(history, standing, at) : null;
}
