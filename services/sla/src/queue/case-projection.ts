import { decoderFor, slaMetrics, type RecordedEvent, type RecordedEventOf, type SlaMetric } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type GuardedUpdate, type ProjectionWrite } from '@ctp/projections';
import { scopeWrites } from './case-scopes.js';
import { pauseWrites } from './pause-sums.js';

/**
 * `cases`: one document per case (`_id` the case id) from its stream, for the agents' queue: what it
 * is, where it stands, who has it, and per metric its current cycle (`clocks.<metric>`). No personal
 * data: subjects and bodies stay in the store. Each event's writes depend on that event alone, so a
 * metric keeps `due` (its deadline while running, else null) and the earliest of them is taken at read
 * time (`queue-order.ts`), not kept in the document.
 * `pauses`: time paused per day, agent and status (`pause-sums.ts`).
 * `caseScopes`: the case ids of each customer, agent and team, read by `_id` for their queues (`case-scopes.ts`;
 * new in version 2).
 */
export const caseProjection = defineProjection({
  name: 'sla-cases',
  version: 2,
  categories: ['case'],
  collections: {
    cases: {
      indexes: [
        { key: { status: 1, openedAt: 1 } },
        { key: { openedAt: 1 } },
        { key: { customerId: 1 } },
        { key: { 'assignee.id': 1 } },
        ...slaMetrics.map((metric) => ({ key: { [`clocks.${metric}.due`]: 1 as const, openedAt: 1 as const } })),
      ],
    },
    pauses: { indexes: [{ key: { day: 1 } }] },
    caseScopes: { indexes: [] },
  },
  handle: (events) => events.flatMap(writesFor),
});

export type CaseCollection = 'cases' | 'pauses' | 'caseScopes';
type CaseRecordedEvent = RecordedEventOf<'case'>;
const caseEvent = decoderFor('case');

export type ClockPhase = 'running' | 'paused' | 'met' | 'stopped';

/** `clocks.<metric>` of a `cases` document: the metric's current cycle. */
export interface QueueClock {
  readonly cycle: number;
  readonly phase: ClockPhase;
  readonly warned: boolean;
  readonly breached: boolean;
  /** The deadline; null while paused (it depends on when the clock resumes). */
  readonly deadline: Date | null;
  /** The deadline while the clock runs, else null: what the queue orders by. */
  readonly due: Date | null;
}

export interface CaseDocument {
  readonly _id: string;
  readonly caseId: string;
  readonly customerId: string;
  readonly channel: string;
  readonly type: string;
  readonly priority: string;
  readonly status: string;
  readonly tier: string | null;
  readonly assignee: { readonly kind: 'agent' | 'team'; readonly id: string } | null;
  readonly escalationLevel: number;
  readonly openedAt: Date;
  readonly mergedInto: string | null;
  readonly clocks?: Partial<Record<SlaMetric, QueueClock>>;
  readonly updatedAt: Date;
  readonly lastEvent: { readonly id: string; readonly type: string; readonly position: string };
}

const date = (text: string | null) => (text === null ? null : new Date(text));

function clockChange(event: CaseRecordedEvent): Record<string, unknown> | null {
  const data = event.data as { metric?: SlaMetric; cycle?: number };
  if (data.metric === undefined) return null;
  const path = (field: string) => `clocks.${data.metric}.${field}`;
  const set = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).map(([field, value]) => [path(field), value]));
  switch (event.type) {
    case 'SlaClockStarted':
      return { [`clocks.${data.metric}`]: { cycle: event.data.cycle, phase: 'running', warned: false, breached: false, deadline: date(event.data.deadline), due: date(event.data.deadline) } };
    case 'SlaClockPaused':
      return set({ phase: 'paused', deadline: null, due: null });
    case 'SlaClockResumed':
      return set({ phase: 'running', deadline: date(event.data.deadline), due: date(event.data.deadline) });
    case 'SlaDeadlineRescheduled':
      return set({ deadline: date(event.data.deadline), due: date(event.data.deadline) });
    case 'SlaWarningRaised':
      return set({ warned: true });
    case 'SlaBreached':
      return set({ breached: true });
    case 'SlaBreachRetracted':
      return set({ breached: false });
    case 'SlaMet':
      return set({ phase: 'met', due: null });
    case 'SlaClockStopped':
      return set({ phase: 'stopped', due: null });
    default:
      return null;
  }
}

function caseChange(event: CaseRecordedEvent): GuardedUpdate | null {
  switch (event.type) {
    case 'CaseOpened': {
      const { caseId, customerId, channel, type, priority, openedAt, tierAtStart } = event.data;
      return {
        $set: { caseId, customerId, channel, type, priority, status: 'open', tier: tierAtStart?.tier ?? null, openedAt: new Date(openedAt), mergedInto: null, assignee: null },
        $max: { escalationLevel: 0 },
      };
    }
    case 'CaseStatusChanged':
      return { $set: { status: event.data.to } };
    case 'CasePriorityChanged':
      return { $set: { priority: event.data.to } };
    case 'CaseTierChanged':
      return { $set: { tier: event.data.to } };
    case 'CaseReassigned':
      return { $set: { assignee: event.data.to } };
    case 'CaseRouted':
      return { $set: { assignee: event.data.to, routing: { rule: event.data.rule, lane: event.data.lane } } };
    case 'CaseEscalated':
      return { $max: { escalationLevel: event.data.level } };
    case 'CaseMerged':
      return { $set: { mergedInto: event.data.into } };
    default: {
      const clock = clockChange(event);
      return clock ? { $set: clock } : null;
    }
  }
}

function writesFor(raw: RecordedEvent): ProjectionWrite<CaseCollection>[] {
  const event = caseEvent(raw);
  const caseId = event.streamId.slice('case-'.length);
  const change = caseChange(event);
  const lastEvent = { id: event.id, type: event.type, position: event.globalPosition };
  const updatedAt = new Date(event.occurredAt);
  const writes: ProjectionWrite<CaseCollection>[] = [guardedUpsert('cases', caseId, event.globalPosition, { ...change, $set: { ...change?.$set, updatedAt, lastEvent } })];
  return [...writes, ...pauseWrites(event), ...scopeWrites(event)];
}
