import { setTimeout as sleep } from 'node:timers/promises';
import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import { ProjectionWaitTimeoutError } from '@ctp/projections';
import { readYourWrites } from './read-your-writes.js';

/** A feed follower's head document (one `_id` read): the feed position it has applied. */
export interface FollowerHead<Head extends { readonly position: GlobalPosition }> {
  /** Names the follower in the 503's detail. */
  readonly name: string;
  readonly read: () => Promise<Head | null>;
}

const pollMs = 25;

/** Whether `read` reaches `position` within `waitMs`, polled every 25 ms. */
async function passedWithin(read: () => Promise<GlobalPosition | null>, position: GlobalPosition, waitMs: number): Promise<boolean> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    const now = await read();
    if (now !== null && compareGlobalPositions(now, position) >= 0) return true;
    if (performance.now() >= deadline) return false;
    await sleep(pollMs);
  }
}

/**
 * The follower's head once it has passed `minPosition`, waited for as `readYourWrites` waits for a projection (after
 * `timeoutMs`: a 400 when `storeHead` says no command answered that position, else a 503 CTP_NOT_READY); null while
 * no follower has written one: the caller then reads elsewhere, which waits on its own.
 */
export async function followedHead<Head extends { readonly position: GlobalPosition }>(follower: FollowerHead<Head>, minPosition: GlobalPosition | undefined, timeoutMs: number, storeHead?: () => Promise<GlobalPosition | null>): Promise<Head | null> {
  const head = await follower.read();
  if (head === null || minPosition === undefined || compareGlobalPositions(head.position, minPosition) >= 0) return head;
  const wait = readYourWrites({
    async waitForPosition(position, waitMs) {
      if (!(await passedWithin(async () => (await follower.read())?.position ?? null, position, waitMs))) throw new ProjectionWaitTimeoutError(follower.name, position, waitMs);
    },
  }, timeoutMs, storeHead);
  await wait(minPosition);
  return follower.read();
}
