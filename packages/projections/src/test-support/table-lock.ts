import { postgresUrl } from '@ctp/test-kit';
import type { Db } from 'mongodb';
import pg from 'pg';

/**
 * Blocks writes to one collection on the real server: FerretDB keeps each collection in a
 * PostgreSQL table (database `ferretdb` next to the test database), and an EXCLUSIVE lock on it
 * lets reads through and makes every write wait until the lock is released.
 */
export async function lockCollectionTable(db: Db, collection: string): Promise<{ blockedWrites(): Promise<number>; release(): Promise<void> }> {
  const url = new URL(postgresUrl());
  url.pathname = '/ferretdb';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const schema = db.databaseName;
  const found = await client
    .query<{ table: string }>(`SELECT _jsonb->>'table' AS table FROM "${schema}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = $1`, [collection])
    .catch(() => ({ rows: [] as { table: string }[] }));
  const table = found.rows[0]?.table;
  if (!table) {
    await client.end();
    throw new Error(`no PostgreSQL table for ${schema}.${collection}: this test slows FerretDB's PostgreSQL backend, so CTP_MONGO_URL must point at a FerretDB on the CTP_POSTGRES_URL server`);
  }
  await client.query('BEGIN');
  await client.query(`LOCK TABLE "${schema}"."${table}" IN EXCLUSIVE MODE`);
  const watcher = new pg.Client({ connectionString: url.toString() });
  await watcher.connect();
  return {
    async blockedWrites() {
      const waiting = await watcher.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace s ON s.oid = c.relnamespace WHERE NOT l.granted AND s.nspname = $1 AND c.relname = $2`,
        [schema, table],
      );
      return Number(waiting.rows[0]?.n ?? 0);
    },
    async release() {
      await client.query('COMMIT');
      await Promise.all([client.end(), watcher.end()]);
    },
  };
}
