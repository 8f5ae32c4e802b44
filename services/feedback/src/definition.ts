import { moneySettings } from '@ctp/contracts';
import { DEFAULT_TIME_ZONE, isTimeZone } from '@ctp/calendar';
import { defineService, personalDataSettings, readModelSettings, timerSettings } from '@ctp/service-kit';
import { z } from 'zod';

/** feedback: surveys, complaints closed in a loop, contact cadence by tier, remedies within discretion. */
export const serviceDefinition = defineService({
  name: 'feedback',
  port: 8084,
  settings: {
    ...readModelSettings,
    ...personalDataSettings,
    ...timerSettings,
    /** Remedies are money like intake's: amounts in the reporting currency are compared with the discretion band. */
    ...moneySettings,
    /** IANA time zone of the business: survey periods, cadence years and report days begin at its midnight. */
    /** Same customer, same root cause within this many days before a complaint: flagged as a repeat. */
    REPEAT_COMPLAINT_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** The discretion band: a remedy up to this percent of the order value is settled by the agent; above it needs an admin's approval. */
    REMEDY_BAND_PERCENT: z.coerce.number().min(0).max(100).default(10),
    BUSINESS_TIME_ZONE: z.string().refine(isTimeZone, 'expected an IANA time zone, e.g. Asia/Shanghai').default(DEFAULT_TIME_ZONE),
  },
});
