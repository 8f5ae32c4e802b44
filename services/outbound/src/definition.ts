import { defineService, personalDataSettings, readModelSettings, timerSettings, unsubscribeSettings } from '@ctp/service-kit';
import { messageLocales } from '@ctp/contracts';
import { DEFAULT_TIME_ZONE, isTimeZone } from '@ctp/calendar';
import { z } from 'zod';
import { parseFrequencyCap } from './domain/messages/frequency-cap.js';
import { parseQuietHours } from './domain/messages/quiet-hours.js';

/** A setting read by `parse` (answering the value or what is wrong), or `off` for none. */
const orOff = <T>(parse: (text: string) => T | string) =>
  z.string().transform((text, context): T | null => {
    if (text.trim() === 'off') return null;
    const parsed = parse(text);
    if (typeof parsed !== 'string') return parsed;
    context.addIssue({ code: 'custom', message: `${parsed}, or off` });
    return z.NEVER;
  });

/** outbound: what leaves the platform; webhooks to subscribed systems (signed, retried, ordered per customer) notifications to people, and messages to customers under their consent. */
export const serviceDefinition = defineService({
  name: 'outbound',
  port: 8086,
  settings: {
    ...readModelSettings,
    ...personalDataSettings,
    ...timerSettings,
    /** A delivery is parked (and its subscription paused) after this many failed attempts. */
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
    /** The wait after the first failed attempt; each further failure doubles it, up to WEBHOOK_BACKOFF_MAX_MS. */
    WEBHOOK_BACKOFF_INITIAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
    WEBHOOK_BACKOFF_MAX_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
    /** A receiver answering slower than this counts as a failed attempt. */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Where notification e-mails go out: smtp://host:port (smtps://, user:password@ when the server asks). */
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'expected an smtp:// or smtps:// URL').default('smtp://127.0.0.1:25'),
    MAIL_FROM: z.email().default('ctp-outbound@localhost'),
    /** Customer messages by SMS go to this HTTP gateway (POST { to, text }, answering { messageId }); unset: e-mail only. */
    SMS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
    SMS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** The language of customer messages whose profile names none. */
    MESSAGE_DEFAULT_LOCALE: z.enum(messageLocales).default('zh-CN'),
    /** A customer message is attempted this often in all before its failure is final. */
    MESSAGE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    MESSAGE_BACKOFF_INITIAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
    MESSAGE_BACKOFF_MAX_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
    /** No customer message is sent in these local hours (HH:MM-HH:MM, over midnight when the end is earlier): an attempt waits for their end. */
    MESSAGE_QUIET_HOURS: orOff(parseQuietHours).prefault('21:00-09:00'),
    /** The time zone quiet hours are read in (customer profiles carry none). */
    MESSAGE_TIME_ZONE: z.string().refine(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai').default(DEFAULT_TIME_ZONE),
    /** Marketing messages (welcome, care, win_back together) per customer in a rolling window (count/window: 3/30d, 1/12h); one more is suppressed. */
    MESSAGE_FREQUENCY_CAP: orOff(parseFrequencyCap).prefault('3/30d'),
    /** The same for survey invitations, their own group; off by default: feedback's survey cooldown already decides whom it invites. */
    MESSAGE_SURVEY_FREQUENCY_CAP: orOff(parseFrequencyCap).prefault('off'),
    ...unsubscribeSettings,
    INTAKE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8081'),
    /** Where customers reach intake's public unsubscribe route (links are <this>/v1/unsubscribe/<token>); unset: INTAKE_URL. */
    UNSUBSCRIBE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    UNSUBSCRIBE_LINK_DAYS: z.coerce.number().int().min(1).max(3_660).default(365),
    /** The survey tool's answer page: an invitation links to <this><invitationId>. */
    SURVEY_LINK_BASE: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8084/surveys/'),
  },
});
