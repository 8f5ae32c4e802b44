import type { CaseChannel, CasePriority, CaseStatus, CaseType, SlaMetric } from '@ctp/contracts';
import type { TraceEvent } from '../metrics/drill.js';

/** One per case (`_id` the case id): its dimensions and what the first-contact figure needs. No personal data. */
export interface CaseFact {
  readonly _id: string;
  readonly customerId: string;
  readonly type: CaseType;
  readonly channel: CaseChannel;
  /** The latest priority. */
  readonly priority: CasePriority;
  readonly tierAtStart: string | null;
  /** The tier after the latest CaseTierChanged (the tier at start until then). */
  readonly tier: string | null;
  /** The last team the case was assigned to (an agent assignment keeps it); null if never given to a team. */
  readonly team: string | null;
  readonly status: CaseStatus | 'merged';
  readonly openedAt: Date;
  /** Absent until the first agent reply (read as `?? null`: `$min` needs the field absent, not null). */
  readonly firstReplyAt?: Date;
  readonly lastCustomerMessageAt?: Date;
  readonly replies: number;
  readonly customerMessages: number;
  /** The first resolution; absent until then. */
  readonly resolvedAt?: Date;
  readonly reopened: number;
  readonly mergedInto?: string;
  readonly trace: readonly TraceEvent[];
}

/** What the SLA said of a clock: a verdict (met, breached) or none yet (running). A retraction takes a breach back. */
export type ClockVerdict = 'running' | 'met' | 'breached';

/** One per clock cycle (`_id` `<caseId>:<metric>:<cycle>`). */
export interface ClockFact {
  readonly _id: string;
  readonly caseId: string;
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly startedAt: Date;
  /** The current deadline; null while paused. */
  readonly deadline: Date | null;
  readonly targetMs: number;
  readonly paused: boolean;
  readonly outcome: ClockVerdict;
  /** Time the clock counted (business time on a business target), set when it stopped. */
  readonly elapsedMs: number | null;
  readonly stoppedAt: Date | null;
  /** Why a SlaClockStopped stopped it (a late answer, or the case closed or merged); null for SlaMet. */
  readonly stopReason: 'replied' | 'resolved' | 'closed' | 'merged' | null;
  readonly trace: readonly TraceEvent[];
}

export const clockIdOf = (caseId: string, metric: string, cycle: number) => `${caseId}:${metric}:${cycle}`;
