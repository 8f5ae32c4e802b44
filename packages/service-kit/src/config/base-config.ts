import { z } from 'zod';

const brokerList = z
  .string()
  .min(1)
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1));

const eventStoreUrl = z
  .string()
  .regex(/^(postgres|postgresql|esdb|kurrentdb):\/\//, 'expected a postgres://, esdb:// or kurrentdb:// URL');

/** Settings every service shares; a service adds its default port and its own settings. */
export function serviceConfigSchema<Extra extends z.ZodRawShape>(defaultPort: number, extra: Extra) {
  return z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(1).max(65535).default(defaultPort),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    EVENT_STORE_URL: eventStoreUrl,
    KAFKA_BROKERS: brokerList,
    MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// URL'),
    API_KEYS_FILE: z.string().min(1).default('.local/api-keys.json'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    OTEL_SERVICE_NAME: z.string().min(1).optional(),
    ...extra,
  });
}

export type ServiceConfig = z.output<ReturnType<typeof serviceConfigSchema<Record<never, z.ZodType>>>>;
