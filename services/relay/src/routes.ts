import { globalPositionSchema } from '@ctp/contracts';
import { ProblemError, problems, route } from '@ctp/service-kit';
import type { ObservableCallback } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RunningRelay } from './relay.js';

const lagSchema = z.object({
  checkpoint: globalPositionSchema.nullable().describe('the position of the last event Kafka acknowledged; null before the first'),
  head: globalPositionSchema.nullable().describe("the store's highest global position; null while the store is empty"),
  positionsBehind: z.string().regex(/^\d+$/).describe('head minus checkpoint, as a decimal string'),
});

export function relayRoutes(current: () => RunningRelay | null) {
  return async (app: FastifyInstance) => {
    const lag = app.metrics.meter.createObservableGauge('ctp.relay.lag', { description: "Positions the relay's Kafka checkpoint is behind the event store's head", unit: '{position}' });
    const observe: ObservableCallback = async (observer) => {
      const relay = current();
      if (relay) observer.observe(Number((await relay.lag()).positionsBehind));
    };
    lag.addCallback(observe);
    app.addHook('onClose', async () => lag.removeCallback(observe));
    route(app, {
      method: 'GET',
      url: '/v1/relay/lag',
      operationId: 'getRelayLag',
      summary: "How far the relay's Kafka checkpoint is behind the event store's head",
      tags: ['relay'],
      roles: ['admin', 'analyst', 'auditor'],
      responses: {
        200: { description: 'The checkpoint, the head and the distance between them', schema: lagSchema },
        503: { description: 'The relay is still starting (CTP_NOT_READY)' },
      },
      handler: async () => {
        const relay = current();
        if (!relay) throw new ProblemError(problems.CTP_NOT_READY, 'The relay is starting');
        return relay.lag();
      },
    });
  };
}
