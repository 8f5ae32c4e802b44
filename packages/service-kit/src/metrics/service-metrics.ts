import type { Meter } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { gcDurationBuckets } from './runtime-metrics.js';

/** One service's meters and its Prometheus exposition; each app has its own, so tests in one process never mix figures. */
export interface ServiceMetrics {
  readonly meter: Meter;
  /** The text exposition format (version 0.0.4) of every metric, collected now. */
  scrape(): Promise<string>;
  shutdown(): Promise<void>;
}

export const prometheusContentType = 'text/plain; version=0.0.4; charset=utf-8';

/** Where and how often the same metrics are also pushed over OTLP/HTTP (an OpenTelemetry collector's `/v1/metrics`). */
export interface OtlpPush {
  /** The collector's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT gives it (e.g. http://otel-collector:4318). */
  readonly endpoint: string;
  readonly intervalMs: number;
}

/**
 * A metric whose callback failed (Kafka down, say) is left out of the scrape and reported to `onError`.
 * With `otlp`, a periodic reader also pushes every metric to the collector, named by `service.name`.
 */
export function createServiceMetrics(service: string, onError: (errors: readonly unknown[]) => void, otlp?: OtlpPush): ServiceMetrics {
  const reader = new PrometheusExporter({ preventServerStart: true });
  const pushed = otlp ? [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${otlp.endpoint.replace(/\/+$/, '')}/v1/metrics` }), exportIntervalMillis: otlp.intervalMs, exportTimeoutMillis: Math.min(otlp.intervalMs, 10_000) })] : [];
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    readers: [reader, ...pushed],
    views: [
      { instrumentName: 'http.server.request.duration', aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: httpDurationBuckets } } },
      { instrumentName: 'v8js.gc.duration', aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: gcDurationBuckets } } },
    ],
  });
  // Prometheus names the service by its scrape target (job, instance), so no target_info series.
  const serializer = new PrometheusSerializer(undefined, false, undefined, true, true);
  return {
    meter: provider.getMeter(service),
    scrape: async () => {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) onError(errors);
      return serializer.serialize(resourceMetrics);
    },
    shutdown: () => provider.shutdown(),
  };
}

/** Seconds: from a cached read (a few ms) to a slow report (10 s). */
export const httpDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
