import { slaMetrics, type RecordedEventOf, type SlaMetric } from '@ctp/contracts';
import type { CaseDocument, QueueClock } from '../queue/case-projection.js';
import { nextDeadlineOf } from '../queue/queue-order.js';
import { matchesQueue } from './queue-match.js';

/** What the queue's lists need of a case: the fields of its `cases` document that filter and order it and its line answers. */
export type QueueCase = Pick<CaseDocument, '_id' | 'customerId' | 'status' | 'tier' | 'channel' | 'type' | 'priority' | 'escalationLevel' | 'assignee' | 'mergedInto' | 'openedAt' | 'clocks' | 'updatedAt'> & {
  readonly lastEvent: Pick<CaseDocument['lastEvent'], 'position'>;
};

type CaseEvent = RecordedEventOf<'case'>;
const date = (text: string | null) => (text === null ? null : new Date(text));

function evolveClock(clock: QueueClock | undefined, event: CaseEvent): QueueClock | undefined {
  switch (event.type) {
    case 'SlaClockStarted':
      return { cycle: event.data.cycle, phase: 'running', warned: false, breached: false, deadline: date(event.data.deadline), due: date(event.data.deadline) };
    case 'SlaClockPaused':
      return clock && { ...clock, phase: 'paused', deadline: null, due: null };
    case 'SlaClockResumed':
      return clock && { ...clock, phase: 'running', deadline: date(event.data.deadline), due: date(event.data.deadline) };
    case 'SlaDeadlineRescheduled':
      return clock && { ...clock, deadline: date(event.data.deadline), due: date(event.data.deadline) };
    case 'SlaWarningRaised':
      return clock && { ...clock, warned: true };
    case 'SlaBreached':
      return clock && { ...clock, breached: true };
    case 'SlaBreachRetracted':
      return clock && { ...clock, breached: false };
    case 'SlaMet':
      return clock && { ...clock, phase: 'met', due: null };
    case 'SlaClockStopped':
      return clock && { ...clock, phase: 'stopped', due: null };
    default:
      return clock;
  }
}

/** The case after `event`, as the `cases` projection keeps it (case-projection.ts); null before it opened. */
export function evolveQueueCase(state: QueueCase | null, event: CaseEvent): QueueCase | null {
  const changed = changeOf(state, event);
  return changed && { ...changed, updatedAt: new Date(event.occurredAt), lastEvent: { position: event.globalPosition } };
}

function changeOf(state: QueueCase | null, event: CaseEvent): Omit<QueueCase, 'updatedAt' | 'lastEvent'> | null {
  if (event.type === 'CaseOpened') {
    const { caseId, customerId, channel, type, priority, openedAt, tierAtStart } = event.data;
    const escalationLevel = state?.escalationLevel ?? 0;
    return { clocks: state?.clocks, _id: caseId, customerId, channel, type, priority, status: 'open', tier: tierAtStart?.tier ?? null, openedAt: new Date(openedAt), mergedInto: null, assignee: null, escalationLevel };
  }
  if (state === null) return null;
  switch (event.type) {
    case 'CaseStatusChanged':
      return { ...state, status: event.data.to };
    case 'CasePriorityChanged':
      return { ...state, priority: event.data.to };
    case 'CaseTierChanged':
      return { ...state, tier: event.data.to };
    case 'CaseReassigned':
    case 'CaseRouted':
      return { ...state, assignee: event.data.to };
    case 'CaseEscalated':
      return { ...state, escalationLevel: Math.max(state.escalationLevel, event.data.level) };
    case 'CaseMerged':
      return { ...state, mergedInto: event.data.into };
    default: {
      const metric = (event.data as { metric?: SlaMetric }).metric;
      if (metric === undefined || !slaMetrics.includes(metric)) return state;
      const clock = evolveClock(state.clocks?.[metric], event);
      return clock ? { ...state, clocks: { ...state.clocks, [metric]: clock } } : state;
    }
  }
}

/** Where a case stands in one list: `key` sorts as the queue orders (by next deadline, none last, then opening, then id). */
export interface ListEntry {
  readonly list: string;
  readonly key: string;
}

const padded = (ms: number) => String(ms).padStart(15, '0');
const views = ['open', 'at_risk', 'breached'] as const;

/**
 * The list of a scope (`all`, `agent:<id>`, `team:<id>`, `status:<status>`, `tier:<tier>`, `channel:<channel>`,
 * `type:<type>`) and view (none for every case). A customer's few cases are read from `caseScopes`.
 */
export const listName = (scope: string, view?: string) => (view ? `${scope}|${view}` : scope);

/** The lists the case is in, with its sort key in each: cases with a clock running first, by deadline, then the others by opening. */
export function entriesOf(state: QueueCase): ListEntry[] {
  const due = nextDeadlineOf(state);
  const opened = state.openedAt.getTime();
  const key = due === null ? `1:${padded(opened)}:${state._id}` : `0:${padded(due.getTime())}:${padded(opened)}:${state._id}`;
  const filters = [`status:${state.status}`, `channel:${state.channel}`, `type:${state.type}`, ...(state.tier ? [`tier:${state.tier}`] : [])];
  const scopes = ['all', ...filters, ...(state.assignee ? [`${state.assignee.kind}:${state.assignee.id}`] : [])];
  const inViews = [undefined, ...views.filter((view) => matchesQueue(state, { view }))];
  return scopes.flatMap((scope) => inViews.map((view) => ({ list: listName(scope, view), key })));
}
