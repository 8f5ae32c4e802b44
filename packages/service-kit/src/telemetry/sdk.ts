import type { Logger } from 'pino';

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * The OpenTelemetry SDK starts only when an OTLP endpoint is configured; otherwise the API's
 * no-op tracer is used and trace ids are still minted per request.
 */
export async function startTelemetry(
  serviceName: string,
  endpoint: string | undefined,
  logger: Logger,
): Promise<Telemetry> {
  if (!endpoint) return { shutdown: async () => undefined };
  const [{ NodeSDK }, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }),
  });
  sdk.start();
  logger.info({ endpoint }, 'OpenTelemetry SDK started');
  return { shutdown: () => sdk.shutdown() };
}
