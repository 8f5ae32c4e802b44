import { slaMetrics } from '@ctp/contracts';
import type { QueueCase } from '../domain/queue-lists.js';
import type { QueueClock } from './case-projection.js';
import { nextDeadlineOf } from './queue-order.js';

/** The metric's state as the clock view names it (domain/clock-view.ts). */
export function stateOf(clock: QueueClock): 'running' | 'warned' | 'paused' | 'met' | 'breached' | 'stopped' {
  if (clock.phase === 'met') return 'met';
  if (clock.breached) return 'breached';
  if (clock.phase === 'stopped' || clock.phase === 'paused') return clock.phase;
  return clock.warned ? 'warned' : 'running';
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** A line of the queue: the case without personal data, its clocks, and what orders it. */
export function queueItem(document: QueueCase) {
  const clocks = slaMetrics.flatMap((metric) => {
    const clock = document.clocks?.[metric];
    return clock ? [{ metric, cycle: clock.cycle, state: stateOf(clock), deadline: iso(clock.deadline) }] : [];
  });
  const stored = slaMetrics.flatMap((metric) => (document.clocks?.[metric] ? [document.clocks[metric]] : []));
  return {
    caseId: document._id,
    customerId: document.customerId,
    channel: document.channel,
    type: document.type,
    priority: document.priority,
    status: document.status,
    tier: document.tier,
    assignee: document.assignee ?? null,
    escalationLevel: document.escalationLevel,
    openedAt: document.openedAt.toISOString(),
    mergedInto: document.mergedInto,
    nextDeadline: iso(nextDeadlineOf(document)),
    atRisk: stored.some((clock) => clock.phase === 'running' && clock.warned && !clock.breached),
    breached: stored.some((clock) => clock.breached),
    clocks,
    updatedAt: document.updatedAt.toISOString(),
    position: document.lastEvent.position,
  };
}

/** A line as the route answers it. */
export type QueueLine = ReturnType<typeof queueItem>;
