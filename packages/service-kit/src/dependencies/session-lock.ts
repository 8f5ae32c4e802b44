import pg from 'pg';

/** A PostgreSQL session-level advisory lock, held as long as its own connection lives. */
export interface SessionLock {
  /** Settles when the connection ends or fails: the server has let the lock go, or soon will. */
  readonly lost: Promise<void>;
  isLost(): boolean;
  release(): Promise<void>;
}

export interface SessionLockOptions {
  /** A query on the lock's connection this often, so a connection that died silently is noticed (default 5 s). */
  readonly heartbeatMs?: number;
}

/**
 * Takes the lock named `name` (`pg_try_advisory_lock(hashtext(name))`) on a connection of its own, or answers
 * null when another session holds it. A crashed holder's connection closes and frees the lock.
 */
export async function trySessionLock(url: string, name: string, options: SessionLockOptions = {}): Promise<SessionLock | null> {
  const session = new pg.Client({ connectionString: url, keepAlive: true });
  let lost = false;
  let markLost!: () => void;
  const lostPromise = new Promise<void>((resolve) => (markLost = resolve)).then(() => void (lost = true));
  session.on('error', () => markLost());
  session.on('end', () => markLost());
  await session.connect();
  try {
    const { rows } = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name]);
    if (!rows[0]?.locked) {
      await session.end();
      return null;
    }
  } catch (error) {
    await session.end().catch(() => undefined);
    throw error;
  }
  const heartbeat = setInterval(() => void session.query('SELECT 1').catch(() => markLost()), options.heartbeatMs ?? 5_000);
  heartbeat.unref();
  void lostPromise.then(() => clearInterval(heartbeat));
  return {
    lost: lostPromise,
    isLost: () => lost,
    release: async () => {
      clearInterval(heartbeat);
      await session.end().catch(() => undefined);
    },
  };
}

/** Whether some session holds the lock named `name` now (taken and let go at once when free). */
export async function isSessionLockHeld(pool: pg.Pool, name: string): Promise<boolean> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS free', [name]);
    if (rows[0]?.free) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    return !rows[0]?.free;
  } finally {
    client.release();
  }
}

/** Another process holds the lease: this one stands by, and the kit's start-up retries until it is free. */
export class LeaseHeldElsewhere extends Error {
  override readonly name = 'LeaseHeldElsewhere';
  readonly retriable = true;
}

/** The lease's connection ended: another process may take over, so the work stops and queues for the lease again. */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
  readonly retriable = true;
}

/**
 * The lease of background work that one process at a time may run (`what` names it in errors): a session lock
 * named `name`. Throws LeaseHeldElsewhere (retriable) while another process holds it.
 */
export async function takeLease(url: string, name: string, what: string): Promise<SessionLock> {
  const lease = await trySessionLock(url, name);
  if (!lease) throw new LeaseHeldElsewhere(`another process holds the lease of ${what}; standing by`);
  return lease;
}

/** Rejects with LeaseLost once the lease is lost; never settles without a lease. */
export function leaseLost(lease: SessionLock | null): Promise<never> {
  return lease ? lease.lost.then(() => Promise.reject(new LeaseLost('the lease’s connection ended'))) : new Promise<never>(() => undefined);
}
