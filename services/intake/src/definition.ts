import { consentPurposes, exchangeRatesSettingSchema } from '@ctp/contracts';
import { defineService } from '@ctp/service-kit';
import { z } from 'zod';

/** intake: integrators publish customer facts. */
export const serviceDefinition = defineService({
  name: 'intake',
  port: 8081,
  settings: {
    MONGO_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('ctp'),
    TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/).default('ctp'),
    /** PostgreSQL holding the per-customer data keys; kept apart from the events on purpose. */
    KEYRING_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
    DATA_MASTER_KEY: z.string().min(1).optional(),
    DATA_MASTER_KEY_FILE: z.string().min(1).default('.local/data-master-key'),
    /** Money in other currencies is accepted only with a rate in EXCHANGE_RATES. */
    REPORTING_CURRENCY: z.string().regex(/^[A-Z]{3}$/).default('CNY'),
    /** Units of the reporting currency per unit of another, e.g. `USD=7.1,EUR=7.8`. */
    EXCHANGE_RATES: exchangeRatesSettingSchema,
    CONSENT_PURPOSES: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}(,[a-z][a-z0-9_]{0,39})*$/, 'expected purpose ids separated by commas')
      .default(consentPurposes.join(',')),
    /** Roles that see personal fields in clear (each such read is recorded); others see them masked. */
    PERSONAL_DATA_ROLES: z
      .string()
      .regex(/^(agent|analyst|auditor|admin)(,(agent|analyst|auditor|admin))*$/, 'expected roles separated by commas')
      .default('agent,admin'),
    READ_WAIT_TIMEOUT_MS: z.coerce.number().int().min(0).max(30_000).default(5_000),
  },
});
