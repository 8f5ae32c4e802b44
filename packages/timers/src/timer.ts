/** Anything JSON.stringify turns into JSON and JSON.parse gives back (undefined members are dropped). */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json | undefined };

/** `parked`: given up on (unknown kind, invalid payload, or a handler failing `maxAttempts` times), waiting for a redrive. */
export type TimerState = 'pending' | 'fired' | 'cancelled' | 'parked';

export interface NewTimer {
  /**
   * Unique and deterministic for the thing it stands for (`tier-review:C-42:2025-07-01`), so that
   * scheduling it again, after a restart or a replay, finds the first one instead of adding another.
   * An id is used once: after the timer fired or was cancelled, scheduling the id again does nothing.
   */
  readonly id: string;
  /** When it should fire. A time in the past fires at the next poll. */
  readonly dueAt: Date;
  /** What it is for (`tier-review`, `override-expiry`); workers can take only some kinds. */
  readonly kind: string;
  readonly payload: Json;
}

export interface Timer {
  readonly id: string;
  readonly kind: string;
  readonly payload: Json;
  readonly dueAt: Date;
  readonly state: TimerState;
  /** Attempts so far: each claim by a worker counts one, whether the handler succeeded, failed or never returned. */
  readonly attempts: number;
  /** The error of the last failed attempt (cleared by reschedule), or why it was parked. */
  readonly lastError: string | null;
  readonly lastAttemptAt: Date | null;
  /** The earliest time a worker may claim it: dueAt, the end of a lease, or the retry time after a failure. */
  readonly availableAt: Date;
  /** While a worker holds it: when that lease runs out (a crashed worker's timer is claimable again then). */
  readonly leasedUntil: Date | null;
  readonly createdAt: Date;
  readonly firedAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly parkedAt: Date | null;
}

export interface TimerRow {
  id: string;
  kind: string;
  payload: Json;
  due_at: Date;
  state: TimerState;
  available_at: Date;
  lease_token: string | null;
  attempts: number;
  last_error: string | null;
  last_attempt_at: Date | null;
  created_at: Date;
  settled_at: Date | null;
}

export const timerColumns = 'id, kind, payload, due_at, state, available_at, lease_token, attempts, last_error, last_attempt_at, created_at, settled_at';

export function toTimer(row: TimerRow): Timer {
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    dueAt: row.due_at,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    lastAttemptAt: row.last_attempt_at,
    availableAt: row.available_at,
    leasedUntil: row.state === 'pending' && row.lease_token !== null ? row.available_at : null,
    createdAt: row.created_at,
    firedAt: row.state === 'fired' ? row.settled_at : null,
    cancelledAt: row.state === 'cancelled' ? row.settled_at : null,
    parkedAt: row.state === 'parked' ? row.settled_at : null,
  };
}

/** Checks a timer before it is stored; returns the payload as JSON text. */
export function checkNewTimer(timer: NewTimer): string {
  if (typeof timer.id !== 'string' || timer.id.length === 0) throw new TypeError('timer id must be a non-empty string');
  if (typeof timer.kind !== 'string' || timer.kind.length === 0) throw new TypeError(`timer ${timer.id}: kind must be a non-empty string`);
  checkDate(timer.dueAt, `timer ${timer.id}: dueAt`);
  const payload = JSON.stringify(timer.payload) as string | undefined;
  if (payload === undefined) throw new TypeError(`timer ${timer.id}: payload must be JSON`);
  return payload;
}

export function checkDate(value: Date, what: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError(`${what} must be a valid Date`);
}
