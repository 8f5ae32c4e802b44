import { decoderFor, type TierEvent } from '@ctp/contracts';
import { postgresUrl } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../errors.js';
import { openPostgresSubject, type PostgresSubject } from '../postgres/test-support/postgres-subject.js';
import { handleCommand, type CommandContext, type StreamDecider } from './handle-command.js';

// A small decider on tier streams: the overrides that expired, in order.
const expiries: StreamDecider<string[], TierEvent> = {
  initialState: () => [],
  evolve: (state, event) => (event.type === 'TierOverrideExpired' ? [...state, event.data.overrideId] : state),
  decode: decoderFor('tier'),
};
const expire = (customerId: string, overrideId: string) => (expired: string[]): TierEvent[] =>
  expired.includes(overrideId) ? [] : [{ type: 'TierOverrideExpired', data: { customerId, overrideId, tier: 'gold', revertedTo: null } }];
const context = (causationId: string): CommandContext => ({ causationId, correlationId: causationId, occurredAt: '2026-11-01T00:00:00.000Z', actor: { kind: 'service', id: 'test' } });

describe('handleCommand on the PostgreSQL store', () => {
  let subject: PostgresSubject;
  beforeAll(async () => (subject = await openPostgresSubject(postgresUrl())));
  afterAll(() => subject.close());

  it('appends what decide returns at the revision it decided on, with ids derived from the cause', async () => {
    const first = await handleCommand(subject.store, 'tier-C-1', expiries, expire('C-1', 'o-1'), context('timer-1'));
    expect(first.state).toEqual(['o-1']);
    const second = await handleCommand(subject.store, 'tier-C-1', expiries, expire('C-1', 'o-2'), context('timer-2'));
    expect(second.appended?.events.map((event) => event.revision)).toEqual([1]);
    const stored = await subject.store.readStream('tier-C-1');
    expect(stored.map((event) => [event.type, event.causationId])).toEqual([
      ['TierOverrideExpired', 'timer-1'],
      ['TierOverrideExpired', 'timer-2'],
    ]);
  });

  it('appends nothing for a cause the stream already holds (a redelivery)', async () => {
    await handleCommand(subject.store, 'tier-C-2', expiries, expire('C-2', 'o-1'), context('timer-9'));
    const again = await handleCommand(subject.store, 'tier-C-2', expiries, expire('C-2', 'o-other'), context('timer-9'));
    expect(again).toMatchObject({ alreadyHandled: true, appended: null, state: ['o-1'] });
    expect(await subject.store.readStream('tier-C-2')).toHaveLength(1);
  });

  it('decides again on the fresh stream when another writer got in first', async () => {
    let decisions = 0;
    const result = await handleCommand(subject.store, 'tier-C-3', expiries, async (state) => {
      decisions += 1;
      // The first time, another writer appends between this command's read and its append.
      if (decisions === 1) await handleCommand(subject.store, 'tier-C-3', expiries, expire('C-3', 'o-1'), context('other'));
      return expire('C-3', 'o-2')(state);
    }, context('mine'));
    expect(decisions).toBe(2);
    expect(result.state).toEqual(['o-1', 'o-2']);
  });

  it('throws the conflict after the bounded number of attempts', async () => {
    let decisions = 0;
    const racing = handleCommand(subject.store, 'tier-C-4', expiries, async (state) => {
      decisions += 1;
      await handleCommand(subject.store, 'tier-C-4', expiries, expire('C-4', `o-${decisions}`), context(`other-${decisions}`));
      return expire('C-4', 'mine')(state);
    }, context('mine'), 3);
    await expect(racing).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(decisions).toBe(3);
  });
});
