import { describe, expect, it } from 'vitest';
import { page } from './paging.js';

describe('a page of facts', () => {
  const facts = ['C-3', 'C-1', 'C-2'].map((id) => ({ id }));
  it('orders by id, starts after `after` and names the next page', () => {
    expect(page(facts, { limit: 2 })).toEqual({ rows: [{ id: 'C-1' }, { id: 'C-2' }], next: 'C-2' });
    expect(page(facts, { limit: 2, after: 'C-2' })).toEqual({ rows: [{ id: 'C-3' }], next: null });
  });
});
