import { randomUUID } from 'node:crypto';
import { eventually, postgresUrl } from '@ctp/test-kit';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { isSessionLockHeld, trySessionLock } from './session-lock.js';

describe('a session lock on the real PostgreSQL', () => {
  const pool = new pg.Pool({ connectionString: postgresUrl(), max: 2 });
  afterAll(() => pool.end());

  it('is held by one session at a time, and free again once released', async () => {
    const name = `test-lock-${randomUUID()}`;
    const first = await trySessionLock(postgresUrl(), name);
    expect(first).not.toBeNull();
    expect(await trySessionLock(postgresUrl(), name)).toBeNull();
    expect(await isSessionLockHeld(pool, name)).toBe(true);
    await first!.release();
    expect(await isSessionLockHeld(pool, name)).toBe(false);
    const second = await trySessionLock(postgresUrl(), name);
    expect(second).not.toBeNull();
    await second!.release();
  });

  it('is reported lost when the server ends its session, and another session can take it', async () => {
    const name = `test-lock-${randomUUID()}`;
    const lock = (await trySessionLock(postgresUrl(), name, { heartbeatMs: 100 }))!;
    const { rows } = await pool.query<{ pid: number }>(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = (hashtext($1)::bigint & 4294967295) AND granted`, [name]);
    expect(rows).toHaveLength(1);
    await pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await lock.lost;
    expect(lock.isLost()).toBe(true);
    const next = await eventually(() => trySessionLock(postgresUrl(), name).then((taken) => taken ?? undefined), 'the lock taken by another session', () => '');
    await next.release();
    await lock.release();
  });
});
