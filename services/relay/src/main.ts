import { topicNaming, traceIdOf } from '@ctp/event-bus';
import { checkpointStoreFor, createEventStore } from '@ctp/event-store';
import { leaseLost, runService, type BackgroundWork, type Dependency, type SessionLock } from '@ctp/service-kit';
import { serviceDefinition } from './definition.js';
import { takeRelayLease } from './relay-lease.js';
import { startRelay, type RunningRelay } from './relay.js';
import { relayRoutes } from './routes.js';

await runService(serviceDefinition, {
  async setup({ config, logger, kafka }) {
    const store = await createEventStore(config.EVENT_STORE_URL, { schema: config.EVENT_STORE_SCHEMA });
    const checkpoints = await checkpointStoreFor(config.EVENT_STORE_URL, config.EVENT_STORE_SCHEMA);
    let relay: RunningRelay | null = null;
    let lease: SessionLock | null = null;
    const work: BackgroundWork = {
      name: `feed to Kafka (${config.RELAY_NAME})`,
      async start() {
        lease = await takeRelayLease(config.EVENT_STORE_URL, config.EVENT_STORE_SCHEMA, config.RELAY_NAME);
        relay = await startRelay({
          name: config.RELAY_NAME,
          store,
          kafka: kafka(),
          checkpoints,
          naming: topicNaming(config.TOPIC_PREFIX),
          maxBatchSize: config.RELAY_BATCH_SIZE,
          onPublished: (events) => {
            if (!logger.isLevelEnabled('debug')) return;
            for (const event of events) logger.debug({ trace_id: traceIdOf(event), event_id: event.id, position: event.globalPosition }, 'published');
          },
        }).catch(async (error: unknown) => {
          await lease?.release();
          throw error;
        });
      },
      async stop() {
        await relay?.stop();
        relay = null;
        await lease?.release();
      },
      ended: () => Promise.race([relay?.finished ?? Promise.resolve(), leaseLost(lease)]),
    };
    const running: Dependency = {
      name: 'relay',
      target: config.RELAY_NAME,
      check: async () => {
        if (!relay) throw new Error('relay not publishing: starting, or standing by while another relay holds the lease');
      },
      close: async () => undefined,
    };
    return {
      routes: relayRoutes(() => relay),
      dependencies: [running],
      background: [work],
      async stop() {
        await Promise.all([store.close(), checkpoints.close()]);
      },
    };
  },
});
