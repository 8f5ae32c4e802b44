import { describe, expect, it } from 'vitest';
import { planRounds } from './rounds.js';

const w = (collection: string, id: string | number, n: number) => ({ collection, id, n });

describe('planRounds', () => {
  it('puts at most one write per document in a round and keeps each document in order', () => {
    const writes = [w('a', 'x', 1), w('a', 'y', 2), w('a', 'x', 3), w('b', 'x', 4), w('a', 'x', 5), w('a', 'y', 6)];
    expect(planRounds(writes).map((round) => round.map((write) => write.n))).toEqual([[1, 2, 4], [3, 6], [5]]);
  });

  it('tells a numeric id from the same digits as a string', () => {
    expect(planRounds([w('a', 1, 1), w('a', '1', 2)])).toHaveLength(1);
  });

  it('needs a single round when every write touches another document', () => {
    expect(planRounds([w('a', 'x', 1), w('a', 'y', 2)])).toHaveLength(1);
    expect(planRounds([])).toEqual([]);
  });
});
