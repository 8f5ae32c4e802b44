import { topicNaming, traceIdOf } from '@ctp/event-bus';
import { checkpointStoreFor, createEventStore } from '@ctp/event-store';
import { runService, type BackgroundWork, type Dependency } from '@ctp/service-kit';
import { serviceDefinition } from './definition.js';
import { startRelay, type RunningRelay } from './relay.js';
import { relayRoutes } from './routes.js';

await runService(serviceDefinition, {
  async setup({ config, logger, kafka }) {
    const store = await createEventStore(config.EVENT_STORE_URL, { schema: config.EVENT_STORE_SCHEMA });
    const checkpoints = await checkpointStoreFor(config.EVENT_STORE_URL, config.EVENT_STORE_SCHEMA);
    let relay: RunningRelay | null = null;
    const work: BackgroundWork = {
      name: `feed to Kafka (${config.RELAY_NAME})`,
      async start() {
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
        });
      },
      stop: async () => relay?.stop(),
      ended: () => relay?.finished ?? Promise.resolve(),
    };
    const running: Dependency = {
      name: 'relay',
      target: config.RELAY_NAME,
      check: async () => {
        if (!relay) throw new Error('relay not started');
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
