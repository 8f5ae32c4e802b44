import { postgresPool } from '@ctp/event-store';
import type pg from 'pg';
import type { Dependency } from '../health/dependency.js';
import { redactUrl } from './redact-url.js';

export interface PostgresDependency extends Dependency {
  readonly pool: pg.Pool;
}

export function postgresDependency(name: string, url: string, maxConnections = 10): PostgresDependency {
  const pool = postgresPool({ connectionString: url, max: maxConnections, connectionTimeoutMillis: 5_000 });
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
