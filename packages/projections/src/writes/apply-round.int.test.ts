import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test-support/mongo.js';
import { applyRound } from './apply-round.js';
import { guardedReplace, guardedUpsert } from './guarded-write.js';

describe('guarded writes on the real server', () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await freshDatabase('writes')));
  afterAll(() => close());

  const buy = (id: string, position: string, amount: number) => guardedUpsert('c', id, position, { $inc: { n: 1, total: amount }, $setOnInsert: { first: position }, $max: { top: amount } });

  it('updates far more existing documents in one round than FerretDB has connections', async () => {
    const collection = db.collection('wide');
    const ids = Array.from({ length: 200 }, (_, index) => `w${index}`);
    expect(await applyRound(collection, ids.map((id) => buy(id, '1', 1)))).toEqual([]);
    expect(await applyRound(collection, ids.map((id) => buy(id, '2', 2)))).toEqual([]);
    const totals = await collection.aggregate<{ total: number }>([{ $group: { _id: null, total: { $sum: '$total' } } }]).toArray();
    expect(totals[0]?.total).toBe(600);
  }, 30_000);

  it('applies a round once: a redelivered round changes nothing', async () => {
    const collection = db.collection('once');
    const round = [buy('a', '10', 5), buy('b', '11', 7), buy('c', '12', 9)];
    expect(await applyRound(collection, round)).toEqual([]);
    const before = await collection.find().sort({ _id: 1 }).toArray();
    expect(await applyRound(collection, round)).toEqual([]);
    expect(await collection.find().sort({ _id: 1 }).toArray()).toEqual(before);
    expect(before).toEqual([
      { _id: 'a', n: 1, total: 5, first: '10', top: 5, _position: '00000000000000000010' },
      { _id: 'b', n: 1, total: 7, first: '11', top: 7, _position: '00000000000000000011' },
      { _id: 'c', n: 1, total: 9, first: '12', top: 9, _position: '00000000000000000012' },
    ]);
  });

  it('applies the new writes of a round that mixes applied and new ones, wherever they sit', async () => {
    const collection = db.collection('mixed');
    await applyRound(collection, [buy('a', '10', 1), buy('c', '10', 1)]);
    expect(await applyRound(collection, [buy('b', '20', 2), buy('a', '10', 1), buy('c', '30', 3), buy('d', '5', 4), buy('e', '40', 5)])).toEqual([]);
    const totals = await collection.find({}, { projection: { total: 1, n: 1 } }).sort({ _id: 1 }).toArray();
    expect(totals).toEqual([
      { _id: 'a', n: 1, total: 1 },
      { _id: 'b', n: 1, total: 2 },
      { _id: 'c', n: 2, total: 4 },
      { _id: 'd', n: 1, total: 4 },
      { _id: 'e', n: 1, total: 5 },
    ]);
  });

  it('ignores an older or equal position for an existing document', async () => {
    const collection = db.collection('older');
    await applyRound(collection, [buy('a', '50', 1)]);
    expect(await applyRound(collection, [buy('a', '49', 100)])).toEqual([]);
    expect(await applyRound(collection, [buy('a', '50', 100)])).toEqual([]);
    expect(await collection.findOne({ _id: 'a' } as object)).toMatchObject({ n: 1, total: 1, _position: '00000000000000000050' });
  });

  it('reports the write that fails on its own and applies the others', async () => {
    const collection = db.collection('failing');
    await collection.insertOne({ _id: 'bad', total: 'not a number' } as object);
    const failures = await applyRound(collection, [buy('x', '1', 1), buy('bad', '2', 1), buy('y', '3', 1)]);
    expect(failures.map((failure) => failure.write.id)).toEqual(['bad']);
    expect(await collection.countDocuments({ n: 1 })).toBe(2);
  });

  it('reports a unique-index violation instead of taking it for an applied write', async () => {
    const collection = db.collection('unique');
    await collection.createIndex({ email: 1 }, { unique: true });
    await applyRound(collection, [guardedUpsert('u', 'p', '1', { $set: { email: 'a@x' } })]);
    const failures = await applyRound(collection, [guardedUpsert('u', 'q', '2', { $set: { email: 'a@x' } })]);
    expect(failures.map((failure) => failure.write.id)).toEqual(['q']);
  });

  it('keeps one guard per lane for documents fed by several streams', async () => {
    const collection = db.collection('lanes');
    const tier = (position: string) => guardedUpsert('c', 'a', position, { $set: { tier: `t${position}` } }, { lane: 'tier' });
    await applyRound(collection, [buy('a', '100', 1)]);
    await applyRound(collection, [tier('90')]);
    await applyRound(collection, [tier('90')]);
    await applyRound(collection, [buy('a', '95', 1)]);
    expect(await collection.findOne({ _id: 'a' } as object)).toMatchObject({ n: 1, tier: 't90', _position: '00000000000000000100', _lanes: { tier: '00000000000000000090' } });
  });

  it('replaces a document behind the same guard', async () => {
    const collection = db.collection('replace');
    await applyRound(collection, [buy('a', '10', 1)]);
    await applyRound(collection, [guardedReplace('c', 'a', '11', { erased: true })]);
    await applyRound(collection, [buy('a', '10', 1)]);
    expect(await collection.findOne({ _id: 'a' } as object)).toEqual({ _id: 'a', erased: true, _position: '00000000000000000011' });
  });
});
