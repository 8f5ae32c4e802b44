import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import { ProjectionWaitTimeoutError } from '@ctp/projections';
import { readYourWrites, type ReadYourWrites } from '@ctp/service-kit';
import { setTimeout as sleep } from 'node:timers/promises';

type ReadHead = () => Promise<{ readonly position: GlobalPosition } | null>;
const pollMs = 25;

/** Waits for a feed follower's head to pass `minPosition`, as the kit's read-your-writes waits for a projection (503 CTP_NOT_READY after `timeoutMs`). */
export function followerReadYourWrites(name: string, readHead: ReadHead, timeoutMs = 5_000): ReadYourWrites {
  return readYourWrites({
    async waitForPosition(position: GlobalPosition, waitMs: number) {
      const deadline = performance.now() + waitMs;
      for (;;) {
        const head = await readHead();
        if (head !== null && compareGlobalPositions(head.position, position) >= 0) return;
        if (performance.now() >= deadline) throw new ProjectionWaitTimeoutError(name, position, waitMs);
        await sleep(pollMs);
      }
    },
  }, timeoutMs);
}

/** The head's position, for the answer cache's version. */
export function followerVersion(name: string, readHead: ReadHead): () => Promise<string> {
  return async () => `${name}@${(await readHead())?.position ?? 'none'}`;
}
