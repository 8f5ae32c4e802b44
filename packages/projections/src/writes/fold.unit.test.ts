import { describe, expect, it } from 'vitest';
import { foldDocument, guardStateOf, toFoldedModel } from './fold.js';
import { guardedReplace, guardedUpsert, type GuardedUpdate } from './guarded-write.js';
import { encodePosition } from './position-encoding.js';

const p = (position: number) => encodePosition(String(position));
const absent = guardStateOf(undefined);
const at = (position: number, lanes: Record<string, number> = {}) =>
  guardStateOf({ _id: 'a', _position: p(position), _lanes: Object.fromEntries(Object.entries(lanes).map(([lane, value]) => [lane, p(value)])) });
const up = (position: number, update: GuardedUpdate, lane?: string) => guardedUpsert('c', 'a', String(position), update, lane ? { lane } : {});
const d1 = new Date('2025-01-01T00:00:00Z');
const d2 = new Date('2025-02-01T00:00:00Z');

describe('foldDocument', () => {
  it('folds a document\'s writes into one: $inc sums, last $set, first $setOnInsert, min/max, $push/$addToSet in order', () => {
    const folded = foldDocument(
      [
        up(10, { $inc: { n: 1, total: 5 }, $set: { last: 'x' }, $setOnInsert: { since: d1 }, $max: { top: 5, at: d1 }, $min: { low: 5 }, $push: { log: 'a' }, $addToSet: { tags: 'p' } }),
        up(11, { $inc: { n: 1, total: 7 }, $set: { last: 'y' }, $setOnInsert: { since: d2 }, $max: { top: 3, at: d2 }, $min: { low: 2 }, $push: { log: { $each: ['b', 'c'] } }, $addToSet: { tags: 'q' } }),
        up(12, { $inc: { n: 1, total: -2 }, $addToSet: { tags: 'p' } }),
      ],
      absent,
    );
    expect(folded).toHaveLength(1);
    expect(toFoldedModel(folded[0]!)).toEqual({
      updateOne: {
        filter: { _id: 'a', _position: { $exists: false } },
        update: {
          $inc: { n: 3, total: 10 },
          $set: { last: 'y', _position: p(12) },
          $setOnInsert: { since: d1 },
          $max: { top: 5, at: d2 },
          $min: { low: 2 },
          $push: { log: { $each: ['a', 'b', 'c'] } },
          $addToSet: { tags: { $each: ['p', 'q', 'p'] } },
        },
        upsert: true,
      },
    });
    expect(folded[0]!.writes.map((write) => write.position)).toEqual(['10', '11', '12']);
  });

  it('drops what the document has applied and guards on the exact position read', () => {
    const folded = foldDocument([up(10, { $inc: { n: 1 } }), up(11, { $inc: { n: 1 } }), up(12, { $inc: { n: 1 } })], at(11));
    expect(folded.map(toFoldedModel)).toEqual([{ updateOne: { filter: { _id: 'a', _position: p(11) }, update: { $inc: { n: 1 }, $set: { _position: p(12) } }, upsert: false } }]);
    expect(foldDocument([up(10, { $inc: { n: 1 } }), up(11, { $inc: { n: 1 } })], at(11))).toEqual([]);
  });

  it('keeps one guard per lane, each dropped and checked on its own', () => {
    const folded = foldDocument([up(20, { $inc: { n: 1 } }), up(21, { $set: { tier: 'gold' } }, 'tier'), up(22, { $set: { tier: 'silver' } }, 'tier')], at(25, { tier: 21 }));
    expect(folded.map(toFoldedModel)).toEqual([
      { updateOne: { filter: { _id: 'a', '_lanes.tier': p(21) }, update: { $set: { tier: 'silver', '_lanes.tier': p(22) } }, upsert: false } },
    ]);
    const fresh = foldDocument([up(21, { $set: { tier: 'gold' } }, 'tier'), up(30, { $inc: { n: 1 } })], at(25));
    expect(fresh.map((write) => write.expected)).toEqual([{ '_lanes.tier': { is: null }, _position: { is: p(25) } }]);
  });

  it('lets a later $set win over earlier operators on its path, and cuts where one update cannot say both', () => {
    expect(foldDocument([up(1, { $inc: { n: 1 } }), up(2, { $set: { n: 0 } })], absent).map((write) => write.change)).toEqual([
      { kind: 'upsert', update: { $set: { n: 0, _position: p(2) } } },
    ]);
    const cut = foldDocument([up(1, { $set: { n: 1 } }), up(2, { $inc: { n: 1 } }), up(3, { $set: { 'consent.email': true } }), up(4, { $set: { consent: {} } })], absent);
    expect(cut.map((write) => [write.expected, write.insert, write.writes.map((w) => w.position)])).toEqual([
      [{ _position: { is: null } }, true, ['1']],
      [{ _position: { is: p(1) } }, false, ['2', '3']],
      [{ _position: { is: p(3) } }, false, ['4']],
    ]);
    expect(foldDocument([up(1, { $max: { at: d1 } }), up(2, { $max: { at: 5 } })], absent)).toHaveLength(2);
    expect(foldDocument([up(1, { $push: { log: 'a' } }), up(2, { $push: { log: { $each: ['b'], $slice: -5 } } })], absent)).toHaveLength(2);
  });

  it('lets a replace reset what came before it, and folds what follows into a write of its own', () => {
    const folded = foldDocument([up(10, { $inc: { n: 1 } }), guardedReplace('c', 'a', '11', { erased: true }), up(12, { $inc: { n: 1 } }), up(13, { $inc: { n: 1 } })], at(9));
    expect(folded.map(toFoldedModel)).toEqual([
      { replaceOne: { filter: { _id: 'a', _position: p(9) }, replacement: { erased: true, _position: p(11) }, upsert: false } },
      { updateOne: { filter: { _id: 'a', _position: p(11) }, update: { $inc: { n: 2 }, $set: { _position: p(13) } }, upsert: false } },
    ]);
    expect(folded[0]!.writes.map((write) => write.position)).toEqual(['10', '11']);
  });

  it('guards a document it has not read like its first event, per lane, and upserts it', () => {
    const folded = foldDocument([up(10, { $inc: { n: 1 } }), up(11, { $set: { tier: 'gold' } }, 'tier'), up(12, { $inc: { n: 1 } }), up(13, { $set: { n: 0 } }), up(14, { $inc: { n: 5 } })], null);
    expect(folded.map(toFoldedModel)).toEqual([
      {
        updateOne: {
          filter: { _id: 'a', _position: { $not: { $gte: p(10) } }, '_lanes.tier': { $not: { $gte: p(11) } } },
          update: { $set: { n: 0, tier: 'gold', _position: p(13), '_lanes.tier': p(11) } },
          upsert: true,
        },
      },
      { updateOne: { filter: { _id: 'a', _position: p(13) }, update: { $inc: { n: 5 }, $set: { _position: p(14) } }, upsert: false } },
    ]);
  });

  it('burst: 500 events of one customer fold into one write', () => {
    const writes = Array.from({ length: 500 }, (_, index) => up(100 + index, { $inc: { purchases: 1, amountMinor: index }, $setOnInsert: { currency: 'CNY' }, $max: { lastPurchaseAt: new Date(Date.UTC(2025, 0, 1, 0, index)) } }));
    const folded = foldDocument(writes, absent);
    expect(folded).toHaveLength(1);
    expect(folded[0]!.change).toEqual({
      kind: 'upsert',
      update: { $inc: { purchases: 500, amountMinor: 124_750 }, $setOnInsert: { currency: 'CNY' }, $max: { lastPurchaseAt: new Date(Date.UTC(2025, 0, 1, 0, 499)) }, $set: { _position: p(599) } },
    });
  });
});
