import type { GlobalPosition } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { listKeyOf, type OverdueItem } from '../domain/contacts/overdue-items.js';
import { pagesFor } from '../domain/contacts/overdue-pages.js';
import { followedHead } from './followed-head.js';
import { overdueDocuments, overdueHeadId } from './overdue-follower.js';

export interface OverdueQuery {
  readonly tier?: string | undefined;
  readonly team?: string | undefined;
  readonly manager?: string | undefined;
  readonly limit: number;
  readonly offset: number;
  readonly minPosition?: GlobalPosition | undefined;
}

/** A directory or page retired between reading the head and reading it: read the head again, at most this often. */
const attempts = 3;

const answerItem = ({ obligationId, customerId, kind, reason, dueAt, dueOn, tier, team, accountManager, overdueAt, escalation }: OverdueItem) => ({ obligationId, customerId, kind, reason, dueAt, dueOn, tier, team, accountManager, overdueAt, escalation });

/**
 * A page of the overdue list from the lists the overdue follower keeps: the head, the list's directory and the pages
 * holding the range, each read by `_id`. Null while no follower has written a head, or for a filter by more than one owner field
 * (no list is kept for those): the caller reads the `obligations` read model then.
 */
export async function overdueFromLists(db: Db, query: OverdueQuery, timeoutMs: number) {
  const key = listKeyOf(query);
  if (key === null) return null;
  const { head: heads, directories, pages } = overdueDocuments(db);
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const head = await followedHead(heads, overdueHeadId, query.minPosition, timeoutMs);
    if (head === null) return null;
    const entry = head.lists.find((candidate) => candidate.key === key);
    const directory = entry ? await directories.findOne({ _id: entry.directory }) : null;
    if (entry && !directory) continue;
    const list = { key, pages: directory?.pages ?? [] };
    const { ids, skip } = pagesFor(list, query.offset, query.limit);
    const read = (await Promise.all(ids.map((id) => pages.findOne({ _id: id })))).filter((page) => page !== null);
    if (read.length !== ids.length) continue;
    const items = read.flatMap((page) => page.items).slice(skip, skip + query.limit);
    return { total: entry?.total ?? 0, offset: query.offset, limit: query.limit, obligations: items.map(answerItem) };
  }
  throw new Error(`the overdue contact pages were retired ${attempts} times while being read`);
}
