import { consentPurposes, moneySettings } from '@ctp/contracts';
import { defineService, personalDataSettings, readModelSettings } from '@ctp/service-kit';
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
    /** The HMAC key of unsubscribe links (outbound signs them with the same key). Else UNSUBSCRIBE_SECRET_FILE; development generates the file. */
    UNSUBSCRIBE_SECRET: z.string().min(16).optional(),
    UNSUBSCRIBE_SECRET_FILE: z.string().min(1).default('.local/unsubscribe-secret'),
    CONSENT_PURPOSES: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}(,[a-z][a-z0-9_]{0,39})*$/, 'expected purpose ids separated by commas')
      .default(consentPurposes.join(',')),
  },
});
