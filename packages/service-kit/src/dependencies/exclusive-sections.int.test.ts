import { randomUUID } from 'node:crypto';
import { postgresUrl } from '@ctp/test-kit';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { exclusiveSections } from './exclusive-sections.js';

describe('exclusive sections on the real PostgreSQL', () => {
  const [one, other] = [exclusiveSections(postgresUrl()), exclusiveSections(postgresUrl())];
  afterAll(() => Promise.all([one.close(), other.close()]));

  it('run one at a time across two processes\' pools, each its result; sections of other names at once', async () => {
    const name = `test-section-${randomUUID()}`;
    let inside = 0;
    let most = 0;
    const section = (sections: typeof one, index: number) => sections.named(name)(async () => {
      most = Math.max(most, (inside += 1));
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 5));
      inside -= 1;
      return index;
    });
    expect(await Promise.all(Array.from({ length: 8 }, (_, index) => section(index % 2 === 0 ? one : other, index)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(1);
    let otherNameRan = false;
    await one.named(name)(async () => {
      await other.named(`${name}-other`)(async () => void (otherNameRan = true));
    });
    expect(otherNameRan).toBe(true);
  });

  it('let go of the lock when the work fails, so the next section runs', async () => {
    const name = `test-section-${randomUUID()}`;
    await expect(one.named(name)(() => Promise.reject(new Error('the work failed')))).rejects.toThrow('the work failed');
    expect(await other.named(name)(async () => 'next')).toBe('next');
  });

  it("survives the server ending the section's session while the work runs, and the next section runs", async () => {
    const name = `test-section-${randomUUID()}`;
    const admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    const uncaught: unknown[] = [];
    const record = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      // The lock's session sits idle while the work runs: end it from outside, as a server restart does.
      const result = await one.named(name)(async () => {
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = hashtext($1)::oid AND granted`, [name]);
        await eventuallyTrue(async () => (await admin.query(`SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = hashtext($1)::oid`, [name])).rows[0].held === 0);
        return 'done';
      });
      expect(result).toBe('done');
      expect(await other.named(name)(async () => 'next')).toBe('next');
      expect(await one.named(name)(async () => 'again')).toBe('again');
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
      await admin.end();
    }
  });
});

async function eventuallyTrue(probe: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200 && !(await probe()); attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
}
