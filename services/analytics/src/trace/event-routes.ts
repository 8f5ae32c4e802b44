import { compareGlobalPositions, globalPositionSchema, recordedEventSchema, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { analyticsReaders } from '../area.js';

const positionsQuery = z.strictObject({
  positions: z
    .string()
    .min(1)
    .max(2_200)
    .describe('global positions, comma-separated (at most 100), as the figures\' drill links give them')
    .transform((text) => [...new Set(text.split(',').map((item) => item.trim()))])
    .pipe(z.array(globalPositionSchema).min(1).max(100)),
});

/**
 * The end of every drill-down: the events behind a figure, as stored (personal fields stay ciphertext;
 * analysts never see them decrypted here).
 */
export function eventRoutes(events: Pick<EventStore, 'readAll'>) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/analytics/events', operationId: 'getEventsAtPositions', tags: ['analytics'],
      summary: 'The stored events at the given global positions: where every figure\'s drill-down ends',
      roles: analyticsReaders,
      query: positionsQuery,
      responses: {
        200: { description: 'The events found, in position order, and the positions that hold none', schema: z.object({ events: z.array(recordedEventSchema), missing: z.array(globalPositionSchema) }) },
      },
      handler: async ({ query }) => {
        const found = await Promise.all(query.positions.map((position) => eventAt(events, position)));
        return {
          events: found.filter((event): event is RecordedEvent => event !== null).sort((a, b) => compareGlobalPositions(a.globalPosition, b.globalPosition)),
          missing: query.positions.filter((_, i) => found[i] === null).sort(compareGlobalPositions),
        };
      },
    });
  };
}

async function eventAt(events: Pick<EventStore, 'readAll'>, position: GlobalPosition): Promise<RecordedEvent | null> {
  const after = position === '0' ? null : (BigInt(position) - 1n).toString();
  const [event] = await events.readAll({ after, limit: 1 });
  return event?.globalPosition === position ? event : null;
}
