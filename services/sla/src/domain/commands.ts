import type { CaseChannel, CasePriority, CaseStatus, CaseType, EventData } from '@ctp/contracts';
import type { CalendarTimelines } from './clock.js';
import type { CaseRouting } from './route-case.js';
import type { SlaPolicy } from './sla-policy.js';

type Opened = EventData<'CaseOpened'>;

export interface OpenCase {
  readonly kind: 'open_case';
  readonly caseId: string;
  readonly customerId: string;
  /** Whether intake knows the customer (the caller asks it). */
  readonly customerKnown: boolean;
  readonly channel: CaseChannel;
  readonly type: CaseType;
  readonly priority: CasePriority;
  readonly subject: string;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly source: Opened['source'];
  readonly tierAtStart: Opened['tierAtStart'];
  readonly policy: SlaPolicy;
  readonly calendars: CalendarTimelines;
  /** Where the case goes (`routeCase`), recorded as CaseRouted right after CaseOpened; absent: not routed (what-if replays). */
  readonly routing?: CaseRouting;
}

interface OnCase<K extends string> {
  readonly kind: K;
  readonly at: string;
  readonly by: string;
}

export type CaseCommand =
  | OpenCase
  | (OnCase<'reply'> & { readonly body: string })
  | (Omit<OnCase<'customer_wrote'>, 'by'> & { readonly body: string })
  | (OnCase<'add_note'> & { readonly body: string })
  | (OnCase<'change_status'> & { readonly to: CaseStatus; readonly reason: string })
  | (OnCase<'change_priority'> & { readonly to: CasePriority; readonly reason: string })
  | (Omit<OnCase<'change_tier'>, 'by'> & { readonly to: string; readonly tierPolicyId: string; readonly tierPolicyVersion: number })
  | (OnCase<'reassign'> & { readonly to: EventData<'CaseReassigned'>['to'] })
  | (OnCase<'escalate'> & { readonly level: number; readonly to: EventData<'CaseEscalated'>['to'] })
  | (OnCase<'merge'> & { readonly into: string });
