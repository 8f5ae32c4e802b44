import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { presentsAdminKey } from '../auth/auth-plugin.js';
import type { ApiKeyStore } from '../auth/api-keys.js';
import { checkDependency, type Dependency } from './dependency.js';

export interface HealthOptions {
  readonly service: string;
  readonly version: string;
  readonly dependencies: readonly Dependency[];
  readonly checkTimeoutMs?: number;
  /** Who may see the dependencies' hosts, latencies and errors on /ready: an admin key. */
  readonly keys: ApiKeyStore;
}

/**
 * /health answers while the process lives; /ready only when every dependency answers. /ready is
 * public but says only its status: the dependencies (hosts, users, databases, raw errors) only to
 * an admin key.
 */
export const healthRoutes = fp(
  async (app: FastifyInstance, options: HealthOptions) => {
    const timeoutMs = options.checkTimeoutMs ?? 2_000;
    app.get('/health', { config: { public: true } }, async () => ({
      status: 'ok',
      service: options.service,
      version: options.version,
    }));
    app.get('/ready', { config: { public: true } }, async (request, reply) => {
      const results = await Promise.all(
        options.dependencies.map(async (dependency) => [dependency.name, await checkDependency(dependency, timeoutMs)] as const),
      );
      const ready = results.every(([, result]) => result.status === 'up');
      const status = { status: ready ? 'ready' : 'not_ready', service: options.service };
      return reply.code(ready ? 200 : 503).send(presentsAdminKey(request, options.keys) ? { ...status, dependencies: Object.fromEntries(results) } : status);
    });
  },
  { name: 'ctp-health' },
);
