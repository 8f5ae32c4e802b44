import { moneySettings } from '@ctp/contracts';
import { defineService, personalDataSettings, readModelSettings, timerSettings } from '@ctp/service-kit';
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isTimeZone } from '@ctp/calendar';

/** tiering: scores customers and assigns explainable tiers. */
export const serviceDefinition = defineService({
  name: 'tiering',
  port: 8082,
  settings: {
    ...readModelSettings,
    ...personalDataSettings,
    /** Money is scored in the reporting currency; a policy must be in it. */
    ...moneySettings,
    POLICY_ID: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/).default('default'),
    /** IANA time zone of the business calendar: review dates, snapshot dates and dry-run days begin at its midnight. */
    BUSINESS_TIME_ZONE: z.string().refine(isTimeZone, 'expected an IANA time zone, e.g. Asia/Shanghai').default(DEFAULT_TIME_ZONE),
    ...timerSettings,
    /** Dry runs (each over every customer's history) running at once; one more is refused with 429. */
    DRY_RUN_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  },
});
