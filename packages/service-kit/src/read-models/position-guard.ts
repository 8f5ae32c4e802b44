import type { GlobalPosition } from '@ctp/contracts';
import type { FastifyInstance } from 'fastify';
import { beyondStoreHead, isBeyond } from './read-your-writes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The event store's newest position, where the service has read models (`guardPositions`). */
    storeHead?: () => Promise<GlobalPosition | null>;
  }
}

/** Every route registered in `app`'s scope after this refuses a `minPosition` beyond `storeHead` (`refuseUnansweredPosition`). */
export function guardPositions(app: FastifyInstance, storeHead: () => Promise<GlobalPosition | null>): void {
  app.decorate('storeHead', storeHead);
}

/**
 * Run by `route` on input that passed validation: a `minPosition` (in the query or the body) beyond the store's
 * newest position was answered by no command, so it is refused with a 400 at once, before the route waits for it.
 */
export async function refuseUnansweredPosition(app: FastifyInstance, input: { query?: unknown; body?: unknown }): Promise<void> {
  if (!app.storeHead) return;
  for (const part of ['query', 'body'] as const) {
    const position = (input[part] as { minPosition?: GlobalPosition } | null | undefined)?.minPosition;
    if (typeof position !== 'string') continue;
    const head = await app.storeHead();
    if (isBeyond(position, head)) throw beyondStoreHead(head, `${part}.minPosition`);
  }
}
