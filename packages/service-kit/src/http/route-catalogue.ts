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

type Responses = AnyRouteSpec['responses'];

/**
 * Every `method` route registered in this scope after the call may also give `responses`, answered by a hook of the
 * scope rather than by the route itself; /openapi.json says so. The route's own description of a status wins.
 */
export function alsoAnswerInScope(app: FastifyInstance, method: AnyRouteSpec['method'], responses: Responses): void {
  app.addHook('onRoute', (options) => {
    if (options.method !== method) return;
    const catalogue = routeCatalogue(app);
    const index = catalogue.findLastIndex((spec) => spec.method === method && spec.url === options.url);
    if (index >= 0) catalogue[index] = { ...catalogue[index]!, responses: { ...responses, ...catalogue[index]!.responses } };
  });
}
