import { z } from 'zod';
import { clockSettings, refuseClockStartInProduction } from './clock.js';
import { accessSettings } from './shared-settings.js';

const brokerList = z
  .string()
  .min(1)
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1));

const eventStoreUrl = z
  .string()
  .regex(/^(postgres|postgresql|esdb|kurrentdb):\/\//, 'expected a postgres://, esdb:// or kurrentdb:// URL');

export const serverSettings = {
  eventStore: {
    EVENT_STORE_URL: eventStoreUrl,
    EVENT_STORE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('event_store'),
  },
  kafka: { KAFKA_BROKERS: brokerList },
  mongo: { MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// URL') },
};

export type ServerNeed = keyof typeof serverSettings;
export const serverNeeds: readonly ServerNeed[] = ['eventStore', 'kafka', 'mongo'];

/** Settings every service shares, the URLs of the servers it needs, and its own settings. */
export function serviceConfigSchema<Extra extends z.ZodRawShape>(
  defaultPort: number,
  extra: Extra,
  needs: readonly ServerNeed[] = serverNeeds,
) {
  const servers = Object.assign({}, ...needs.map((need) => serverSettings[need])) as typeof serverSettings.eventStore &
    typeof serverSettings.kafka &
    Partial<typeof serverSettings.mongo>;
  return z.object({
    // Production unless told otherwise: a deployment that forgets its secrets must refuse to start, not generate them.
    NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(1).max(65535).default(defaultPort),
    /** Names this process among the running instances of its service (a pod or host name): its Kafka client id and log lines carry it. */
    INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash, underscore').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ...servers,
    API_KEYS_FILE: z.string().min(1).default('.local/api-keys.json'),
    /** How often the key file is checked for changes: keys added, revoked or expiring apply without a restart. */
    API_KEYS_RELOAD_MS: z.coerce.number().int().min(100).default(5_000),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
    /** Requests without a valid API key per client address and minute, refused with 429 before authentication. */
    AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(60),
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    OTEL_SERVICE_NAME: z.string().min(1).optional(),
    /** With OTEL_EXPORTER_OTLP_ENDPOINT set: how often the metrics are pushed to the collector, in ms (OpenTelemetry's own variable). */
    OTEL_METRIC_EXPORT_INTERVAL: z.coerce.number().int().min(100).max(600_000).default(15_000),
    /** `GET /metrics` without an API key, for a Prometheus inside the deployment's network; by default it needs an admin key. */
    METRICS_PUBLIC: z.stringbool().default(false),
    ...accessSettings,
    ...clockSettings,
    ...extra,
  }).superRefine(refuseClockStartInProduction);
}

export type ServiceConfig = z.output<ReturnType<typeof serviceConfigSchema<Record<never, z.ZodType>>>>;
