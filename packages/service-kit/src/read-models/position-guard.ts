import { setTimeout as sleep } from 'node:timers/promises';
import type { GlobalPosition } from '@ctp/contracts';
import type { FastifyInstance } from 'fastify';
import { beyondStoreHead, isBeyond } from './read-your-writes.js';

interface PositionGuard {
  /** The event store's settled head: a committed event stays beyond it while an earlier transaction is in flight. */
  readonly storeHead: () => Promise<GlobalPosition | null>;
  readonly waitMs: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Where the service has read models (`guardPositions`). */
    positionGuard?: PositionGuard;
  }
}

const pollMs = 25;

/** Every route registered in `app`'s scope after this refuses a `minPosition` no command answered (`refuseUnansweredPosition`). */
export function guardPositions(app: FastifyInstance, guard: PositionGuard): void {
  app.decorate('positionGuard', guard);
}

/**
 * Run by `route` on input that passed validation: a `minPosition` (in the query or the body) the store's settled
 * head has not passed within `waitMs` was answered by no command, so it is refused with a 400 before the route
 * waits for its read model (which would answer 503, as if retrying could help).
 */
export async function refuseUnansweredPosition(app: FastifyInstance, input: { query?: unknown; body?: unknown }): Promise<void> {
  const guard = app.positionGuard;
  if (!guard) return;
  for (const part of ['query', 'body'] as const) {
    const position = (input[part] as { minPosition?: GlobalPosition } | null | undefined)?.minPosition;
    if (typeof position !== 'string') continue;
    const deadline = performance.now() + guard.waitMs;
    for (;;) {
      const head = await guard.storeHead();
      if (!isBeyond(position, head)) break;
      if (performance.now() >= deadline) throw beyondStoreHead(head, `${part}.minPosition`);
      await sleep(pollMs);
    }
  }
}
