import { setTimeout as sleep } from 'node:timers/promises';
import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import { ProjectionWaitTimeoutError } from '@ctp/projections';
import { readYourWrites } from '@ctp/service-kit';
import type { Collection, Filter } from 'mongodb';

const pollMs = 50;

/**
 * A feed follower's head once it has passed `minPosition` (after `timeoutMs`: a 400 when `storeHead` says no command
 * answered that position, else a 503 CTP_NOT_READY), or null while
 * no follower has written one: the caller then reads the projection, which waits on its own.
 */
export async function followedHead<Head extends { _id: string; position: GlobalPosition }>(heads: Collection<Head>, headId: string, minPosition: GlobalPosition | undefined, timeoutMs: number, storeHead?: () => Promise<GlobalPosition | null>): Promise<Head | null> {
  const read = () => heads.findOne({ _id: headId } as Filter<Head>) as Promise<Head | null>;
  const head = await read();
  if (head === null || minPosition === undefined || compareGlobalPositions(head.position, minPosition) >= 0) return head;
  const wait = readYourWrites({
    async waitForPosition(position, waitMs) {
      const deadline = performance.now() + waitMs;
      for (;;) {
        const now = await read();
        if (now !== null && compareGlobalPositions(now.position, position) >= 0) return;
        if (performance.now() >= deadline) throw new ProjectionWaitTimeoutError(headId, position, waitMs);
        await sleep(pollMs);
      }
    },
  }, timeoutMs, storeHead);
  await wait(minPosition);
  return read();
}
