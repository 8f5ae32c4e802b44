import { toGlobalPosition, type GlobalPosition } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { followedHead } from './followed-head.js';

/** A follower whose head is at `at.position` (none while null): the test moves it. */
function follower(at: { position: GlobalPosition | null }) {
  return { name: 'scores-head', read: async () => (at.position === null ? null : { position: at.position, caughtUp: true }) };
}

describe('followed head', () => {
  it('is null while no follower has written a head, and the head at once without a minPosition or once past it', async () => {
    await expect(followedHead(follower({ position: null }), toGlobalPosition('5'), 50)).resolves.toBeNull();
    await expect(followedHead(follower({ position: toGlobalPosition('7') }), undefined, 50)).resolves.toEqual({ position: '7', caughtUp: true });
    await expect(followedHead(follower({ position: toGlobalPosition('7') }), toGlobalPosition('7'), 50)).resolves.toEqual({ position: '7', caughtUp: true });
  });

  it('waits for the head to pass the position and answers the head it reached', async () => {
    const at = { position: toGlobalPosition('3') as GlobalPosition | null };
    const waiting = followedHead(follower(at), toGlobalPosition('9'), 5_000);
    at.position = toGlobalPosition('12');
    await expect(waiting).resolves.toEqual({ position: '12', caughtUp: true });
  });

  it('gives up with a 503 CTP_NOT_READY naming the follower, or a 400 for a position beyond the store head', async () => {
    const behind = follower({ position: toGlobalPosition('3') });
    await expect(followedHead(behind, toGlobalPosition('9'), 60)).rejects.toMatchObject({ code: 'CTP_NOT_READY', detail: 'the read model scores-head has not reached position 9 yet; retry' });
    await expect(followedHead(behind, toGlobalPosition('9'), 60, async () => toGlobalPosition('10'))).rejects.toMatchObject({ code: 'CTP_NOT_READY' });
    await expect(followedHead(behind, toGlobalPosition('11'), 60, async () => toGlobalPosition('10'))).rejects.toMatchObject({ code: 'CTP_VALIDATION_FAILED', errors: [{ path: 'query.minPosition' }] });
  });
});
