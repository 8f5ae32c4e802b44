import type { GlobalPosition } from '@ctp/contracts';
import type { FastifyInstance } from 'fastify';
import { passedWithin } from './followed-head.js';
import { beyondStoreHead, isBeyond } from './read-your-writes.js';

export interface PositionGuard {
  /** The event store's settled head: a committed event stays beyond it while an earlier transaction is in flight. */
  readonly storeHead: () => Promise<GlobalPosition | null>;
  readonly waitMs: number;
}

interface GuardedPositions extends PositionGuard {
  /** The highest settled head read so far (it only grows): a position at or below it was answered. */
  readonly reached: () => GlobalPosition | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Where the service has read models (`guardPositions`). */
    positionGuard?: GuardedPositions;
  }
}

/** Every route registered in `app`'s scope after this refuses a `minPosition` no command answered (`refuseUnansweredPosition`). */
export function guardPositions(app: FastifyInstance, { storeHead, waitMs }: PositionGuard): void {
  let reached: GlobalPosition | null = null;
  const read = async () => (reached = (await storeHead()) ?? reached);
  app.decorate('positionGuard', { storeHead: read, reached: () => reached, waitMs });
}

/**
 * Run by `route` on input that passed validation: a `minPosition` (in the query or the body) the store's settled
 * head has not passed within `waitMs` was answered by no command, so it is refused with a 400 before the route
 * waits for its read model (which would answer 503, as if retrying could help). One the head passed before costs
 * no query.
 */
export async function refuseUnansweredPosition(app: FastifyInstance, input: { query?: unknown; body?: unknown }): Promise<void> {
  const guard = app.positionGuard;
  if (!guard) return;
  for (const part of ['query', 'body'] as const) {
    const position = (input[part] as { minPosition?: GlobalPosition } | null | undefined)?.minPosition;
    if (typeof position !== 'string' || !isBeyond(position, guard.reached())) continue;
    if (!(await passedWithin(guard.storeHead, position, guard.waitMs))) throw beyondStoreHead(guard.reached(), `${part}.minPosition`);
  }
}
