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
    BUSINESS_TIME_ZONE: z.string().refine(isTimeZone, 'expected an IANA time zone, e.g. Asia/Shanghai').default(DEFAULT_TIME_ZONE),
  },
});
