import { ProblemError, problems } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { RunningRelay } from './relay.js';

export function relayRoutes(current: () => RunningRelay | null) {
  return async (app: FastifyInstance) => {
    app.get('/v1/relay/lag', { config: { roles: ['admin', 'analyst', 'auditor'] } }, () => {
      const relay = current();
      if (!relay) throw new ProblemError(problems.CTP_NOT_READY, 'The relay is starting');
      return relay.lag();
    });
  };
}
