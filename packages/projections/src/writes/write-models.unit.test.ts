import { describe, expect, it } from 'vitest';
import { guardedReplace, guardedUpsert } from './guarded-write.js';
import { guardFilter, hasApplied, toWriteModel } from './write-models.js';

const p42 = '00000000000000000042';

describe('guarded writes', () => {
  it('filter on the id and on the guard not having reached the position', () => {
    expect(guardFilter(guardedUpsert('totals', 'C-1', '42', { $inc: { n: 1 } }))).toEqual({ _id: 'C-1', _position: { $not: { $gte: p42 } } });
    expect(guardFilter(guardedUpsert('totals', 'C-1', '42', { $inc: { n: 1 } }, { lane: 'tier' }))).toEqual({ _id: 'C-1', '_lanes.tier': { $not: { $gte: p42 } } });
  });

  it('upsert the update and move the guard to the position', () => {
    const write = guardedUpsert('totals', 'C-1', '42', { $inc: { n: 1 }, $set: { name: 'x' }, $setOnInsert: { since: 1 } });
    expect(toWriteModel(write, { upsert: true })).toEqual({
      updateOne: {
        filter: { _id: 'C-1', _position: { $not: { $gte: p42 } } },
        update: { $inc: { n: 1 }, $set: { name: 'x', _position: p42 }, $setOnInsert: { since: 1 } },
        upsert: true,
      },
    });
  });

  it('replace whole documents behind the same guard', () => {
    expect(toWriteModel(guardedReplace('totals', 7, '42', { erased: true }), { upsert: false })).toEqual({
      replaceOne: { filter: { _id: 7, _position: { $not: { $gte: p42 } } }, replacement: { erased: true, _position: p42 }, upsert: false },
    });
  });

  it('refuse updates that are empty or touch the fields the runtime owns', () => {
    expect(() => guardedUpsert('totals', 'C-1', '1', {})).toThrow(/empty/);
    expect(() => guardedUpsert('totals', 'C-1', '1', { $set: { _position: 'x' } })).toThrow(/_position/);
    expect(() => guardedUpsert('totals', 'C-1', '1', { $max: { '_lanes.a': 'x' } })).toThrow(/_lanes/);
    expect(() => guardedReplace('totals', 'C-1', '1', { _id: 'other' })).toThrow(/_id/);
    expect(() => guardedUpsert('totals', 'C-1', '01', { $inc: { n: 1 } })).toThrow();
    expect(() => guardedUpsert('totals', 'C-1', '1', { $inc: { n: 1 } }, { lane: 'a.b' })).toThrow(/lane/);
  });

  it('know whether a document read back has applied a write', () => {
    const write = guardedUpsert('totals', 'C-1', '42', { $inc: { n: 1 } });
    const laned = guardedUpsert('totals', 'C-1', '42', { $inc: { n: 1 } }, { lane: 'tier' });
    expect(hasApplied(write, undefined)).toBe(false);
    expect(hasApplied(write, { _position: '00000000000000000041' })).toBe(false);
    expect(hasApplied(write, { _position: p42 })).toBe(true);
    expect(hasApplied(write, { _position: '00000000000000000100' })).toBe(true);
    expect(hasApplied(laned, { _position: '00000000000000000100' })).toBe(false);
    expect(hasApplied(laned, { _lanes: { tier: p42 } })).toBe(true);
  });
});
