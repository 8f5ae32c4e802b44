/** When an unfulfilled contact turns overdue and escalates, and how soon a dissatisfied customer is visited. */
export interface CadenceRules {
  /** Days after the due instant an unfulfilled obligation is overdue and escalates to the account manager. */
  readonly overdueAfterDays: number;
  /** Days after it turned overdue that it escalates again, to the team lead. */
  readonly teamLeadAfterDays: number;
  /** Days from a complaint to the dissatisfaction visit's due instant. */
  readonly dissatisfactionVisitWithinDays: number;
  /** Working days (business calendar) from a win-back request to its callback's due instant, per tier ... */
  readonly winBackWithinWorkingDays: Readonly<Record<string, number>>;
  /** ... for a tier not listed there ... */
  readonly winBackOtherTierWorkingDays: number;
  /** ... and for a customer without a tier. */
  readonly winBackNoTierWorkingDays: number;
}

export const defaultCadenceRules: CadenceRules = {
  overdueAfterDays: 14,
  teamLeadAfterDays: 7,
  dissatisfactionVisitWithinDays: 30,
  winBackWithinWorkingDays: { key: 2 },
  winBackOtherTierWorkingDays: 5,
  winBackNoTierWorkingDays: 10,
};

export function winBackWorkingDays(rules: CadenceRules, tier: string | null): number {
  if (tier === null) return rules.winBackNoTierWorkingDays;
  return rules.winBackWithinWorkingDays[tier] ?? rules.winBackOtherTierWorkingDays;
}
