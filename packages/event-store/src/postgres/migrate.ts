import type pg from 'pg';

/**
 * Runs idempotent DDL under a transaction-level advisory lock, so two processes starting at once do
 * not race on CREATE ... IF NOT EXISTS.
 */
export async function migrate(pool: pg.Pool, lockName: string, sql: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1::text))`, [`ctp-migrate:${lockName}`]);
    await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
