import type { Dependency } from '../health/dependency.js';
import { postgresDependency } from './postgres.js';
import { redactUrl } from './redact-url.js';

/**
 * The event store is PostgreSQL or EventStoreDB, chosen by the URL scheme. For EventStoreDB the
 * readiness check asks its HTTP liveness endpoint on the same host and port as the gRPC API.
 */
export function eventStoreDependency(url: string): Dependency {
  if (/^postgres(ql)?:\/\//.test(url)) return postgresDependency('event-store', url);
  const parsed = new URL(url.replace(/^(esdb|kurrentdb)(\+discover)?:/, 'http:'));
  const tls = parsed.searchParams.get('tls') !== 'false';
  const live = `${tls ? 'https' : 'http'}://${parsed.host}/health/live`;
  return {
    name: 'event-store',
    target: redactUrl(url),
    async check() {
      const response = await fetch(live, { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) throw new Error(`EventStoreDB answered ${response.status} at ${live}`);
    },
    async close() {},
  };
}
