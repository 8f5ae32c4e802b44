import { guardedUpsert } from '@ctp/projections';
import { describe, expect, it } from 'vitest';
import { addToCells, valuesOf } from './counts.js';
import { foldWrites } from './fold-writes.js';

describe('month cells and the fold of a projection’s writes', () => {
  it('adds and takes away counts per cell, dropping zeros and empty cells', () => {
    const one = addToCells([], ['gold', null], { invited: 1, 'csat:5': 1 });
    const two = addToCells(one, ['gold', null], { invited: 1, 'csat:4': 1 });
    expect(two).toEqual([{ key: ['gold', null], counts: { invited: 2, 'csat:5': 1, 'csat:4': 1 } }]);
    expect(valuesOf(addToCells(two, ['gold', null], { 'csat:5': 2 })[0]!.counts, 'csat').sort()).toEqual([4, 5, 5, 5]);
    expect(addToCells(addToCells(two, ['gold', null], { invited: 2, 'csat:5': 1, 'csat:4': 1 }, -1), ['silver', null], {})).toEqual([]);
  });

  it('folds $set, $min, $push and $addToSet of one document as the runtime applies them, in feed order', () => {
    const writes = [
      guardedUpsert('facts', 'K-1', '1', { $min: { resolvedAt: new Date('2026-03-10T00:00:00Z') } }, { lane: 'case' }),
      guardedUpsert('facts', 'K-1', '2', { $set: { team: null, causes: [] }, $push: { trace: { position: '2' } } }),
      guardedUpsert('facts', 'K-2', '3', { $set: { team: 'T-9' } }),
      guardedUpsert('facts', 'K-1', '4', { $set: { team: 'T-1' }, $addToSet: { repeats: { cause: 'process' } }, $push: { trace: { position: '4' } } }),
      guardedUpsert('facts', 'K-1', '5', { $min: { resolvedAt: new Date('2026-03-12T00:00:00Z') }, $addToSet: { repeats: { cause: 'process' } } }, { lane: 'case' }),
    ];
    expect(foldWrites(writes, 'facts', 'K-1')).toEqual({ resolvedAt: new Date('2026-03-10T00:00:00Z'), team: 'T-1', causes: [], repeats: [{ cause: 'process' }], trace: [{ position: '2' }, { position: '4' }] });
    expect(foldWrites(writes, 'facts', 'K-3')).toBeNull();
  });
});
