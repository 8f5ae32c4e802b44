/** When an unfulfilled contact turns overdue and escalates, and how soon a dissatisfied customer is visited. */
export interface CadenceRules {
  /** Days after the due instant an unfulfilled obligation is overdue and escalates to the account manager. */
  readonly overdueAfterDays: number;
  /** Days after it turned overdue that it escalates again, to the team lead. */
  readonly teamLeadAfterDays: number;
  /** Days from a complaint to the dissatisfaction visit's due instant. */
  readonly dissatisfactionVisitWithinDays: number;
}

export const defaultCadenceRules: CadenceRules = { overdueAfterDays: 14, teamLeadAfterDays: 7, dissatisfactionVisitWithinDays: 30 };
