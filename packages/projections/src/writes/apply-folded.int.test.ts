import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test-support/mongo.js';
import { applyFolded, commandsInFlight } from './apply-folded.js';
import { maxWritesPerCommand } from './apply-round.js';
import { guardedReplace, guardedUpsert } from './guarded-write.js';

describe('folded writes on the real server', () => {
  let db: Db;
  let updates: (collection: string) => number;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, updates, close } = await freshDatabase('folded')));
  afterAll(() => close());

  const buy = (id: string, position: number, amount: number) =>
    guardedUpsert('c', id, String(position), { $inc: { n: 1, total: amount }, $setOnInsert: { first: position }, $max: { top: amount }, $addToSet: { amounts: amount } });
  const history = (ids: readonly string[], perDocument: number) => Array.from({ length: ids.length * perDocument }, (_, index) => buy(ids[index % ids.length]!, 100 + index, (index % 5) + 1));
  const expected = (writes: ReturnType<typeof buy>[]) => {
    const documents = new Map<string, { _id: string; n: number; total: number; top: number }>();
    for (const write of writes) {
      const amount = (write.kind === 'upsert' && (write.update.$inc?.total as number)) || 0;
      const entry = documents.get(String(write.id)) ?? { _id: String(write.id), n: 0, total: 0, top: 0 };
      documents.set(String(write.id), { ...entry, n: entry.n + 1, total: entry.total + amount, top: Math.max(entry.top, amount) });
    }
    return [...documents.values()].sort((a, b) => a._id.localeCompare(b._id));
  };
  const actual = (name: string) => db.collection(name).find({}, { projection: { n: 1, total: 1, top: 1 } }).sort({ _id: 1 }).toArray();

  it('writes each document once per batch, and a redelivered batch only tries once', async () => {
    const writes = history(['a', 'b', 'c'], 40);
    expect(await applyFolded(db.collection('once'), writes)).toEqual([]);
    expect(updates('once')).toBe(3);
    expect(await actual('once')).toEqual(expected(writes));
    expect(await db.collection('once').findOne({ _id: 'a' } as object)).toMatchObject({ first: 100, _position: '00000000000000000217' });
    const before = await db.collection('once').find().sort({ _id: 1 }).toArray();
    expect(await applyFolded(db.collection('once'), writes)).toEqual([]);
    expect(updates('once')).toBe(6);
    expect(await db.collection('once').find().sort({ _id: 1 }).toArray()).toEqual(before);
  });

  it('applies each event once when a batch is redelivered cut differently', async () => {
    const writes = history(['a', 'b', 'c', 'd'], 25);
    for (const [from, to] of [[0, 37], [20, 61], [5, 100], [0, 100]] as const) expect(await applyFolded(db.collection('recut'), writes.slice(from, to))).toEqual([]);
    expect(await actual('recut')).toEqual(expected(writes));
  });

  it('guards lanes on their own, also on documents created through another lane', async () => {
    const collection = db.collection('lanes');
    const tier = (position: number, value: string) => guardedUpsert('c', 'a', String(position), { $set: { tier: value } }, { lane: 'tier' });
    expect(await applyFolded(collection, [tier(90, 'gold'), tier(95, 'silver')])).toEqual([]);
    expect(await applyFolded(collection, [buy('a', 80, 1), tier(95, 'silver'), buy('a', 100, 2), tier(96, 'bronze')])).toEqual([]);
    expect(await applyFolded(collection, [buy('a', 100, 2), tier(96, 'bronze')])).toEqual([]);
    expect(await collection.findOne({ _id: 'a' } as object)).toMatchObject({ n: 2, total: 3, tier: 'bronze', _position: '00000000000000000100', _lanes: { tier: '00000000000000000096' } });
  });

  it('replaces, then folds what follows the replacement', async () => {
    const collection = db.collection('replace');
    await applyFolded(collection, [buy('a', 10, 1)]);
    expect(await applyFolded(collection, [buy('a', 11, 1), guardedReplace('c', 'a', '12', { erased: true }), buy('a', 13, 4), buy('a', 14, 5)])).toEqual([]);
    expect(await collection.findOne({ _id: 'a' } as object)).toEqual({ _id: 'a', erased: true, n: 2, total: 9, top: 5, amounts: [4, 5], _position: '00000000000000000014' });
  });

  it('hands back every write of a document that fails on its own, and applies the others', async () => {
    const collection = db.collection('failing');
    await collection.insertOne({ _id: 'bad', total: 'not a number' } as object);
    const writes = [buy('x', 1, 1), buy('bad', 2, 1), buy('y', 3, 1), buy('bad', 4, 1), buy('x', 5, 1)];
    const failed = await applyFolded(collection, writes);
    expect(failed.map((write) => write.position)).toEqual(['2', '4']);
    expect(await collection.find({ n: { $gte: 1 } }, { projection: { n: 1 } }).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'x', n: 2 },
      { _id: 'y', n: 1 },
    ]);
  });

  it('re-reads and re-folds a document changed between its read and its write', async () => {
    const collection = db.collection('raced');
    await applyFolded(collection, [buy('a', 1, 1)]);
    let race: Promise<unknown> | undefined;
    const heartbeat = async () => {
      race ??= collection.updateOne({ _id: 'a' } as object, { $inc: { n: 1, total: 2 }, $set: { _position: '00000000000000000002' } });
      await race;
    };
    // the b commands in flight run first; a's command starts after one of them has ended and the race has landed on a
    const many = Array.from({ length: maxWritesPerCommand * commandsInFlight }, (_, index) => buy(`b${index}`, 10 + index, 1));
    expect(await applyFolded(collection, [...many, buy('a', 2, 2), buy('a', 3, 3)], heartbeat)).toEqual([]);
    expect(await collection.findOne({ _id: 'a' } as object)).toMatchObject({ n: 3, total: 6, _position: '00000000000000000003' });
  });
});
