import type { CaseChannel, CaseEvent, CasePriority, CaseStatus, CaseType, EventData, SlaMetric } from '@ctp/contracts';
import { evolveClocks, type ClockCycle } from './clock-state.js';

export interface OpenedCase {
  readonly caseId: string;
  readonly customerId: string;
  readonly channel: CaseChannel;
  readonly type: CaseType;
  readonly priority: CasePriority;
  readonly tier: string | null;
  readonly openedAt: number;
  readonly externalId: string | null;
  readonly status: CaseStatus;
  /** When the case entered its status, and who put it there (the opener for `open`). */
  readonly statusSince: string;
  readonly statusBy: string;
  readonly mergedInto: string | null;
  readonly escalationLevel: number;
  readonly assignee: EventData<'CaseReassigned'>['to'] | null;
  /** The routing decision at opening (null: a case opened before routing, or a what-if replay). */
  readonly routing: Pick<EventData<'CaseRouted'>, 'rule' | 'to' | 'lane'> | null;
  readonly slaPolicy: { readonly policyId: string; readonly policyVersion: number; readonly rule: string };
  /** Every clock cycle of the case, oldest first. */
  readonly clocks: readonly ClockCycle[];
}

export type CaseState = OpenedCase | null;

export const initialCaseState = (): CaseState => null;

export const instant = (text: string) => Date.parse(text);

function evolveCase(state: OpenedCase, event: CaseEvent): OpenedCase {
  switch (event.type) {
    case 'CaseStatusChanged':
      return { ...state, status: event.data.to, statusSince: event.data.changedAt, statusBy: event.data.by };
    case 'CasePriorityChanged':
      return { ...state, priority: event.data.to };
    case 'CaseTierChanged':
      return { ...state, tier: event.data.to };
    case 'CaseMerged':
      return { ...state, mergedInto: event.data.into };
    case 'CaseEscalated':
      return { ...state, escalationLevel: Math.max(state.escalationLevel, event.data.level) };
    case 'CaseReassigned':
      return { ...state, assignee: event.data.to };
    case 'CaseRouted':
      return { ...state, assignee: event.data.to, routing: { rule: event.data.rule, to: event.data.to, lane: event.data.lane } };
    case 'SlaDeadlineRescheduled':
      return { ...state, slaPolicy: event.data.slaPolicy };
    default:
      return state;
  }
}

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseOpened') {
    const data = event.data;
    return {
      caseId: data.caseId,
      customerId: data.customerId,
      channel: data.channel,
      type: data.type,
      priority: data.priority,
      tier: data.tierAtStart?.tier ?? null,
      openedAt: instant(data.openedAt),
      externalId: data.source?.externalId ?? null,
      status: 'open',
      statusSince: data.openedAt,
      statusBy: data.openedBy,
      mergedInto: null,
      escalationLevel: 0,
      assignee: null,
      routing: null,
      slaPolicy: data.slaPolicy,
      clocks: [],
    };
  }
  if (state === null) return state;
  return { ...evolveCase(state, event), clocks: evolveClocks(state.clocks, event) };
}

/** The latest cycle of a metric, if it ever started. */
export function currentClock(state: OpenedCase, metric: SlaMetric): ClockCycle | undefined {
  return state.clocks.findLast((clock) => clock.metric === metric);
}
