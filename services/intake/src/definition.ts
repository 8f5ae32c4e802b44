import { consentPurposes, moneySettings } from '@ctp/contracts';
import { defineService, personalDataSettings, readModelSettings, readSideGateSettings, unsubscribeSettings } from '@ctp/service-kit';
import { z } from 'zod';

/** intake: integrators publish customer facts. */
export const serviceDefinition = defineService({
  name: 'intake',
  port: 8081,
  settings: {
    ...readModelSettings,
    /** Fact batches wait while a read model of any service is behind (back-pressure on bulk imports). */
    ...readSideGateSettings,
    ...personalDataSettings,
    /** Money in other currencies than REPORTING_CURRENCY is accepted only with a rate in EXCHANGE_RATES. */
    ...moneySettings,
    ...unsubscribeSettings,
    CONSENT_PURPOSES: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}(,[a-z][a-z0-9_]{0,39})*$/, 'expected purpose ids separated by commas')
      .default(consentPurposes.join(',')),
    /** Requests per client address and minute to each public unsubscribe route (GET and POST counted apart); one more is a 429. */
    UNSUBSCRIBE_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  },
});
