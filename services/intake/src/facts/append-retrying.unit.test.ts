import { EventStoreUnavailableError, WrongExpectedRevisionError, type EventStore } from '@ctp/event-store';
import { describe, expect, it } from 'vitest';
import { appendRetrying } from './append-history.js';

/** A store whose appendMany fails with the errors given, in turn, then answers. */
function storeFailing(...errors: Error[]) {
  let calls = 0;
  const store: Pick<EventStore, 'appendMany'> = {
    appendMany: async () => {
      calls += 1;
      const error = errors.shift();
      if (error) throw error;
      return [{ streamId: 'customer-C-1', lastRevision: 0 } as Awaited<ReturnType<EventStore['appendMany']>>[number]];
    },
  };
  return { store, calls: () => calls };
}

describe('appendRetrying', () => {
  it('tries an append the store could not take again until it is taken', async () => {
    const { store, calls } = storeFailing(new EventStoreUnavailableError('no connection in time'), new EventStoreUnavailableError('dropped'));
    await expect(appendRetrying(store, [], 1)).resolves.toEqual([{ streamId: 'customer-C-1', lastRevision: 0 }]);
    expect(calls()).toBe(3);
  });

  it('gives up after five attempts, and never tries again what the store refused', async () => {
    const unavailable = storeFailing(...Array.from({ length: 6 }, () => new EventStoreUnavailableError('down')));
    await expect(appendRetrying(unavailable.store, [], 1)).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(unavailable.calls()).toBe(5);
    const refused = storeFailing(new WrongExpectedRevisionError('customer-C-1', 0, 1));
    await expect(appendRetrying(refused.store, [], 1)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(refused.calls()).toBe(1);
  });
});
