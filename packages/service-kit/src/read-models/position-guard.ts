import { globalPositionSchema, type GlobalPosition } from '@ctp/contracts';
import type { FastifyRequest } from 'fastify';
import { beyondStoreHead, isBeyond } from './read-your-writes.js';

/**
 * A preHandler for every route: a `minPosition` (in the query or the body) beyond the store's newest position is
 * refused with a 400 at once, before the route runs or waits. A malformed one is left to the route's own validation.
 */
export function refuseUnansweredPositions(storeHead: () => Promise<GlobalPosition | null>) {
  return async (request: FastifyRequest): Promise<void> => {
    for (const [part, value] of [['query', request.query], ['body', request.body]] as const) {
      const position = globalPositionSchema.safeParse((value as { minPosition?: unknown } | null | undefined)?.minPosition);
      if (!position.success) continue;
      const head = await storeHead();
      if (isBeyond(position.data, head)) throw beyondStoreHead(head, `${part}.minPosition`);
    }
  };
}
