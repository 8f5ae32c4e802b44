import { defineService, personalDataSettings, readModelSettings, timerSettings } from '@ctp/service-kit';
import { z } from 'zod';

/** outbound: what leaves the platform; webhooks to subscribed systems (signed, retried, ordered per customer) and notifications to people. */
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
  },
});
