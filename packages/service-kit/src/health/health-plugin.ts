import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { checkDependency, type Dependency } from './dependency.js';

export interface HealthOptions {
  readonly service: string;
  readonly version: string;
  readonly dependencies: readonly Dependency[];
  readonly checkTimeoutMs?: number;
}

/** /health answers while the process lives; /ready only when every dependency answers. */
export const healthRoutes = fp(
  async (app: FastifyInstance, options: HealthOptions) => {
    const timeoutMs = options.checkTimeoutMs ?? 2_000;
    app.get('/health', { config: { public: true } }, async () => ({
      status: 'ok',
      service: options.service,
      version: options.version,
    }));
    app.get('/ready', { config: { public: true } }, async (_request, reply) => {
      const results = await Promise.all(
        options.dependencies.map(async (dependency) => [dependency.name, await checkDependency(dependency, timeoutMs)] as const),
      );
      const ready = results.every(([, result]) => result.status === 'up');
      return reply.code(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        service: options.service,
        dependencies: Object.fromEntries(results),
      });
    });
  },
  { name: 'ctp-health' },
);
