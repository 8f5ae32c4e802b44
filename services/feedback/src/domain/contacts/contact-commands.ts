import type { ContactOutcome, contactChannels, LifecycleStage, StageContactReason } from '@ctp/contracts';
import type { Entitlements } from './cadence-plan.js';

export type ContactChannel = (typeof contactChannels)[number];

export interface TierInForce {
  readonly tier: string;
  readonly tierPolicy: { readonly policyId: string; readonly policyVersion: number };
  readonly entitlements: Entitlements;
}

export interface WinBackCause {
  readonly eventId: string;
  readonly position: string;
  readonly crossing: number;
}

/** The LifecycleStageChanged a stage contact answers. */
export interface CareOwed {
  readonly lifecycle: LifecycleCause;
  readonly withinWorkingDays: number;
  readonly now: string;
}

export interface LifecycleCause {
  readonly eventId: string;
  readonly position: string;
  readonly stage: LifecycleStage;
}

/** Everything the decider needs is in the command: it reads no clock and no store. */
export type ContactCommand =
  /** The tier in force changed at `at` (null: withdrawn): the plan from `at` on follows it. */
  /**
   * The tier in force changed at `at`; `careOwed`: the customer's latest lifecycle change (to mature) asked
   * for a care call that only a tier with a dedicated manager gets, so an upgrade to such a tier plans it.
   */
  | { readonly kind: 'follow_tier'; readonly customerId: string; readonly tier: TierInForce | null; readonly careOwed?: CareOwed; readonly at: string; readonly timeZone: string }
  /** A new version of a tier policy, effective at `at`: a plan on an older version whose tier's entitlements changed re-plans from `at`. */
  | { readonly kind: 'follow_policy'; readonly tierPolicy: { readonly policyId: string; readonly policyVersion: number }; readonly entitlements: Readonly<Record<string, Entitlements>>; readonly at: string; readonly timeZone: string }
  /** The cadence year ending at `yearEnd` is over: plan the next one with the entitlements in force now. */
  | { readonly kind: 'renew'; readonly yearEnd: string; readonly tier: TierInForce; readonly timeZone: string }
  /** A complaint, or a poor survey answer (its case when it had one). */
  | { readonly kind: 'dissatisfied'; readonly customerId: string; readonly trigger: 'complaint' | 'poor_survey_answer'; readonly caseId: string | null; readonly at: string; readonly timeZone: string }
  /** Analytics' daily churn scan asked for a win-back contact (`WinBackRequested`): its event id, position and the customer's crossing count. */
  | { readonly kind: 'win_back'; readonly customerId: string; readonly tier: string | null; readonly winBack: WinBackCause; readonly at: string; readonly timeZone: string }
  /**
   * A lifecycle stage's contact (welcome, care, win-back on lapsing), due in `withinWorkingDays`; a care call only for a tier
   * with a dedicated manager when `dedicatedManagerOnly`; none when it would be due before `now` (a history imported late).
   */
  | { readonly kind: 'stage_contact'; readonly customerId: string; readonly reason: StageContactReason; readonly lifecycle: LifecycleCause; readonly withinWorkingDays: number; readonly dedicatedManagerOnly: boolean; readonly at: string; readonly now: string; readonly timeZone: string }
  | { readonly kind: 'assign_owner'; readonly customerId: string; readonly team: string | null; readonly accountManager: string | null; readonly at: string; readonly by: string }
  | { readonly kind: 'record_outcome'; readonly obligationId: string; readonly outcome: ContactOutcome; readonly channel: ContactChannel; readonly note: string | null; readonly at: string; readonly by: string }
  | { readonly kind: 'fire'; readonly step: ContactTimerStep; readonly obligationId: string; readonly now: string }
  | { readonly kind: 'end'; readonly at: string };

/** The obligation timers: falling due, turning overdue (escalation to the account manager), escalation to the team lead. */
export type ContactTimerStep = 'due' | 'overdue' | 'team_lead';
