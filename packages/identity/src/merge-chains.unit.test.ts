import { describe, expect, it } from 'vitest';
import { erasedIds, followMerges, MergeChainTooLongError, mergeChain, mergeGroup, missingIds, recordMerge, survivorOf, type MergeLinks } from './merge-chains.js';

type Customer = MergeLinks & { readonly erased: boolean };

/** Customers as their streams fold: `merges` lists survivor -> merged-away ids, in the order they were merged. */
function given(merges: Record<string, string[]>, options: { erased?: string[]; unread?: string[] } = {}): Map<string, Customer> {
  const links = new Map<string, MergeLinks>();
  for (const [survivor, away] of Object.entries(merges)) recordMerge(links, survivor, away);
  const customers = new Map<string, Customer>([...links].map(([id, linked]) => [id, { ...linked, erased: false }]));
  for (const id of options.erased ?? []) customers.set(id, { mergedInto: null, mergedFrom: [], ...customers.get(id), erased: true });
  for (const id of options.unread ?? []) customers.delete(id);
  return customers;
}

describe('given merges that chain (B into A, later A into Z)', () => {
  const links = given({ A: ['B'], Z: ['A', 'Y'] });

  it('when resolving any id of the chain then the survivor is Z', () => {
    expect(['B', 'A', 'Y', 'Z'].map((id) => survivorOf(links, id))).toEqual(['Z', 'Z', 'Z', 'Z']);
  });

  it('when following B then its chain passes every stream its facts were written to, survivor last', () => {
    expect(mergeChain(links, 'B')).toEqual(['B', 'A', 'Z']);
    expect(mergeChain(links, 'Z')).toEqual(['Z']);
  });

  it('when resolving an id never merged then it stands for itself', () => {
    expect(survivorOf(links, 'C')).toBe('C');
  });

  it("when listing Z's group then it holds the survivor first, then every id in the order merged", () => {
    expect(mergeGroup(links, 'Z')).toEqual(['Z', 'A', 'Y', 'B']);
    expect(mergeGroup(links, 'A')).toEqual(['A', 'B']);
    expect(mergeGroup(links, 'C')).toEqual(['C']);
  });
});

describe('given merges recorded one by one as facts arrive', () => {
  it('when B goes into A, then A and Y into Z, then every id resolves to Z and Z holds them in merge order', () => {
    const links = new Map<string, MergeLinks>();
    recordMerge(links, 'A', ['B']);
    recordMerge(links, 'Z', ['A', 'Y']);
    expect(['A', 'B', 'Y', 'Z'].map((id) => survivorOf(links, id))).toEqual(['Z', 'Z', 'Z', 'Z']);
    expect(mergeGroup(links, 'Z')).toEqual(['Z', 'A', 'Y', 'B']);
    expect(links.get('A')).toEqual({ mergedInto: 'Z', mergedFrom: ['B'] });
  });
});

describe('given a chain read only in part', () => {
  it('when the survivor is not read then the chain ends at it, and it is missing', () => {
    const links = given({ A: ['B'] }, { unread: ['A'] });
    expect(survivorOf(links, 'B')).toBe('A');
    expect(missingIds(links, ['B'])).toEqual(['A']);
  });

  it('when merged-away ids are not read then the group names them without looking into them', () => {
    const links = given({ A: ['B', 'C'], B: ['D'] }, { unread: ['B', 'C'] });
    expect(mergeGroup(links, 'A')).toEqual(['A', 'B', 'C']);
    expect(missingIds(links, ['A'])).toEqual(['B', 'C']);
  });

  it('when a named id is not read then it is missing itself', () => {
    expect(missingIds(new Map(), ['X', 'Y'])).toEqual(['X', 'Y']);
  });

  it('when everything linked is read then nothing is missing', () => {
    const links = given({ A: ['B'], Z: ['A'] });
    expect(missingIds(links, ['B'])).toEqual([]);
  });
});

describe('given links that loop (bad data)', () => {
  const links = new Map<string, MergeLinks>([
    ['A', { mergedInto: 'B', mergedFrom: ['B'] }],
    ['B', { mergedInto: 'A', mergedFrom: ['A'] }],
  ]);

  it('when resolving then the walk stops at the loop instead of running forever', () => {
    expect(survivorOf(links, 'A')).toBe('B');
    expect(mergeChain(links, 'A')).toEqual(['A', 'B']);
    expect(mergeGroup(links, 'A')).toEqual(['A', 'B']);
  });
});

describe('given erasures', () => {
  it('when a survivor is erased then every id merged into it is erased with it', () => {
    const links = given({ A: ['B'], Z: ['A'] }, { erased: ['Z'] });
    expect([...erasedIds(links)]).toEqual(['Z', 'A', 'B']);
  });

  it('when an erasure is requested now then its group is erased, with those erased before', () => {
    const links = given({ A: ['B'] }, { erased: ['E'] });
    expect([...erasedIds(links, ['A'])].sort()).toEqual(['A', 'B', 'E']);
  });

  it('when nobody is erased then nobody is', () => {
    expect(erasedIds(given({ A: ['B'] })).size).toBe(0);
  });
});

describe('given each step of a chain is a read', () => {
  const documents = new Map<string, string | null>([
    ['B', 'A'],
    ['A', 'Z'],
    ['Z', null],
  ]);
  const reader = () => {
    const reads: string[] = [];
    return { reads, load: async (id: string) => (reads.push(id), documents.get(id) ?? null) };
  };

  it('when following B then it reads B, A and Z and answers Z, merged away', async () => {
    const { reads, load } = reader();
    expect(await followMerges('B', load, (next) => next)).toEqual({ customerId: 'Z', found: null, mergedAway: true });
    expect(reads).toEqual(['B', 'A', 'Z']);
  });

  it('when the id is a survivor then it answers the id itself, not merged away, after one read', async () => {
    const { reads, load } = reader();
    expect(await followMerges('Z', load, (next) => next)).toEqual({ customerId: 'Z', found: null, mergedAway: false });
    expect(reads).toEqual(['Z']);
  });

  it('when the chain is longer than allowed then it is a data error', async () => {
    const endless = async (id: string) => `${id}'`;
    await expect(followMerges('A', endless, (next) => next, 3)).rejects.toThrow(new MergeChainTooLongError('A', 3));
    await expect(followMerges('A', endless, (next) => next, 3)).rejects.toThrow('customer A is merged more than 3 times over');
  });
});
