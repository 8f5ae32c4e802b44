import { describe, expect, it } from 'vitest';
import type { OverdueItem } from './overdue-items.js';
import { pagesFor, pagesTouched, refile, totalOf, type OverdueList } from './overdue-pages.js';

const item = (day: number, id = `C-${day}:1`): OverdueItem => ({
  obligationId: id, customerId: id.split(':')[0]!, kind: 'callback', reason: 'cadence', dueAt: `2026-03-${String(day).padStart(2, '0')}T00:00:00.000Z`, dueOn: `2026-03-${String(day).padStart(2, '0')}`,
  tier: 'key', team: 't-1', accountManager: null, overdueAt: '2026-04-01T00:00:00.000Z', escalation: null,
});
const ids = (items: readonly OverdueItem[]) => items.map(({ obligationId }) => obligationId);

function filed(list: OverdueList, pages: Map<string, OverdueItem[]>, put: OverdueItem[], remove: OverdueItem[] = []) {
  let n = 0;
  const touched = new Map(pagesTouched(list, { put, remove }).map((id) => [id, pages.get(id)!]));
  const result = refile(list, touched, { put, remove }, () => `p${list.pages.length}-${n++}`, 2);
  for (const page of result.written) pages.set(page.id, page.items);
  return result;
}

describe('overdue pages', () => {
  it('cuts a list into pages once one holds more than twice the page size, in due order', () => {
    const pages = new Map<string, OverdueItem[]>();
    const { list } = filed({ key: 'all', pages: [] }, pages, [item(9), item(3), item(7), item(1), item(5)]);
    expect(list.pages.map(({ id }) => ids(pages.get(id)!))).toEqual([['C-1:1', 'C-3:1'], ['C-5:1', 'C-7:1'], ['C-9:1']]);
    expect(totalOf(list)).toBe(5);
  });

  it('rewrites only the touched pages under new ids, drops an emptied one, and names the ones it replaced', () => {
    const pages = new Map<string, OverdueItem[]>();
    const first = filed({ key: 'all', pages: [] }, pages, [item(9), item(3), item(7), item(1), item(5)]).list;
    const { list, retired } = filed(first, pages, [item(2), item(20)], [item(5), item(7)]);
    expect(retired).toEqual([first.pages[0]!.id, first.pages[1]!.id, first.pages[2]!.id]);
    expect(list.pages.map(({ id }) => ids(pages.get(id)!))).toEqual([['C-1:1', 'C-2:1', 'C-3:1'], ['C-9:1', 'C-20:1']]);
    const again = filed(list, pages, [], [item(9), item(20)]);
    expect(again.retired).toEqual([list.pages[1]!.id]);
    expect(again.list.pages.map(({ id }) => id)).toEqual([list.pages[0]!.id]);
  });

  it('finds the pages holding [offset, offset + limit) and where to start in the first', () => {
    const list: OverdueList = { key: 'all', pages: [3, 4, 2].map((size, index) => ({ id: `p${index}`, size, last: { dueAt: '', obligationId: '' } })) };
    expect(pagesFor(list, 0, 3)).toEqual({ ids: ['p0'], skip: 0 });
    expect(pagesFor(list, 2, 3)).toEqual({ ids: ['p0', 'p1'], skip: 2 });
    expect(pagesFor(list, 7, 100)).toEqual({ ids: ['p2'], skip: 0 });
    expect(pagesFor(list, 9, 5)).toEqual({ ids: [], skip: 0 });
  });
});
