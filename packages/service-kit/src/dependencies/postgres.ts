import pg from 'pg';
import type { Dependency } from '../health/dependency.js';
import { redactUrl } from './redact-url.js';

export interface PostgresDependency extends Dependency {
  readonly pool: pg.Pool;
}

export function postgresDependency(name: string, url: string, maxConnections = 10): PostgresDependency {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => undefined);
  return {
    name,
    target: redactUrl(url),
    pool,
    async check() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * Listens for a checked-out client's errors until the returned function is called. pg-pool stops listening while a
 * client is out, so a server ending the session while the holder awaits something else (a held lock, work between
 * two queries of a transaction) would raise an 'error' nobody handles, which ends the process; the holder learns of
 * it from its next query instead. Call the returned function before `release`.
 */
export function listenWhileCheckedOut(client: pg.PoolClient): () => void {
  const ignoreEnded = () => undefined;
  client.on('error', ignoreEnded);
  return () => void client.off('error', ignoreEnded);
}
