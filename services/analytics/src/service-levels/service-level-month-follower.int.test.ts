import { createEventStore } from '@ctp/event-store';
import { isRetriable } from '@ctp/service-kit';
import { freePort } from '@ctp/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { followingRun } from './service-level-month-follower.js';

describe('a service-level month run started while PostgreSQL is away', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  afterEach(() => void process.off('unhandledRejection', onUnhandled));

  // docs/drills.md: in the server drill analytics exited on an unhandled EventStoreUnavailableError from headPosition,
  // asked when a run starts and awaited only at its first batch.
  it('rejects nothing unhandled: the end of the feed fails the first batch with a retriable error instead', async () => {
    process.on('unhandledRejection', onUnhandled);
    const away = await createEventStore(`postgres://ctp:ctp@127.0.0.1:${await freePort()}/ctp`, { migrate: false });
    const run = followingRun(away);
    // Asked after the run's own question, on the same pool: once it has failed, so has the run's.
    await expect(away.headPosition()).rejects.toThrow(/ECONNREFUSED/);
    await new Promise((resolve) => setImmediate(resolve));

    expect(unhandled).toEqual([]);
    await expect(run.feedEndAtStart).rejects.toSatisfy(isRetriable);
    await away.close();
  });
});
