import { parseExchangeRates } from '@ctp/contracts';
import { personalDataAccess, runService, unsubscribeSecret } from '@ctp/service-kit';
import { accessLogRoutes } from './customers/access-log-routes.js';
import { customerRoutes } from './customers/customer-routes.js';
import { customerSummary } from './customers/customer-summary.js';
import { timelineRoutes } from './customers/timeline-routes.js';
import { serviceDefinition } from './definition.js';
import { factsRoutes } from './facts/facts-routes.js';
import { honourErasures } from './reactions/honour-erasures.js';
import { unsubscribeRoutes } from './unsubscribe/unsubscribe-routes.js';

await runService(serviceDefinition, {
  async setup({ config, clock, wire }) {
    const { store, reader, keyring } = await wire.protectedStores();
    const { db, readYourWrites } = await wire.readModel(customerSummary);
    const rates = parseExchangeRates(config.REPORTING_CURRENCY, config.EXCHANGE_RATES);
    const publisher = { store, reader, settings: { consentPurposes: new Set(config.CONSENT_PURPOSES.split(',')), rates }, erase: (customerId: string) => keyring.destroyKey(customerId) };
    const reads = { store, reader, db, readYourWrites, rates, access: personalDataAccess({ store, clock, settings: config }), clock };
    const linkSecret = await unsubscribeSecret(config);
    const readSide = wire.readSideGate();
    wire.reactor({ name: 'intake-erasures', categories: ['customer'], handle: (events) => honourErasures({ ...publisher, clock }, events) });
    return {
      routes: async (app) => {
        await app.register(factsRoutes(publisher, readSide));
        await app.register(customerRoutes(reads));
        await app.register(timelineRoutes(reads));
        await app.register(accessLogRoutes(reads));
        await app.register(unsubscribeRoutes({ publisher, secret: linkSecret, clock, requestsPerMinute: config.UNSUBSCRIBE_REQUESTS_PER_MINUTE }));
      },
    };
  },
});
