import type { FastifyInstance } from 'fastify';
import type { AnyRouteSpec } from './route.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctpRoutes: AnyRouteSpec[];
  }
}

/** Decorated on the root app before any plugin, so every encapsulated plugin shares one list. */
export function declareRouteCatalogue(app: FastifyInstance): void {
  app.decorate('ctpRoutes', [] as AnyRouteSpec[]);
}

export function routeCatalogue(app: FastifyInstance): AnyRouteSpec[] {
  if (!app.hasDecorator('ctpRoutes')) throw new Error('route() needs an app built by createApp()');
  return app.ctpRoutes;
}
