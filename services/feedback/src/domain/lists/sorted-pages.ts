/** Items per page a list is cut into; a page is split once it holds twice as many. */
export const itemsPerPage = 200;

/** How a kind of list is ordered: an item's key (what a page stores as its last), the key's item id, and the order of keys. */
export interface PageOrder<Key> {
  readonly keyOf: (item: Key) => Key;
  readonly idOf: (key: Key) => string;
  readonly compare: (a: Key, b: Key) => number;
}

export interface PageEntry<Key> {
  readonly id: string;
  readonly size: number;
  /** The page's last item's key: an item belongs to the first page whose last key is not before its own. */
  readonly last: Key;
}

/** One list (all, or one owner's ...): its pages in order. */
export interface PagedList<Key> {
  readonly key: string;
  readonly pages: readonly PageEntry<Key>[];
}

/** A batch's changes to one list: items to put (replacing any with the same id) and items to take off. */
export interface ListChanges<Item extends Key, Key> {
  readonly put: readonly Item[];
  readonly remove: readonly Key[];
}

function cut<Item>(items: readonly Item[], pageSize: number): Item[][] {
  if (items.length <= 2 * pageSize) return items.length === 0 ? [] : [[...items]];
  const pages: Item[][] = [];
  for (let first = 0; first < items.length; first += pageSize) pages.push(items.slice(first, first + pageSize));
  return pages;
}

/** Filing into lists kept in that order. */
export function sortedPages<Key>(order: PageOrder<Key>) {
  function pageIndexOf(list: PagedList<Key>, key: Key): number {
    const index = list.pages.findIndex((page) => order.compare(key, page.last) <= 0);
    return index < 0 ? list.pages.length - 1 : index;
  }

  /** The pages of `list` a batch's changes fall on: the ones to read before `refile`. */
  function pagesTouched<Item extends Key>(list: PagedList<Key>, changes: ListChanges<Item, Key>): string[] {
    if (list.pages.length === 0) return [];
    const indexes = new Set([...changes.put, ...changes.remove].map((key) => pageIndexOf(list, key)));
    return [...indexes].sort((a, b) => a - b).map((index) => list.pages[index]!.id);
  }

  /**
   * The list after `changes`, given the touched pages' items (`pagesTouched`): each touched page is written again
   * under a new id (`newPageId`), split when too long, left out when emptied; untouched pages keep theirs, so a
   * reader holding the previous list still finds every page it names until they are retired.
   */
  function refile<Item extends Key>(list: PagedList<Key>, touched: ReadonlyMap<string, readonly Item[]>, changes: ListChanges<Item, Key>, newPageId: () => string, pageSize = itemsPerPage) {
    const changed = new Set([...changes.put, ...changes.remove].map(order.idOf));
    const byPage = new Map<number, Item[]>();
    const indexes = list.pages.length === 0 ? [] : list.pages.map((_, index) => index);
    for (const index of indexes) if (touched.has(list.pages[index]!.id)) byPage.set(index, touched.get(list.pages[index]!.id)!.filter((item) => !changed.has(order.idOf(item))));
    if (list.pages.length === 0) byPage.set(0, []);
    for (const item of changes.put) byPage.get(list.pages.length === 0 ? 0 : pageIndexOf(list, item))!.push(item);
    const written: { id: string; items: Item[] }[] = [];
    const pages: PageEntry<Key>[] = [];
    const retired: string[] = [];
    const rewrite = (items: Item[]) => {
      for (const page of cut(items.sort(order.compare), pageSize)) {
        const entry = { id: newPageId(), size: page.length, last: order.keyOf(page.at(-1)!) };
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

  return { pagesTouched, refile };
}

/** The pages holding items [offset, offset + limit) of a list, and where the first of them starts. */
export function pagesFor(list: PagedList<unknown>, offset: number, limit: number): { ids: string[]; skip: number } {
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

export const totalOf = (list: PagedList<unknown> | undefined) => (list?.pages ?? []).reduce((sum, page) => sum + page.size, 0);
