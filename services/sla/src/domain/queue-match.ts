import { slaMetrics } from '@ctp/contracts';
import type { CaseDocument, QueueClock } from '../queue/case-projection.js';
import type { QueueQuery } from '../queue/queue-query.js';

type CaseFilters = Pick<QueueQuery, 'status' | 'tier' | 'channel' | 'type' | 'team' | 'agent' | 'customerId' | 'view'>;

/** The fields of a case the filters read. */
export type FilteredCase = Pick<CaseDocument, 'status' | 'tier' | 'channel' | 'type' | 'customerId' | 'assignee' | 'mergedInto' | 'clocks'>;

const clocksOf = (document: FilteredCase): QueueClock[] => slaMetrics.flatMap((metric) => (document.clocks?.[metric] ? [document.clocks[metric]] : []));

const views: Record<NonNullable<QueueQuery['view']>, (document: FilteredCase) => boolean> = {
  open: (document) => !['resolved', 'closed'].includes(document.status) && (document.mergedInto ?? null) === null,
  at_risk: (document) => clocksOf(document).some((clock) => clock.phase === 'running' && clock.warned === true && clock.breached === false),
  breached: (document) => clocksOf(document).some((clock) => clock.breached === true && (clock.phase === 'running' || clock.phase === 'paused')),
};

function assignedTo(document: FilteredCase, kind: 'agent' | 'team', id: string): boolean {
  return document.assignee?.kind === kind && document.assignee.id === id;
}

/** Whether the case passes the queue's filters: the same cases `queueFilter` (queue-query.ts) finds, decided in memory. */
export function matchesQueue(document: FilteredCase, query: CaseFilters): boolean {
  if (query.team && query.agent) return false;
  if (query.status && !(query.status as readonly string[]).includes(document.status)) return false;
  if (query.tier !== undefined && document.tier !== query.tier) return false;
  if (query.channel !== undefined && document.channel !== query.channel) return false;
  if (query.type !== undefined && document.type !== query.type) return false;
  if (query.customerId !== undefined && document.customerId !== query.customerId) return false;
  if (query.team !== undefined && !assignedTo(document, 'team', query.team)) return false;
  if (query.agent !== undefined && !assignedTo(document, 'agent', query.agent)) return false;
  return query.view === undefined || views[query.view](document);
}
