import { postgresPool } from '@ctp/event-store';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { isSessionLockHeld, trySessionLock, type SessionLock } from '../dependencies/session-lock.js';

const interruptedError = 'the service stopped while the job ran';

export const jobStates = ['running', 'succeeded', 'failed', 'interrupted'] as const;
export type JobState = (typeof jobStates)[number];

export const jobKinds = ['rebuild', 'replay'] as const;
export type JobKind = (typeof jobKinds)[number];

/** Which jobs a listing shows: all (null) or one kind, one state; newest first. */
export interface JobFilter {
  readonly kind: JobKind | null;
  readonly state: JobState | null;
  readonly limit: number;
}

export interface Job {
  readonly id: string;
  readonly service: string;
  readonly kind: string;
  readonly target: string;
  readonly state: JobState;
  readonly progress: Record<string, unknown> | null;
  readonly result: Record<string, unknown> | null;
  readonly error: string | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

/** A started job: it holds its target's lock until it finishes, so nothing else starts on the target meanwhile. */
export interface RunningJob {
  readonly id: string;
  /** True once its lock's connection is gone: the job is reported interrupted and must not go on. */
  lost(): boolean;
  progress(progress: Record<string, unknown>): Promise<void>;
  succeed(result: Record<string, unknown>): Promise<void>;
  fail(error: string): Promise<void>;
}

interface JobRow {
  id: string;
  service: string;
  kind: string;
  target: string;
  state: JobState;
  progress: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  error: string | null;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/**
 * Long admin operations in the table `admin_jobs`. A running job holds a session-level advisory lock
 * on its target for as long as it runs: a process that dies releases it with its connection, so a
 * job whose row says running but whose lock is free was interrupted (and is reported so).
 */
export class JobStore {
  private readonly table: string;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    schema: string,
    private readonly service: string,
    private readonly now: () => Date,
  ) {
    this.table = `"${schema}"."admin_jobs"`;
  }

  static async open(url: string, schema: string, service: string, now: () => Date): Promise<JobStore> {
    const pool = postgresPool({ connectionString: url, max: 3, connectionTimeoutMillis: 5_000 });
    const store = new JobStore(pool, url, schema, service, now);
    try {
      await store.migrate(schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  /** Starts a job on `target`, or returns the job running on it now. */
  async start(kind: JobKind, target: string): Promise<{ started: RunningJob } | { running: Job | null }> {
    const lock = await trySessionLock(this.url, this.lockName(target));
    if (!lock) return { running: await this.latest(target) };
    try {
      await this.settleInterrupted(target);
      const id = randomUUID();
      const at = this.now();
      await this.pool.query(`INSERT INTO ${this.table} (id, service, kind, target, state, started_at, updated_at) VALUES ($1, $2, $3, $4, 'running', $5, $5)`, [id, this.service, kind, target, at]);
      return { started: this.runningJob(id, lock) };
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  async get(id: string): Promise<Job | null> {
    const { rows } = await this.pool.query<JobRow>(`SELECT * FROM ${this.table} WHERE id = $1 AND service = $2`, [id, this.service]);
    const row = rows[0];
    if (!row) return null;
    if (row.state === 'running' && !(await this.isLocked(row.target))) {
      await this.pool.query(`UPDATE ${this.table} SET state = 'interrupted', error = $2, finished_at = $3 WHERE id = $1 AND state = 'running'`, [id, interruptedError, this.now()]);
      return this.get(id);
    }
    return toJob(row);
  }

  /** The newest jobs first; a job still recorded as running whose lock is free is reported (and recorded) interrupted. */
  async list(filter: JobFilter): Promise<Job[]> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT * FROM ${this.table} WHERE service = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR state = $3 OR (state = 'running' AND $3 = 'interrupted')) ORDER BY started_at DESC LIMIT $4`,
      [this.service, filter.kind, filter.state, filter.limit],
    );
    const jobs = await Promise.all(rows.map(async (row) => (row.state === 'running' ? ((await this.get(row.id)) ?? toJob(row)) : toJob(row))));
    return jobs.filter((job) => filter.state === null || job.state === filter.state);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private runningJob(id: string, lock: SessionLock): RunningJob {
    const finish = async (state: JobState, result: Record<string, unknown> | null, error: string | null) => {
      try {
        await this.pool.query(`UPDATE ${this.table} SET state = $2, result = $3, error = $4, updated_at = $5, finished_at = $5 WHERE id = $1 AND state = 'running'`, [id, state, result, error, this.now()]);
      } finally {
        await lock.release();
      }
    };
    return {
      id,
      lost: () => lock.isLost(),
      progress: async (progress) => void (await this.pool.query(`UPDATE ${this.table} SET progress = $2, updated_at = $3 WHERE id = $1 AND state = 'running'`, [id, progress, this.now()])),
      succeed: (result) => finish('succeeded', result, null),
      fail: (error) => finish('failed', null, error),
    };
  }

  private async latest(target: string): Promise<Job | null> {
    const { rows } = await this.pool.query<JobRow>(`SELECT * FROM ${this.table} WHERE service = $1 AND target = $2 ORDER BY started_at DESC LIMIT 1`, [this.service, target]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** Marks interrupted the jobs on `target` still recorded as running; only called when no live process holds its lock. */
  private async settleInterrupted(target: string): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET state = 'interrupted', error = $4, finished_at = $3 WHERE service = $1 AND target = $2 AND state = 'running'`,
      [this.service, target, this.now(), interruptedError],
    );
  }

  private isLocked(target: string): Promise<boolean> {
    return isSessionLockHeld(this.pool, this.lockName(target));
  }

  private lockName(target: string): string {
    return `ctp-admin-job:${this.service}:${target}`;
  }

  private async migrate(schema: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ctp-migrate:admin-jobs:${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
        id uuid PRIMARY KEY, service text NOT NULL, kind text NOT NULL, target text NOT NULL, state text NOT NULL,
        progress jsonb, result jsonb, error text, started_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, finished_at timestamptz)`);
      await client.query(`CREATE INDEX IF NOT EXISTS admin_jobs_target ON ${this.table} (service, target, started_at)`);
      await client.query(`CREATE INDEX IF NOT EXISTS admin_jobs_recent ON ${this.table} (service, started_at DESC)`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    service: row.service,
    kind: row.kind,
    target: row.target,
    state: row.state,
    progress: row.progress,
    result: row.result,
    error: row.error,
    startedAt: row.started_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
