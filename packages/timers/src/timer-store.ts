import { postgresPool } from '@ctp/event-store';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { tableName, type TableName } from './names.js';
import { schemaSql } from './schema-sql.js';
import { checkDate, checkNewTimer, timerColumns, toTimer, type NewTimer, type Timer, type TimerRow } from './timer.js';

/** Scheduling side of the timers: what a service's command and event handlers use. */
export interface TimerStore {
  /**
   * Stores the timer unless one with this id exists, whatever its state: `'exists'` then, and the
   * first one is kept unchanged. So a timer that fired (or was cancelled) never comes back when its
   * deterministic id is scheduled again after a restart or a replay.
   */
  schedule(timer: NewTimer): Promise<'scheduled' | 'exists'>;
  /** `schedule` for each timer, in one statement; answers how many were stored (an id repeated in the list counts once). */
  scheduleAll(timers: readonly NewTimer[]): Promise<number>;
  /** Moves a pending timer to `dueAt` (attempts and last error reset); false if it is not pending. */
  reschedule(id: string, dueAt: Date): Promise<boolean>;
  /** Cancels a pending timer (its id stays used); false if it is not pending. */
  cancel(id: string): Promise<boolean>;
  get(id: string): Promise<Timer | null>;
  countPending(kind?: string): Promise<number>;
  /** The earliest time a pending timer (of these kinds) becomes claimable, or null when none is pending. */
  nextDue(kinds?: readonly string[]): Promise<Date | null>;
  /** Pending timers whose last attempt failed after at least `minAttempts` attempts (default 3), oldest due first. */
  failing(options?: { minAttempts?: number; limit?: number }): Promise<Timer[]>;
  /** Parked timers (of this kind), the oldest parked first, with why each was parked in `lastError`. */
  parked(options?: { kind?: string; limit?: number }): Promise<Timer[]>;
  /**
   * Puts a parked timer back: pending again at `availableAt` (default now) with its attempts reset,
   * its `dueAt` and payload unchanged; false if it is not parked.
   */
  redrive(id: string, availableAt?: Date): Promise<boolean>;
  /**
   * Deletes fired and cancelled timers settled before `settledBefore` (parked ones stay); returns how many. A purged id
   * can be scheduled (and fire) again, so keep settled timers longer than any replay could re-schedule them.
   */
  purge(settledBefore: Date): Promise<number>;
  close(): Promise<void>;
}

export interface TimerStoreOptions {
  /** Schema holding the table: one per service (`tiering`), or one per test. Created if missing. */
  readonly schema: string;
  /** Default `timers`. */
  readonly table?: string;
  readonly maxConnections?: number;
  /** The clock for createdAt, cancellation and purge times (default: this process's clock). */
  readonly now?: () => Date;
  /** Create the schema and table on start (default true). */
  readonly migrate?: boolean;
}

export interface ClaimedBatch {
  /** One lease token for the whole batch. */
  readonly token: string;
  readonly timers: readonly Timer[];
}

/** @internal What the worker needs beyond the TimerStore port. */
export interface TimerLeases {
  readonly name: TableName;
  claim(options: { now: Date; leaseMs: number; limit: number; kinds: readonly string[] | null }): Promise<ClaimedBatch>;
  /** Extends the lease; returns the ids the token still holds. */
  renew(token: string, until: Date): Promise<Set<string>>;
  /** Marks the timer fired if the token still holds it. */
  complete(id: string, token: string, now: Date): Promise<boolean>;
  /** Records the failure and hands the timer back for a retry at `retryAt`, if the token still holds it. */
  fail(id: string, token: string, error: string, retryAt: Date): Promise<boolean>;
  /** Parks the timer with its reason (no more attempts) if the token still holds it. */
  park(id: string, token: string, reason: string, now: Date): Promise<boolean>;
  /** Hands back claimed timers that were never started (attempt not counted). */
  release(ids: readonly string[], token: string, now: Date): Promise<void>;
  /** Called after a timer is scheduled or rescheduled in this process, so a sleeping worker can wake. */
  onScheduled(listener: (kind: string, dueAt: Date) => void): () => void;
  nextDue(kinds?: readonly string[]): Promise<Date | null>;
  /** Workers on this store; close() stops them first. */
  track(worker: { stop(): Promise<void> }): () => void;
}

export async function createTimerStore(url: string, options: TimerStoreOptions): Promise<PostgresTimerStore> {
  const name = tableName(options.schema, options.table ?? 'timers');
  const pool = postgresPool({ connectionString: url, max: options.maxConnections ?? 5, connectionTimeoutMillis: 5_000 });
  try {
    if (options.migrate ?? true) await migrate(pool, name);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresTimerStore(pool, name, options.now ?? (() => new Date()));
}

/** Runs the idempotent DDL under an advisory lock, so two processes starting at once do not race. */
async function migrate(pool: pg.Pool, name: TableName): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1::text))', [`ctp-migrate:timers:${name.qualified}`]);
    await client.query(schemaSql(name));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export class PostgresTimerStore implements TimerStore, TimerLeases {
  private readonly table: string;
  private readonly listeners = new Set<(kind: string, dueAt: Date) => void>();
  private readonly workers = new Set<{ stop(): Promise<void> }>();
  private closed: Promise<void> | undefined;

  constructor(
    readonly pool: pg.Pool,
    readonly name: TableName,
    private readonly now: () => Date,
  ) {
    this.table = name.qualified;
  }

  get schema(): string {
    return this.name.schema;
  }

  async schedule(timer: NewTimer): Promise<'scheduled' | 'exists'> {
    return (await this.scheduleAll([timer])) === 1 ? 'scheduled' : 'exists';
  }

  async scheduleAll(timers: readonly NewTimer[]): Promise<number> {
    const payloads = timers.map(checkNewTimer);
    if (timers.length === 0) return 0;
    const { rows } = await this.pool.query<{ kind: string; due_at: Date }>(
      `INSERT INTO ${this.table} (id, kind, payload, due_at, available_at, created_at)
       SELECT id, kind, payload, due_at, due_at, $5 FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[]) AS t(id, kind, payload, due_at)
       ON CONFLICT (id) DO NOTHING RETURNING kind, due_at`,
      [timers.map(({ id }) => id), timers.map(({ kind }) => kind), payloads, timers.map(({ dueAt }) => dueAt), this.now()],
    );
    for (const { kind, due_at: dueAt } of rows) this.announce(kind, dueAt);
    return rows.length;
  }

  async reschedule(id: string, dueAt: Date): Promise<boolean> {
    checkDate(dueAt, `timer ${id}: dueAt`);
    return this.makeAvailable(
      `UPDATE ${this.table} SET due_at = $2, available_at = $2, lease_token = NULL, attempts = 0, last_error = NULL
       WHERE id = $1 AND state = 'pending' RETURNING kind`,
      id,
      dueAt,
    );
  }

  async cancel(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET state = 'cancelled', settled_at = $2, lease_token = NULL WHERE id = $1 AND state = 'pending'`,
      [id, this.now()],
    );
    return rowCount === 1;
  }

  async get(id: string): Promise<Timer | null> {
    const { rows } = await this.pool.query<TimerRow>(`SELECT ${timerColumns} FROM ${this.table} WHERE id = $1`, [id]);
    const row = rows[0];
    return row ? toTimer(row) : null;
  }

  async countPending(kind?: string): Promise<number> {
    const { rows } = await this.pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM ${this.table} WHERE state = 'pending' AND ($1::text IS NULL OR kind = $1)`,
      [kind ?? null],
    );
    return rows[0]?.count ?? 0;
  }

  async nextDue(kinds?: readonly string[]): Promise<Date | null> {
    const { rows } = await this.pool.query<{ next: Date | null }>(
      `SELECT min(available_at) AS next FROM ${this.table} WHERE state = 'pending' AND ($1::text[] IS NULL OR kind = ANY($1))`,
      [kinds ?? null],
    );
    return rows[0]?.next ?? null;
  }

  async failing(options: { minAttempts?: number; limit?: number } = {}): Promise<Timer[]> {
    const { rows } = await this.pool.query<TimerRow>(
      `SELECT ${timerColumns} FROM ${this.table}
       WHERE state = 'pending' AND last_error IS NOT NULL AND attempts >= $1 ORDER BY due_at, id LIMIT $2`,
      [options.minAttempts ?? 3, options.limit ?? 100],
    );
    return rows.map(toTimer);
  }

  async parked(options: { kind?: string; limit?: number } = {}): Promise<Timer[]> {
    const { rows } = await this.pool.query<TimerRow>(
      `SELECT ${timerColumns} FROM ${this.table}
       WHERE state = 'parked' AND ($1::text IS NULL OR kind = $1) ORDER BY settled_at, id LIMIT $2`,
      [options.kind ?? null, options.limit ?? 100],
    );
    return rows.map(toTimer);
  }

  async redrive(id: string, availableAt: Date = this.now()): Promise<boolean> {
    checkDate(availableAt, `timer ${id}: availableAt`);
    return this.makeAvailable(
      `UPDATE ${this.table} SET state = 'pending', settled_at = NULL, available_at = $2, lease_token = NULL, attempts = 0
       WHERE id = $1 AND state = 'parked' RETURNING kind`,
      id,
      availableAt,
    );
  }

  async purge(settledBefore: Date): Promise<number> {
    checkDate(settledBefore, 'settledBefore');
    const { rowCount } = await this.pool.query(`DELETE FROM ${this.table} WHERE state IN ('fired', 'cancelled') AND settled_at < $1`, [settledBefore]);
    return rowCount ?? 0;
  }

  /**
   * One statement, so one short transaction: lock the due timers no other worker holds (SKIP
   * LOCKED), then lease them. A row another claim just leased no longer matches `available_at <= now`
   * when it is re-checked, so two workers never get the same timer while its lease runs.
   */
  async claim(options: { now: Date; leaseMs: number; limit: number; kinds: readonly string[] | null }): Promise<ClaimedBatch> {
    const token = randomUUID();
    const { rows } = await this.pool.query<TimerRow>(
      `WITH due AS (
         SELECT id FROM ${this.table}
         WHERE state = 'pending' AND available_at <= $1 AND ($4::text[] IS NULL OR kind = ANY($4))
         ORDER BY available_at, id LIMIT $3
         FOR UPDATE SKIP LOCKED
       )
       UPDATE ${this.table} AS timers
       SET available_at = $2, lease_token = $5, attempts = timers.attempts + 1, last_attempt_at = $1
       FROM due WHERE timers.id = due.id
       RETURNING ${timerColumns
         .split(', ')
         .map((column) => `timers.${column}`)
         .join(', ')}`,
      [options.now, new Date(options.now.getTime() + options.leaseMs), options.limit, options.kinds, token],
    );
    const timers = rows.map(toTimer).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { token, timers };
  }

  async renew(token: string, until: Date): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ id: string }>(
      `UPDATE ${this.table} SET available_at = $2 WHERE lease_token = $1 AND state = 'pending' RETURNING id`,
      [token, until],
    );
    return new Set(rows.map((row) => row.id));
  }

  async complete(id: string, token: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET state = 'fired', settled_at = $3, lease_token = NULL, last_error = NULL
       WHERE id = $1 AND lease_token = $2 AND state = 'pending'`,
      [id, token, now],
    );
    return rowCount === 1;
  }

  async fail(id: string, token: string, error: string, retryAt: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET available_at = $4, lease_token = NULL, last_error = $3
       WHERE id = $1 AND lease_token = $2 AND state = 'pending'`,
      [id, token, error, retryAt],
    );
    return rowCount === 1;
  }

  async park(id: string, token: string, reason: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.table} SET state = 'parked', settled_at = $4, lease_token = NULL, last_error = $3
       WHERE id = $1 AND lease_token = $2 AND state = 'pending'`,
      [id, token, reason, now],
    );
    return rowCount === 1;
  }

  async release(ids: readonly string[], token: string, now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query(
      `UPDATE ${this.table} SET available_at = $3, lease_token = NULL, attempts = greatest(attempts - 1, 0)
       WHERE id = ANY($1) AND lease_token = $2 AND state = 'pending'`,
      [ids, token, now],
    );
  }

  onScheduled(listener: (kind: string, dueAt: Date) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  track(worker: { stop(): Promise<void> }): () => void {
    this.workers.add(worker);
    return () => this.workers.delete(worker);
  }

  /** Stops the workers started on this store (each finishes its handler in hand), then closes the pool. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await Promise.allSettled([...this.workers].map((worker) => worker.stop()));
      await this.pool.end();
    })();
    return this.closed;
  }

  /** Runs an UPDATE of one timer ($1 = id) making it claimable at `at` ($2); wakes sleeping workers if it matched. */
  private async makeAvailable(sql: string, id: string, at: Date): Promise<boolean> {
    const { rows } = await this.pool.query<{ kind: string }>(sql, [id, at]);
    const kind = rows[0]?.kind;
    if (kind === undefined) return false;
    this.announce(kind, at);
    return true;
  }

  private announce(kind: string, dueAt: Date): void {
    for (const listener of this.listeners) listener(kind, dueAt);
  }
}
