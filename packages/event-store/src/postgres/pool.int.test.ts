import { postgresUrl } from '@ctp/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresPool } from './pool.js';

describe('postgresPool', () => {
  const [pool, admin] = [postgresPool({ connectionString: postgresUrl(), max: 2 }), postgresPool({ connectionString: postgresUrl(), max: 1 })];
  afterAll(async () => {
    await Promise.all([pool.end(), admin.end()]);
  });

  it('a client checked out and idle outlives its session ended by the server: nothing is thrown, its next query fails, the pool serves on', async () => {
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const ended = new Promise((resolve) => client.once('end', resolve));
    // The server sends FATAL 57P01 to a session with no query running: pg emits 'error' on the client, which pg-pool does not listen for while it is out.
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await ended;
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(true);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
  });
});
