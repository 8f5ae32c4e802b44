import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, mongoUrl, postgresUrl, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = join(import.meta.dirname, '..', '..', '..', '..', 'scripts', 'drills', 'restore.sh');

interface DrillReport {
  readonly reconciled: boolean;
  readonly problems: readonly string[];
  readonly events: { readonly source: number; readonly sourceAfterBackup: number; readonly standby: number };
  readonly audit: Record<'source' | 'standby', { readonly verified: boolean; readonly eventsVerified: number; readonly checkpointsVerified: number; readonly sealedUpTo: string | null }>;
  readonly readModels: Record<string, { readonly events: number }>;
}

/**
 * The restore drill on a tiny history: a new database seeded and sealed, backed up, restored into a
 * new PostgreSQL cluster on a free port, every read model rebuilt into new FerretDB databases, and
 * the standby reconciled with the source. Nothing of the running servers' data is touched, and the
 * drill leaves nothing behind.
 */
describe('the restore drill (scripts/drills/restore.sh)', () => {
  it('restores a sealed history into a standby that holds the same events, verifies alike and rebuilds the read models', async () => {
    const name = uniqueName('drill').toLowerCase().replace(/[^a-z0-9_]/g, '_');
    const standbyPort = await freePort();
    const { stdout, stderr } = await run('bash', [script], {
      env: { ...process.env, DRILL_NAME: name, DRILL_CUSTOMERS: '5', STANDBY_PORT: String(standbyPort) },
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(stdout.split('\n').find((line) => line.startsWith('{'))!) as DrillReport;

    expect(report.problems).toEqual([]);
    expect(report.reconciled).toBe(true);
    expect(report.events).toEqual({ source: 20, sourceAfterBackup: 20, standby: 20 });
    expect(report.audit.standby).toEqual(report.audit.source);
    expect(report.audit.standby).toMatchObject({ verified: true, eventsVerified: 20, sealedUpTo: '20' });
    expect(report.audit.standby.checkpointsVerified).toBeGreaterThan(0);
    expect(report.readModels['intake-customer-summary']?.events).toBe(20);
    expect(Object.keys(report.readModels).length).toBeGreaterThanOrEqual(10);
    for (const step of ['backup (pg_dump)', 'standby cluster (initdb + start)', 'restore (pg_restore)', 'rebuild read models', 'standby: count + audit verify']) {
      expect(stderr).toContain(`[drill] ${step}`);
    }

    const serverUrl = postgresUrl().replace(/\/[^/]*$/, '/postgres');
    const left = await run('psql', ['-X', '-At', serverUrl, '-c', `SELECT count(*) FROM pg_database WHERE datname = 'ctp_drill_src_${name}'`]);
    expect(left.stdout.trim()).toBe('0');
    const mongo = await new MongoClient(mongoUrl()).connect();
    try {
      const { databases } = await mongo.db().admin().listDatabases();
      expect(databases.map((database) => database.name).filter((database) => database.startsWith(`ctp_drill_${name}_`))).toEqual([]);
    } finally {
      await mongo.close();
    }
    await expect(run('psql', ['-X', '-At', `postgres://ctp:ctp@127.0.0.1:${standbyPort}/ctp`, '-c', 'SELECT 1'], { env: { ...process.env, PGCONNECT_TIMEOUT: '2' } })).rejects.toThrow();
  }, 1_800_000);
});
