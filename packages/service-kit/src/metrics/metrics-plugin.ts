import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { observeEventLoopDelay, observeGarbageCollection } from './runtime-metrics.js';
import { createServiceMetrics, prometheusContentType, type OtlpPush, type ServiceMetrics } from './service-metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's meters: the kit's read-model and admin gauges and a service's own instruments. */
    metrics: ServiceMetrics;
  }
}

export interface MetricsOptions {
  readonly service: string;
  /** Serve `GET /metrics` without an API key (a scraper inside a private network); otherwise it needs the admin role. */
  readonly public: boolean;
  /** Also push the metrics over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT set); the scrape endpoint stays. */
  readonly otlp?: OtlpPush;
}

/**
 * The request histogram `http.server.request.duration` by method, route template and status, the process's
 * garbage collection pauses (`v8js.gc.duration`), and
 * `GET /metrics` in Prometheus's text format (and, given `otlp`, the same pushed to a collector). Labels are route templates, never paths, so no id or
 * personal datum reaches the scrape.
 */
export const serviceMetrics = fp(
  async (app: FastifyInstance, options: MetricsOptions) => {
    const metrics = createServiceMetrics(options.service, (errors) => app.log.warn({ errors: errors.map(String) }, 'some metrics could not be collected'), options.otlp);
    app.decorate('metrics', metrics);
    const duration = metrics.meter.createHistogram('http.server.request.duration', { description: 'Duration of HTTP requests the service answered', unit: 's' });
    app.addHook('onResponse', async (request, reply) => {
      duration.record(reply.elapsedTime / 1_000, {
        'http.request.method': request.method,
        'http.route': request.routeOptions.url ?? 'unmatched',
        'http.response.status_code': reply.statusCode,
      });
    });
    const stopObservingGc = observeGarbageCollection(metrics.meter);
    const stopObservingDelay = observeEventLoopDelay(metrics.meter);
    app.get('/metrics', { config: options.public ? { public: true } : { roles: ['admin'] } }, async (_request, reply) => reply.type(prometheusContentType).send(await metrics.scrape()));
    app.addHook('onClose', async () => {
      stopObservingGc();
      stopObservingDelay();
      await metrics.shutdown();
    });
  },
  { name: 'ctp-metrics' },
);
