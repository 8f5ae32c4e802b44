import { parseExchangeRates } from '@ctp/contracts';
import { topicNaming } from '@ctp/event-bus';
import { openProtectedStores } from '@ctp/event-store';
import { createProjectionRuntime } from '@ctp/projections';
import { checkpointStoreFor } from '@ctp/relay';
import { resolveSecret, runService } from '@ctp/service-kit';
import { accessLogRoutes } from './customers/access-log-routes.js';
import { customerRoutes } from './customers/customer-routes.js';
import { timelineRoutes } from './customers/timeline-routes.js';
import { customerSummary } from './customers/customer-summary.js';
import { serviceDefinition } from './definition.js';
import { factsRoutes } from './facts/facts-routes.js';

await runService(serviceDefinition, {
  async setup({ config, logger, kafka, mongo, clock }) {
    const masterKey = await resolveSecret({ name: 'DATA_MASTER_KEY', value: config.DATA_MASTER_KEY, file: config.DATA_MASTER_KEY_FILE, development: config.NODE_ENV === 'development' });
    const { store, reader, keyring, close } = await openProtectedStores({ eventStoreUrl: config.EVENT_STORE_URL, schema: config.EVENT_STORE_SCHEMA, keyringUrl: config.KEYRING_URL, masterKey });
    const publisher = {
      store,
      reader,
      settings: {
        consentPurposes: new Set(config.CONSENT_PURPOSES.split(',')),
        rates: parseExchangeRates(config.REPORTING_CURRENCY, config.EXCHANGE_RATES),
      },
      erase: (customerId: string) => keyring.destroyKey(customerId),
    };
    const relayCheckpoints = await checkpointStoreFor(config.EVENT_STORE_URL, config.EVENT_STORE_SCHEMA);
    const db = mongo().db(config.MONGO_DATABASE);
    const runtime = createProjectionRuntime({
      projection: customerSummary,
      kafka: kafka(),
      db,
      naming: topicNaming(config.TOPIC_PREFIX),
      publishedPosition: () => relayCheckpoints.load('relay'),
      logger,
    });
    return {
      consumers: [runtime],
      routes: async (app) => {
        await app.register(factsRoutes(publisher));
        const reads = { store, reader, db, runtime, waitTimeoutMs: config.READ_WAIT_TIMEOUT_MS, rates: publisher.settings.rates, personalDataRoles: new Set(config.PERSONAL_DATA_ROLES.split(',')), clock };
        await app.register(customerRoutes(reads));
        await app.register(timelineRoutes(reads));
        await app.register(accessLogRoutes(reads));
      },
      readModels: { sources: [runtime], publishedPosition: () => relayCheckpoints.load('relay') },
      async stop() {
        await Promise.all([close(), relayCheckpoints.close()]);
      },
    };
  },
});
