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
    /** Surveys (docs/feedback.md "Surveys"): a resolved case's invitation this many minutes after resolution. */
    SURVEY_DELAY_MINUTES: z.coerce.number().int().min(0).max(43_200).default(60),
    /** An invitation not answered within this many days expires (responses after it are refused). */
    SURVEY_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(28),
    /** No new invitation of any survey kind within this many days of a customer's last one. */
    SURVEY_COOLDOWN_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
    /** A follow-up's deadline when the case's SLA rule has no first-response target (or there is no case). */
    FOLLOW_UP_DEFAULT_HOURS: z.coerce.number().min(1).max(720).default(24),
    /** A follow-up's owner when the case has no assignee and its rule names no team. */
    FOLLOW_UP_DEFAULT_TEAM: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/).default('customer-care'),
    BUSINESS_TIME_ZONE: z.string().refine(isTimeZone, 'expected an IANA time zone, e.g. Asia/Shanghai').default(DEFAULT_TIME_ZONE),
  },
});
