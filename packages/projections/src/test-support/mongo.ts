import { mongoUrl, uniqueName } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';

/** A fresh database per test file on the shared MongoDB-protocol server. */
export async function freshDatabase(prefix: string): Promise<{ db: Db; close: () => Promise<void> }> {
  const client = new MongoClient(mongoUrl());
  await client.connect();
  const db = client.db(uniqueName(prefix));
  return {
    db,
    close: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
