import type { FastifyInstance } from 'fastify';
import { complianceRoute } from './compliance-route.js';
import { firstContactRoute } from './first-contact-route.js';
import { listingRoutes } from './listing-routes.js';
import type { AreaReads } from '../area.js';

export function serviceLevelRoutes(reads: AreaReads) {
  return async (app: FastifyInstance) => {
    await app.register(complianceRoute(reads));
    await app.register(firstContactRoute(reads));
    await app.register(listingRoutes(reads));
  };
}
