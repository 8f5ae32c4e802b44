import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { apiKeyAuth } from '../auth/auth-plugin.js';
import type { ApiKeyStore } from '../auth/api-keys.js';
import type { ServiceConfig } from '../config/base-config.js';
import type { Dependency } from '../health/dependency.js';
import { healthRoutes } from '../health/health-plugin.js';
import { problems } from '../problems/catalogue.js';
import { answerClientError } from '../problems/client-error.js';
import { answerFrameworkError, problemHandling } from '../problems/error-handler.js';
import { ProblemError } from '../problems/problem.js';
import { requestTracing } from '../telemetry/tracing-plugin.js';
import { openApiDocument } from '../http/openapi.js';
import { declareRouteCatalogue } from '../http/route-catalogue.js';
import { unmatchedRequests } from '../http/unmatched-requests.js';

export interface AppOptions {
  readonly service: string;
  readonly version: string;
  readonly config: Pick<ServiceConfig, 'BODY_LIMIT_BYTES' | 'RATE_LIMIT_PER_MINUTE'>;
  readonly logger: Logger;
  readonly apiKeys: ApiKeyStore;
  readonly dependencies: readonly Dependency[];
  /** The service's own routes, registered as one encapsulated plugin. */
  readonly routes?: (app: FastifyInstance) => Promise<void>;
  /** Serve through a server that already listens (the kit's boot server) instead of `listen`. */
  readonly serverFactory?: FastifyServerOptions['serverFactory'];
}

/** Builds the fastify app without listening, so tests can use `app.inject()`. */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    // Up to this length a path parameter reaches its route's schema, which names it in a 400; beyond, 414.
    routerOptions: { maxParamLength: 1_000 },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  });
  declareRouteCatalogue(app);
  await app.register(problemHandling);
  await app.register(requestTracing, { service: options.service });
  await app.register(apiKeyAuth, { keys: options.apiKeys });
  await app.register(rateLimit, {
    max: options.config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => request.principal?.keyId ?? request.ip,
    allowList: (request) => request.routeOptions.config.public === true,
    errorResponseBuilder: (_request, context) => {
      const error = new ProblemError(
        problems.CTP_RATE_LIMITED,
        `More than ${context.max} requests in ${context.after}; retry later`,
        [],
        { retryAfter: context.after },
      );
      return Object.assign(error, { statusCode: 429 });
    },
  });
  await app.register(unmatchedRequests);
  await app.register(healthRoutes, {
    service: options.service,
    version: options.version,
    dependencies: options.dependencies,
    keys: options.apiKeys,
  });
  app.get('/openapi.json', { config: { public: true } }, async () => openApiDocument(options.service, options.version, app.ctpRoutes));
  if (options.routes) await app.register(options.routes);
  app.addHook('onClose', async () => {
    await Promise.allSettled(options.dependencies.map((dependency) => dependency.close()));
  });
  return app;
}
