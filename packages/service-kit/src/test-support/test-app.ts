import type { FastifyInstance } from 'fastify';
import { ApiKeyStore, hashApiKey } from '../auth/api-keys.js';
import { roles, type Role } from '../auth/roles.js';
import { createApp } from '../app/create-app.js';
import type { Dependency } from '../health/dependency.js';
import { createLogger, type Logger } from '../logging/logger.js';

export const testKeys = Object.fromEntries(roles.map((role) => [role, `test-key-${role}`])) as Record<Role, string>;

export function testKeyStore(): ApiKeyStore {
  return new ApiKeyStore({ keys: roles.map((role) => ({ id: `test-${role}`, role, holder: { kind: 'system', name: `test (${role})` }, hash: hashApiKey(testKeys[role]) })) });
}

export function fakeDependency(name: string, check: () => Promise<void>): Dependency {
  return { name, target: `${name}://test`, check, close: async () => undefined };
}

export async function testApp(
  options: {
    routes?: (app: FastifyInstance) => Promise<void>;
    dependencies?: Dependency[];
    rateLimitPerMinute?: number;
    authFailuresPerMinute?: number;
    bodyLimitBytes?: number;
    metricsPublic?: boolean;
    /** Push the metrics to this OTLP/HTTP endpoint every `otlpIntervalMs` (default 100 ms). */
    otlpEndpoint?: string;
    otlpIntervalMs?: number;
    logger?: Logger;
  } = {},
): Promise<FastifyInstance> {
  const app = await createApp({
    service: 'test-service',
    version: '0.0.0-test',
    config: { BODY_LIMIT_BYTES: options.bodyLimitBytes ?? 1_024, RATE_LIMIT_PER_MINUTE: options.rateLimitPerMinute ?? 1_000, AUTH_FAILURES_PER_MINUTE: options.authFailuresPerMinute ?? 1_000, METRICS_PUBLIC: options.metricsPublic ?? false, ...(options.otlpEndpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint, OTEL_METRIC_EXPORT_INTERVAL: options.otlpIntervalMs ?? 100 } : {}) },
    logger: options.logger ?? createLogger('test-service', 'silent'),
    apiKeys: testKeyStore(),
    dependencies: options.dependencies ?? [],
    ...(options.routes ? { routes: options.routes } : {}),
  });
  await app.ready();
  return app;
}

export const bearer = (role: Role) => ({ authorization: `Bearer ${testKeys[role]}` });
