import { consentPurposes, moneySettings } from '@ctp/contracts';
import { defineService, personalDataSettings, readModelSettings, unsubscribeSettings } from '@ctp/service-kit';
import { z } from 'zod';

/** intake: integrators publish customer facts. */
export const serviceDefinition = defineService({
  name: 'intake',
  port: 8081,
  settings: {
    ...readModelSettings,
    ...personalDataSettings,
    /** Money in other currencies than REPORTING_CURRENCY is accepted only with a rate in EXCHANGE_RATES. */
    ...moneySettings,
    ...unsubscribeSettings,
    CONSENT_PURPOSES: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}(,[a-z][a-z0-9_]{0,39})*$/, 'expected purpose ids separated by commas')
      .default(consentPurposes.join(',')),
  },
});
