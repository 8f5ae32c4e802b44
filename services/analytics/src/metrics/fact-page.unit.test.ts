import { describe, expect, it } from 'vitest';
import { takePage } from './fact-page.js';

async function* facts(...ids: string[]) {
  for (const _id of ids) yield { _id, even: Number(_id.slice(2)) % 2 === 0 };
}

describe('a page of facts', () => {
  it('keeps the matching facts up to the limit and names the last one when more follow', async () => {
    const page = await takePage(facts('F-1', 'F-2', 'F-3', 'F-4', 'F-5', 'F-6'), ({ even }) => even, 2);
    expect(page).toEqual({ items: [{ _id: 'F-2', even: true }, { _id: 'F-4', even: true }], next: 'F-4' });
  });

  it('says none follows when the source ends within the page, even exactly at the limit', async () => {
    expect((await takePage(facts('F-2', 'F-3', 'F-4'), ({ even }) => even, 2)).next).toBeNull();
    expect(await takePage(facts(), () => true, 5)).toEqual({ items: [], next: null });
  });
});
