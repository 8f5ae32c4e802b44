import { createHash } from 'node:crypto';

export interface SampleCandidate {
  readonly customerId: string;
  readonly tier: string | null;
  /** Survey consent now, and no invitation within the cooldown. */
  readonly eligible: boolean;
}

export interface Stratum {
  readonly tier: string | null;
  readonly active: number;
  readonly quota: number;
  readonly invited: number;
  readonly ineligible: number;
}

export interface DrawnSample {
  readonly strata: readonly Stratum[];
  readonly drawn: readonly string[];
}

const rankOf = (seed: string, customerId: string) => createHash('sha256').update(`${seed}\u001f${customerId}`).digest('hex');

/**
 * A stratified, reproducible draw: each tier (no tier is a stratum too) gets ceil(rate x its active
 * customers), so the whole is at least rate x all; within a stratum customers are taken in the order of
 * sha256(seed, customerId), the ineligible passed over (counted) and the next eligible taken instead.
 * The same seed and population always give the same sample.
 */
export function drawSample(population: readonly SampleCandidate[], seed: string, rate: number): DrawnSample {
  const byTier = new Map<string | null, SampleCandidate[]>();
  for (const candidate of population) byTier.set(candidate.tier, [...(byTier.get(candidate.tier) ?? []), candidate]);
  const tiers = [...byTier.keys()].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  const strata: Stratum[] = [];
  const drawn: string[] = [];
  for (const tier of tiers) {
    const members = byTier.get(tier)!;
    const quota = Math.ceil(rate * members.length);
    const ranked = members.map((member) => ({ member, rank: rankOf(seed, member.customerId) })).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
    let ineligible = 0;
    const taken: string[] = [];
    for (const { member } of ranked) {
      if (taken.length === quota) break;
      if (member.eligible) taken.push(member.customerId);
      else ineligible += 1;
    }
    strata.push({ tier, active: members.length, quota, invited: taken.length, ineligible });
    drawn.push(...taken);
  }
  return { strata, drawn };
}
