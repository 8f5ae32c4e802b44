import { describe, expect, it } from 'vitest';
import { projectionSpecification } from './projection-specification.js';

type Visit = { readonly id: string; readonly page: string; readonly position: number };

/** Counts visits per page in memory; `guarded` skips a visit it has seen, as the runtime's position guard does. */
function pageCounts(guarded: boolean) {
  const pages = new Map<string, { _id: string; visits: number; last: number }>();
  return projectionSpecification<Visit>({
    project: async (visits) => {
      for (const { page, position } of visits) {
        const document = pages.get(page) ?? { _id: page, visits: 0, last: 0 };
        if (guarded && position <= document.last) continue;
        pages.set(page, { _id: page, visits: document.visits + 1, last: position });
      }
    },
    documents: async () => ({ pages: [...pages.values()].sort((a, b) => a._id.localeCompare(b._id)) }),
  });
}

const visits: Visit[] = [
  { id: 'v1', page: 'home', position: 1 },
  { id: 'v2', page: 'about', position: 2 },
  { id: 'v3', page: 'home', position: 3 },
];

describe('a projection specification', () => {
  it('matches each collection partially, in order, and returns the documents', async () => {
    const documents = await pageCounts(true).given(...visits).then({ pages: [{ _id: 'about', visits: 1 }, { _id: 'home', visits: 2 }] });
    expect(documents).toEqual({ pages: [{ _id: 'about', visits: 1, last: 2 }, { _id: 'home', visits: 2, last: 3 }] });
  });

  it('fails on a wrong document, a missing one or one too many', async () => {
    await expect(pageCounts(true).given(...visits).then({ pages: [{ _id: 'about', visits: 2 }, { _id: 'home' }] })).rejects.toThrow();
    await expect(pageCounts(true).given(...visits).then({ pages: [{ _id: 'about' }] })).rejects.toThrow();
    await expect(pageCounts(true).given(...visits).then({ pages: [{ _id: 'about' }, { _id: 'home' }, { _id: 'contact' }] })).rejects.toThrow();
  });

  it('fails when the same events delivered again change a document', async () => {
    await expect(pageCounts(false).given(...visits).then({ pages: [{ _id: 'about', visits: 1 }, { _id: 'home', visits: 2 }] })).rejects.toThrow(/after the same batch again/);
  });
});
