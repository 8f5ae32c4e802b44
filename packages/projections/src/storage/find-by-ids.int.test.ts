import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test-support/mongo.js';
import { findByIds } from './find-by-ids.js';

describe('documents by id on the real server', () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await freshDatabase('by-ids')));
  afterAll(() => close());

  it('answers the documents in the order of the ids asked, once each, leaving out the missing ones', async () => {
    const collection = db.collection<{ _id: string; n: number }>('customers');
    await collection.insertMany(Array.from({ length: 20 }, (_, n) => ({ _id: `C-${n}`, n })));
    const asked = ['C-17', 'C-3', 'missing', 'C-9', 'C-3', 'C-0', 'C-11', 'C-12', 'C-13', 'C-14', 'C-15'];
    const found = await findByIds(collection, asked, { projection: { n: 1 } });
    expect(found.map((document) => document._id)).toEqual(['C-17', 'C-3', 'C-9', 'C-0', 'C-11', 'C-12', 'C-13', 'C-14', 'C-15']);
    expect(found[0]).toEqual({ _id: 'C-17', n: 17 });
    expect(await findByIds(collection, [])).toEqual([]);
  });
});
