import { caseChannels, type CaseEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import * as sla from '@ctp/sla/clock-bench';
import type { Db } from 'mongodb';
import { until } from '../stats.js';
import { appendStreams, fillReadModel, type StreamEvents } from './reads-fill.js';

export type CaseRules = NonNullable<Awaited<ReturnType<typeof sla.loadCaseRules>>>;
type Command = Parameters<typeof sla.decideCase>[0];

export const caseIdOf = (index: number) => `K-${String(index).padStart(7, '0')}`;
export const agentOf = (index: number) => `agent-${index % 40}`;
/** Cases: one per 5 customers, every 5th customer's. */
export const casesFor = (customers: number) => Math.floor(customers / 5);
const tiers = ['key_account', 'gold', 'silver', 'standard'] as const;
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** The 365 days to 1 December 2026, before the service's clock. */
const yearEnd = Date.UTC(2026, 11, 1);

/** The calendar and SLA policy sla would publish at start, published first so its bootstrap finds them. */
export async function publishSlaDefaults(store: EventStore): Promise<void> {
  const context = { actor: sla.slaActor, correlationId: 'bench-reads', occurredAt: new Date('2024-01-01T00:00:00Z') };
  await sla.publishCalendar(store, sla.defaultCalendarDocument, context);
  await sla.publishSlaPolicy(store, sla.defaultSlaPolicy([{ tier: 'key_account', service: { dedicatedManager: true, priorityResponseHours: 24 } }, { tier: 'gold', service: { dedicatedManager: false, priorityResponseHours: 48 } }]), context);
}

/**
 * Case `index`: opened over the last year (one in four a complaint), assigned to one of 40 agents; 4 in 5
 * answered within 30 minutes; 1 in 10 waited on the customer for a day; cases older than two weeks
 * resolved a day after opening, the rest still open.
 */
export function caseFacts(index: number) {
  const openedAt = yearEnd - ((index * 7_919) % 365) * dayMs - (index % 9) * hourMs;
  return {
    caseId: caseIdOf(index), openedAt, channel: caseChannels[index % 7]!, type: (['complaint', 'inquiry', 'request', 'inquiry'] as const)[Math.floor(index / 3) % 4]!,
    tier: tiers[index % 4]!, agent: agentOf(index), resolvedAt: openedAt < yearEnd - 14 * dayMs ? openedAt + dayMs + hourMs : null,
  };
}

/** Case `index` (`caseFacts`) played through sla's own decider. */
export function caseStream(index: number, customerId: string, rules: CaseRules): StreamEvents {
  const { caseId, openedAt, channel, type, tier, agent: by, resolvedAt } = caseFacts(index);
  const iso = (offset: number) => new Date(openedAt + offset).toISOString();
  const commands: { command: Command; at: string }[] = [
    {
      at: iso(0),
      command: {
        kind: 'open_case', caseId, customerId, customerKnown: true, channel, type, priority: 'normal', subject: `Order ${index} arrived damaged`,
        openedAt: iso(0), openedBy: by, source: null, tierAtStart: { tier, tierPolicyId: 'default', tierPolicyVersion: 1 }, ...rules,
      },
    },
    { at: iso(5 * 60_000), command: { kind: 'reassign', to: { kind: 'agent', id: by }, at: iso(5 * 60_000), by: 'lead-1' } },
  ];
  if (index % 5 !== 0) commands.push({ at: iso(30 * 60_000), command: { kind: 'reply', at: iso(30 * 60_000), by, body: 'We are on it.' } });
  if (index % 10 === 3) {
    commands.push({ at: iso(hourMs), command: { kind: 'change_status', to: 'waiting_on_customer', at: iso(hourMs), by, reason: 'photos asked' } });
    commands.push({ at: iso(dayMs), command: { kind: 'change_status', to: 'open', at: iso(dayMs), by, reason: 'photos came' } });
  }
  if (resolvedAt !== null) commands.push({ at: iso(resolvedAt - openedAt), command: { kind: 'change_status', to: 'resolved', at: iso(resolvedAt - openedAt), by, reason: 'replaced' } });
  let state = sla.initialCaseState();
  const events: { event: CaseEvent; at: string }[] = [];
  for (const { command, at } of commands) {
    for (const event of sla.decideCase(command, state, rules)) {
      state = sla.evolveCase(state, event);
      events.push({ event, at });
    }
  }
  return { category: 'case', id: caseId, events };
}

/** The default case rules sla published in `store` (publishSlaDefaults). */
export async function caseRulesOf(store: EventStore): Promise<CaseRules> {
  return (await sla.loadCaseRules({ store }, 'default'))!;
}

/**
 * Every case's stream into sla's store (personal fields encrypted), and its cases and pauses read model; then waits
 * for the running service's queue follower to file them into the queue's lists, which the first page and an agent's
 * queue read.
 */
export async function fillCases(store: EventStore, db: Db, customerOf: (index: number) => string, cases: number): Promise<void> {
  const rules = await caseRulesOf(store);
  const streams = Array.from({ length: cases }, (_, i) => caseStream(i + 1, customerOf(i + 1), rules));
  const events = await appendStreams(store, streams);
  await fillReadModel(db, sla.caseProjection, events);
  const lists = sla.queueListDocuments(db);
  const last = BigInt(events.at(-1)!.globalPosition);
  await until(async () => {
    const head = await lists.head.findOne({ _id: sla.queueHeadId });
    return head !== null && head.complete && BigInt(head.position) >= last;
  }, 1_800_000, "sla's queue follower filing the cases", 1_000);
}
