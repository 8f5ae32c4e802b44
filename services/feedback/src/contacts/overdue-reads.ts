import type { GlobalPosition } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { listKeyOf, type OverdueItem } from '../domain/contacts/overdue-items.js';
import { readList } from '../lists/paged-lists.js';
import { overdueDocuments, overdueHeadId } from './overdue-follower.js';

export interface OverdueQuery {
  readonly tier?: string | undefined;
  readonly team?: string | undefined;
  readonly manager?: string | undefined;
  readonly limit: number;
  readonly offset: number;
  readonly minPosition?: GlobalPosition | undefined;
}

const answerItem = ({ obligationId, customerId, kind, reason, dueAt, dueOn, tier, team, accountManager, overdueAt, escalation }: OverdueItem) => ({ obligationId, customerId, kind, reason, dueAt, dueOn, tier, team, accountManager, overdueAt, escalation });

/**
 * A page of the overdue list from the lists the overdue follower keeps (readList). Null while no follower has written
 * a head, or for a filter by more than one owner field (no list is kept for those): the caller reads the `obligations` read model then.
 */
export async function overdueFromLists(db: Db, query: OverdueQuery, timeoutMs: number) {
  const key = listKeyOf(query);
  if (key === null) return null;
  const list = await readList(overdueDocuments(db), overdueHeadId, { key, offset: query.offset, limit: query.limit, minPosition: query.minPosition }, timeoutMs);
  return list === null ? null : { total: list.total, offset: query.offset, limit: query.limit, obligations: list.items.map(answerItem) };
}
