import { sortedPages, type ListChanges, type PagedList } from '../lists/sorted-pages.js';

export { itemsPerPage, pagesFor, totalOf } from '../lists/sorted-pages.js';

/** An item's place in an overdue list: the longest overdue first (earliest due), then by obligation id. */
export interface SortKey {
  readonly dueAt: string;
  readonly obligationId: string;
}

export type OverdueList = PagedList<SortKey>;
export type OverdueChanges<Item extends SortKey> = ListChanges<Item, SortKey>;

export const compareKeys = (a: SortKey, b: SortKey) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.obligationId < b.obligationId ? -1 : a.obligationId > b.obligationId ? 1 : 0);

export const overdueOrder = { keyOf: ({ dueAt, obligationId }: SortKey): SortKey => ({ dueAt, obligationId }), idOf: (key: SortKey) => key.obligationId, compare: compareKeys };
export const { pagesTouched, refile } = sortedPages(overdueOrder);
