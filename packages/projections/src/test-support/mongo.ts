import { mongoUrl, uniqueName } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';

/** A fresh database per test file on the shared MongoDB-protocol server; `updates` counts the update statements sent per collection. */
export async function freshDatabase(prefix: string): Promise<{ db: Db; updates: (collection: string) => number; close: () => Promise<void> }> {
  const client = new MongoClient(mongoUrl(), { monitorCommands: true });
  await client.connect();
  const db = client.db(uniqueName(prefix));
  const updates = new Map<string, number>();
  client.on('commandStarted', (event) => {
    if (event.databaseName !== db.databaseName || (event.commandName !== 'update' && event.commandName !== 'insert')) return;
    const collection = String(event.command[event.commandName]);
    const statements = (event.command.updates ?? event.command.documents ?? []) as unknown[];
    updates.set(collection, (updates.get(collection) ?? 0) + statements.length);
  });
  return {
    db,
    updates: (collection) => updates.get(collection) ?? 0,
    close: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
