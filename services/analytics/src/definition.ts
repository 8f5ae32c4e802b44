import { DEFAULT_TIME_ZONE, isTimeZone } from '@ctp/calendar';
import { defineService, readModelSettings, timerSettings } from '@ctp/service-kit';
import { z } from 'zod';

/** analytics: the analysts' and auditors' read side. */
export const serviceDefinition = defineService({
  name: 'analytics',
  port: 8085,
  settings: {
    ...readModelSettings,
    ...timerSettings,
    /** IANA time zone of the business: months and days of every figure begin at its midnight. */
    BUSINESS_TIME_ZONE: z.string().refine(isTimeZone, 'expected an IANA time zone, e.g. Asia/Shanghai').default(DEFAULT_TIME_ZONE),
    /** PostgreSQL for the audit seals and signed checkpoints; default: the event store's when it is PostgreSQL (required with EventStoreDB). */
    AUDIT_STORE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
    /** The analytics service's own schema there (never the event store's tables); default `analytics` beside the default event store schema, else `<EVENT_STORE_SCHEMA>_analytics`, so two stores on one PostgreSQL never share seals. */
    AUDIT_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional(),
    /** The Ed25519 checkpoint signing key: a PKCS#8 PEM or a base64 32-byte seed. Else AUDIT_SIGNING_KEY_FILE; development generates the file. */
    AUDIT_SIGNING_KEY: z.string().min(1).optional(),
    AUDIT_SIGNING_KEY_FILE: z.string().min(1).default('.local/audit-signing-key'),
    /** A signed checkpoint every this many events ... */
    AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
    /** ... and at least this often while events arrived since the last one. */
    AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    /** Debian's Chromium, which prints the monthly report's PDF. */
    REPORT_BROWSER_PATH: z.string().min(1).default('/usr/bin/chromium'),
    /** The hour of the 1st of each month (business time zone) at which the previous month's report is built. */
    REPORT_HOUR: z.coerce.number().int().min(0).max(23).default(6),
    /** The language of the kept reports' HTML and PDF. */
    REPORT_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
    /** After the read side moved, the dashboard overview's default answers are counted again ahead of its readers, at most once in this many seconds; 0: never. */
    DASHBOARD_WARM_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
  },
});
