import { parseExchangeRates } from '@ctp/contracts';
import { runService } from '@ctp/service-kit';
import { serviceDefinition } from './definition.js';
import type { FeedbackDeps } from './feedback-deps.js';

await runService(serviceDefinition, {
  async setup({ config, clock, wire }) {
    const stores = await wire.protectedStores();
    const timers = await wire.timerStore('feedback_timers');
    const deps: FeedbackDeps = { store: stores.store, history: stores.reader, timers, rates: parseExchangeRates(config.REPORTING_CURRENCY, config.EXCHANGE_RATES), timeZone: config.BUSINESS_TIME_ZONE, clock };
    return {
      background: [],
      routes: async () => undefined,
    };
  },
});
