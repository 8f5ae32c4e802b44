import type { OverdueItem } from './overdue-items.js';

/** Items per page a list is cut into; a page is split once it holds twice as many. */
export const itemsPerPage = 200;

/** An item's place in a list: the longest overdue first (earliest due), then by obligation id. */
export interface SortKey {
  readonly dueAt: string;
  readonly obligationId: string;
}

export interface PageEntry {
  readonly id: string;
  readonly size: number;
  /** The page's last item's key: an item belongs to the first page whose last key is not before its own. */
  readonly last: SortKey;
}

/** One list (all, or one tier's, team's or account manager's): its pages in order. */
export interface OverdueList {
  readonly key: string;
  readonly pages: readonly PageEntry[];
}

/** A batch's changes to one list: items to put (replacing any with the same id) and items to take off. */
export interface ListChanges {
  readonly put: readonly OverdueItem[];
  readonly remove: readonly SortKey[];
}

export const compareKeys = (a: SortKey, b: SortKey) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.obligationId < b.obligationId ? -1 : a.obligationId > b.obligationId ? 1 : 0);

function pageIndexOf(list: OverdueList, key: SortKey): number {
  const index = list.pages.findIndex((page) => compareKeys(key, page.last) <= 0);
  return index < 0 ? list.pages.length - 1 : index;
}

/** The pages of `list` a batch's changes fall on: the ones to read before `refile`. */
export function pagesTouched(list: OverdueList, changes: ListChanges): string[] {
  if (list.pages.length === 0) return [];
  const indexes = new Set([...changes.put, ...changes.remove].map((key) => pageIndexOf(list, key)));
  return [...indexes].sort((a, b) => a - b).map((index) => list.pages[index]!.id);
}

function cut(items: readonly OverdueItem[], pageSize: number): OverdueItem[][] {
  if (items.length <= 2 * pageSize) return items.length === 0 ? [] : [[...items]];
  const pages: OverdueItem[][] = [];
  for (let first = 0; first < items.length; first += pageSize) pages.push(items.slice(first, first + pageSize));
  return pages;
}

/**
 * The list after `changes`, given the touched pages' items (`pagesTouched`): each touched page is written again
 * under a new id (`newPageId`), split when too long, left out when emptied; untouched pages keep theirs, so a
 * reader holding the previous list still finds every page it names until they are retired.
 */
export function refile(list: OverdueList, touched: ReadonlyMap<string, readonly OverdueItem[]>, changes: ListChanges, newPageId: () => string, pageSize = itemsPerPage) {
  const changed = new Set([...changes.put, ...changes.remove].map(({ obligationId }) => obligationId));
  const byPage = new Map<number, OverdueItem[]>();
  const indexes = list.pages.length === 0 ? [] : list.pages.map((_, index) => index);
  for (const index of indexes) if (touched.has(list.pages[index]!.id)) byPage.set(index, touched.get(list.pages[index]!.id)!.filter((item) => !changed.has(item.obligationId)));
  if (list.pages.length === 0) byPage.set(0, []);
  for (const item of changes.put) byPage.get(list.pages.length === 0 ? 0 : pageIndexOf(list, item))!.push(item);
  const written: { id: string; items: OverdueItem[] }[] = [];
  const pages: PageEntry[] = [];
  const retired: string[] = [];
  const rewrite = (items: OverdueItem[]) => {
    for (const page of cut(items.sort(compareKeys), pageSize)) {
      const entry = { id: newPageId(), size: page.length, last: { dueAt: page.at(-1)!.dueAt, obligationId: page.at(-1)!.obligationId } };
      written.push({ id: entry.id, items: page });
      pages.push(entry);
    }
  };
  if (list.pages.length === 0) rewrite(byPage.get(0)!);
  list.pages.forEach((entry, index) => {
    const items = byPage.get(index);
    if (items === undefined) return void pages.push(entry);
    retired.push(entry.id);
    rewrite(items);
  });
  return { list: { key: list.key, pages }, written, retired };
}

/** The pages holding items [offset, offset + limit) of a list, and where the first of them starts. */
export function pagesFor(list: OverdueList, offset: number, limit: number): { ids: string[]; skip: number } {
  const ids: string[] = [];
  let start = 0;
  let skip = 0;
  for (const page of list.pages) {
    const end = start + page.size;
    if (end > offset && start < offset + limit) {
      if (ids.length === 0) skip = offset - start;
      ids.push(page.id);
    }
    start = end;
  }
  return { ids, skip };
}

export const totalOf = (list: OverdueList | undefined) => (list?.pages ?? []).reduce((sum, page) => sum + page.size, 0);
