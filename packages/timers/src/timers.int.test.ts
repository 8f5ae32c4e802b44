import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createTimerStore } from './timer-store.js';
import { startTimerWorker, type TimerWorkerOptions } from './timer-worker.js';
import type { Timer } from './timer.js';
import { postgresUrl } from '@ctp/test-kit';
import { countingPolls, deferred, FakeClock, openTimersSubject, sleep } from './test-support/subject.js';

const fast = { pollIntervalMs: 20, leaseMs: 5_000 } as const;

async function subject() {
  const opened = await openTimersSubject();
  onTestFinished(() => opened.close());
  return opened;
}

function recorder() {
  const fired: Timer[] = [];
  const handle: TimerWorkerOptions['handle'] = async (timer) => {
    fired.push(timer);
  };
  return { fired, handle, ids: () => fired.map((timer) => timer.id) };
}

const inThePast = (ms = 1_000) => new Date(Date.now() - ms);

describe('the timer store', () => {
  it('creates its schema and table idempotently, also from two processes at once', async () => {
    const { store, schema, openStore } = await subject();
    await store.schedule({ id: 'kept', kind: 'k', dueAt: new Date('2030-01-01T00:00:00Z'), payload: 1 });
    const [again, twice] = await Promise.all([openStore(), openStore()]);
    expect(await again!.get('kept')).toMatchObject({ id: 'kept', state: 'pending' });
    expect(await twice!.countPending()).toBe(1);
    await expect(createTimerStore(postgresUrl(), { schema, table: 'Bad-Name' })).rejects.toThrow(RangeError);
  });

  it('keeps the first timer when an id is scheduled twice', async () => {
    const { store } = await subject();
    const dueAt = new Date('2030-01-01T00:00:00Z');
    expect(await store.schedule({ id: 't1', kind: 'tier-review', dueAt, payload: { customerId: 'C-1' } })).toBe('scheduled');
    expect(await store.schedule({ id: 't1', kind: 'other', dueAt: new Date('2031-01-01T00:00:00Z'), payload: { customerId: 'C-2' } })).toBe('exists');
    const timer = await store.get('t1');
    expect(timer).toMatchObject({ kind: 'tier-review', dueAt, payload: { customerId: 'C-1' }, state: 'pending', attempts: 0, lastError: null, leasedUntil: null });
    expect(await store.countPending()).toBe(1);
    expect(await store.countPending('tier-review')).toBe(1);
    expect(await store.countPending('other')).toBe(0);
    expect(await store.get('missing')).toBeNull();
  });

  it('schedules many timers in one statement, keeping those already there and the first of an id repeated', async () => {
    const { store } = await subject();
    const dueAt = new Date('2030-01-01T00:00:00Z');
    await store.schedule({ id: 'there', kind: 'k', dueAt, payload: 'first' });
    const payload = { quote: 'say "hi" \\ {a,b}' };
    const stored = await store.scheduleAll([
      { id: 'there', kind: 'k', dueAt: new Date('2031-01-01T00:00:00Z'), payload: 'second' },
      { id: 'new', kind: 'k', dueAt, payload },
      { id: 'new', kind: 'k', dueAt: new Date('2031-01-01T00:00:00Z'), payload: null },
      { id: 'other', kind: 'j', dueAt, payload: [1, 2] },
    ]);
    expect(stored).toBe(2);
    expect(await store.get('there')).toMatchObject({ payload: 'first' });
    expect(await store.get('new')).toMatchObject({ kind: 'k', dueAt, payload });
    expect(await store.get('other')).toMatchObject({ kind: 'j', payload: [1, 2] });
    expect(await store.scheduleAll([])).toBe(0);
    await expect(store.scheduleAll([{ id: 'late', kind: 'k', dueAt, payload: null }, { id: '', kind: 'k', dueAt, payload: null }])).rejects.toThrow(TypeError);
    expect(await store.get('late')).toBeNull();
  });

  it('reschedules and cancels pending timers only, and a cancelled id stays used', async () => {
    const { store } = await subject();
    const first = new Date('2030-01-01T00:00:00Z');
    const later = new Date('2030-06-01T00:00:00Z');
    await store.schedule({ id: 'a', kind: 'k', dueAt: first, payload: null });
    await store.schedule({ id: 'b', kind: 'k', dueAt: later, payload: null });
    expect(await store.nextDue()).toEqual(first);
    expect(await store.reschedule('a', new Date('2031-01-01T00:00:00Z'))).toBe(true);
    expect(await store.nextDue()).toEqual(later);
    expect(await store.cancel('b')).toBe(true);
    expect(await store.cancel('b')).toBe(false);
    expect(await store.reschedule('b', first)).toBe(false);
    expect(await store.schedule({ id: 'b', kind: 'k', dueAt: first, payload: null })).toBe('exists');
    expect(await store.get('b')).toMatchObject({ state: 'cancelled', cancelledAt: expect.any(Date), firedAt: null });
    expect(await store.reschedule('missing', first)).toBe(false);
    expect(await store.nextDue(['other-kind'])).toBeNull();
  });

  it('purges settled timers older than the given time, which frees their ids', async () => {
    const clock = new FakeClock('2025-01-01T00:00:00Z');
    const { openStore } = await subject();
    const store = await openStore({ now: clock.now });
    await store.schedule({ id: 'old', kind: 'k', dueAt: new Date('2030-01-01T00:00:00Z'), payload: null });
    await store.schedule({ id: 'pending', kind: 'k', dueAt: new Date('2030-01-01T00:00:00Z'), payload: null });
    await store.cancel('old');
    clock.advance(60_000);
    expect(await store.purge(new Date('2025-01-01T00:00:30Z'))).toBe(1);
    expect(await store.get('old')).toBeNull();
    expect(await store.countPending()).toBe(1);
    expect(await store.schedule({ id: 'old', kind: 'k', dueAt: new Date('2030-01-01T00:00:00Z'), payload: null })).toBe('scheduled');
  });
});

describe('the timer worker', () => {
  it('fires a due timer once and keeps a fired record', async () => {
    const { store } = await subject();
    const { fired, handle, ids } = recorder();
    const dueAt = inThePast();
    await store.schedule({ id: 'once', kind: 'tier-review', dueAt, payload: { customerId: 'C-1' } });
    const worker = countingPolls(store);
    startTimerWorker({ store: worker.store, handle, ...fast });
    await vi.waitFor(async () => expect((await store.get('once'))?.state).toBe('fired'));
    await worker.afterPolls();
    expect(ids()).toEqual(['once']);
    expect(fired[0]).toMatchObject({ kind: 'tier-review', payload: { customerId: 'C-1' }, dueAt, attempts: 1 });
    expect(await store.get('once')).toMatchObject({ state: 'fired', firedAt: expect.any(Date), attempts: 1, leasedUntil: null });
    expect(await store.countPending()).toBe(0);
    expect(await store.nextDue()).toBeNull();
  });

  it('never fires a timer again when its id is scheduled again after it fired', async () => {
    const { store } = await subject();
    const { handle, ids } = recorder();
    const worker = countingPolls(store);
    startTimerWorker({ store: worker.store, handle, ...fast });
    await store.schedule({ id: 'review:C-1:2025-07', kind: 'tier-review', dueAt: inThePast(), payload: null });
    await vi.waitFor(async () => expect((await store.get('review:C-1:2025-07'))?.state).toBe('fired'));
    // what a scheduler does after a restart: schedule the same deterministic id again
    expect(await store.schedule({ id: 'review:C-1:2025-07', kind: 'tier-review', dueAt: inThePast(), payload: null })).toBe('exists');
    await worker.afterPolls();
    expect(ids()).toEqual(['review:C-1:2025-07']);
  });

  it('does not fire before the timer is due by the injected clock', async () => {
    const clock = new FakeClock('2025-03-01T12:00:00Z');
    const { store } = await subject();
    const { handle, ids } = recorder();
    await store.schedule({ id: 'later', kind: 'k', dueAt: new Date('2025-03-01T13:00:00Z'), payload: null });
    const worker = countingPolls(store);
    startTimerWorker({ store: worker.store, handle, now: clock.now, ...fast });
    await worker.afterPolls();
    clock.advance(60 * 60_000 - 1);
    await worker.afterPolls();
    expect(ids()).toEqual([]);
    expect(await store.get('later')).toMatchObject({ state: 'pending', attempts: 0 });
    clock.advance(1);
    await vi.waitFor(() => expect(ids()).toEqual(['later']));
  });

  it('wakes up for a timer scheduled in the same process instead of waiting for the next poll', async () => {
    const { store } = await subject();
    const worker = countingPolls(store);
    const firedAtPoll: number[] = [];
    startTimerWorker({ store: worker.store, handle: async () => void firedAtPoll.push(worker.polls()), pollIntervalMs: 60_000 });
    await worker.afterPolls(1);
    await store.schedule({ id: 'now', kind: 'k', dueAt: inThePast(), payload: null });
    // the next poll is a minute away: only the wake-up can make the second claim take it
    await vi.waitFor(() => expect(firedAtPoll).toEqual([2]), { timeout: 10_000 });
    await store.scheduleAll([{ id: 'now too', kind: 'k', dueAt: inThePast(), payload: null }]);
    await vi.waitFor(() => expect(firedAtPoll).toEqual([2, 3]), { timeout: 10_000 });
  });

  it('sleeps until the nearest due time when it is sooner than the poll interval', async () => {
    const { store, openStore } = await subject();
    const firedAt: number[] = [];
    const dueAt = new Date(Date.now() + 400);
    // scheduled before the worker starts, so no in-process wake-up is involved
    await store.schedule({ id: 'soon', kind: 'k', dueAt, payload: null });
    const other = await openStore();
    startTimerWorker({ store: other, pollIntervalMs: 60_000, handle: async () => void firedAt.push(Date.now()) });
    await vi.waitFor(() => expect(firedAt).toHaveLength(1), { timeout: 3_000 });
    expect(firedAt[0]).toBeGreaterThanOrEqual(dueAt.getTime());
  });

  it('takes only the kinds it is given', async () => {
    const { store } = await subject();
    const { handle, ids } = recorder();
    await store.schedule({ id: 'mine', kind: 'tier-review', dueAt: inThePast(), payload: null });
    await store.schedule({ id: 'theirs', kind: 'sla-deadline', dueAt: inThePast(), payload: null });
    const worker = countingPolls(store);
    startTimerWorker({ store: worker.store, handle, kinds: ['tier-review'], ...fast });
    await vi.waitFor(() => expect(ids()).toEqual(['mine']));
    await worker.afterPolls();
    expect(ids()).toEqual(['mine']);
    expect(await store.get('theirs')).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('fires each of 200 timers exactly once with two workers on one table, never concurrently', async () => {
    const { store, openStore } = await subject();
    const other = await openStore();
    const count = 200;
    const base = Date.now() - 10_000;
    for (let start = 0; start < count; start += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, offset) => start + offset).map((index) =>
          store.schedule({ id: `t-${index}`, kind: 'k', dueAt: new Date(base + index), payload: { index } }),
        ),
      );
    }
    const firings = new Map<string, string[]>();
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    const handlerFor = (worker: string): TimerWorkerOptions['handle'] => async (timer) => {
      if (inFlight.has(timer.id)) overlaps.push(timer.id);
      inFlight.add(timer.id);
      await sleep(Math.random() * 3);
      firings.set(timer.id, [...(firings.get(timer.id) ?? []), worker]);
      inFlight.delete(timer.id);
    };
    const [one, two] = [countingPolls(store), countingPolls(other)];
    const workers = [
      startTimerWorker({ store: one.store, handle: handlerFor('one'), batchSize: 5, ...fast }),
      startTimerWorker({ store: two.store, handle: handlerFor('two'), batchSize: 5, ...fast }),
    ];
    await vi.waitFor(async () => expect(await store.countPending()).toBe(0), { timeout: 30_000, interval: 50 });
    await Promise.all([one.afterPolls(), two.afterPolls()]);
    await Promise.all(workers.map((worker) => worker.stop()));

    expect(overlaps).toEqual([]);
    expect(firings.size).toBe(count);
    expect([...firings.values()].every((by) => by.length === 1)).toBe(true);
    const byWorker = [...firings.values()].flat();
    expect(byWorker.filter((worker) => worker === 'one').length).toBeGreaterThan(0);
    expect(byWorker.filter((worker) => worker === 'two').length).toBeGreaterThan(0);
    const { rows } = await store.pool.query<{ state: string; attempts: number; count: number }>(
      `SELECT state, attempts, count(*)::int AS count FROM ${store.name.qualified} GROUP BY state, attempts`,
    );
    expect(rows).toEqual([{ state: 'fired', attempts: 1, count }]);
  });

  it('retries a failing handler with backoff, records the error, and lists it as failing', async () => {
    const clock = new FakeClock('2025-03-01T12:00:00Z');
    const { store } = await subject();
    const start = clock.now().getTime();
    await store.schedule({ id: 'flaky', kind: 'k', dueAt: clock.now(), payload: null });
    let calls = 0;
    const errors: [unknown, Timer | undefined][] = [];
    const worker = countingPolls(store);
    startTimerWorker({
      store: worker.store,
      now: clock.now,
      ...fast,
      backoff: { initialMs: 1_000, factor: 2, jitter: 0 },
      onError: (error, timer) => errors.push([error, timer]),
      handle: async () => {
        calls += 1;
        if (calls <= 2) throw new Error(`boom ${calls}`);
      },
    });

    await vi.waitFor(async () => expect(await store.get('flaky')).toMatchObject({ attempts: 1, lastError: 'Error: boom 1', leasedUntil: null }));
    expect((await store.get('flaky'))?.availableAt).toEqual(new Date(start + 1_000));
    expect(errors).toHaveLength(1);
    expect(errors[0]![1]).toMatchObject({ id: 'flaky', attempts: 1 });
    await worker.afterPolls();
    expect(calls).toBe(1);
    expect((await store.failing({ minAttempts: 1 })).map((timer) => timer.id)).toEqual(['flaky']);
    expect(await store.failing()).toEqual([]);

    clock.advance(1_000);
    await vi.waitFor(async () => expect(await store.get('flaky')).toMatchObject({ attempts: 2, lastError: 'Error: boom 2' }));
    expect((await store.get('flaky'))?.availableAt).toEqual(new Date(start + 1_000 + 2_000));
    expect(await store.nextDue()).toEqual(new Date(start + 3_000));

    clock.advance(1_999);
    await worker.afterPolls();
    expect(calls).toBe(2);
    clock.advance(1);
    await vi.waitFor(async () => expect(await store.get('flaky')).toMatchObject({ state: 'fired', attempts: 3, lastError: null }));
    expect(calls).toBe(3);
    expect(await store.failing({ minAttempts: 1 })).toEqual([]);
  });

  it('stop() waits for the handler in hand and hands back the claimed timers it did not start', async () => {
    const { store } = await subject();
    await store.schedule({ id: 'first', kind: 'k', dueAt: inThePast(2_000), payload: null });
    await store.schedule({ id: 'second', kind: 'k', dueAt: inThePast(1_000), payload: null });
    const entered = deferred();
    const release = deferred();
    const handled: string[] = [];
    const worker = startTimerWorker({
      store,
      ...fast,
      handle: async (timer) => {
        entered.resolve();
        await release.promise;
        handled.push(timer.id);
      },
    });
    await entered.promise;
    expect(await store.get('second')).toMatchObject({ attempts: 1, leasedUntil: expect.any(Date) });
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    // stop() has nothing to wait for but the handler, held until released: a few turns of the event loop and its queries settle
    for (let turn = 0; turn < 20; turn++) await new Promise((done) => setImmediate(done));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(handled).toEqual(['first']);
    expect(await store.get('first')).toMatchObject({ state: 'fired' });
    expect(await store.get('second')).toMatchObject({ state: 'pending', attempts: 0, leasedUntil: null });
    await worker.finished;
  });

  it('keeps the lease of a handler that runs longer than leaseMs, so no other worker fires it meanwhile', async () => {
    const { store, openStore } = await subject();
    const other = await openStore();
    await store.schedule({ id: 'slow', kind: 'k', dueAt: inThePast(), payload: null });
    const firings: string[] = [];
    const entered = deferred();
    const rival = countingPolls(other);
    startTimerWorker({
      store,
      pollIntervalMs: 20,
      leaseMs: 300,
      handle: async () => {
        firings.push('one');
        entered.resolve();
        // the rival polls at least 10 ms apart: 40 polls outlast the 300 ms lease more than once
        await rival.afterPolls(40);
      },
    });
    await entered.promise;
    startTimerWorker({ store: rival.store, pollIntervalMs: 20, leaseMs: 300, handle: async () => void firings.push('two') });
    await vi.waitFor(async () => expect((await store.get('slow'))?.state).toBe('fired'), { timeout: 5_000 });
    expect(firings).toEqual(['one']);
  });

  it('tells the handler when its timer was cancelled meanwhile, and does not mark it fired', async () => {
    const { store } = await subject();
    await store.schedule({ id: 'cancel-me', kind: 'k', dueAt: inThePast(), payload: null });
    const entered = deferred();
    let aborted = false;
    const worker = startTimerWorker({
      store,
      pollIntervalMs: 20,
      leaseMs: 150,
      handle: async (_timer, { signal }) => {
        entered.resolve();
        await new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true }));
        aborted = signal.aborted;
      },
    });
    await entered.promise;
    expect(await store.cancel('cancel-me')).toBe(true);
    await vi.waitFor(() => expect(aborted).toBe(true), { timeout: 2_000 });
    await worker.stop();
    expect(await store.get('cancel-me')).toMatchObject({ state: 'cancelled', firedAt: null });
  });

  it('keeps going when the handler of one timer fails, and store.close() stops its workers', async () => {
    const { openStore } = await subject();
    const store = await openStore();
    await store.schedule({ id: 'bad', kind: 'k', dueAt: inThePast(2_000), payload: null });
    await store.schedule({ id: 'good', kind: 'k', dueAt: inThePast(1_000), payload: null });
    const worker = startTimerWorker({
      store,
      ...fast,
      handle: async (timer) => {
        if (timer.id === 'bad') throw new Error('bad timer');
      },
    });
    await vi.waitFor(async () => expect((await store.get('good'))?.state).toBe('fired'));
    expect(await store.get('bad')).toMatchObject({ state: 'pending', lastError: 'Error: bad timer' });
    await store.close();
    await expect(worker.finished).resolves.toBeUndefined();
  });
});
