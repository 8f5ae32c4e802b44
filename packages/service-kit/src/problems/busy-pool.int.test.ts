import { randomInt } from 'node:crypto';
import { postgresUrl } from '@ctp/test-kit';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresDependency } from '../dependencies/postgres.js';
import { toProblem } from './error-handler.js';

// docs/drills.md: after the PostgreSQL faults, under load, reads were answered 500: every connection of a pool busy for
// longer than its connectionTimeoutMillis (5 s) fails the next query with pg-pool's own error, which names no code.
describe('a PostgreSQL pool with every connection busy on the real server', () => {
  const holder = new pg.Client({ connectionString: postgresUrl() });
  const dependency = postgresDependency('busy', postgresUrl(), 1);
  afterAll(async () => {
    await holder.end();
    await dependency.close();
  });

  it('answers a query that waited too long for a connection 503 CTP_NOT_READY with Retry-After, not 500', async () => {
    const key = randomInt(2 ** 31);
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [key]);
    // The pool's only connection waits on the lock the other session holds.
    const blocked = dependency.pool.query('SELECT pg_advisory_lock($1)', [key]);
    const waited = await dependency.pool.query('SELECT 1').then(() => undefined, (error: unknown) => error as Error);
    await holder.query('SELECT pg_advisory_unlock($1)', [key]);
    await blocked;
    await dependency.pool.query('SELECT pg_advisory_unlock($1)', [key]);

    expect(waited?.message).toBe('timeout exceeded when trying to connect');
    const problem = toProblem(waited!);
    expect({ status: problem.status, code: problem.code, retryAfter: problem.headers['retry-after'] }).toEqual({ status: 503, code: 'CTP_NOT_READY', retryAfter: '2' });
  }, 30_000);
});
