import type { EventData } from '@ctp/contracts';

export type LifecycleRulesVersion = EventData<'LifecycleRulesVersionPublished'>;
export type LifecycleRulesDocument = Omit<LifecycleRulesVersion, 'rulesId' | 'rulesVersion'>;

/** What a deployment starts with (published once as version 1): the planning documents' rules of thumb. */
export const defaultLifecycleRules: LifecycleRulesDocument = {
  effectiveFrom: '2000-01-01T00:00:00Z',
  newForDays: 90,
  activeAfterPurchases: 2,
  mature: { afterMonths: 12, minPurchases: 3 },
  lapsedAfterDays: 180,
  contacts: { welcome: { withinWorkingDays: 3 }, care: { withinWorkingDays: 10, dedicatedManagerOnly: true }, winBack: { withinWorkingDays: 5 } },
};

/** The version in force at an instant: the latest published one whose effectiveFrom has come. */
export function rulesAt(versions: readonly LifecycleRulesVersion[], at: number): LifecycleRulesVersion | null {
  return versions.filter(({ effectiveFrom }) => Date.parse(effectiveFrom) <= at).at(-1) ?? null;
}
