import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
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
import { serviceMetrics } from '../metrics/metrics-plugin.js';
import { openApiDocument } from '../http/openapi.js';
import { declareRouteCatalogue } from '../http/route-catalogue.js';
import { unmatchedRequests } from '../http/unmatched-requests.js';

export interface AppOptions {
  readonly service: string;
  readonly version: string;
  readonly config: Pick<ServiceConfig, 'BODY_LIMIT_BYTES' | 'RATE_LIMIT_PER_MINUTE'> & Partial<Pick<ServiceConfig, 'AUTH_FAILURES_PER_MINUTE' | 'METRICS_PUBLIC' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_METRIC_EXPORT_INTERVAL'>>;
  readonly logger: Logger;
  readonly apiKeys: ApiKeyStore;
  readonly dependencies: readonly Dependency[];
  /** The service's own routes, registered as one encapsulated plugin. */
  readonly routes?: (app: FastifyInstance) => Promise<void>;
  /** Serve through a server that already listens (the kit's boot server) instead of `listen`. */
  readonly serverFactory?: FastifyServerOptions['serverFactory'];
}

const requestIdPattern = /^[\w.:@-]{1,128}$/;

/** The caller's `x-request-id` when it is 1 to 128 plain characters, else a fresh UUID. */
export function requestId(request: { readonly headers: IncomingHttpHeaders }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
}

/** Builds the fastify app without listening, so tests can use `app.inject()`. */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.config.BODY_LIMIT_BYTES,
    // A caller's x-request-id becomes the request id (and the correlation id of what it appends, at most 128
    // characters) only when it is a short plain token; anything else gets a fresh id instead of a 500 later.
    requestIdHeader: false,
    genReqId: requestId,
    // Up to this length a path parameter reaches its route's schema, which names it in a 400; beyond, 414.
    routerOptions: { maxParamLength: 1_000 },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  });
  declareRouteCatalogue(app);
  await app.register(problemHandling);
  await app.register(requestTracing, { service: options.service });
  const { OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint, OTEL_METRIC_EXPORT_INTERVAL: otlpIntervalMs } = options.config;
  await app.register(serviceMetrics, { service: options.service, public: options.config.METRICS_PUBLIC ?? false, ...(otlpEndpoint ? { otlp: { endpoint: otlpEndpoint, intervalMs: otlpIntervalMs ?? 15_000 } } : {}) });
  await app.register(apiKeyAuth, { keys: options.apiKeys, failedAttemptsPerMinute: options.config.AUTH_FAILURES_PER_MINUTE ?? 60 });
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
