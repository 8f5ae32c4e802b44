import { postgresUrl, uniqueName } from '@ctp/test-kit';
import pg from 'pg';
import { expect, vi } from 'vitest';
import { createTimerStore, type PostgresTimerStore, type TimerStoreOptions } from '../timer-store.js';

export interface TimersSubject {
  readonly schema: string;
  readonly store: PostgresTimerStore;
  /** Direct access to the tables, for tests that look at or prepare raw rows. */
  readonly admin: pg.Pool;
  /** Another store on the same table, as a second process would open it. */
  openStore(options?: Partial<TimerStoreOptions>): Promise<PostgresTimerStore>;
  close(): Promise<void>;
}

/** A timer store in a fresh schema of the test database, dropped again on close. */
export async function openTimersSubject(options: Partial<TimerStoreOptions> = {}): Promise<TimersSubject> {
  const schema = uniqueName('timers');
  const stores: PostgresTimerStore[] = [];
  const openStore = async (more: Partial<TimerStoreOptions> = {}) => {
    const store = await createTimerStore(postgresUrl(), { ...options, ...more, schema });
    stores.push(store);
    return store;
  };
  const store = await openStore();
  const admin = new pg.Pool({ connectionString: postgresUrl(), max: 4 });
  return {
    schema,
    store,
    admin,
    openStore,
    async close() {
      await Promise.all(stores.map((opened) => opened.close()));
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

/** A clock that only moves when told to. */
export class FakeClock {
  private time: number;

  constructor(start: Date | string) {
    this.time = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.time);

  advance(ms: number): void {
    this.time += ms;
  }
}

/** Simulated work inside a handler; never a way to wait for something else to happen. */
export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * The store as a worker sees it, counting the worker's polls (claims answered). Tests that check that
 * nothing more happened wait for more polls instead of sleeping: a claim answered after `afterPolls(2)`
 * began means the worker looked again after everything it had claimed before was handled.
 */
export function countingPolls(store: PostgresTimerStore) {
  let polls = 0;
  const counted: PostgresTimerStore = Object.create(store, {
    claim: {
      value: async (options: Parameters<PostgresTimerStore['claim']>[0]) => {
        const batch = await store.claim(options);
        polls += 1;
        return batch;
      },
    },
  });
  return {
    store: counted,
    polls: () => polls,
    async afterPolls(more = 2): Promise<void> {
      const target = polls + more;
      await vi.waitFor(() => expect(polls).toBeGreaterThanOrEqual(target), { timeout: 10_000, interval: 5 });
    },
  };
}

export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
