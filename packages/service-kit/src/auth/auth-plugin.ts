import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { problems } from '../problems/catalogue.js';
import { ProblemError } from '../problems/problem.js';
import type { ApiKeyPrincipal, ApiKeyStore } from './api-keys.js';

/** Whether a request (to a public route such as /ready) presents an admin key: only admin sees dependency detail. */
export function presentsAdminKey(request: { readonly headers: IncomingHttpHeaders }, keys: ApiKeyStore): boolean {
  const key = presentedKey(request);
  return key !== undefined && keys.authenticate(key)?.role === 'admin';
}
import type { Role } from './roles.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed on the route; `public` routes (health, docs) need no key. */
    roles?: readonly Role[];
    public?: boolean;
  }
  interface FastifyRequest {
    principal: ApiKeyPrincipal | null;
  }
}

/** The key a request presents, as `Authorization: Bearer <key>` or `x-api-key`. */
export function presentedKey(request: { readonly headers: IncomingHttpHeaders }): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : undefined;
}

/** Every route must declare its roles or be marked public; the check runs before anything else. */
export const apiKeyAuth = fp(
  async (app: FastifyInstance, options: { keys: ApiKeyStore; failedAttemptsPerMinute?: number; now?: () => number }) => {
    app.decorateRequest('principal', null);
    const failures = failedAttempts(options.failedAttemptsPerMinute ?? 60, options.now ?? Date.now);
    app.addHook('onRoute', (route) => {
      const config = route.config as { roles?: readonly Role[]; public?: boolean } | undefined;
      if (!config?.public && !(config?.roles && config.roles.length > 0)) {
        throw new Error(`Route ${route.method} ${route.url} declares no roles and is not public`);
      }
    });
    app.addHook('onRequest', async (request) => {
      const config = request.routeOptions.config;
      if (config.public || !request.routeOptions.url) return;
      // Before the key is even looked at: an address that keeps presenting no key or wrong ones is slowed down.
      const wait = failures.refusal(request.ip);
      if (wait !== undefined) {
        throw new ProblemError(problems.CTP_RATE_LIMITED, `Too many requests without a valid API key from this address; retry in ${wait} s`, [], {}, { 'retry-after': String(wait) });
      }
      const key = presentedKey(request);
      if (!key) {
        failures.count(request.ip);
        throw new ProblemError(problems.CTP_UNAUTHENTICATED, 'Send an API key as "Authorization: Bearer <key>"', [
          { path: 'header.authorization', message: 'missing' },
        ]);
      }
      const principal = options.keys.authenticate(key);
      if (!principal) {
        failures.count(request.ip);
        throw new ProblemError(problems.CTP_UNAUTHENTICATED, 'The API key is not known', [
          { path: 'header.authorization', message: 'unknown key' },
        ]);
      }
      request.principal = principal;
      const allowed = config.roles ?? [];
      if (!allowed.includes(principal.role)) {
        throw new ProblemError(
          problems.CTP_FORBIDDEN,
          `Role ${principal.role} may not call this route; allowed: ${allowed.join(', ')}`,
        );
      }
    });
  },
  { name: 'ctp-api-key-auth' },
);

/**
 * Failed authentications per client address in fixed one-minute windows: the per-key rate limit
 * cannot count requests that have no valid key, so these are limited here, before authentication.
 */
function failedAttempts(perMinute: number, now: () => number) {
  const windows = new Map<string, { readonly start: number; count: number }>();
  const current = (ip: string) => {
    const found = windows.get(ip);
    if (found && now() - found.start < 60_000) return found;
    if (windows.size > 10_000) for (const [key, window] of windows) if (now() - window.start >= 60_000) windows.delete(key);
    const fresh = { start: now(), count: 0 };
    windows.set(ip, fresh);
    return fresh;
  };
  return {
    /** Seconds to wait when the address used up its failures in this window. */
    refusal(ip: string): number | undefined {
      const window = windows.get(ip);
      if (!window || now() - window.start >= 60_000 || window.count < perMinute) return undefined;
      return Math.max(1, Math.ceil((window.start + 60_000 - now()) / 1000));
    },
    count(ip: string) {
      current(ip).count += 1;
    },
  };
}
