import type { GlobalPosition } from '@ctp/contracts';
import type { FastifyInstance } from 'fastify';
import { beyondStoreHead, isBeyond } from './read-your-writes.js';

export interface PositionGuard {
  /** The event store's newest committed position: every position a command answered is at or below it. */
  readonly newestPosition: () => Promise<GlobalPosition | null>;
}

interface GuardedPositions extends PositionGuard {
  /** The highest newest position read so far (it only grows): a position at or below it was answered. */
  readonly reached: () => GlobalPosition | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Where the service has read models (`guardPositions`). */
    positionGuard?: GuardedPositions;
  }
}

/** Every route registered in `app`'s scope after this refuses a `minPosition` no command answered (`refuseUnansweredPosition`). */
export function guardPositions(app: FastifyInstance, { newestPosition }: PositionGuard): void {
  let reached: GlobalPosition | null = null;
  const read = async () => (reached = (await newestPosition()) ?? reached);
  app.decorate('positionGuard', { newestPosition: read, reached: () => reached });
}

/**
 * Run by `route` on input that passed validation: a `minPosition` (in the query or the body) beyond the store's
 * newest committed position was answered by no command, so it is refused at once with a 400, before the route waits
 * for its read model (which would answer 503, as if retrying could help). One at or below the newest position read
 * before costs no query.
 */
export async function refuseUnansweredPosition(app: FastifyInstance, input: { query?: unknown; body?: unknown }): Promise<void> {
  const guard = app.positionGuard;
  if (!guard) return;
  for (const part of ['query', 'body'] as const) {
    const position = (input[part] as { minPosition?: GlobalPosition } | null | undefined)?.minPosition;
    if (typeof position !== 'string' || !isBeyond(position, guard.reached())) continue;
    if (isBeyond(position, await guard.newestPosition())) throw beyondStoreHead(guard.reached(), `${part}.minPosition`);
  }
}
