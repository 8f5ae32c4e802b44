import type { EventData } from '../index.js';
import { tierInForce, type TierStanding } from './standing.js';

/** What a tier is owed: the tier policy's service section (`TierPolicyVersionPublished` `tiers[].service`), the one source. */
export type ServiceEntitlements = EventData<'TierPolicyVersionPublished'>['tiers'][number]['service'];

type PolicyVersion = Pick<EventData<'TierPolicyVersionPublished'>, 'policyId' | 'policyVersion' | 'effectiveFrom' | 'tiers'>;

/** The tier in force, whether an override set it, the policy version whose service section applies, and that section. */
export interface EntitledTier {
  readonly tier: string;
  readonly overridden: boolean;
  readonly tierPolicy: { readonly policyId: string; readonly policyVersion: number };
  readonly entitlements: ServiceEntitlements;
}

/** A tier's service section in one policy version, or null when the version has no such tier. */
export function serviceOf(version: Pick<PolicyVersion, 'tiers'>, tier: string): ServiceEntitlements | null {
  return version.tiers.find((entry) => entry.tier === tier)?.service ?? null;
}

/**
 * The tier in force (an override's while it lasts) with its entitlements: of the policy version the tier
 * decision named, or, with `latestAt`, of the latest version effective then that still has the tier.
 * Null: never tiered, withdrawn, or the version is unknown. `versions` are one policy's, oldest first.
 */
export function entitledTier(versions: readonly PolicyVersion[], standing: TierStanding, latestAt?: string): EntitledTier | null {
  const inForce = tierInForce(standing);
  if (!inForce) return null;
  const sameTier = (version: PolicyVersion) => version.policyId === inForce.tierPolicyId && serviceOf(version, inForce.tier) !== null;
  const newest = latestAt ? versions.filter((version) => sameTier(version) && Date.parse(version.effectiveFrom) <= Date.parse(latestAt)).at(-1) : undefined;
  const version = newest ?? versions.find((candidate) => candidate.policyId === inForce.tierPolicyId && candidate.policyVersion === inForce.tierPolicyVersion);
  const entitlements = version ? serviceOf(version, inForce.tier) : null;
  if (!version || !entitlements) return null;
  return { tier: inForce.tier, overridden: standing.override !== null && !standing.withdrawn, tierPolicy: { policyId: version.policyId, policyVersion: version.policyVersion }, entitlements };
}
