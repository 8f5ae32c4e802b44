import type { RecordedEventOf } from '@ctp/contracts';
import { findByIds, guardedUpsert, type ProjectionWrite } from '@ctp/projections';
import type { Collection } from 'mongodb';
import { matchesQueue } from '../domain/queue-match.js';
import type { CaseDocument } from './case-projection.js';
import { laneOf } from './pause-sums.js';
import type { QueueQuery } from './queue-query.js';
import { byQueueOrder } from './queue-order.js';

/**
 * A `caseScopes` document: the ids of the cases of one customer (`customer:<id>`) or ever assigned to one agent
 * or team (`agent:<id>`, `team:<id>`). Ids are only added (an assignment event names the new assignee, not always
 * the one before), so a reader keeps the cases the scope still holds.
 */
export interface CaseScope {
  readonly _id: string;
  readonly caseIds: readonly string[];
}

export const scopeId = (kind: 'customer' | 'agent' | 'team', id: string) => `${kind}:${id}`;

export function scopeWrites(event: RecordedEventOf<'case'>): ProjectionWrite<'caseScopes'>[] {
  const scope =
    event.type === 'CaseOpened' ? scopeId('customer', event.data.customerId) : event.type === 'CaseReassigned' || event.type === 'CaseRouted' ? scopeId(event.data.to.kind, event.data.to.id) : null;
  if (scope === null) return [];
  return [guardedUpsert('caseScopes', scope, event.globalPosition, { $addToSet: { caseIds: event.data.caseId } }, { lane: laneOf(event.streamId) })];
}

/** The scope a query can be answered from, the smallest first: a customer's cases, else an agent's or a team's. */
export function scopeOf(query: QueueQuery): string | null {
  if (query.customerId) return scopeId('customer', query.customerId);
  if (query.agent) return scopeId('agent', query.agent);
  return query.team ? scopeId('team', query.team) : null;
}

/**
 * A page of a scope's cases in queue order: the scope's ids and each case read by `_id` (FerretDB 1.24 indexes
 * `_id` only), filtered and ordered in memory, so the cost follows the scope's cases, not the whole queue.
 */
export async function scopedQueuePage(scopes: Collection<CaseScope>, cases: Collection<CaseDocument>, scope: string, query: QueueQuery) {
  const ids = (await scopes.findOne({ _id: scope }))?.caseIds ?? [];
  const matching = (await findByIds(cases, ids)).filter((document) => matchesQueue(document, query)).toSorted(byQueueOrder);
  return { total: matching.length, documents: matching.slice(query.offset, query.offset + query.limit) };
}
