import type { FastifyInstance } from 'fastify';
import type { RunningRelay } from './relay.js';

export function relayRoutes(relay: RunningRelay) {
  return async (app: FastifyInstance) => {
    app.get('/v1/relay/lag', { config: { roles: ['admin', 'analyst', 'auditor'] } }, () => relay.lag());
  };
}
