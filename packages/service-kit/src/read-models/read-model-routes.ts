import type { BatchObservableCallback, Meter } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { PositionGuard } from './position-guard.js';
import { ReadModelMonitor, type ReadModelSource, type ReadModelStatus } from './read-model-status.js';

export interface ReadModels {
  readonly sources: readonly ReadModelSource[];
  /** The relay's checkpoint: the newest position on Kafka. */
  readonly publishedPosition: () => Promise<string | null>;
  /** The event store's newest committed position: a `minPosition` beyond it was answered by no command (a 400). */
  readonly positions: PositionGuard;
}

/** `GET /v1/read-models` (integrators, to see their facts reach the read side; analysts and admins) and the same figures as OpenTelemetry gauges. */
export function readModelRoutes(readModels: ReadModels) {
  const monitors = readModels.sources.map((source) => new ReadModelMonitor(source));
  const statuses = async (): Promise<ReadModelStatus[]> => {
    const head = await readModels.publishedPosition();
    return Promise.all(monitors.map((monitor) => monitor.status(head)));
  };
  return async (app: FastifyInstance) => {
    const stopObserving = observeAsMetrics(app.metrics.meter, statuses);
    app.addHook('onClose', async () => stopObserving());
    app.get('/v1/read-models', { config: { roles: ['integrator', 'analyst', 'admin'] } }, async () => ({ readModels: await statuses() }));
  };
}

function observeAsMetrics(meter: Meter, statuses: () => Promise<ReadModelStatus[]>): () => void {
  const lag = meter.createObservableGauge('ctp.read_model.lag', { description: 'Events on Kafka a read model has not consumed yet', unit: '{event}' });
  const rate = meter.createObservableGauge('ctp.read_model.events_per_second', { description: 'Events a read model consumed per second, recently', unit: '{event}/s' });
  const callback: BatchObservableCallback = async (observer) => {
    for (const status of await statuses()) {
      observer.observe(lag, status.lagEvents, { read_model: status.name });
      if (status.eventsPerSecond !== null) observer.observe(rate, status.eventsPerSecond, { read_model: status.name });
    }
  };
  meter.addBatchObservableCallback(callback, [lag, rate]);
  return () => meter.removeBatchObservableCallback(callback, [lag, rate]);
}
