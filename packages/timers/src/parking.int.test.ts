import { postgresUrl, uniqueName } from '@ctp/test-kit';
import pg from 'pg';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { z } from 'zod';
import { defineTimerKind, timerRegistry } from './timer-kind.js';
import { createTimerStore } from './timer-store.js';
import { startTimerWorker } from './timer-worker.js';
import { countingPolls, FakeClock, openTimersSubject } from './test-support/subject.js';

async function subject() {
  const opened = await openTimersSubject();
  onTestFinished(() => opened.close());
  return opened;
}

const fast = { pollIntervalMs: 20, leaseMs: 5_000 } as const;
const inThePast = new Date('2020-01-01T00:00:00Z');

function reviewKind(handled: string[]) {
  return defineTimerKind({
    kind: 'review',
    payload: z.object({ customerId: z.string().min(1) }),
    handle: async ({ payload, timer }) => void handled.push(`${timer.id}:${payload.customerId}`),
  });
}

describe('parked timers', () => {
  it('parks an unknown kind and an invalid payload at their first attempt, and fires the rest', async () => {
    const { store } = await subject();
    const handled: string[] = [];
    await store.schedule({ id: 'unknown', kind: 'renamed', dueAt: inThePast, payload: { customerId: 'C-1' } });
    await store.schedule({ id: 'invalid', kind: 'review', dueAt: inThePast, payload: { customer: 'C-2' } });
    await store.schedule({ id: 'good', kind: 'review', dueAt: inThePast, payload: { customerId: 'C-3' } });
    const worker = countingPolls(store);
    startTimerWorker({ store: worker.store, handle: timerRegistry([reviewKind(handled)]).handler(undefined), ...fast });
    await vi.waitFor(async () => expect(await store.parked()).toHaveLength(2));
    await vi.waitFor(async () => expect((await store.get('good'))?.state).toBe('fired'));
    await worker.afterPolls();

    expect(handled).toEqual(['good:C-3']);
    expect(await store.get('unknown')).toMatchObject({ state: 'parked', attempts: 1, parkedAt: expect.any(Date), leasedUntil: null, lastError: expect.stringMatching(/^unknown_kind: no timer kind "renamed"/) });
    expect(await store.get('invalid')).toMatchObject({ state: 'parked', attempts: 1, lastError: expect.stringMatching(/^invalid_payload: customerId: /) });
    expect((await store.parked({ kind: 'review' })).map((timer) => timer.id)).toEqual(['invalid']);
    expect(await store.countPending()).toBe(0);
    expect(await store.nextDue()).toBeNull();
  });

  it('parks a timer whose handler fails maxAttempts times, and a redrive fires it once fixed', async () => {
    const clock = new FakeClock('2025-03-01T12:00:00Z');
    const { store } = await subject();
    await store.schedule({ id: 'flaky', kind: 'k', dueAt: clock.now(), payload: null });
    let broken = true;
    let calls = 0;
    const worker = countingPolls(store);
    startTimerWorker({
      store: worker.store,
      now: clock.now,
      ...fast,
      maxAttempts: 3,
      backoff: { initialMs: 1_000, factor: 1, jitter: 0 },
      handle: async () => {
        calls += 1;
        if (broken) throw new Error(`down ${calls}`);
      },
    });
    for (const attempts of [1, 2]) {
      await vi.waitFor(async () => expect(await store.get('flaky')).toMatchObject({ state: 'pending', attempts, lastError: `Error: down ${attempts}` }));
      clock.advance(1_000);
    }
    await vi.waitFor(async () => expect((await store.get('flaky'))?.state).toBe('parked'));
    clock.advance(60_000);
    await worker.afterPolls();
    expect(calls).toBe(3);
    expect(await store.get('flaky')).toMatchObject({ attempts: 3, parkedAt: expect.any(Date), lastError: 'handler_failed after 3 attempts: Error: down 3' });
    expect(await store.failing({ minAttempts: 1 })).toEqual([]);

    broken = false;
    // the store's clock is the process clock: the redriven timer is due at once by the worker's clock only when told so
    expect(await store.redrive('flaky', clock.now())).toBe(true);
    expect(await store.redrive('flaky')).toBe(false);
    await vi.waitFor(async () => expect(await store.get('flaky')).toMatchObject({ state: 'fired', attempts: 1, lastError: null, parkedAt: null }));
    expect(calls).toBe(4);
    expect(await store.parked()).toEqual([]);
    expect(await store.redrive('missing')).toBe(false);
  });

  it('never parks a timer for a failure its isRetriable calls a server down, however many attempts', async () => {
    const clock = new FakeClock('2025-03-01T12:00:00Z');
    const { store } = await subject();
    await store.schedule({ id: 'waits', kind: 'k', dueAt: clock.now(), payload: null });
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' });
    startTimerWorker({
      store,
      now: clock.now,
      ...fast,
      maxAttempts: 2,
      backoff: { initialMs: 1_000, factor: 1, jitter: 0 },
      isRetriable: (error) => error === down,
      handle: async () => {
        throw down;
      },
    });
    for (const attempts of [1, 2, 3, 4]) {
      await vi.waitFor(async () => expect(await store.get('waits')).toMatchObject({ state: 'pending', attempts, leasedUntil: null }));
      clock.advance(1_000);
    }
    expect(await store.parked()).toEqual([]);
  });

  it('keeps parked timers when settled ones are purged', async () => {
    const { store } = await subject();
    await store.schedule({ id: 'parked', kind: 'renamed', dueAt: inThePast, payload: null });
    startTimerWorker({ store, handle: timerRegistry([]).handler(undefined), ...fast });
    await vi.waitFor(async () => expect((await store.get('parked'))?.state).toBe('parked'));
    expect(await store.purge(new Date('2999-01-01T00:00:00Z'))).toBe(0);
    expect(await store.parked()).toHaveLength(1);
  });
});

describe('the timers table of an earlier version', () => {
  it('is migrated once to accept parked timers, keeping its rows', async () => {
    const schema = uniqueName('timers');
    const admin = new pg.Pool({ connectionString: postgresUrl(), max: 2 });
    onTestFinished(async () => {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    });
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query(`CREATE TABLE "${schema}".timers (
      id text PRIMARY KEY, kind text NOT NULL, payload jsonb NOT NULL, due_at timestamptz NOT NULL,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'fired', 'cancelled')),
      available_at timestamptz NOT NULL, lease_token uuid, attempts integer NOT NULL DEFAULT 0, last_error text,
      last_attempt_at timestamptz, created_at timestamptz NOT NULL, settled_at timestamptz,
      CHECK ((state = 'pending') = (settled_at IS NULL)))`);
    await admin.query(`INSERT INTO "${schema}".timers (id, kind, payload, due_at, available_at, created_at) VALUES ('old', 'renamed', 'null', $1, $1, $1)`, [inThePast]);
    const checks = async () =>
      (await admin.query<{ name: string }>(`SELECT conname AS name FROM pg_constraint WHERE conrelid = '"${schema}".timers'::regclass AND contype = 'c' ORDER BY conname`)).rows.map((row) => row.name);
    expect(await checks()).toEqual(['timers_check', 'timers_state_check']);

    const [store, again] = await Promise.all([createTimerStore(postgresUrl(), { schema }), createTimerStore(postgresUrl(), { schema })]);
    onTestFinished(() => Promise.all([store.close(), again.close()]).then(() => undefined));
    expect(await checks()).toEqual(['timers_check', 'timers_states']);
    startTimerWorker({ store, handle: timerRegistry([]).handler(undefined), ...fast });
    await vi.waitFor(async () => expect(await store.get('old')).toMatchObject({ state: 'parked', lastError: expect.stringMatching(/^unknown_kind/) }));
    await expect(admin.query(`UPDATE "${schema}".timers SET state = 'lost'`)).rejects.toThrow(/timers_states/);
  });
});
