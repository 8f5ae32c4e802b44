import pg from 'pg';

const ignored = () => undefined;

/**
 * A pg pool whose clients never end the process with an 'error' nobody handles. pg-pool listens for an idle client's
 * errors (it drops the client and emits 'error' on the pool, listened to here) but not for a checked-out one's: a
 * server ending the session (a restart, `pg_terminate_backend`) while the holder awaits something between two queries
 * (a transaction's work, a held lock) would emit 'error' with no listener and end the process. Every client gets a
 * listener of its own for its whole life; the holder learns of the failure from its next query.
 */
export function postgresPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', ignored);
  pool.on('connect', (client) => client.on('error', ignored));
  return pool;
}
