import type { PostgresTimerStore, Timer } from '@ctp/timers';

export interface TimerKindSummary {
  readonly table: string;
  readonly kind: string;
  /** Pending and claimable now (not leased, not waiting for a retry). */
  readonly due: number;
  /** Pending after at least one failed attempt. */
  readonly failing: number;
  readonly parked: number;
  readonly pending: number;
  /** The oldest due time of a due timer: how late the worker is. */
  readonly oldestDueAt: string | null;
}

export const timerListStates = ['due', 'failing', 'parked'] as const;
export type TimerListState = (typeof timerListStates)[number];

/** Due, failing, parked and pending counts per kind of one timer table. */
export async function summariseTimers(store: PostgresTimerStore, now: Date): Promise<TimerKindSummary[]> {
  const { rows } = await store.pool.query<{ kind: string; due: number; failing: number; parked: number; pending: number; oldest_due_at: Date | null }>(
    `SELECT kind,
       count(*) FILTER (WHERE state = 'pending' AND available_at <= $1)::int AS due,
       count(*) FILTER (WHERE state = 'pending' AND last_error IS NOT NULL)::int AS failing,
       count(*) FILTER (WHERE state = 'parked')::int AS parked,
       count(*) FILTER (WHERE state = 'pending')::int AS pending,
       min(due_at) FILTER (WHERE state = 'pending' AND available_at <= $1) AS oldest_due_at
     FROM ${store.name.qualified} WHERE state IN ('pending', 'parked') GROUP BY kind ORDER BY kind`,
    [now],
  );
  return rows.map((row) => ({ table: store.name.table, kind: row.kind, due: row.due, failing: row.failing, parked: row.parked, pending: row.pending, oldestDueAt: row.oldest_due_at?.toISOString() ?? null }));
}

/** The timers of one table in a state: parked and failing through the store, due by its claim rule. */
export async function listTimers(store: PostgresTimerStore, state: TimerListState, now: Date, limit: number): Promise<Timer[]> {
  if (state === 'parked') return store.parked({ limit });
  if (state === 'failing') return store.failing({ minAttempts: 1, limit });
  const { rows } = await store.pool.query<{ id: string }>(`SELECT id FROM ${store.name.qualified} WHERE state = 'pending' AND available_at <= $1 ORDER BY available_at, id LIMIT $2`, [now, limit]);
  const timers = await Promise.all(rows.map((row) => store.get(row.id)));
  return timers.filter((timer): timer is Timer => timer !== null);
}
